// Slice (opsets 1-21): Y = X[starts:ends:steps] along the listed axes.
// Opsets 1-9: attributes starts, ends (required) and axes (optional). Opset 10+: constant
// inputs starts, ends, axes (optional) and steps (optional, nonzero); no attributes.
// Per sliced axis with size d (spec clamping rules): negative start/end get d added; then
//   step > 0: start, end clamped to [0, d];      count = max(0, ceil((end - start) / step))
//   step < 0: start clamped to [0, d-1], end to [-1, d-1]; count = max(0, ceil((start - end) / -step))
// and Y[..., k, ...] = X[..., start + k*step, ...]. Axes not listed are kept whole.
// Encoding: moves elements only; constant inputs are folded (integer stays integer).
#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerSlice(const OnnxNode& node, LoweringContext& ctx) {
  std::vector<int64_t> starts, ends, axes, steps;
  bool has_axes = false;
  if (ctx.opset() < 10) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"axes", "ends", "starts"}));
    if (ctx.FindAttr(node, "starts") == nullptr || ctx.FindAttr(node, "ends") == nullptr) {
      return absl::InvalidArgumentError("attributes 'starts' and 'ends' are required");
    }
    NN2MILP_ASSIGN_OR_RETURN(starts, IntsAttr(ctx, node, "starts"));
    NN2MILP_ASSIGN_OR_RETURN(ends, IntsAttr(ctx, node, "ends"));
    NN2MILP_ASSIGN_OR_RETURN(axes, IntsAttr(ctx, node, "axes"));
    has_axes = ctx.FindAttr(node, "axes") != nullptr;
  } else {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
    NN2MILP_ASSIGN_OR_RETURN(starts, IntListInput(ctx, node, 1, "starts"));
    NN2MILP_ASSIGN_OR_RETURN(ends, IntListInput(ctx, node, 2, "ends"));
    if (LoweringContext::HasInput(node, 3)) {
      NN2MILP_ASSIGN_OR_RETURN(axes, IntListInput(ctx, node, 3, "axes"));
      has_axes = true;
    }
    if (LoweringContext::HasInput(node, 4)) {
      NN2MILP_ASSIGN_OR_RETURN(steps, IntListInput(ctx, node, 4, "steps"));
    }
  }
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  const int64_t rank = static_cast<int64_t>(x->shape.size());
  if (!has_axes) {
    for (size_t j = 0; j < starts.size(); ++j) axes.push_back(static_cast<int64_t>(j));
  }
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size()) {
    return absl::InvalidArgumentError("starts, ends, axes and steps must have the same length");
  }
  // Per axis of X: first index, step and count.
  std::vector<int64_t> first(static_cast<size_t>(rank), 0), step(static_cast<size_t>(rank), 1);
  std::vector<int64_t> shape = x->shape;
  std::vector<bool> seen(static_cast<size_t>(rank), false);
  for (size_t k = 0; k < starts.size(); ++k) {
    NN2MILP_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(axes[k], rank));
    const size_t a = static_cast<size_t>(axis);
    if (seen[a]) return absl::InvalidArgumentError(absl::StrCat("axis ", axes[k], " is sliced twice"));
    seen[a] = true;
    const int64_t d = x->shape[a], st = steps[k];
    if (st == 0) return absl::InvalidArgumentError(absl::StrCat("step for axis ", axis, " is 0"));
    int64_t s = starts[k], e = ends[k];
    if (s < 0) s += d;
    if (e < 0) e += d;
    int64_t count;
    if (st > 0) {
      s = std::clamp<int64_t>(s, 0, d);
      e = std::clamp<int64_t>(e, 0, d);
      count = e > s ? (e - s + st - 1) / st : 0;
    } else {
      s = std::clamp<int64_t>(s, 0, d - 1);
      e = std::clamp<int64_t>(e, -1, d - 1);
      count = s > e ? (s - e + (-st) - 1) / (-st) : 0;
    }
    first[a] = s;
    step[a] = st;
    shape[a] = count;
  }
  const std::vector<int64_t> strides = RowMajorStrides(x->shape);
  const int64_t n = CheckedNumElements(shape);
  std::vector<int64_t> src(static_cast<size_t>(n));
  std::vector<int64_t> idx(static_cast<size_t>(rank), 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t s = 0;
    for (size_t j = 0; j < idx.size(); ++j) s += (first[j] + idx[j] * step[j]) * strides[j];
    src[static_cast<size_t>(i)] = s;
    NextIndex(idx, shape);
  }
  return ctx.SetOutput(node, 0, SelectElements(*x, std::move(shape), src));
}

}  // namespace nn2milp::frontend
