// Pad (opsets 2-21), mode "constant" only:
//   Y[o] = X[o - pad_begin] where that index is inside X, else constant_value
// per axis, with output size d + pad_begin + pad_end; negative pads crop.
// Opsets 2-10: attributes mode, pads ([b_1..b_r, e_1..e_r], required) and value (default 0).
// Opset 11+: attribute mode; constant inputs pads, constant_value (optional scalar, default 0)
// and axes (opset 18+, optional; pads then has 2 * len(axes) entries for those axes).
// Modes reflect, edge and wrap are Unimplemented (they are linear too; no exporter we target
// emits them for ReLU networks yet: TODO(#4)).
// Encoding: moves elements; padded elements are constant expressions. Constant X is folded.
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerPad(const OnnxNode& node, LoweringContext& ctx) {
  std::vector<int64_t> pads, axes;
  double value = 0;
  bool has_axes = false;
  if (ctx.opset() < 11) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"mode", "pads", "value"}));
    if (ctx.FindAttr(node, "pads") == nullptr) return absl::InvalidArgumentError("attribute 'pads' is required");
    NN2MILP_ASSIGN_OR_RETURN(pads, IntsAttr(ctx, node, "pads"));
    NN2MILP_ASSIGN_OR_RETURN(value, ctx.FloatAttr(node, "value", 0.0));
  } else {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"mode"}));
    NN2MILP_ASSIGN_OR_RETURN(pads, IntListInput(ctx, node, 1, "pads"));
    if (LoweringContext::HasInput(node, 2)) {
      NN2MILP_ASSIGN_OR_RETURN(const Value* v, ctx.ConstantInput(node, 2, "constant_value"));
      if (v->constants.size() != 1) {
        return absl::InvalidArgumentError("input 2 (constant_value) must have one element");
      }
      NN2MILP_RETURN_IF_ERROR(RequireFinite(*v, "input 2 (constant_value)"));
      value = v->constants[0];
    }
    if (LoweringContext::HasInput(node, 3)) {
      NN2MILP_ASSIGN_OR_RETURN(axes, IntListInput(ctx, node, 3, "axes"));
      has_axes = true;
    }
  }
  NN2MILP_ASSIGN_OR_RETURN(const std::string mode, StringAttr(ctx, node, "mode", "constant"));
  if (mode != "constant") return absl::UnimplementedError(absl::StrCat("mode=", mode));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  const int64_t rank = static_cast<int64_t>(x->shape.size());
  if (!has_axes) {
    for (int64_t j = 0; j < rank; ++j) axes.push_back(j);
  }
  if (pads.size() != 2 * axes.size()) {
    return absl::InvalidArgumentError(absl::StrCat("pads has ", pads.size(), " entries, expected ", 2 * axes.size()));
  }
  std::vector<int64_t> begin(static_cast<size_t>(rank), 0), shape = x->shape;
  std::vector<bool> seen(static_cast<size_t>(rank), false);
  for (size_t k = 0; k < axes.size(); ++k) {
    NN2MILP_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(axes[k], rank));
    const size_t a = static_cast<size_t>(axis);
    if (seen[a]) return absl::InvalidArgumentError(absl::StrCat("axis ", axes[k], " is listed twice"));
    seen[a] = true;
    begin[a] = pads[k];
    shape[a] = x->shape[a] + pads[k] + pads[k + axes.size()];
    if (shape[a] < 0) {
      return absl::InvalidArgumentError(absl::StrCat("pads crop axis ", axis, " below size 0"));
    }
  }
  const int64_t n = CheckedNumElements(shape);
  if (n < 0) return absl::InvalidArgumentError("output shape is too large");
  const std::vector<int64_t> strides = RowMajorStrides(x->shape);
  std::vector<int64_t> src(static_cast<size_t>(n));
  std::vector<int64_t> idx(static_cast<size_t>(rank), 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t s = 0;
    for (size_t j = 0; j < idx.size() && s >= 0; ++j) {
      const int64_t p = idx[j] - begin[j];
      s = p < 0 || p >= x->shape[j] ? -1 : s + p * strides[j];
    }
    src[static_cast<size_t>(i)] = s;
    NextIndex(idx, shape);
  }
  Value y = SelectElements(*x, std::move(shape), src, value);
  y.is_integer = y.is_integer && value == static_cast<double>(static_cast<int64_t>(value));
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
