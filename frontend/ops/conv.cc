// Conv (opsets 1-21): N-D convolution (1-D, 2-D, 3-D, ...), as defined by the ONNX spec:
//   X [N, C, D1..Dr], W [M, C/group, k1..kr], optional B [M]  ->  Y [N, M, O1..Or]
//   Y[n, m, o] = B[m] + sum_{c < C/group} sum_{t in kernel}
//                W[m, c, t] * X[n, g*C/group + c, o*stride - pad_begin + t*dilation]
// with g = m / (M/group); positions outside the input are the zero padding.
// Attributes: auto_pad (NOTSET, VALID, SAME_UPPER, SAME_LOWER), dilations, group (depthwise
// when group = C), kernel_shape (optional; must match W), pads, strides. Output size: see
// ops/spatial.h (NOTSET rounds down).
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
#include "frontend/ops/spatial.h"
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
  NN2MILP_RETURN_IF_ERROR(CheckBias(b, maps));
  const std::vector<int64_t> in(x->shape.begin() + 2, x->shape.end());
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> kernel, KernelFromWeights(node, ctx, *w));
  NN2MILP_ASSIGN_OR_RETURN(WindowAttrs window, ReadWindowAttrs(node, ctx, r));
  const std::vector<int64_t>& strides = window.strides;
  const std::vector<int64_t>& dilations = window.dilations;
  const std::vector<int64_t>& pads = window.pads;
  for (size_t j = 0; j < r; ++j) {
    if (strides[j] < 1 || dilations[j] < 1 || pads[j] < 0 || pads[j + r] < 0) {
      return absl::InvalidArgumentError("strides and dilations must be >= 1, pads >= 0");
    }
  }
  NN2MILP_RETURN_IF_ERROR(CheckPadsWithoutAutoPad(window.auto_pad, window.has_pads));
  std::vector<int64_t> out(r);
  for (size_t j = 0; j < r; ++j) {
    NN2MILP_ASSIGN_OR_RETURN(out[j], SpatialOutputSize(j, in[j], kernel[j], window));
  }
  const std::vector<int64_t> out_shape = SpatialShape(batch, maps, out);
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
      NextIndex(t, kernel);  // next kernel position
    }
    NextIndex(o, out);  // next output position
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
