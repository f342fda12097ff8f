// Helpers shared by the frontend tests: lowering a ModelProto that a test edited after parsing
// (node names, which ONNX 1.12's text syntax cannot express; NaN weights), evaluating a
// network at a point, and counting neurons by kind.
#ifndef NN2MILP_TESTS_FRONTEND_FRONTEND_TEST_UTIL_H_
#define NN2MILP_TESTS_FRONTEND_FRONTEND_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "frontend/importer.h"
#include "frontend/onnx_loader.h"
#include "gmock/gmock.h"
#include "ir/base/diagnostics.h"
#include "ir/base/status_macros.h"
#include "ir/evaluate.h"
#include "ir/network.h"
#include "onnx/onnx_pb.h"
#include "tests/testing/onnx_text.h"

namespace nn2milp::testing {

// Checks (checker + shape inference) and lowers an in-memory model.
inline absl::StatusOr<ir::Network> NetworkFromProto(onnx::ModelProto proto, Diagnostics& diag) {
  NN2MILP_ASSIGN_OR_RETURN(frontend::LoadedModel model,
                           frontend::PrepareOnnxModel(std::move(proto), ".", diag));
  return frontend::ImportOnnx(model, diag);
}
inline absl::StatusOr<ir::Network> NetworkFromProto(onnx::ModelProto proto) {
  Diagnostics diag;
  return NetworkFromProto(std::move(proto), diag);
}

// Parses `text`, names node `index` `name`, then checks and lowers it.
inline absl::StatusOr<ir::Network> NetworkWithNamedNode(const char* text, int index,
                                                        const std::string& name) {
  NN2MILP_ASSIGN_OR_RETURN(onnx::ModelProto proto, ParseOnnxText(text));
  proto.mutable_graph()->mutable_node(index)->set_name(name);
  return NetworkFromProto(std::move(proto));
}

// Parses `text` and lowers it WITHOUT the ONNX checker and shape inference, to reach the
// lowerings' own validation of models that ONNX itself would already reject.
inline absl::StatusOr<ir::Network> ImportUnchecked(const char* text) {
  NN2MILP_ASSIGN_OR_RETURN(onnx::ModelProto proto, ParseOnnxText(text));
  frontend::LoadedModel model;
  model.opset = proto.opset_import(0).version();
  model.proto = std::move(proto);
  Diagnostics diag;
  return frontend::ImportOnnx(model, diag);
}

// Number of neurons of `kind`.
inline int CountNeurons(const ir::Network& net, ir::NeuronKind kind) {
  int count = 0;
  for (int32_t i = 0; i < net.num_neurons(); ++i) count += net.kind(ir::NeuronId(i)) == kind;
  return count;
}

// Matches a vector of doubles element-wise within 1e-9 of `expected`.
inline auto NearAll(const std::vector<double>& expected) {
  return ::testing::Pointwise(::testing::DoubleNear(1e-9), expected);
}

}  // namespace nn2milp::testing

#endif  // NN2MILP_TESTS_FRONTEND_FRONTEND_TEST_UTIL_H_
