// Concat (opsets 4-21): joins k >= 1 tensors of equal rank along attribute axis (required;
// negative from opset 11); all other dims must agree.
//   Y[..., offset_i + j, ...] = X_i[..., j, ...]
// Encoding: moves elements only. Inputs may mix constants and variables; the result is constant
// (integer if all inputs are integer) only if every input is constant.
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerConcat(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"axis"}));
  if (ctx.FindAttr(node, "axis") == nullptr) return absl::InvalidArgumentError("attribute 'axis' is required");
  NN2MILP_ASSIGN_OR_RETURN(const int64_t axis_attr, ctx.IntAttr(node, "axis", 0));
  if (node.input_size() < 1) return absl::InvalidArgumentError("Concat needs at least one input");
  std::vector<const Value*> xs;
  bool constant = true, integer = true;
  for (int i = 0; i < node.input_size(); ++i) {
    NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, i));
    xs.push_back(x);
    constant = constant && x->is_constant;
    integer = integer && x->is_integer;
  }
  if (!constant) {
    for (const Value* x : xs) NN2MILP_RETURN_IF_ERROR(RequireFinite(*x, "a constant input"));
  }
  const std::vector<int64_t>& first = xs[0]->shape;
  NN2MILP_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(axis_attr, static_cast<int64_t>(first.size())));
  std::vector<int64_t> shape = first;
  shape[static_cast<size_t>(axis)] = 0;
  for (const Value* x : xs) {
    bool ok = x->shape.size() == first.size();
    for (size_t j = 0; ok && j < first.size(); ++j) {
      ok = static_cast<int64_t>(j) == axis || x->shape[j] == first[j];
    }
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrCat("shapes ", ShapeToString(first), " and ",
                                                     ShapeToString(x->shape), " do not concatenate along axis ", axis));
    }
    shape[static_cast<size_t>(axis)] += x->shape[static_cast<size_t>(axis)];
  }
  if (CheckedNumElements(shape) < 0) return absl::InvalidArgumentError("output shape is too large");
  int64_t outer = 1, inner = 1;
  for (int64_t j = 0; j < axis; ++j) outer *= shape[static_cast<size_t>(j)];
  for (size_t j = static_cast<size_t>(axis) + 1; j < shape.size(); ++j) inner *= shape[j];
  Value y = NewValue(shape, constant);
  y.is_integer = constant && integer;
  const int64_t row = shape[static_cast<size_t>(axis)] * inner;
  int64_t offset = 0;
  for (const Value* x : xs) {
    const int64_t chunk = x->shape[static_cast<size_t>(axis)] * inner;
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t k = 0; k < chunk; ++k) {
        const size_t to = static_cast<size_t>(o * row + offset + k), from = static_cast<size_t>(o * chunk + k);
        if (constant) y.constants[to] = x->constants[from];
        else y.exprs[to] = x->ExprAt(static_cast<int64_t>(from));
      }
    }
    offset += chunk;
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
