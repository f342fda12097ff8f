* relu_canary
NAME nn2milp FREE
ROWS
 N obj
 E onnx__Relu_5_0
 G onnx__MatMul_6_ge_0
 L onnx__MatMul_6_lo_0
 L onnx__MatMul_6_up_0
 E onnx__Relu_5_1
 G onnx__MatMul_6_ge_1
 L onnx__MatMul_6_lo_1
 L onnx__MatMul_6_up_1
 E t_9_0
 E t_9_1
COLUMNS
 input_1_0 onnx__Relu_5_0 -0.10000000000000002 onnx__Relu_5_1 -2
 input_1_1 onnx__Relu_5_0 1.5 onnx__Relu_5_1 -0.75
 onnx__Relu_5_0 onnx__Relu_5_0 1 onnx__MatMul_6_ge_0 -1
 onnx__Relu_5_0 onnx__MatMul_6_lo_0 -1
 onnx__MatMul_6_0 onnx__MatMul_6_ge_0 1 onnx__MatMul_6_lo_0 1
 onnx__MatMul_6_0 onnx__MatMul_6_up_0 1 t_9_0 -1
 onnx__MatMul_6_0 t_9_1 2
 MARKER 'MARKER' 'INTORG'
 onnx__MatMul_6_on_0 onnx__MatMul_6_lo_0 2.85 onnx__MatMul_6_up_0 -0.35000000000000003
 MARKER 'MARKER' 'INTEND'
 onnx__Relu_5_1 onnx__Relu_5_1 1 onnx__MatMul_6_ge_1 -1
 onnx__Relu_5_1 onnx__MatMul_6_lo_1 -1
 onnx__MatMul_6_1 onnx__MatMul_6_ge_1 1 onnx__MatMul_6_lo_1 1
 onnx__MatMul_6_1 onnx__MatMul_6_up_1 1 t_9_0 -0.5
 onnx__MatMul_6_1 t_9_1 -3
 MARKER 'MARKER' 'INTORG'
 onnx__MatMul_6_on_1 onnx__MatMul_6_lo_1 2.5 onnx__MatMul_6_up_1 -3
 MARKER 'MARKER' 'INTEND'
 t_9_0 t_9_0 1
 t_9_1 obj -1 t_9_1 1
RHS
 RHS onnx__Relu_5_0 0.25 onnx__MatMul_6_lo_0 2.85
 RHS onnx__Relu_5_1 -0.5 onnx__MatMul_6_lo_1 2.5
BOUNDS
 LO BND input_1_0 -1
 UP BND input_1_0 1
 UP BND input_1_1 2
 LO BND onnx__Relu_5_0 -2.85
 UP BND onnx__Relu_5_0 0.35000000000000003
 UP BND onnx__MatMul_6_0 0.35000000000000003
 LO BND onnx__MatMul_6_on_0 0
 UP BND onnx__MatMul_6_on_0 1
 LO BND onnx__Relu_5_1 -2.5
 UP BND onnx__Relu_5_1 3
 UP BND onnx__MatMul_6_1 3
 LO BND onnx__MatMul_6_on_1 0
 UP BND onnx__MatMul_6_on_1 1
 UP BND t_9_0 1.85
 LO BND t_9_1 -0.7000000000000001
 UP BND t_9_1 9
ENDATA
