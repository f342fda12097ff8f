// bounds_lp: optimisation-based bound tightening (OBBT) over the LP relaxation, solved with Clp.
//
// Matches: every affine neuron z_n that feeds a ReLU whose input bounds still straddle 0 and
// that depends on at least one non-input neuron (on the first layer, interval bounds are already
// exact over the box) -- or every such neuron when the problem has constraints over inputs alone
// (Problem::constraints whose terms are all inputs, e.g. a VNN-LIB assertion on X only): they
// become rows  sum a_i x_i <= rhs  of the relaxation and cut the box. (Disjunctions and
// constraints that involve outputs are not used: they do not hold at every point of the box.) Rewrites: nothing structural; tightens bounds(n) (intersected with the bounds already
// there, never loosened); other neurons get the interval image of their sources, intersected.
//
// Relaxation. One ClpSimplex model grows with the sweep; before the LPs of neuron n it holds a
// column and rows for every neuron with a smaller id than n's largest source (neurons are added
// in id order, each with its final bounds, which the sweep has already computed):
//   input x:              column x in [lo, hi] (the box)
//   affine z = b + a^T v: column z in [l, u] (its bounds) and the row  z - a^T v = b
//   relu y = max(0, z), z in [l, u]:
//     u <= 0:  no column, y is the constant 0 (terms on y are dropped from rows)
//     l >= 0:  column y in y's bounds and the row y - z = 0
//     l < 0 < u (triangle relaxation): column y in [0, u'] (u' its upper bound) and the rows
//              y - z >= 0,   y - s z <= t   (s = u/(u-l), t = -s l: passes/rigorous.h,
//                                             ReluUpperRelaxation, t rounded upward)
// Every row holds in exact arithmetic at every point of the network's graph, so the LP optimum of
// a + a^T v bounds z_n. For each matched n the pass minimises and maximises b + a^T v (the side
// of smaller magnitude first; the other is skipped once the ReLU is stable), changing only the
// objective and re-solving with primal simplex from the previous basis (warm start).
//
// Soundness. The solver's objective value is never used. Each bound is derived from the dual row
// values y the solver returns, through weak duality evaluated with directed rounding
// (SafeLpLowerBound in passes/rigorous.h): valid for ANY y, so an early stop, a time-out or an
// inaccurate solve only weakens a bound, never makes it wrong.
//
// Budget: PassOptions::bound_time_seconds of wall time (also handed to Clp as its limit). When it
// is used up the pass stops solving and keeps everything tightened so far. Progress is reported
// through PassOptions::progress (neurons done / matched at the start).
//
// Preconditions: finite bounds on every neuron a matched neuron depends on (run bounds_interval,
// and preferably bounds_symbolic, first); FailedPrecondition naming the neuron otherwise.
//
// Worked example: x1, x2 in [-1, 1], z1 = x1 + x2 in [-2, 2], y1 = relu(z1), and
// o = y1 - z1/2 + 0.5 feeding a ReLU (o = |z1|/2 + 0.5 in truth, so o in [0.5, 1.5]).
// Interval: o in [0 - 1 + 0.5, 2 + 1 + 0.5] = [-0.5, 3.5], unstable. bounds_symbolic: alpha = 0
// (u = -l), so o >= -z1/2 + 0.5 >= -0.5, still unstable. LP: minimise y1 - z1/2 subject to
// y1 >= 0 and y1 >= z1 (both faces at once): optimum 0 at z1 = 0, so o >= 0.5 (up to rounding):
// the ReLU becomes stable active and needs no binary.
#ifndef NN2MILP_PASSES_BOUNDS_LP_H_
#define NN2MILP_PASSES_BOUNDS_LP_H_

#include <utility>

#include "passes/pass.h"

namespace nn2milp::passes {

class BoundsLpPass final : public Pass {
 public:
  BoundsLpPass() = default;
  explicit BoundsLpPass(PassOptions options) : options_(std::move(options)) {}
  absl::string_view name() const override { return "bounds_lp"; }
  // Errors: FailedPrecondition for a missing bound (see above); InvalidArgument for a negative
  // time budget; Internal if Clp throws.
  absl::StatusOr<PassResult> Run(ir::Network& net, PassContext& ctx) override;

 private:
  PassOptions options_;
};

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_BOUNDS_LP_H_
