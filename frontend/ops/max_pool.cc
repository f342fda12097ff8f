// MaxPool (opsets 8-21) and GlobalMaxPool (opsets 1-21) over the spatial dims of X [N, C, D..]:
//   Y[n, c, o] = max over the window positions p inside X of X[n, c, p]
// (padded positions never win: ONNX pads MaxPool with -inf). Window geometry: ops/pooling.h.
// MaxPool attributes: auto_pad, ceil_mode (10+), dilations (10+), kernel_shape, pads,
// storage_order (only affects the Indices output), strides. The optional Indices output is
// Unimplemented (indices are not piecewise-linear values).
//
// Encoding: the window maximum as a balanced tree of pairwise maxima, each exactly
//   max(a, b) = b + relu(a - b)
// so an element whose upper bound is below another's lower bound makes its ReLU stable and
// costs no binary. Constant inputs are folded.
#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "frontend/ops/pooling.h"
#include "frontend/ops/spatial.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

absl::Status MaxOverWindows(const OnnxNode& node, LoweringContext& ctx, const Value& x,
                            const std::vector<int64_t>& out, const std::vector<PoolWindow>& windows) {
  const auto [planes, num_in, num_out] = PoolPlanesOf(x, windows);
  Value y = NewValue(SpatialShape(x.shape[0], x.shape[1], out), x.is_constant);
  int64_t comparisons = 0;
  for (const PoolWindow& w : windows) comparisons += static_cast<int64_t>(w.inputs.size()) - 1;
  MaxTree tree(ctx, node.output(0), planes * comparisons);
  for (int64_t p = 0; p < planes; ++p) {
    for (int64_t o = 0; o < num_out; ++o) {
      const PoolWindow& win = windows[static_cast<size_t>(o)];
      const size_t yi = static_cast<size_t>(p * num_out + o);
      if (x.is_constant) {
        double m = x.constants[static_cast<size_t>(p * num_in + win.inputs[0])];
        for (int64_t i : win.inputs) m = std::max(m, x.constants[static_cast<size_t>(p * num_in + i)]);
        y.constants[yi] = m;
        continue;
      }
      std::vector<LinExpr> items;
      for (int64_t i : win.inputs) items.push_back(x.exprs[static_cast<size_t>(p * num_in + i)]);
      NN2MILP_ASSIGN_OR_RETURN(y.exprs[yi], tree.Max(std::move(items)));
    }
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace

absl::Status LowerMaxPool(const OnnxNode& node, LoweringContext& ctx) {
  if (ctx.opset() >= 10) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(
        node, {"auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"}));
  } else {
    NN2MILP_RETURN_IF_ERROR(
        ctx.CheckAttributes(node, {"auto_pad", "kernel_shape", "pads", "storage_order", "strides"}));
  }
  if (node.output_size() > 1 && !node.output(1).empty()) {
    return absl::UnimplementedError("the Indices output is not supported");
  }
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_RETURN_IF_ERROR(CheckPoolInput(*x));
  NN2MILP_ASSIGN_OR_RETURN(PoolGeometry g, PoolWindows(node, ctx, x->shape, false));
  return MaxOverWindows(node, ctx, *x, g.out, g.windows);
}

absl::Status LowerGlobalMaxPool(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_RETURN_IF_ERROR(CheckPoolInput(*x));
  const int64_t planes = x->shape[0] * x->shape[1];
  if (planes == 0 || x->num_elements() == 0) return absl::InvalidArgumentError("input 0 (X) is empty");
  PoolWindow all;
  for (int64_t i = 0; i < x->num_elements() / planes; ++i) all.inputs.push_back(i);
  return MaxOverWindows(node, ctx, *x, std::vector<int64_t>(x->shape.size() - 2, 1), {all});
}

}  // namespace nn2milp::frontend
