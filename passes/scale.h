// scale: rescales ReLU neurons (unstable and stable active) by powers of two to narrow the MILP's coefficient range,
// without changing the function the network computes (exactly, in floating point).
//
// Why it is exact: ReLU is positively homogeneous, relu(s z) = s relu(z) for s > 0. For a neuron
//   z = b + a^T v,  y = relu(z),  consumers  w = ... + c y + ...
// the rewrite  z' = s b + (s a)^T v,  y' = relu(z') = s y,  w = ... + (c / s) y' + ...  leaves w
// unchanged, and z', y' get the bounds [s l, s u]: the big-M rows of y' use s l and s u. With
// s = 2^k, every product s a_i, s b, c / s, s l, s u is exact in double unless it overflows or
// becomes subnormal; the pass checks each one (2^-k (2^k v) == v) and skips a neuron where any
// is not exact. The written MILP is therefore exactly the network (scaled rows and bounds).
// Matches: live ReLU neurons y with an affine input z, u > 0 (unstable: l < 0 < u, with big-M
// rows; stable active: l >= 0, y is z's variable), where z feeds only y and is not a graph output, y is not a graph output and is used only by affine neurons.
// Chooses k per neuron by coordinate descent on the written model's coefficient span: with
// A = {|a_i|} plus {-l, u} if unstable (incoming weights and big-M), C = {|c|} (outgoing weights
// to live neurons) and [O_lo, O_hi] the range of all other coefficients of the model (including
// the rows' unit coefficients), k minimises
//   max(2^k A_max, 2^-k C_max, O_hi) / min(2^k A_min, 2^-k C_min, O_lo)
// (a geometric-mean balance of the neuron's extremes against the rest), so no step widens the
// span; ties go to the k that brings max(-l, u) 2^k (or max |z|) closest to 1. The other
// coefficients are kept in a sorted multiset updated after each rescaling. Two sweeps in network
// order (a weight between two scaled neurons moves with both). Only live neurons (that an output
// depends on) count and are scaled; should the span still end wider, the network is restored.
// Preserves: bounds (rescaled with their neurons; the bounds of other neurons are unchanged).
// Precondition: bounds from a bound pass (FailedPrecondition if some ReLU input is unbounded).
// Reports: neurons scaled, and the coefficient range max/min over the network's weights and the
// big-M values of unstable ReLUs (the MILP's coefficients besides its +-1), before and after.
//
// Example: x in [0, 1], z = 64 x - 16 in [-16, 48], y = relu(z), out = 2^-10 y + 2^-12 x. A =
// {64, 16, 48}, C = {2^-10}, smallest coefficient 2^-12: k = -6 balances 2^k 64 = 1 against
// 2^-k 2^-10 = 2^-4 and gives z' = x - 0.25 in [-0.25, 0.75], out = 2^-4 y' + 2^-12 x (largest
// coefficient 1 instead of 64); at x = 0.5: y' = 0.25 and out = 2^-6 + 2^-13, as before.
#ifndef NN2MILP_PASSES_SCALE_H_
#define NN2MILP_PASSES_SCALE_H_

#include "passes/pass.h"

namespace nn2milp::passes {

class ScalePass final : public Pass {
 public:
  absl::string_view name() const override { return "scale"; }
  absl::StatusOr<PassResult> Run(ir::Network& net, PassContext& ctx) override;
};

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_SCALE_H_
