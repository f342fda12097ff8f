// LoweringContext: everything an op lowering may touch. Gives typed access to a node's inputs
// and attributes, records its outputs, and materialises affine expressions as neurons through
// the validating ir::NetworkBuilder. Op lowerings never read protobuf fields directly except
// through OnnxNode's accessors (name, op_type, input/output names).
//
// Error messages produced here are relative to the node; the importer prefixes them with
// "<file>: node '<name>' (<op>)".
#ifndef NN2MILP_FRONTEND_LOWERING_CONTEXT_H_
#define NN2MILP_FRONTEND_LOWERING_CONTEXT_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "frontend/value.h"
#include "ir/base/diagnostics.h"
#include "ir/network_builder.h"
#include "onnx/onnx_pb.h"

namespace nn2milp::frontend {

using OnnxNode = onnx::NodeProto;

class LoweringContext {
 public:
  LoweringContext(int64_t opset, Diagnostics& diag) : opset_(opset), diag_(diag) {}

  int64_t opset() const { return opset_; }

  // When set (the output is MPS or LP, which hold only linear rows), smooth activations are
  // refused at their node by RequireSmoothAllowed.
  void set_linear_only(bool linear_only) { linear_only_ = linear_only; }
  // Unimplemented, for a smooth (not piecewise-linear) op when linear_only is set, saying that
  // AMPL .nl output carries it; `hint` (may be empty) is appended to the message.
  absl::Status RequireSmoothAllowed(const OnnxNode& node, absl::string_view hint = "") const;
  ir::NetworkBuilder& builder() { return builder_; }
  Diagnostics& diagnostics() { return diag_; }

  // --- values -----------------------------------------------------------------------------
  // True if input `i` is present (ONNX marks omitted optional inputs with an empty name).
  static bool HasInput(const OnnxNode& node, int i) {
    return i < node.input_size() && !node.input(i).empty();
  }
  // The value of input `i`. InvalidArgument if missing or undefined.
  absl::StatusOr<Value*> Input(const OnnxNode& node, int i);
  // Input `i`, which must be constant; InvalidArgument/Unimplemented otherwise. `what` names the
  // input in messages ("B", "shape").
  absl::StatusOr<const Value*> ConstantInput(const OnnxNode& node, int i, absl::string_view what);
  // Stores output `i` (named by the node). The value's name is set to the ONNX output name.
  absl::Status SetOutput(const OnnxNode& node, int i, Value value);
  // Defines a value outside any node (graph inputs, initializers).
  void Define(Value value);
  Value* Find(const std::string& name);

  // --- attributes -------------------------------------------------------------------------
  // Unimplemented if the node has an attribute not in `supported` (nothing is silently ignored).
  absl::Status CheckAttributes(const OnnxNode& node, std::initializer_list<absl::string_view> supported);
  absl::StatusOr<int64_t> IntAttr(const OnnxNode& node, absl::string_view name, int64_t fallback);
  absl::StatusOr<double> FloatAttr(const OnnxNode& node, absl::string_view name, double fallback);
  const onnx::AttributeProto* FindAttr(const OnnxNode& node, absl::string_view name) const;

  // --- neurons ----------------------------------------------------------------------------
  // Makes element `i` of `value` a single neuron and returns it: an expression that is already
  // 1 * neuron is returned as is, anything else becomes a new affine neuron (constants become an
  // affine neuron with no terms). The value is updated in place, so later users share it.
  absl::StatusOr<ir::NeuronId> Materialize(Value& value, int64_t i);
  // Materialises the elements of `value` whose expression has more than one term, so that
  // composing it into a linear layer costs at most one term per element.
  absl::Status MaterializeComposite(Value& value);

  // y = max(0, z) for the expression z, as a ReLU neuron named (relu_tensor, index); z becomes an
  // affine neuron named (pre_tensor, index) unless it already is 1 * neuron. A constant z gives
  // the constant max(0, z). Every piecewise-linear op lowers to these (see ops/piecewise.cc).
  absl::StatusOr<LinExpr> AddRelu(const LinExpr& z, ir::TensorId pre_tensor, ir::TensorId relu_tensor,
                                  int64_t index);
  // A naming group for neurons an op creates: "<onnx name>" or "<onnx name>.<suffix>".
  ir::TensorId NewTensor(absl::string_view onnx_name, absl::string_view suffix,
                         const std::vector<int64_t>& shape);

 private:
  ir::TensorId TensorFor(Value& value);

  int64_t opset_;
  bool linear_only_ = false;
  Diagnostics& diag_;
  ir::NetworkBuilder builder_;
  std::map<std::string, Value, std::less<>> values_;
};

// Converts an ONNX TensorProto (after external data was resolved by the loader) to a constant
// Value. Supports FLOAT, DOUBLE, FLOAT16, INT64, INT32, INT8, UINT8, BOOL;
// Unimplemented otherwise.
absl::StatusOr<Value> TensorToValue(const onnx::TensorProto& tensor);

// InvalidArgument naming `what` and the first non-finite element, if any.
absl::Status RequireFinite(const Value& value, absl::string_view what);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_LOWERING_CONTEXT_H_
