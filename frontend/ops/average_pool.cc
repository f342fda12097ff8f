// AveragePool (opsets 7-21) and GlobalAveragePool (opsets 1-21), N-D over the spatial dims of
// X [N, C, D1..Dr]:
//   Y[n, c, o] = (1 / count(o)) * sum_{t in kernel, p = o*stride - pad_begin + t*dilation inside X}
//                X[n, c, p]
// count(o) is the number of window positions inside the input (count_include_pad=0, default),
// or inside the padded input [-pad_begin, D + pad_end) (count_include_pad=1); positions of a
// ceil_mode window beyond the padded input never count (as in onnxruntime and PyTorch).
// AveragePool attributes: auto_pad (NOTSET, VALID, SAME_UPPER, SAME_LOWER), ceil_mode
// (opset 10+), count_include_pad, dilations (opset 19+), kernel_shape (required), pads, strides.
//   O = floor_or_ceil((D + pad_begin + pad_end - ((k-1)*dilation + 1)) / stride) + 1
// (SAME_*: O = ceil(D / stride) with pads generated as for Conv). A window holding no input
// element (possible with ceil_mode or large pads) is Unimplemented: runtimes disagree on it.
// GlobalAveragePool: the window is the whole spatial extent; Y has shape [N, C, 1, .., 1].
//
// Encoding: linear, each output element is an affine expression with coefficients 1/count over
// the window (composite input elements are materialised first). Constant inputs are folded.
#include <utility>

#include "absl/status/status.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/pooling.h"
#include "frontend/ops/ops.h"
#include "frontend/ops/spatial.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

// Averages every window over every (n, c) plane of x.
absl::Status Average(const OnnxNode& node, LoweringContext& ctx, Value& x,
                     const std::vector<int64_t>& out, const std::vector<PoolWindow>& windows) {
  NN2MILP_RETURN_IF_ERROR(ctx.MaterializeComposite(x));
  const auto [planes, num_in, num_out] = PoolPlanesOf(x, windows);
  Value y = NewValue(SpatialShape(x.shape[0], x.shape[1], out), x.is_constant);
  for (int64_t p = 0; p < planes; ++p) {
    for (int64_t o = 0; o < num_out; ++o) {
      const PoolWindow& win = windows[static_cast<size_t>(o)];
      const size_t yi = static_cast<size_t>(p * num_out + o);
      if (x.is_constant) {
        double sum = 0;
        for (int64_t i : win.inputs) sum += x.constants[static_cast<size_t>(p * num_in + i)];
        y.constants[yi] = sum / win.count;
      } else {
        LinExpr& e = y.exprs[yi];
        for (int64_t i : win.inputs) e.AddScaled(x.exprs[static_cast<size_t>(p * num_in + i)], 1.0 / win.count);
        ir::CanonicalizeTerms(e.terms);
      }
    }
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace

absl::Status LowerAveragePool(const OnnxNode& node, LoweringContext& ctx) {
  if (ctx.opset() >= 19) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"auto_pad", "ceil_mode", "count_include_pad",
                                                       "dilations", "kernel_shape", "pads", "strides"}));
  } else if (ctx.opset() >= 10) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(
        node, {"auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides"}));
  } else {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(
        node, {"auto_pad", "count_include_pad", "kernel_shape", "pads", "strides"}));
  }
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_RETURN_IF_ERROR(CheckPoolInput(*x));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t include_pad, ctx.IntAttr(node, "count_include_pad", 0));
  NN2MILP_ASSIGN_OR_RETURN(PoolGeometry g, PoolWindows(node, ctx, x->shape, include_pad != 0));
  return Average(node, ctx, *x, g.out, g.windows);
}

absl::Status LowerGlobalAveragePool(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_RETURN_IF_ERROR(CheckPoolInput(*x));
  const int64_t planes = x->shape[0] * x->shape[1];
  if (planes == 0) return absl::InvalidArgumentError("input 0 (X) is empty");
  PoolWindow all;
  for (int64_t i = 0; i < x->num_elements() / planes; ++i) all.inputs.push_back(i);
  all.count = static_cast<double>(all.inputs.size());
  if (all.inputs.empty()) return absl::InvalidArgumentError("input 0 (X) has no spatial elements");
  return Average(node, ctx, *x, std::vector<int64_t>(x->shape.size() - 2, 1), {all});
}

}  // namespace nn2milp::frontend
