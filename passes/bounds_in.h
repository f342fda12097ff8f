// bounds_in: intersects nn2milp's own neuron bounds with bounds computed elsewhere (e.g. a GPU
// verifier such as alpha-beta-CROWN), given as data (--bounds-in FILE, ir/external_bounds.h).
//
// Matches: every given entry (ONNX tensor name, flat element index, [lo, hi]).
// Rewrites: bounds(n) := bounds(n) ∩ [lo, hi] for the neuron n of that element, then one
// forward interval-arithmetic sweep over the whole network (bounds_interval with the current
// bounds as prior), so neurons downstream of a tightened one tighten too. Never loosens.
// Where: last in the pipeline (the CLI appends it after the bound passes). There the given
// bounds are checked against the strongest sound bounds nn2milp has, so a contradiction is
// always detected; the price is that bounds_symbolic and bounds_lp do not use them in their
// relaxations (only the interval sweep propagates them).
// Trust: nn2milp cannot prove given bounds sound; the MILP is exact only if they are. It does
// reject data that cannot be sound (InvalidArgument, naming the tensor and element):
//   - a tensor name the network does not have, an index >= the tensor's element count;
//   - an empty intersection with nn2milp's sound bounds, also after propagation (the given
//     bounds contradict the sound ones: every value the neuron takes lies in both);
//   - a bound on a graph-input element narrower than the input box (inputs take every value
//     of the box).
// Elements that exist in the tensor but are not neurons (constant-folded, or merged away by
// merge_duplicates) are ignored and
// counted. Metrics: external_bounds (entries), external_used (matched a neuron),
// external_tightened (neurons the given bounds narrowed), external_ignored,
// propagated_tightened (further neurons narrowed by the sweep).
// Precondition: PassOptions::external_bounds is set (FailedPrecondition otherwise).
//
// Example: z = x1 + x2, y = relu(z), o = y - 1, x in [-1, 1]^2: sound z in [-2, 2]. Given
// z in [-1, 0.5] (tensor "z", index 0): z becomes [-1, 0.5], y [0, 0.5], o [-1, -0.5] by the
// sweep; given z in [3, 4] instead: error, [3, 4] ∩ [-2, 2] is empty.
#ifndef NN2MILP_PASSES_BOUNDS_IN_H_
#define NN2MILP_PASSES_BOUNDS_IN_H_

#include <memory>
#include <utility>

#include "ir/external_bounds.h"
#include "passes/pass.h"

namespace nn2milp::passes {

class BoundsInPass final : public Pass {
 public:
  BoundsInPass() = default;
  explicit BoundsInPass(const PassOptions& options) : bounds_(options.external_bounds) {}
  absl::string_view name() const override { return "bounds_in"; }
  absl::StatusOr<PassResult> Run(ir::Network& net, PassContext& ctx) override;

 private:
  std::shared_ptr<const ir::ExternalBounds> bounds_;
};

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_BOUNDS_IN_H_
