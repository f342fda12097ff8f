// Builds networks from ONNX textual syntax (onnx/defs/parser.h), so tests read like the models
// they exercise:
//
//   constexpr char kModel[] = R"(
//     <ir_version: 8, opset_import: ["" : 13]>
//     g (float[1,2] x) => (float[1,1] y) <float[1,2] w = {0.5, -1}> {
//       y = MatMul(x, wT)   ...
//     })";
#ifndef NN2MILP_TESTS_TESTING_ONNX_TEXT_H_
#define NN2MILP_TESTS_TESTING_ONNX_TEXT_H_

#include "absl/status/statusor.h"
#include "ir/base/diagnostics.h"
#include "ir/network.h"
#include "onnx/onnx_pb.h"

namespace nn2milp::testing {

// Parses ONNX text into a ModelProto (InvalidArgument with the parser's message on error).
absl::StatusOr<onnx::ModelProto> ParseOnnxText(const char* text);

// Checks (checker + shape inference) and lowers a model.
absl::StatusOr<ir::Network> NetworkFromModelProto(onnx::ModelProto model, Diagnostics& diag);

// Parses, checks (checker + shape inference) and lowers ONNX text.
absl::StatusOr<ir::Network> NetworkFromOnnxText(const char* text, Diagnostics& diag);
absl::StatusOr<ir::Network> NetworkFromOnnxText(const char* text);

}  // namespace nn2milp::testing

#endif  // NN2MILP_TESTS_TESTING_ONNX_TEXT_H_
