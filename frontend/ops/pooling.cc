#include "frontend/ops/pooling.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/spatial.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status CheckPoolInput(const Value& x) {
  if (x.shape.size() < 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("input 0 (X) must have rank >= 3, got shape ", ShapeToString(x.shape)));
  }
  return RequireFinite(x, "input 0 (X)");
}

PoolPlanes PoolPlanesOf(const Value& x, const std::vector<PoolWindow>& windows) {
  PoolPlanes p;
  p.planes = x.shape[0] * x.shape[1];
  p.num_in = x.num_elements() / std::max<int64_t>(p.planes, 1);
  p.num_out = static_cast<int64_t>(windows.size());
  return p;
}

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
  NN2MILP_ASSIGN_OR_RETURN(WindowAttrs window, ReadWindowAttrs(node, ctx, r));
  NN2MILP_RETURN_IF_ERROR(CheckPadsWithoutAutoPad(window.auto_pad, window.has_pads));
  const std::vector<int64_t>& strides = window.strides;
  const std::vector<int64_t>& dilations = window.dilations;
  const std::vector<int64_t>& pads = window.pads;
  std::vector<int64_t> out(r);
  for (size_t j = 0; j < r; ++j) {
    if (kernel[j] < 1 || strides[j] < 1 || dilations[j] < 1 || pads[j] < 0 || pads[j + r] < 0) {
      return absl::InvalidArgumentError("kernel_shape, strides and dilations must be >= 1, pads >= 0");
    }
    NN2MILP_ASSIGN_OR_RETURN(out[j], SpatialOutputSize(j, in[j], kernel[j], window));
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
      NextIndex(t, kernel);
    }
    if (win.inputs.empty()) {
      return absl::UnimplementedError(absl::StrCat(
          "pooling window ", op, " contains no input element (only padding)"));
    }
    NextIndex(o, out);
  }
  return g;
}

}  // namespace nn2milp::frontend
