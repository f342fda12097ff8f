// Relu (opsets 6-21, no attributes): Y = max(0, X), elementwise.
//
// Lowering: each element's affine expression becomes one affine neuron z (reused if it already
// is a single neuron), followed by a ReLU neuron y = max(0, z). A constant element folds to
// max(0, c). The MILP encoding of y (big-M with z's own bounds, or no binary when z's bounds do
// not straddle 0) is chosen later by passes/encode_milp, once bounds are known.
#include <algorithm>
#include <utility>

#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerRelu(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  Value y;
  y.shape = x->shape;
  y.is_constant = x->is_constant;
  if (x->is_constant) {
    y.constants = x->constants;
    for (double& c : y.constants) c = std::max(c, 0.0);
    return ctx.SetOutput(node, 0, std::move(y));
  }
  y.name = node.output(0);
  const ir::TensorId t = ctx.builder().AddTensor(y.name, y.shape);
  y.exprs.resize(x->exprs.size());
  for (int64_t i = 0; i < x->num_elements(); ++i) {
    LinExpr& out = y.exprs[static_cast<size_t>(i)];
    if (x->exprs[static_cast<size_t>(i)].is_constant()) {
      out.constant = std::max(x->exprs[static_cast<size_t>(i)].constant, 0.0);
      continue;
    }
    NN2MILP_ASSIGN_OR_RETURN(ir::NeuronId z, ctx.Materialize(*x, i));
    out.terms.push_back({ctx.builder().AddRelu(t, i, z), 1.0});
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
