* The model of plan.lp in fixed-column MPS, with two features
* that the LP file cannot say portably: OBJSENSE MAX (GLPK
* refuses it, CBC ignores it: nn2milp reads it and writes a
* minimisation), and the rows demand and contract of plan.lp
* as one ranged row demand (RANGES): 30 <= product <= 70.
NAME          PLAN
OBJSENSE
    MAX
ROWS
 N  profit
 G  energuse
 L  energcap
 L  feedsup
 L  demand
 G  puritymn
COLUMNS
    product   profit             50.   demand              1.
    feed      profit             -8.   energuse         -0.08
    feed      feedsup             1.
    temp      energuse         -0.02
    energy    profit             -2.   energuse            1.
    energy    energcap            1.
    MARKER    'MARKER'                 'INTORG'
    shift     profit           -100.   feedsup           -40.
    MARKER    'MARKER'                 'INTEND'
    purity    puritymn            1.
RHS
    RHS       feedsup            60.   demand             70.
    RHS       puritymn           0.9   energcap           12.
RANGES
    RNG       demand             40.
BOUNDS
 LO BND       feed               20.
 UP BND       feed              100.
 LO BND       temp              300.
 UP BND       temp              400.
 UP BND       product           200.
 UP BND       purity              1.
 UP BND       energy             20.
 BV BND       shift
ENDATA
