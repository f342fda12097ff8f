// bounds_interval: interval-arithmetic bounds for every neuron from the input box.
//
// Matches: every neuron. Rewrites: nothing structural; sets bounds(n).
//   input x_i:            [lo_i, hi_i] from the problem's input box
//   affine z = b + a^T v: [b + sum_i min(a_i l_i, a_i u_i), b + sum_i max(a_i l_i, a_i u_i)],
//                         computed with directed rounding (ir/interval.h), so the result is
//                         sound in exact arithmetic and exact when representable
//   relu y = max(0, z):   [max(l, 0), max(u, 0)]
// A bound already set (e.g. by a stronger pass) is intersected, never loosened.
// Precondition: the problem's input box has been validated (ir::ValidateProblem).
//
// Example: x in [-1, 1], z = 2x - 1 gives z in [-3, 1]; y = relu(z) in [0, 1]; z straddles 0,
// so the encoding needs one binary with big-M values l = -3 and u = 1.
#ifndef NN2MILP_PASSES_BOUNDS_INTERVAL_H_
#define NN2MILP_PASSES_BOUNDS_INTERVAL_H_

#include <vector>

#include "absl/types/span.h"
#include "ir/interval.h"
#include "passes/pass.h"

namespace nn2milp::passes {

// Interval bounds of every neuron (indexed by NeuronId) for inputs in `input_box`. When `prior`
// is not empty (one interval per neuron), each neuron's bounds are intersected with its prior
// before they propagate further. The stored network bounds are not used.
std::vector<ir::Interval> IntervalBounds(const ir::Network& net, absl::Span<const ir::Interval> input_box,
                                         absl::Span<const ir::Interval> prior = {});

class BoundsIntervalPass final : public Pass {
 public:
  absl::string_view name() const override { return "bounds_interval"; }
  absl::StatusOr<PassResult> Run(ir::Network& net, PassContext& ctx) override;
};

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_BOUNDS_INTERVAL_H_
