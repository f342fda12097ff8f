// Relu (opsets 6-21, no attributes): Y = max(0, X), elementwise.
//
// Lowering: each element's affine expression becomes one affine neuron z (reused if it already
// is a single neuron), followed by a ReLU neuron y = max(0, z). A constant element folds to
// max(0, c). The MILP encoding of y (big-M with z's own bounds, or no binary when z's bounds do
// not straddle 0) is chosen later by passes/encode_milp, once bounds are known.
#include <algorithm>

#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerRelu(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  return LowerElementwiseActivation(
      node, ctx, [](double c) { return std::max(c, 0.0); },
      [&](ir::TensorId t, int64_t i, ir::NeuronId z) { return ctx.builder().AddRelu(t, i, z); });
}

}  // namespace nn2milp::frontend
