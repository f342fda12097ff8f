// Helpers for the tests of the linear data-movement and convolution lowerings: building ONNX
// text with generated dyadic weights (exact in float32 and printed exactly by StrCat), and
// evaluating a model given as a std::string.
#ifndef NN2MILP_TESTS_FRONTEND_OPS_LINEAR_OP_TEST_UTIL_H_
#define NN2MILP_TESTS_FRONTEND_OPS_LINEAR_OP_TEST_UTIL_H_

#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/base/status_macros.h"
#include "ir/base/diagnostics.h"
#include "ir/evaluate.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"
#include "tests/testing/onnx_text.h"

namespace nn2milp::testing {

// n dyadic values in [-2, 2) (multiples of 1/8, so float32 storage and StrCat are exact),
// a deterministic function of `seed`.
inline std::vector<double> Dyadic(int64_t n, int64_t seed) {
  std::vector<double> v(static_cast<size_t>(n));
  uint32_t s = static_cast<uint32_t>(seed) * 2654435761u + 12345u;
  for (double& x : v) {
    s = s * 1664525u + 1013904223u;
    x = static_cast<double>(static_cast<int>((s >> 16) % 32) - 16) / 8.0;
  }
  return v;
}

// "a, b, c" for an ONNX text tensor literal.
inline std::string Literal(const std::vector<double>& v) { return absl::StrJoin(v, ", "); }
// "2,3,4" for an ONNX text shape.
inline std::string Dims(const std::vector<int64_t>& shape) { return absl::StrJoin(shape, ","); }

// Parses, checks and lowers `model`. Graph outputs declared without dims get ONNX's inferred
// shapes first, so tests may declare outputs as `float y` (which ONNX text reads as
// rank 0) and leave the shape to inference and to the lowering under test.
// x[i] = i + 1, so each output value names the input element it came from.
inline std::vector<double> Iota(int n) {
  std::vector<double> v;
  for (int i = 1; i <= n; ++i) v.push_back(i);
  return v;
}

inline absl::StatusOr<ir::Network> LowerText(const std::string& model) {
  NN2MILP_ASSIGN_OR_RETURN(onnx::ModelProto proto, ParseOnnxText(model.c_str()));
  for (onnx::ValueInfoProto& out : *proto.mutable_graph()->mutable_output()) {
    onnx::TypeProto::Tensor& t = *out.mutable_type()->mutable_tensor_type();
    if (t.shape().dim_size() == 0) t.clear_shape();
  }
  try {
    onnx::shape_inference::InferShapes(proto);
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("test shape inference: ", e.what()));
  }
  Diagnostics diag;
  return NetworkFromModelProto(std::move(proto), diag);
}

// Lowers `model` and evaluates it at `x`.
inline absl::StatusOr<std::vector<double>> EvalText(const std::string& model,
                                                    const std::vector<double>& x) {
  NN2MILP_ASSIGN_OR_RETURN(ir::Network net, LowerText(model));
  return ir::Evaluate(net, x);
}

// Shape of the first output of `model`.
inline absl::StatusOr<std::vector<int64_t>> OutputShape(const std::string& model) {
  NN2MILP_ASSIGN_OR_RETURN(ir::Network net, LowerText(model));
  return net.outputs().at(0).shape;
}

}  // namespace nn2milp::testing

#endif  // NN2MILP_TESTS_FRONTEND_OPS_LINEAR_OP_TEST_UTIL_H_
