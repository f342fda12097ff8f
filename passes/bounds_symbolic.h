// bounds_symbolic: DeepPoly / CROWN-style symbolic bounds by back-substitution to the input box.
//
// Matches: every affine neuron that feeds a ReLU whose input bounds straddle 0 (unstable), and
// every affine neuron that is a graph output. Rewrites: nothing structural; tightens bounds(n)
// (intersected with the bounds already there, never loosened). All other neurons get the
// interval image of their (possibly tightened) sources, also intersected.
//
// Method. Neurons are visited in id (= topological) order. For a matched neuron n, a linear form
// L over the neurons, starting as L = z_n, is rewritten from id n downwards: every non-input
// neuron m in L with coefficient c is replaced by its definition or relaxation,
//   affine m = b + a^T v:       c m  ->  c b + sum_i (c a_i) v_i            (exact)
//   relu y = max(0, z), z in [l, u] (the bounds already computed for z, id < n):
//     u <= 0:  c y -> 0;   l >= 0:  c y -> c z                             (exact)
//     l < 0 < u, for the LOWER form (c y >= ...):
//       c > 0:  c y >= c alpha z,  alpha = 1 if u > -l else 0 (DeepPoly heuristic)
//       c < 0:  c y >= c (s z + t), y <= s z + t the upper face s = u/(u-l), t = -s l
//                                   (passes/rigorous.h: ReluUpperRelaxation, t rounded upward)
//   smooth y = f(z), z in [l, u] (ir/smooth.h), for the LOWER form:
//       c > 0 and f concave on [l, u]:  c y >= c (a z + b), the secant below f
//       c < 0 and f convex on [l, u]:   c y >= c (a z + b), the secant above f
//       (ir::SmoothLowerLine / SmoothUpperLine: the intercept bounds f - a z at both ends from
//       enclosures of f with directed rounding, exact for convex/concave f); otherwise y stays
//       in the form as a fresh variable and is concretised over its own bounds, like an input
// until only input neurons remain; then L >= min over the input box (ir::AffineBounds, directed
// rounding). The upper bound is the same computation for -z_n. This works on any DAG of scalar
// neurons (residual connections included): the sweep handles each neuron once, after every
// neuron that refers to it, because references always go to smaller ids. The forms are dense
// vectors indexed by neuron id, scanned from n down to the smallest id reached.
//
// Soundness with floating point. Every relaxation above holds in exact arithmetic for the
// doubles actually used (alpha in {0, 1}, and the upper line is checked at both ends of [l, u]
// with upward rounding). The only inexact steps are the coefficient updates
//   new = fl(old + fl(c * a)),
// whose error is at most 2u (|old| + 2 |fl(c a)|) + 2 eta  (u = 2^-53 the unit roundoff, eta =
// 2^-1075 the underflow error of a product). Replacing the exact coefficient by `new` changes the
// value of L at any network point by at most that error times |v|, where |v| <= mag(v) =
// max(|lo_v|, |hi_v|) from v's (sound) bounds; constant updates have mag 1. The pass adds
//   (|old| + 2 |fl(c a)| + 2^-1000) * mag(v)    (2^-1000 >= eta / u covers underflow)
// to an accumulator A in round-to-nearest (relative error far below 1/2 for any realistic number
// of terms), so the total error is <= 2u * A_exact <= 4u * A; the pass uses E = 8u * A (another
// factor 2 of headroom) and concretises L + [-E, E] with directed rounding. So for every input in
// the box, z_n(x) >= min_box L - E in exact arithmetic, and likewise for the upper bound.
//
// Preconditions: the problem's input box is finite (ir::ValidateProblem). No earlier pass is
// required (the forward sweep computes interval bounds on the way), but running after
// bounds_interval is the default pipeline and decides which neurons are unstable.
//
// Worked example: x1, x2 in [-1, 1], z1 = x1 + x2, z2 = x1 - x2, out = z1 + z2.
// Interval arithmetic: z1, z2 in [-2, 2], so out in [-4, 4]. Back-substitution: out = z1 + z2 =
// (x1 + x2) + (x1 - x2) = 2 x1, so out in [-2, 2], exactly the range. With a ReLU in between,
// y1 = relu(z1) (l = -2, u = 2: alpha = 0 as u > -l fails; upper face y1 <= z1/2 + 1) and
// o = y1 - z2: lower form o >= 0 - z2 >= -2 (interval: -2 too), upper form
// o <= z1/2 + 1 - z2 = -x1/2 + 3 x2/2 + 1 <= 3 (interval: 2 + 2 = 4; the true maximum is 2).
#ifndef NN2MILP_PASSES_BOUNDS_SYMBOLIC_H_
#define NN2MILP_PASSES_BOUNDS_SYMBOLIC_H_

#include "passes/pass.h"

namespace nn2milp::passes {

class BoundsSymbolicPass final : public Pass {
 public:
  absl::string_view name() const override { return "bounds_symbolic"; }
  // Errors: InvalidArgument if the problem's input box does not fit the network.
  absl::StatusOr<PassResult> Run(ir::Network& net, PassContext& ctx) override;
};

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_BOUNDS_SYMBOLIC_H_
