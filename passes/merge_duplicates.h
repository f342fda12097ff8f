// merge_duplicates: merges neurons that compute the same function of the same neurons.
//
// Matches, in one topological sweep (after earlier merges have been applied to the terms, so
// merges cascade through layers):
//   affine  z' = b' + a'^T v'  with exactly the same terms (neuron ids and coefficient bits) and
//           bias as an earlier affine neuron z = b + a^T v;
//   relu    y' = max(0, z')    with the same input neuron as an earlier ReLU y = max(0, z).
// Rewrites: every use of z' (terms of later neurons, ReLU inputs, graph-input/output ports) is
// redirected to z, and z' is removed. A user that referred to both z and z' then has one term
// with the coefficients summed (a_z + a_z', rounded to nearest: exact for two float32 weights
// whose magnitudes differ by less than a factor 2^28; a sum of 0 drops the term). Neurons that
// are graph outputs are never removed (their variable names stay stable); a later duplicate may
// still be merged into them.
// The kept neuron's bounds are the intersection of both (both are sound for the same value).
// Applicability: any network; run it after cleanup_coefficients (dropping negligible weights
// can make rows identical) and before the bound passes (fewer neurons to bound and encode).
// Metrics: merged_affine, merged_relu. Preserves bounds.
//
// Example: duplicated channels, h1 = relu(x1 + x2), h2 = relu(x1 + x2), o = 2 h1 - 3 h2 + 1:
// z2 merges into z1, then h2 into h1, and o = -h1 + 1; one binary instead of two.
#ifndef NN2MILP_PASSES_MERGE_DUPLICATES_H_
#define NN2MILP_PASSES_MERGE_DUPLICATES_H_

#include "passes/pass.h"

namespace nn2milp::passes {

class MergeDuplicatesPass final : public Pass {
 public:
  absl::string_view name() const override { return "merge_duplicates"; }
  absl::StatusOr<PassResult> Run(ir::Network& net, PassContext& ctx) override;
};

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_MERGE_DUPLICATES_H_
