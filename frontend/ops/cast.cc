// Cast (opsets 6-21): attribute 'to' (an ONNX data type); 'saturate' (opset 19+) only affects
// float8 targets, which are Unimplemented, so it has no effect here.
//   constant input:  every element converted in double: FLOAT rounds to the nearest float32,
//                    DOUBLE is exact, integer types truncate toward zero (a NaN or a value
//                    outside the target range is Unimplemented), BOOL is (x != 0). Integer and
//                    BOOL results are integer constants.
//   variable input:  to FLOAT or DOUBLE it is the identity (nn2milp evaluates affine maps in
//                    double anyway); any other target on a variable tensor is Unimplemented
//                    (rounding is not linear).
// FLOAT16, BFLOAT16, STRING, complex and float8 targets are Unimplemented.
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

struct IntRange {
  double lo, hi;
};

}  // namespace

absl::Status LowerCast(const OnnxNode& node, LoweringContext& ctx) {
  if (ctx.opset() >= 19) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"saturate", "to"}));
  } else {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"to"}));
  }
  if (ctx.FindAttr(node, "to") == nullptr) return absl::InvalidArgumentError("attribute 'to' is required");
  NN2MILP_ASSIGN_OR_RETURN(const int64_t to, ctx.IntAttr(node, "to", 0));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  using TP = onnx::TensorProto;
  const bool is_float = to == TP::FLOAT || to == TP::DOUBLE;
  IntRange range{0, 0};
  switch (to) {
    case TP::FLOAT: case TP::DOUBLE: break;
    case TP::BOOL: range = {0, 1}; break;
    case TP::INT8: range = {-128, 127}; break;
    case TP::UINT8: range = {0, 255}; break;
    case TP::INT16: range = {-32768, 32767}; break;
    case TP::UINT16: range = {0, 65535}; break;
    case TP::INT32: range = {-2147483648.0, 2147483647.0}; break;
    case TP::UINT32: range = {0, 4294967295.0}; break;
    case TP::INT64: range = {-9223372036854775808.0, 9223372036854775807.0}; break;
    case TP::UINT64: range = {0, 18446744073709551615.0}; break;
    default: {
      const std::string name = TP::DataType_IsValid(static_cast<int>(to))
                                   ? TP::DataType_Name(static_cast<TP::DataType>(to))
                                   : absl::StrCat(to);
      return absl::UnimplementedError(absl::StrCat("cast to ", name));
    }
  }
  Value y = *x;
  if (!x->is_constant) {
    if (!is_float) {
      return absl::UnimplementedError(absl::StrCat(
          "cast of a tensor that depends on the network input to ",
          TP::DataType_Name(static_cast<TP::DataType>(to)), " (rounding is not linear)"));
    }
    return ctx.SetOutput(node, 0, std::move(y));
  }
  y.is_integer = !is_float;
  for (double& c : y.constants) {
    if (to == TP::FLOAT) {
      c = static_cast<double>(static_cast<float>(c));
    } else if (to == TP::BOOL) {
      c = c != 0.0 ? 1.0 : 0.0;  // NaN is nonzero: true
    } else if (!is_float) {
      const double t = std::trunc(c);
      if (std::isnan(c) || t < range.lo || t > range.hi) {
        return absl::UnimplementedError(absl::StrCat(
            "a constant element is NaN or outside the range of ",
            TP::DataType_Name(static_cast<TP::DataType>(to))));
      }
      c = t;
    }
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
