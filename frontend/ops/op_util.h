// Helpers shared by the op lowerings in this folder (not part of the frontend's interface):
// typed list/string attributes, constant integer inputs, axis normalisation, and building a
// value whose elements are copies of another value's elements (the common core of every
// data-movement op: Transpose, Slice, Gather, Pad, Concat, Split, Expand).
#ifndef NN2MILP_FRONTEND_OPS_OP_UTIL_H_
#define NN2MILP_FRONTEND_OPS_OP_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontend/lowering_context.h"
#include "frontend/value.h"

namespace nn2milp::frontend {

// The INTS attribute `name`, or `fallback` if absent (test presence with ctx.FindAttr).
// InvalidArgument if it has another type.
absl::StatusOr<std::vector<int64_t>> IntsAttr(const LoweringContext& ctx, const OnnxNode& node,
                                              absl::string_view name,
                                              std::vector<int64_t> fallback = {});
// The STRING attribute `name`, or `fallback` if absent. InvalidArgument if it has another type.
absl::StatusOr<std::string> StringAttr(const LoweringContext& ctx, const OnnxNode& node,
                                       absl::string_view name, absl::string_view fallback);

// Input `i` as a list of integers: it must be constant, of rank 0 or 1, and every element must be
// an integer value (values beyond +-9.2e18 saturate to the int64 limits). `what` names the
// input in messages.
absl::StatusOr<std::vector<int64_t>> IntListInput(LoweringContext& ctx, const OnnxNode& node, int i,
                                                  absl::string_view what);

// `axis` in [-rank, rank) mapped to [0, rank); InvalidArgument otherwise.
absl::StatusOr<int64_t> NormalizeAxis(int64_t axis, int64_t rank);

// Steps the multi-index `idx` to the next position of `dims` in row-major order (last axis
// fastest), wrapping to all zeros after the last position. idx.size() == dims.size().
void NextIndex(std::vector<int64_t>& idx, const std::vector<int64_t>& dims);

// Row-major strides of `shape`.
std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& shape);

// A value of shape `shape` whose element k is element src[k] of `x`, or the constant `fill` where
// src[k] < 0. Constant (with x's integer flag) if x is constant, variable otherwise.
Value SelectElements(const Value& x, std::vector<int64_t> shape, const std::vector<int64_t>& src,
                     double fill = 0);

// An empty value of shape `shape` with storage for its elements: constants if `constant`,
// otherwise (empty) expressions.
Value NewValue(std::vector<int64_t> shape, bool constant);

// Output 0 of an elementwise activation y = f(x) of input 0 (Relu, Sigmoid, ...): a constant
// element folds to fold(c), which must be finite (InvalidArgument naming the element otherwise);
// every other element is materialised as one neuron z and becomes the neuron add(t, i, z) of a new
// tensor t named after the output.
absl::Status LowerElementwiseActivation(
    const OnnxNode& node, LoweringContext& ctx, absl::FunctionRef<double(double)> fold,
    absl::FunctionRef<ir::NeuronId(ir::TensorId, int64_t, ir::NeuronId)> add);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_OPS_OP_UTIL_H_
