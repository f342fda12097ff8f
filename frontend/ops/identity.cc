// Identity (opsets 1-21) and Dropout in inference mode (opsets 7-21): Y = X.
//
// Dropout: opsets 7-11 carry the attribute ratio; opsets 12+ take ratio and training_mode as
// optional inputs, and seed as an attribute. Inference is the identity whatever the ratio.
// training_mode must be absent or a constant false: a network compiled in training mode would
// be random, so anything else is Unimplemented. The optional mask output is all true.
#include <utility>

#include "absl/status/status.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerIdentity(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  return ctx.SetOutput(node, 0, *x);
}

absl::Status LowerDropout(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"ratio", "seed"}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  if (LoweringContext::HasInput(node, 2)) {
    NN2MILP_ASSIGN_OR_RETURN(const Value* mode, ctx.ConstantInput(node, 2, "training_mode"));
    for (double m : mode->constants) {
      if (m != 0.0) return absl::UnimplementedError("training_mode=true (random output)");
    }
  }
  Value mask;
  mask.shape = x->shape;
  mask.is_integer = true;
  mask.constants.assign(static_cast<size_t>(x->num_elements()), 1.0);
  NN2MILP_RETURN_IF_ERROR(ctx.SetOutput(node, 0, *x));
  return ctx.SetOutput(node, 1, std::move(mask));
}

}  // namespace nn2milp::frontend
