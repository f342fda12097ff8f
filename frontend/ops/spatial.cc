#include "frontend/ops/spatial.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::StatusOr<WindowAttrs> ReadWindowAttrs(const OnnxNode& node, LoweringContext& ctx, size_t r) {
  WindowAttrs a;
  a.has_pads = ctx.FindAttr(node, "pads") != nullptr;
  NN2MILP_ASSIGN_OR_RETURN(a.auto_pad, StringAttr(ctx, node, "auto_pad", "NOTSET"));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t ceil_mode, ctx.IntAttr(node, "ceil_mode", 0));
  a.ceil_mode = ceil_mode != 0;
  NN2MILP_ASSIGN_OR_RETURN(a.strides, IntsAttr(ctx, node, "strides", std::vector<int64_t>(r, 1)));
  NN2MILP_ASSIGN_OR_RETURN(a.dilations, IntsAttr(ctx, node, "dilations", std::vector<int64_t>(r, 1)));
  NN2MILP_ASSIGN_OR_RETURN(a.pads, IntsAttr(ctx, node, "pads", std::vector<int64_t>(2 * r, 0)));
  if (a.strides.size() != r || a.dilations.size() != r || a.pads.size() != 2 * r) {
    return absl::InvalidArgumentError(absl::StrCat(
        "strides, dilations and pads must have ", r, ", ", r, " and ", 2 * r, " entries"));
  }
  return a;
}

absl::Status CheckPadsWithoutAutoPad(absl::string_view auto_pad, bool has_pads) {
  if (auto_pad != "NOTSET" && has_pads) {
    return absl::InvalidArgumentError(
        absl::StrCat("pads and auto_pad=", auto_pad, " cannot be used together"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> SpatialOutputSize(size_t j, int64_t in, int64_t kernel, WindowAttrs& attrs) {
  const size_t r = attrs.strides.size();
  const int64_t stride = attrs.strides[j];
  int64_t& pad_begin = attrs.pads[j];
  int64_t& pad_end = attrs.pads[j + r];
  const int64_t extent = (kernel - 1) * attrs.dilations[j] + 1;
  if (attrs.auto_pad == "SAME_UPPER" || attrs.auto_pad == "SAME_LOWER") {
    const int64_t out = (in + stride - 1) / stride;
    const int64_t total = std::max<int64_t>(0, (out - 1) * stride + extent - in);
    pad_begin = attrs.auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
    pad_end = total - pad_begin;
    return out;
  }
  if (attrs.auto_pad == "NOTSET" || attrs.auto_pad == "VALID") {
    if (attrs.auto_pad == "VALID") pad_begin = pad_end = 0;
    const int64_t span = in + pad_begin + pad_end - extent;
    if (span < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the kernel (extent ", extent, ") is larger than the padded input along spatial axis ", j));
    }
    return (attrs.ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
  }
  return absl::UnimplementedError(absl::StrCat("auto_pad=", attrs.auto_pad));
}

absl::StatusOr<std::vector<int64_t>> KernelFromWeights(const OnnxNode& node, LoweringContext& ctx,
                                                       const Value& w) {
  std::vector<int64_t> kernel(w.shape.begin() + 2, w.shape.end());
  const bool has_kernel = ctx.FindAttr(node, "kernel_shape") != nullptr;
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> kernel_attr, IntsAttr(ctx, node, "kernel_shape"));
  if (has_kernel && kernel_attr != kernel) {
    return absl::InvalidArgumentError(absl::StrCat("kernel_shape ", ShapeToString(kernel_attr),
                                                   " does not match W ", ShapeToString(w.shape)));
  }
  return kernel;
}

absl::Status CheckBias(const Value* b, int64_t maps) {
  if (b == nullptr) return absl::OkStatus();
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*b, "input 2 (B)"));
  if (b->shape != std::vector<int64_t>{maps}) {
    return absl::InvalidArgumentError(
        absl::StrCat("input 2 (B) has shape ", ShapeToString(b->shape), ", expected [", maps, "]"));
  }
  return absl::OkStatus();
}

std::vector<int64_t> SpatialShape(int64_t n, int64_t c, const std::vector<int64_t>& spatial) {
  std::vector<int64_t> shape = {n, c};
  shape.insert(shape.end(), spatial.begin(), spatial.end());
  return shape;
}

}  // namespace nn2milp::frontend
