// ConvTranspose (opsets 1-21): N-D transposed convolution (the gradient of Conv), per the ONNX
// spec:
//   X [N, C, D1..Dr], W [C, M/group, k1..kr], optional B [M]  ->  Y [N, M, O1..Or]
//   Y[n, g*M/group + m, i*stride + t*dilation - pad_begin] +=  X[n, c, i] * W[c, m, t]
// for every input channel c of group g = c / (C/group), input position i and kernel position t
// (contributions that land outside Y are dropped), plus B.
// Attributes: auto_pad, dilations, group, kernel_shape (must match W), output_padding,
// output_shape (r spatial dims, or r + 2 dims of which the spatial ones are used), pads,
// strides. Output size without output_shape:
//   O = stride*(D-1) + output_padding + (k-1)*dilation + 1 - pad_begin - pad_end
// With output_shape, or auto_pad SAME_* (then O = D*stride), the pads are generated:
//   total = stride*(D-1) + output_padding + (k-1)*dilation + 1 - O
// split as the spec says (SAME_UPPER: total/2 at the beginning; otherwise total - total/2).
// onnxruntime splits an odd total the other way round, so an odd total is Unimplemented (the
// result would depend on the runtime); an even total is unambiguous.
//
// Encoding: linear. W and B must be constant; X may be variable (composite elements are
// materialised first). A constant X is folded in double.
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

absl::Status LowerConvTranspose(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(
      node, {"auto_pad", "dilations", "group", "kernel_shape", "output_padding", "output_shape",
             "pads", "strides"}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(const Value* w, ctx.ConstantInput(node, 1, "W"));
  const Value* b = nullptr;
  if (LoweringContext::HasInput(node, 2)) {
    NN2MILP_ASSIGN_OR_RETURN(b, ctx.ConstantInput(node, 2, "B"));
  }
  if (x->shape.size() < 3 || w->shape.size() != x->shape.size()) {
    return absl::InvalidArgumentError(absl::StrCat("X ", ShapeToString(x->shape), " and W ",
                                                   ShapeToString(w->shape),
                                                   " must have the same rank >= 3"));
  }
  const size_t r = x->shape.size() - 2;
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*x, "input 0 (X)"));
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*w, "input 1 (W)"));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t group, ctx.IntAttr(node, "group", 1));
  const int64_t batch = x->shape[0], channels = x->shape[1];
  if (group < 1 || channels % group != 0 || w->shape[0] != channels) {
    return absl::InvalidArgumentError(
        absl::StrCat("group ", group, " does not fit X ", ShapeToString(x->shape), " and W ",
                     ShapeToString(w->shape), " (need W[0] = C, C divisible by group)"));
  }
  const int64_t mpg = w->shape[1], maps = mpg * group, cpg = channels / group;
  NN2MILP_RETURN_IF_ERROR(CheckBias(b, maps));
  const std::vector<int64_t> in(x->shape.begin() + 2, x->shape.end());
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> kernel, KernelFromWeights(node, ctx, *w));
  const bool has_pads = ctx.FindAttr(node, "pads") != nullptr;
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> out_shape_attr, IntsAttr(ctx, node, "output_shape"));
  NN2MILP_ASSIGN_OR_RETURN(const std::string auto_pad, StringAttr(ctx, node, "auto_pad", "NOTSET"));
  if (auto_pad != "NOTSET" && auto_pad != "VALID" && auto_pad != "SAME_UPPER" &&
      auto_pad != "SAME_LOWER") {
    return absl::UnimplementedError(absl::StrCat("auto_pad=", auto_pad));
  }
  NN2MILP_RETURN_IF_ERROR(CheckPadsWithoutAutoPad(auto_pad, has_pads));
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> strides, IntsAttr(ctx, node, "strides", std::vector<int64_t>(r, 1)));
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> dilations, IntsAttr(ctx, node, "dilations", std::vector<int64_t>(r, 1)));
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> out_pad, IntsAttr(ctx, node, "output_padding", std::vector<int64_t>(r, 0)));
  NN2MILP_ASSIGN_OR_RETURN(std::vector<int64_t> pads, IntsAttr(ctx, node, "pads", std::vector<int64_t>(2 * r, 0)));
  if (strides.size() != r || dilations.size() != r || pads.size() != 2 * r || out_pad.size() != r) {
    return absl::InvalidArgumentError(absl::StrCat("strides, dilations, output_padding and pads "
                                                   "must have ", r, ", ", r, ", ", r, " and ",
                                                   2 * r, " entries"));
  }
  std::vector<int64_t> target;
  if (ctx.FindAttr(node, "output_shape") != nullptr) {
    if (out_shape_attr.size() == r) target = out_shape_attr;
    else if (out_shape_attr.size() == r + 2) target.assign(out_shape_attr.begin() + 2, out_shape_attr.end());
    else return absl::InvalidArgumentError(absl::StrCat("output_shape must have ", r, " entries"));
  } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    for (size_t j = 0; j < r; ++j) target.push_back(in[j] * strides[j]);
  }
  std::vector<int64_t> out(r);
  for (size_t j = 0; j < r; ++j) {
    if (strides[j] < 1 || dilations[j] < 1 || pads[j] < 0 || pads[j + r] < 0 || out_pad[j] < 0) {
      return absl::InvalidArgumentError(
          "strides and dilations must be >= 1, pads and output_padding >= 0");
    }
    const int64_t full = strides[j] * (in[j] - 1) + out_pad[j] + (kernel[j] - 1) * dilations[j] + 1;
    if (auto_pad == "VALID") pads[j] = pads[j + r] = 0;
    if (!target.empty()) {
      const int64_t total = full - target[j];
      if (total < 0) {
        // Valid ONNX (the reference pads the full result with zeros), not supported yet.
        return absl::UnimplementedError(absl::StrCat("output_shape ", target[j], " along spatial axis ", j,
                                                     " exceeds the full size ", full));
      }
      if (total % 2 != 0) {
        return absl::UnimplementedError(absl::StrCat(
            "generated padding ", total, " along spatial axis ", j,
            " is odd: the ONNX spec and onnxruntime split it differently"));
      }
      pads[j] = pads[j + r] = total / 2;
      out[j] = target[j];
    } else {
      out[j] = full - pads[j] - pads[j + r];
      if (out[j] < 1) return absl::InvalidArgumentError("the pads leave an empty output");
    }
  }
  const std::vector<int64_t> out_shape = SpatialShape(batch, maps, out);
  if (CheckedNumElements(out_shape) < 0) return absl::InvalidArgumentError("output is too large");

  // For each input position, the (kernel position, output position) pairs inside the output.
  const int64_t num_out = CheckedNumElements(out), num_in = CheckedNumElements(in);
  const int64_t num_k = CheckedNumElements(kernel);
  std::vector<std::vector<std::pair<int64_t, int64_t>>> taps(static_cast<size_t>(num_in));
  std::vector<int64_t> i_pos(r, 0);
  for (int64_t ip = 0; ip < num_in; ++ip) {
    std::vector<int64_t> t(r, 0);
    for (int64_t kp = 0; kp < num_k; ++kp) {
      int64_t flat = 0;
      bool inside = true;
      for (size_t j = 0; j < r && inside; ++j) {
        const int64_t pos = i_pos[j] * strides[j] + t[j] * dilations[j] - pads[j];
        inside = pos >= 0 && pos < out[j];
        flat = flat * out[j] + pos;
      }
      if (inside) taps[static_cast<size_t>(ip)].push_back({kp, flat});
      NextIndex(t, kernel);
    }
    NextIndex(i_pos, in);
  }

  NN2MILP_RETURN_IF_ERROR(ctx.MaterializeComposite(*x));
  Value y = NewValue(out_shape, x->is_constant);
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t m = 0; m < maps; ++m) {
      const double bias = b == nullptr ? 0.0 : b->constants[static_cast<size_t>(m)];
      for (int64_t op = 0; op < num_out; ++op) {
        const size_t yi = static_cast<size_t>((n * maps + m) * num_out + op);
        if (x->is_constant) y.constants[yi] = bias;
        else y.exprs[yi].constant = bias;
      }
    }
    for (int64_t c = 0; c < channels; ++c) {
      const int64_t g = c / cpg;
      for (int64_t ml = 0; ml < mpg; ++ml) {
        const int64_t y_base = (n * maps + g * mpg + ml) * num_out;
        const int64_t w_base = (c * mpg + ml) * num_k;
        for (int64_t ip = 0; ip < num_in; ++ip) {
          const size_t xi = static_cast<size_t>((n * channels + c) * num_in + ip);
          for (const auto& [kp, op] : taps[static_cast<size_t>(ip)]) {
            const double wv = w->constants[static_cast<size_t>(w_base + kp)];
            if (wv == 0.0) continue;
            const size_t yi = static_cast<size_t>(y_base + op);
            if (x->is_constant) y.constants[yi] += wv * x->constants[xi];
            else y.exprs[yi].AddScaled(x->exprs[xi], wv);
          }
        }
      }
    }
  }
  if (!y.is_constant) {
    for (LinExpr& e : y.exprs) ir::CanonicalizeTerms(e.terms);
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
