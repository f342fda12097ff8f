// Conv (opsets 1-21): N-D convolution (1-D, 2-D, 3-D, ...), as defined by the ONNX spec:
//   X [N, C, D1..Dr], W [M, C/group, k1..kr], optional B [M]  ->  Y [N, M, O1..Or]
//   Y[n, m, o] = B[m] + sum_{c < C/group} sum_{t in kernel}
//                W[m, c, t] * X[n, g*C/group + c, o*stride - pad_begin + t*dilation]
// with g = m / (M/group); positions outside the input are the zero padding.
// Attributes: auto_pad (NOTSET, VALID, SAME_UPPER, SAME_LOWER), dilations, group (depthwise
// when group = C), kernel_shape (optional; must match W), pads, strides.
//   NOTSET:  O = floor((D + pad_begin + pad_end - ((k-1)*dilation + 1)) / stride) + 1
//   VALID:   as NOTSET with zero pads
//   SAME_*:  O = ceil(D / stride); total = max(0, (O-1)*stride + (k-1)*dilation + 1 - D);
//            SAME_UPPER puts total/2 at the beginning (the odd one at the end), SAME_LOWER the
//            other way round.
//
// Encoding: linear. W (and B) must be constant; X may be variable, whose composite elements are
// materialised first so each output element has at most C/group * prod(k) terms. Each
// coefficient is an exported weight (as an exact double). A constant X is folded in double.
#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerConv(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(
      node, {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(const Value* w, ctx.ConstantInput(node, 1, "W"));
  const Value* b = nullptr;
  if (LoweringContext::HasInput(node, 2)) {
    NN2MILP_ASSIGN_OR_RETURN(b, ctx.ConstantInput(node, 2, "B"));
  }
  if (x->shape.size() < 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("input 0 (X) must have rank >= 3, got shape ", ShapeToString(x->shape)));
  }
  const size_t r = x->shape.size() - 2;
  if (w->shape.size() != r + 2) {
    return absl::InvalidArgumentError(absl::StrCat("input 1 (W) has shape ", ShapeToString(w->shape),
                                                   ", expected rank ", r + 2));
  }
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*x, "input 0 (X)"));
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*w, "input 1 (W)"));
  const int64_t batch = x->shape[0], channels = x->shape[1], maps = w->shape[0];
  NN2MILP_ASSIGN_OR_RETURN(const int64_t group, ctx.IntAttr(node, "group", 1));
  if (group < 1 || channels % group != 0 || maps % group != 0 || w->shape[1] != channels / group) {
    return absl::InvalidArgumentError(
        absl::StrCat("group ", group, " does not fit X ", ShapeToString(x->shape), " and W ",
                     ShapeToString(w->shape), " (need C and M divisible by group, W[1] = C/group)"));
  }
  if (b != nullptr) {
    NN2MILP_RETURN_IF_ERROR(RequireFinite(*b, "input 2 (B)"));
    if (b->shape != std::vector<int64_t>{maps}) {
      return absl::InvalidArgumentError(
          absl::StrCat("input 2 (B) has shape ", ShapeToString(b->shape), ", expected [", maps, "]"));
    }
  }
  const std::vector<int64_t> in(x->shape.begin() + 2, x->shape.end());
  const std::vector<int64_t> kernel(w->shape.begin() + 2, w->shape.end());
  const bool has_kernel = ctx.FindAttr(node, "kernel_shape") != nullptr;
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> kernel_attr, IntsAttr(ctx, node, "kernel_shape"));
  if (has_kernel && kernel_attr != kernel) {
    return absl::InvalidArgumentError(absl::StrCat("kernel_shape ", ShapeToString(kernel_attr),
                                                   " does not match W ", ShapeToString(w->shape)));
  }
  const bool has_pads = ctx.FindAttr(node, "pads") != nullptr;
  NN2MILP_ASSIGN_OR_RETURN(const std::string auto_pad, StringAttr(ctx, node, "auto_pad", "NOTSET"));
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> strides, IntsAttr(ctx, node, "strides", std::vector<int64_t>(r, 1)));
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> dilations, IntsAttr(ctx, node, "dilations", std::vector<int64_t>(r, 1)));
  NN2MILP_ASSIGN_OR_RETURN(std::vector<int64_t> pads, IntsAttr(ctx, node, "pads", std::vector<int64_t>(2 * r, 0)));
  if (strides.size() != r || dilations.size() != r || pads.size() != 2 * r) {
    return absl::InvalidArgumentError(absl::StrCat(
        "strides, dilations and pads must have ", r, ", ", r, " and ", 2 * r, " entries"));
  }
  for (size_t j = 0; j < r; ++j) {
    if (strides[j] < 1 || dilations[j] < 1 || pads[j] < 0 || pads[j + r] < 0) {
      return absl::InvalidArgumentError("strides and dilations must be >= 1, pads >= 0");
    }
  }
  if (auto_pad != "NOTSET" && has_pads) {
    return absl::InvalidArgumentError(
        absl::StrCat("pads and auto_pad=", auto_pad, " cannot be used together"));
  }
  std::vector<int64_t> out(r);
  for (size_t j = 0; j < r; ++j) {
    const int64_t extent = (kernel[j] - 1) * dilations[j] + 1;
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      out[j] = (in[j] + strides[j] - 1) / strides[j];
      const int64_t total = std::max<int64_t>(0, (out[j] - 1) * strides[j] + extent - in[j]);
      pads[j] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      pads[j + r] = total - pads[j];
    } else if (auto_pad == "VALID" || auto_pad == "NOTSET") {
      if (auto_pad == "VALID") pads[j] = pads[j + r] = 0;
      const int64_t span = in[j] + pads[j] + pads[j + r] - extent;
      if (span < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the kernel (extent ", extent, ") is larger than the padded input along spatial axis ", j));
      }
      out[j] = span / strides[j] + 1;
    } else {
      return absl::UnimplementedError(absl::StrCat("auto_pad=", auto_pad));
    }
  }
  std::vector<int64_t> out_shape = {batch, maps};
  out_shape.insert(out_shape.end(), out.begin(), out.end());
  if (CheckedNumElements(out_shape) < 0) return absl::InvalidArgumentError("output is too large");

  // For each output position, the (kernel position, input position) pairs inside the input.
  const int64_t num_out = CheckedNumElements(out), num_in = CheckedNumElements(in);
  const int64_t num_k = CheckedNumElements(kernel);
  std::vector<std::vector<std::pair<int64_t, int64_t>>> taps(static_cast<size_t>(num_out));
  std::vector<int64_t> o(r, 0);
  for (int64_t op = 0; op < num_out; ++op) {
    std::vector<int64_t> t(r, 0);
    for (int64_t kp = 0; kp < num_k; ++kp) {
      int64_t flat = 0;
      bool inside = true;
      for (size_t j = 0; j < r && inside; ++j) {
        const int64_t pos = o[j] * strides[j] - pads[j] + t[j] * dilations[j];
        inside = pos >= 0 && pos < in[j];
        flat = flat * in[j] + pos;
      }
      if (inside) taps[static_cast<size_t>(op)].push_back({kp, flat});
      for (size_t j = r; j-- > 0;) {  // next kernel position
        if (++t[j] < kernel[j]) break;
        t[j] = 0;
      }
    }
    for (size_t j = r; j-- > 0;) {  // next output position
      if (++o[j] < out[j]) break;
      o[j] = 0;
    }
  }

  NN2MILP_RETURN_IF_ERROR(ctx.MaterializeComposite(*x));
  Value y = NewValue(out_shape, x->is_constant);
  const int64_t cpg = channels / group, mpg = maps / group;
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t m = 0; m < maps; ++m) {
      const int64_t g = m / mpg;
      const double bias = b == nullptr ? 0.0 : b->constants[static_cast<size_t>(m)];
      for (int64_t op = 0; op < num_out; ++op) {
        const size_t yi = static_cast<size_t>((n * maps + m) * num_out + op);
        double sum = bias;
        LinExpr e;
        e.constant = bias;
        for (int64_t c = 0; c < cpg; ++c) {
          const int64_t x_base = (n * channels + g * cpg + c) * num_in;
          const int64_t w_base = (m * cpg + c) * num_k;
          for (const auto& [kp, ip] : taps[static_cast<size_t>(op)]) {
            const double wv = w->constants[static_cast<size_t>(w_base + kp)];
            if (wv == 0.0) continue;
            if (x->is_constant) sum += wv * x->constants[static_cast<size_t>(x_base + ip)];
            else e.AddScaled(x->exprs[static_cast<size_t>(x_base + ip)], wv);
          }
        }
        if (x->is_constant) {
          y.constants[yi] = sum;
        } else {
          ir::CanonicalizeTerms(e.terms);
          y.exprs[yi] = std::move(e);
        }
      }
    }
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
