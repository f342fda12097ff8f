Model status
Optimal

# Primal solution values
Feasible
Objective -0.5
# Columns 2
x_0 0.25
x_1 -1e-3
# Rows 1
r 0
