// Squeeze and Unsqueeze (opsets 1-21): change the shape, never the elements.
//   Squeeze:   removes the listed axes, which must have size 1; without axes, every size-1 dim.
//   Unsqueeze: inserts size-1 dims at the listed axes of the OUTPUT (rank r + len(axes)).
// Axes come from the attribute 'axes' before opset 13 and from the constant input 1 from
// opset 13 (optional for Squeeze, required for Unsqueeze). Negative axes count from the end
// (opset 11+). Duplicate or out-of-range axes are InvalidArgument.
// Encoding: none (the values are shared); integer constants stay integer, so shape arithmetic
// such as Shape -> Gather -> Unsqueeze -> Concat -> Reshape folds.
#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

// Whether a Squeeze/Unsqueeze node lists axes (as attribute or input, depending on the opset).
absl::StatusOr<bool> HasAxes(const OnnxNode& node, LoweringContext& ctx) {
  if (ctx.opset() < 13) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"axes"}));
    return ctx.FindAttr(node, "axes") != nullptr;
  }
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  return LoweringContext::HasInput(node, 1);
}

// The axes of a Squeeze/Unsqueeze node that has them.
absl::StatusOr<std::vector<int64_t>> Axes(const OnnxNode& node, LoweringContext& ctx) {
  if (ctx.opset() < 13) return IntsAttr(ctx, node, "axes");
  return IntListInput(ctx, node, 1, "axes");
}

// Normalises `axes` against `rank` and checks for duplicates; returns a mask of length `rank`.
absl::StatusOr<std::vector<bool>> AxisMask(const std::vector<int64_t>& axes, int64_t rank) {
  std::vector<bool> mask(static_cast<size_t>(rank), false);
  for (int64_t a : axes) {
    NN2MILP_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(a, rank));
    if (mask[static_cast<size_t>(axis)]) {
      return absl::InvalidArgumentError(absl::StrCat("axis ", a, " is listed twice"));
    }
    mask[static_cast<size_t>(axis)] = true;
  }
  return mask;
}

}  // namespace

absl::Status LowerSqueeze(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_ASSIGN_OR_RETURN(const bool has_axes, HasAxes(node, ctx));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  const int64_t rank = static_cast<int64_t>(x->shape.size());
  std::vector<bool> mask(static_cast<size_t>(rank), false);
  if (has_axes) {
    NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> axes, Axes(node, ctx));
    NN2MILP_ASSIGN_OR_RETURN(mask, AxisMask(axes, rank));
  } else {
    for (size_t j = 0; j < mask.size(); ++j) mask[j] = x->shape[j] == 1;
  }
  Value y = *x;
  y.shape.clear();
  for (size_t j = 0; j < mask.size(); ++j) {
    if (!mask[j]) {
      y.shape.push_back(x->shape[j]);
    } else if (x->shape[j] != 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot squeeze axis ", j, " of size ", x->shape[j], " (shape ", ShapeToString(x->shape), ")"));
    }
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

absl::Status LowerUnsqueeze(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_ASSIGN_OR_RETURN(const bool has_axes, HasAxes(node, ctx));
  if (!has_axes) return absl::InvalidArgumentError("axes are required");
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> axes, Axes(node, ctx));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  const int64_t rank = static_cast<int64_t>(x->shape.size() + axes.size());
  NN2MILP_ASSIGN_OR_RETURN(std::vector<bool> mask, AxisMask(axes, rank));
  Value y = *x;
  y.shape.clear();
  size_t next = 0;
  for (size_t j = 0; j < mask.size(); ++j) y.shape.push_back(mask[j] ? 1 : x->shape[next++]);
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
