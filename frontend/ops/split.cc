// Split (opsets 2-21): splits X along attribute axis (default 0, negative from opset 11) into
// the node's outputs, in order.
//   sizes: attribute 'split' (opsets 2-12), constant input 1 'split' (opset 13+), or, if absent,
//          equal parts (the axis size must divide evenly), or with attribute num_outputs
//          (opset 18+) parts of ceil(d / num_outputs), the last one smaller.
// Output i is X[..., offset_i : offset_i + size_i, ...].
// Encoding: moves elements only; constant inputs are folded.
#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerSplit(const OnnxNode& node, LoweringContext& ctx) {
  std::vector<int64_t> split;
  bool has_split = false;
  int64_t num_outputs = 0;
  if (ctx.opset() < 13) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"axis", "split"}));
    NN2MILP_ASSIGN_OR_RETURN(split, IntsAttr(ctx, node, "split"));
    has_split = ctx.FindAttr(node, "split") != nullptr;
  } else {
    if (ctx.opset() >= 18) {
      NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"axis", "num_outputs"}));
      NN2MILP_ASSIGN_OR_RETURN(num_outputs, ctx.IntAttr(node, "num_outputs", 0));
    } else {
      NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"axis"}));
    }
    if (LoweringContext::HasInput(node, 1)) {
      NN2MILP_ASSIGN_OR_RETURN(split, IntListInput(ctx, node, 1, "split"));
      has_split = true;
    }
  }
  NN2MILP_ASSIGN_OR_RETURN(const int64_t axis_attr, ctx.IntAttr(node, "axis", 0));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(axis_attr, static_cast<int64_t>(x->shape.size())));
  const int64_t d = x->shape[static_cast<size_t>(axis)];
  const int64_t parts = node.output_size();
  std::vector<int64_t> sizes;
  if (has_split) {
    if (num_outputs != 0) return absl::InvalidArgumentError("both 'split' and num_outputs are given");
    sizes = split;
  } else if (num_outputs != 0) {
    if (num_outputs != parts) {
      return absl::InvalidArgumentError(
          absl::StrCat("num_outputs=", num_outputs, " but the node has ", parts, " outputs"));
    }
    const int64_t chunk = (d + num_outputs - 1) / num_outputs;
    for (int64_t i = 0, left = d; i < parts; ++i, left -= chunk) sizes.push_back(std::max<int64_t>(0, std::min(chunk, left)));
  } else {
    if (parts == 0 || d % parts != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("axis size ", d, " does not split evenly into ", parts, " outputs"));
    }
    sizes.assign(static_cast<size_t>(parts), d / parts);
  }
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0) return absl::InvalidArgumentError("split sizes must be >= 0");
    total += s;
  }
  if (static_cast<int64_t>(sizes.size()) != parts || total != d) {
    return absl::InvalidArgumentError(absl::StrCat("split sizes ", ShapeToString(sizes), " do not cover axis size ",
                                                   d, " with ", parts, " outputs"));
  }
  int64_t outer = 1, inner = 1;
  for (int64_t j = 0; j < axis; ++j) outer *= x->shape[static_cast<size_t>(j)];
  for (size_t j = static_cast<size_t>(axis) + 1; j < x->shape.size(); ++j) inner *= x->shape[j];
  int64_t offset = 0;
  for (int64_t p = 0; p < parts; ++p) {
    std::vector<int64_t> shape = x->shape;
    shape[static_cast<size_t>(axis)] = sizes[static_cast<size_t>(p)];
    const int64_t chunk = sizes[static_cast<size_t>(p)] * inner;
    std::vector<int64_t> src;
    src.reserve(static_cast<size_t>(outer * chunk));
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t k = 0; k < chunk; ++k) src.push_back(o * d * inner + offset + k);
    }
    NN2MILP_RETURN_IF_ERROR(ctx.SetOutput(node, static_cast<int>(p), SelectElements(*x, std::move(shape), src)));
    offset += chunk;
  }
  return absl::OkStatus();
}

}  // namespace nn2milp::frontend
