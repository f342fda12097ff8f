// Sum (opsets 6-21, no attributes): Y = X_0 + X_1 + ... + X_{k-1}, k >= 1 inputs with
// multidirectional broadcasting (opset 8+; opset 6-7 require equal shapes, which broadcasting
// accepts too).
// Encoding: elementwise sum of affine expressions; any operand may be variable. All inputs
// constant: folded in double (integer if all inputs are integer).
#include <utility>

#include "absl/status/status.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerSum(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  if (node.input_size() < 1) return absl::InvalidArgumentError("Sum needs at least one input");
  std::vector<const Value*> xs;
  std::vector<int64_t> shape;
  bool constant = true, integer = true;
  for (int i = 0; i < node.input_size(); ++i) {
    NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, i));
    NN2MILP_ASSIGN_OR_RETURN(shape, BroadcastShapes(i == 0 ? x->shape : shape, x->shape));
    constant = constant && x->is_constant;
    integer = integer && x->is_integer;
    xs.push_back(x);
  }
  if (!constant) {
    for (const Value* x : xs) NN2MILP_RETURN_IF_ERROR(RequireFinite(*x, "a constant input"));
  }
  if (CheckedNumElements(shape) < 0) return absl::InvalidArgumentError("output shape is too large");
  Value y = NewValue(shape, constant);
  y.is_integer = constant && integer;
  for (const Value* x : xs) {
    const BroadcastIndexer at(x->shape, shape);
    for (int64_t i = 0; i < y.num_elements(); ++i) {
      if (constant) y.constants[static_cast<size_t>(i)] += x->constants[static_cast<size_t>(at(i))];
      else y.exprs[static_cast<size_t>(i)].AddScaled(x->ExprAt(at(i)), 1.0);
    }
  }
  for (LinExpr& e : y.exprs) ir::CanonicalizeTerms(e.terms);
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
