// Transpose (opsets 1-21): Y[i_perm[0], ..., i_perm[r-1]] = X[i_0, ..., i_{r-1}], i.e.
// Y.shape[j] = X.shape[perm[j]]. Attribute perm (default: reversed axes), a permutation of
// 0..r-1 (negative entries are not allowed by the spec and are InvalidArgument).
// Encoding: moves elements (expressions or constants) only; no new neurons.
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerTranspose(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"perm"}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  const size_t r = x->shape.size();
  std::vector<int64_t> reversed(r);
  for (size_t j = 0; j < r; ++j) reversed[j] = static_cast<int64_t>(r - 1 - j);
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<int64_t> perm, IntsAttr(ctx, node, "perm", reversed));
  std::vector<bool> seen(r, false);
  if (perm.size() != r) {
    return absl::InvalidArgumentError(absl::StrCat("perm has ", perm.size(), " entries for rank ", r));
  }
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(r) || seen[static_cast<size_t>(p)]) {
      return absl::InvalidArgumentError(absl::StrCat("perm ", ShapeToString(perm), " is not a permutation"));
    }
    seen[static_cast<size_t>(p)] = true;
  }
  std::vector<int64_t> shape(r);
  for (size_t j = 0; j < r; ++j) shape[j] = x->shape[static_cast<size_t>(perm[j])];
  const std::vector<int64_t> in_strides = RowMajorStrides(x->shape);
  std::vector<int64_t> src(static_cast<size_t>(x->num_elements()));
  std::vector<int64_t> idx(r, 0);
  for (size_t k = 0; k < src.size(); ++k) {
    int64_t s = 0;
    for (size_t j = 0; j < r; ++j) s += idx[j] * in_strides[static_cast<size_t>(perm[j])];
    src[k] = s;
    NextIndex(idx, shape);
  }
  return ctx.SetOutput(node, 0, SelectElements(*x, std::move(shape), src));
}

}  // namespace nn2milp::frontend
