// Constant (opsets 1-21): a constant tensor from exactly one of the attributes value,
// value_float, value_floats, value_int, value_ints. sparse_value and the string forms are
// Unimplemented.
#include <utility>

#include "absl/status/status.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerConstant(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(
      ctx.CheckAttributes(node, {"value", "value_float", "value_floats", "value_int", "value_ints"}));
  if (node.attribute_size() != 1) {
    return absl::InvalidArgumentError("exactly one value attribute is required");
  }
  const onnx::AttributeProto& a = node.attribute(0);
  Value v;
  if (a.name() == "value") {
    NN2MILP_ASSIGN_OR_RETURN(v, TensorToValue(a.t()));
  } else if (a.name() == "value_float") {
    v.constants = {a.f()};
  } else if (a.name() == "value_floats") {
    v.shape = {a.floats_size()};
    v.constants.assign(a.floats().begin(), a.floats().end());
  } else if (a.name() == "value_int") {
    v.is_integer = true;
    v.constants = {static_cast<double>(a.i())};
  } else {
    v.is_integer = true;
    v.shape = {a.ints_size()};
    v.constants.assign(a.ints().begin(), a.ints().end());
  }
  return ctx.SetOutput(node, 0, std::move(v));
}

}  // namespace nn2milp::frontend
