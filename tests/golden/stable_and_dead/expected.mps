* stable_and_dead
NAME nn2milp FREE
ROWS
 N obj
 E hb_0
 E hb_2
 G r_ge_2
 L r_lo_2
 L r_up_2
 E y_2
COLUMNS
 x_0 hb_0 -1 hb_2 -0.5
 x_1 hb_0 -1 hb_2 -0.5
 hb_0 hb_0 1
 hb_2 hb_2 1 r_ge_2 -1
 hb_2 r_lo_2 -1
 r_2 r_ge_2 1 r_lo_2 1
 r_2 r_up_2 1 y_2 -2
 MARKER 'MARKER' 'INTORG'
 r_on_2 r_lo_2 1 r_up_2 -1
 MARKER 'MARKER' 'INTEND'
 y_2 obj 1 y_2 1
 r_1 obj 0
RHS
 RHS hb_0 5 r_lo_2 1
BOUNDS
 LO BND x_0 -1
 UP BND x_0 1
 LO BND x_1 -1
 UP BND x_1 1
 LO BND hb_0 3
 UP BND hb_0 7
 LO BND hb_2 -1
 UP BND hb_2 1
 UP BND r_2 1
 LO BND r_on_2 0
 UP BND r_on_2 1
 UP BND y_2 2
 FX BND r_1 0
ENDATA
