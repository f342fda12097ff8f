// Shape (opsets 1-21) and ConstantOfShape (opsets 9-21): shape arithmetic, always constant.
//
// Shape: the dims of X as a 1-D INT64 constant, whether X is constant or variable (its shape is
// static after import). Attributes start/end (opset 15+): dims[start:end] with negative values
// counting from the end and both clamped to [0, rank].
// ConstantOfShape: a tensor of the shape given by the constant 1-D integer input, every element
// equal to the one-element tensor attribute 'value' (default float 0); integer if 'value' is.
#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerShape(const OnnxNode& node, LoweringContext& ctx) {
  if (ctx.opset() >= 15) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"end", "start"}));
  } else {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  }
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  const int64_t rank = static_cast<int64_t>(x->shape.size());
  NN2MILP_ASSIGN_OR_RETURN(int64_t start, ctx.IntAttr(node, "start", 0));
  NN2MILP_ASSIGN_OR_RETURN(int64_t end, ctx.IntAttr(node, "end", rank));
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  Value y;
  y.is_integer = true;
  y.constants.assign(x->shape.begin() + start, x->shape.begin() + end);
  y.shape = {end - start};
  return ctx.SetOutput(node, 0, std::move(y));
}

absl::Status LowerConstantOfShape(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"value"}));
  NN2MILP_ASSIGN_OR_RETURN(std::vector<int64_t> shape, IntListInput(ctx, node, 0, "input"));
  double fill = 0;
  bool integer = false;
  if (const onnx::AttributeProto* a = ctx.FindAttr(node, "value"); a != nullptr) {
    if (a->type() != onnx::AttributeProto::TENSOR) {
      return absl::InvalidArgumentError("attribute 'value' must be a tensor");
    }
    NN2MILP_ASSIGN_OR_RETURN(Value v, TensorToValue(a->t()));
    if (v.constants.size() != 1) {
      return absl::InvalidArgumentError("attribute 'value' must have exactly one element");
    }
    fill = v.constants[0];
    integer = v.is_integer;
  }
  const int64_t n = CheckedNumElements(shape);
  if (n < 0) {
    return absl::InvalidArgumentError(absl::StrCat("invalid shape ", ShapeToString(shape)));
  }
  Value y;
  y.shape = std::move(shape);
  y.is_integer = integer;
  y.constants.assign(static_cast<size_t>(n), fill);
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
