* denormal_cleanup
NAME nn2milp FREE
ROWS
 N obj
 E h_0
 G r_ge_0
 L r_lo_0
 L r_up_0
 E h_1
 G r_ge_1
 L r_lo_1
 L r_up_1
 E out_0
 E out_1
COLUMNS
 x_0 h_0 -1.5 h_1 0.75
 x_1 obj 0
 h_0 h_0 1 r_ge_0 -1
 h_0 r_lo_0 -1
 r_0 r_ge_0 1 r_lo_0 1
 r_0 r_up_0 1 out_0 -1
 r_0 out_1 2
 MARKER 'MARKER' 'INTORG'
 r_on_0 r_lo_0 1.25 r_up_0 -1.75
 MARKER 'MARKER' 'INTEND'
 h_1 h_1 1 r_ge_1 -1
 h_1 r_lo_1 -1
 r_1 r_ge_1 1 r_lo_1 1
 r_1 r_up_1 1 out_0 -0.5
 r_1 out_1 -3
 MARKER 'MARKER' 'INTORG'
 r_on_1 r_lo_1 1.25 r_up_1 -0.25
 MARKER 'MARKER' 'INTEND'
 out_0 out_0 1
 out_1 obj -1 out_1 1
RHS
 RHS h_0 0.25 r_lo_0 1.25
 RHS h_1 -0.5 r_lo_1 1.25
BOUNDS
 LO BND x_0 -1
 UP BND x_0 1
 UP BND x_1 2
 LO BND h_0 -1.25
 UP BND h_0 1.75
 UP BND r_0 1.75
 LO BND r_on_0 0
 UP BND r_on_0 1
 LO BND h_1 -1.25
 UP BND h_1 0.25
 UP BND r_1 0.25
 LO BND r_on_1 0
 UP BND r_on_1 1
 UP BND out_0 1.875
 LO BND out_1 -3.5
 UP BND out_1 0.75
ENDATA
