// Building blocks shared by the bound passes that sweep the network in topological order
// (bounds_lp, bounds_symbolic): the input-box check, the input clamp, which affine neurons feed
// a ReLU, and the plain interval bound of an affine neuron from its terms' current bounds.
#ifndef NN2MILP_PASSES_BOUNDS_COMMON_H_
#define NN2MILP_PASSES_BOUNDS_COMMON_H_

#include <vector>

#include "absl/status/status.h"
#include "ir/interval.h"
#include "ir/network.h"
#include "ir/problem.h"

namespace nn2milp::passes {

// [max(a.lo, b.lo), min(a.hi, b.hi)] (empty if they do not overlap: lo > hi).
ir::Interval Intersect(ir::Interval a, ir::Interval b);

// InvalidArgument unless `problem` has one input-box interval per input element of `net`.
absl::Status CheckInputBox(const ir::Network& net, const ir::Problem& problem);

// Intersects the bounds of every input neuron with its interval of the input box (inputs in port
// order). The caller has checked the box with CheckInputBox.
void ClampInputsToBox(ir::Network& net, const ir::Problem& problem);

// feeds_relu[i]: neuron i is the input of some ReLU (one entry per neuron).
std::vector<bool> FeedsRelu(const ir::Network& net);

// Buffers for AffineInterval, reused between calls to avoid allocations.
struct AffineScratch {
  std::vector<double> coefs;
  std::vector<ir::Interval> boxes;
};

// The interval of affine neuron n over the current bounds of its terms (ir::AffineBounds, rounded
// outward).
ir::Interval AffineInterval(const ir::Network& net, ir::NeuronId n, AffineScratch& scratch);

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_BOUNDS_COMMON_H_
