// ReduceSum (opsets 1-21) and ReduceMean (opsets 1-21) over constant axes:
//   ReduceSum:  Y[kept dims] = sum over the reduced axes of X
//   ReduceMean: Y[kept dims] = (1 / count) * that sum, count = product of the reduced dims
// Axes: attribute 'axes' before opset 13 (ReduceSum) / 18 (ReduceMean), constant input 1 from
// then on; negative axes count from the end; duplicates are InvalidArgument.
// keepdims (default 1) keeps the reduced axes as size 1. noop_with_empty_axes (from the opset
// where axes became an input; default 0): with no axes, 1 returns X unchanged, 0 reduces all.
//
// Encoding: linear; composite input elements are materialised first so each output has at most
// one term per reduced element. Constant inputs are folded (an integer ReduceMean truncates).
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

absl::Status LowerReduce(const OnnxNode& node, LoweringContext& ctx, bool mean, int64_t axes_input_opset) {
  std::vector<int64_t> axes;
  int64_t noop = 0;
  if (ctx.opset() < axes_input_opset) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"axes", "keepdims"}));
    NN2MILP_ASSIGN_OR_RETURN(axes, IntsAttr(ctx, node, "axes"));
  } else {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"keepdims", "noop_with_empty_axes"}));
    NN2MILP_ASSIGN_OR_RETURN(noop, ctx.IntAttr(node, "noop_with_empty_axes", 0));
    if (LoweringContext::HasInput(node, 1)) {
      NN2MILP_ASSIGN_OR_RETURN(axes, IntListInput(ctx, node, 1, "axes"));
    }
  }
  NN2MILP_ASSIGN_OR_RETURN(const int64_t keepdims, ctx.IntAttr(node, "keepdims", 1));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  if (axes.empty() && noop != 0) return ctx.SetOutput(node, 0, *x);
  const int64_t rank = static_cast<int64_t>(x->shape.size());
  std::vector<bool> reduced(static_cast<size_t>(rank), axes.empty());
  for (int64_t a : axes) {
    NN2MILP_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(a, rank));
    if (reduced[static_cast<size_t>(axis)]) {
      return absl::InvalidArgumentError(absl::StrCat("axis ", a, " is listed twice"));
    }
    reduced[static_cast<size_t>(axis)] = true;
  }
  std::vector<int64_t> kept_shape(x->shape.size()), shape;  // kept_shape: rank r, 1 on reduced axes
  int64_t count = 1;
  for (size_t j = 0; j < x->shape.size(); ++j) {
    kept_shape[j] = reduced[j] ? 1 : x->shape[j];
    if (reduced[j]) count *= x->shape[j];
    if (!reduced[j] || keepdims != 0) shape.push_back(kept_shape[j]);
  }
  if (count == 0) return absl::InvalidArgumentError("reduction over an empty axis");
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*x, "input 0 (data)"));
  NN2MILP_RETURN_IF_ERROR(ctx.MaterializeComposite(*x));
  Value y = NewValue(shape, x->is_constant);
  y.is_integer = x->is_constant && x->is_integer;
  const double scale = mean ? 1.0 / static_cast<double>(count) : 1.0;
  std::vector<int64_t> idx(x->shape.size(), 0);
  for (int64_t i = 0; i < x->num_elements(); ++i) {
    int64_t o = 0;
    for (size_t j = 0; j < idx.size(); ++j) o = o * kept_shape[j] + (reduced[j] ? 0 : idx[j]);
    if (x->is_constant) y.constants[static_cast<size_t>(o)] += x->constants[static_cast<size_t>(i)];
    else y.exprs[static_cast<size_t>(o)].AddScaled(x->exprs[static_cast<size_t>(i)], scale);
    NextIndex(idx, x->shape);
  }
  for (double& c : y.constants) {
    if (mean) c = y.is_integer ? std::trunc(c / static_cast<double>(count)) : c / static_cast<double>(count);
  }
  for (LinExpr& e : y.exprs) ir::CanonicalizeTerms(e.terms);
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace

absl::Status LowerReduceSum(const OnnxNode& node, LoweringContext& ctx) {
  return LowerReduce(node, ctx, /*mean=*/false, /*axes_input_opset=*/13);
}
absl::Status LowerReduceMean(const OnnxNode& node, LoweringContext& ctx) {
  return LowerReduce(node, ctx, /*mean=*/true, /*axes_input_opset=*/18);
}

}  // namespace nn2milp::frontend
