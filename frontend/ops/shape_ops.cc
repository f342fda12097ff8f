// Flatten and Reshape: change the shape, never the elements (row-major order is kept).
//
// Flatten (opsets 1-21): attribute axis (default 1, negative counts from the end):
//   [d0, ..., dn-1] -> [d0 * ... * d(axis-1), d(axis) * ... * dn-1]
// Reshape (opsets 5-21): shape from the constant input 1; 0 copies the input dim at that
// position and -1 is inferred. allowzero=1 (opset 14) with a 0 in shape is Unimplemented
// (zero-size tensors carry no neurons).
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerFlatten(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"axis"}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(int64_t axis, ctx.IntAttr(node, "axis", 1));
  const int64_t rank = static_cast<int64_t>(x->shape.size());
  if (axis < 0) axis += rank;
  if (axis < 0 || axis > rank) {
    return absl::InvalidArgumentError(absl::StrCat("axis ", axis, " is out of range for rank ", rank));
  }
  int64_t outer = 1;
  for (int64_t i = 0; i < axis; ++i) outer *= x->shape[static_cast<size_t>(i)];
  Value y = *x;
  y.shape = {outer, x->num_elements() / (outer == 0 ? 1 : outer)};
  return ctx.SetOutput(node, 0, std::move(y));
}

absl::Status LowerReshape(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"allowzero"}));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t allowzero, ctx.IntAttr(node, "allowzero", 0));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(const Value* shape_value, ctx.ConstantInput(node, 1, "shape"));
  if (shape_value->shape.size() != 1) {
    return absl::InvalidArgumentError("input 1 (shape) must be 1-D");
  }
  std::vector<int64_t> shape;
  int infer_at = -1;
  int64_t known = 1;
  for (size_t i = 0; i < shape_value->constants.size(); ++i) {
    int64_t d = static_cast<int64_t>(shape_value->constants[i]);
    if (d == 0 && allowzero != 0) {
      return absl::UnimplementedError("allowzero=1 with a 0 in shape (zero-size tensor)");
    }
    if (d == 0) {
      if (i >= x->shape.size()) {
        return absl::InvalidArgumentError(absl::StrCat("shape[", i, "] = 0 copies a dim the input does not have"));
      }
      d = x->shape[i];
    }
    if (d == -1) {
      if (infer_at >= 0) return absl::InvalidArgumentError("shape has more than one -1");
      infer_at = static_cast<int>(i);
    } else if (d < 0) {
      return absl::InvalidArgumentError(absl::StrCat("shape[", i, "] = ", d, " is negative"));
    } else {
      known *= d;
    }
    shape.push_back(d);
  }
  const int64_t n = x->num_elements();
  if (infer_at >= 0) {
    if (known == 0 || n % known != 0) {
      return absl::InvalidArgumentError(absl::StrCat("cannot reshape ", ShapeToString(x->shape),
                                                     " to ", ShapeToString(shape)));
    }
    shape[static_cast<size_t>(infer_at)] = n / known;
  }
  if (CheckedNumElements(shape) != n) {
    return absl::InvalidArgumentError(absl::StrCat("cannot reshape ", ShapeToString(x->shape),
                                                   " (", n, " elements) to ", ShapeToString(shape)));
  }
  Value y = *x;
  y.shape = std::move(shape);
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
