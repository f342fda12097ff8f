// Expand (opsets 8-21): broadcasts X to the constant shape input 1 with multidirectional
// (numpy) broadcasting: Y has shape broadcast(X.shape, shape), Y[i] = X[broadcast index of i].
// (shape may have fewer dims than X, or 1s where X is larger, as numpy allows.)
// Encoding: copies elements; constant X is folded (integer stays integer).
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerExpand(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> target, IntListInput(ctx, node, 1, "shape"));
  for (int64_t d : target) {
    if (d < 0) return absl::InvalidArgumentError(absl::StrCat("shape ", ShapeToString(target), " has a negative dim"));
  }
  NN2MILP_ASSIGN_OR_RETURN(std::vector<int64_t> shape, BroadcastShapes(x->shape, target));
  const int64_t n = CheckedNumElements(shape);
  if (n < 0) return absl::InvalidArgumentError("output shape is too large");
  const BroadcastIndexer at(x->shape, shape);
  std::vector<int64_t> src(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) src[static_cast<size_t>(i)] = at(i);
  return ctx.SetOutput(node, 0, SelectElements(*x, std::move(shape), src));
}

}  // namespace nn2milp::frontend
