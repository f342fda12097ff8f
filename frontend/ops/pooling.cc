#include "frontend/ops/pooling.h"

#include <algorithm>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::StatusOr<PoolGeometry> PoolWindows(const OnnxNode& node, LoweringContext& ctx,
                                         const std::vector<int64_t>& x_shape, bool count_include_pad) {
  const size_t r = x_shape.size() - 2;
  const std::vector<int64_t> in(x_shape.begin() + 2, x_shape.end());
  const bool has_kernel = ctx.FindAttr(node, "kernel_shape") != nullptr;
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> kernel_attr, IntsAttr(ctx, node, "kernel_shape"));
  if (!has_kernel || kernel_attr.size() != r) {
    return absl::InvalidArgumentError(absl::StrCat("kernel_shape is required and must have ", r, " entries"));
  }
  const std::vector<int64_t> kernel = kernel_attr;
  const bool has_pads = ctx.FindAttr(node, "pads") != nullptr;
  NN2MILP_ASSIGN_OR_RETURN(const std::string auto_pad, StringAttr(ctx, node, "auto_pad", "NOTSET"));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t ceil_mode, ctx.IntAttr(node, "ceil_mode", 0));
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> strides, IntsAttr(ctx, node, "strides", std::vector<int64_t>(r, 1)));
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> dilations, IntsAttr(ctx, node, "dilations", std::vector<int64_t>(r, 1)));
  NN2MILP_ASSIGN_OR_RETURN(std::vector<int64_t> pads, IntsAttr(ctx, node, "pads", std::vector<int64_t>(2 * r, 0)));
  if (strides.size() != r || dilations.size() != r || pads.size() != 2 * r) {
    return absl::InvalidArgumentError(absl::StrCat(
        "strides, dilations and pads must have ", r, ", ", r, " and ", 2 * r, " entries"));
  }
  if (auto_pad != "NOTSET" && has_pads) {
    return absl::InvalidArgumentError(
        absl::StrCat("pads and auto_pad=", auto_pad, " cannot be used together"));
  }
  std::vector<int64_t> out(r);
  for (size_t j = 0; j < r; ++j) {
    if (kernel[j] < 1 || strides[j] < 1 || dilations[j] < 1 || pads[j] < 0 || pads[j + r] < 0) {
      return absl::InvalidArgumentError("kernel_shape, strides and dilations must be >= 1, pads >= 0");
    }
    const int64_t extent = (kernel[j] - 1) * dilations[j] + 1;
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      out[j] = (in[j] + strides[j] - 1) / strides[j];
      const int64_t total = std::max<int64_t>(0, (out[j] - 1) * strides[j] + extent - in[j]);
      pads[j] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      pads[j + r] = total - pads[j];
    } else if (auto_pad == "NOTSET" || auto_pad == "VALID") {
      if (auto_pad == "VALID") pads[j] = pads[j + r] = 0;
      const int64_t span = in[j] + pads[j] + pads[j + r] - extent;
      if (span < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the kernel (extent ", extent, ") is larger than the padded input along spatial axis ", j));
      }
      out[j] = (ceil_mode != 0 ? (span + strides[j] - 1) / strides[j] : span / strides[j]) + 1;
    } else {
      return absl::UnimplementedError(absl::StrCat("auto_pad=", auto_pad));
    }
  }
  const int64_t num_out = CheckedNumElements(out), num_k = CheckedNumElements(kernel);
  if (num_out < 0 || num_k < 0) return absl::InvalidArgumentError("output is too large");
  PoolGeometry g;
  g.out = out;
  std::vector<PoolWindow>& windows = g.windows;
  windows.resize(static_cast<size_t>(num_out));
  std::vector<int64_t> o(r, 0);
  for (int64_t op = 0; op < num_out; ++op) {
    PoolWindow& win = windows[static_cast<size_t>(op)];
    std::vector<int64_t> t(r, 0);
    for (int64_t kp = 0; kp < num_k; ++kp) {
      int64_t flat = 0;
      bool inside = true, in_padded = true;
      for (size_t j = 0; j < r; ++j) {
        const int64_t pos = o[j] * strides[j] - pads[j] + t[j] * dilations[j];
        inside = inside && pos >= 0 && pos < in[j];
        in_padded = in_padded && pos >= -pads[j] && pos < in[j] + pads[j + r];
        flat = flat * in[j] + pos;
      }
      if (inside) win.inputs.push_back(flat);
      if (count_include_pad ? in_padded : inside) win.count += 1;
      for (size_t j = r; j-- > 0;) {
        if (++t[j] < kernel[j]) break;
        t[j] = 0;
      }
    }
    if (win.inputs.empty()) {
      return absl::UnimplementedError(absl::StrCat(
          "pooling window ", op, " contains no input element (only padding)"));
    }
    for (size_t j = r; j-- > 0;) {
      if (++o[j] < out[j]) break;
      o[j] = 0;
    }
  }
  return g;
}

}  // namespace nn2milp::frontend
