// Gather (opsets 1-21) with constant indices: attribute axis (default 0, negative from
// opset 11), data of rank r >= 1, integer indices of any shape q (negative indices count from
// the end, from opset 11):
//   Y[i_0..i_{axis-1}, j_0..j_{q-1}, i_{axis+1}..] = data[i_0..i_{axis-1}, indices[j], i_{axis+1}..]
// Output rank r - 1 + q. An index outside [-d, d) is InvalidArgument.
// Encoding: moves elements only; data may be variable, indices must be constant (a variable
// index would be a selection, not linear: Unimplemented). Constant data is folded (integer
// stays integer), which folds torch's Shape -> Gather shape arithmetic.
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerGather(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"axis"}));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t axis_attr, ctx.IntAttr(node, "axis", 0));
  NN2MILP_ASSIGN_OR_RETURN(Value * data, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(const Value* indices, ctx.ConstantInput(node, 1, "indices"));
  const int64_t rank = static_cast<int64_t>(data->shape.size());
  if (rank < 1) return absl::InvalidArgumentError("input 0 (data) must have rank >= 1");
  NN2MILP_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(axis_attr, rank));
  const int64_t d = data->shape[static_cast<size_t>(axis)];
  std::vector<int64_t> idx;
  for (double c : indices->constants) {
    if (!std::isfinite(c) || c != std::trunc(c) || c < static_cast<double>(-d) || c >= static_cast<double>(d)) {
      return absl::InvalidArgumentError(
          absl::StrCat("index out of range [", -d, ", ", d, ") for axis ", axis, " (or not an integer)"));
    }
    const int64_t i = static_cast<int64_t>(c);
    idx.push_back(i < 0 ? i + d : i);
  }
  std::vector<int64_t> shape(data->shape.begin(), data->shape.begin() + axis);
  shape.insert(shape.end(), indices->shape.begin(), indices->shape.end());
  shape.insert(shape.end(), data->shape.begin() + axis + 1, data->shape.end());
  int64_t outer = 1, inner = 1;
  for (int64_t j = 0; j < axis; ++j) outer *= data->shape[static_cast<size_t>(j)];
  for (int64_t j = axis + 1; j < rank; ++j) inner *= data->shape[static_cast<size_t>(j)];
  std::vector<int64_t> src;
  src.reserve(static_cast<size_t>(outer) * idx.size() * static_cast<size_t>(inner));
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i : idx) {
      for (int64_t k = 0; k < inner; ++k) src.push_back((o * d + i) * inner + k);
    }
  }
  return ctx.SetOutput(node, 0, SelectElements(*data, std::move(shape), src));
}

}  // namespace nn2milp::frontend
