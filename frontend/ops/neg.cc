// Neg (opsets 6-21, no attributes): Y = -X, elementwise.
// Encoding: every coefficient and constant of X's affine expressions negated (exact).
// A constant X is folded (integer constants stay integer).
#include <utility>

#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerNeg(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  Value y = *x;
  for (double& c : y.constants) c = -c;
  for (LinExpr& e : y.exprs) {
    for (ir::Term& t : e.terms) t.coef = -t.coef;
    e.constant = -e.constant;
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
