# Objective value = 1.5
x_0 1
x_1 0.5 0
