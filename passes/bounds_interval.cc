#include "passes/bounds_interval.h"


#include "absl/strings/str_cat.h"
#include "ir/interval.h"
#include "passes/bounds_common.h"

namespace nn2milp::passes {

std::vector<ir::Interval> IntervalBounds(const ir::Network& net, absl::Span<const ir::Interval> input_box,
                                         absl::Span<const ir::Interval> prior) {
  std::vector<ir::Interval> bounds(static_cast<size_t>(net.num_neurons()));
  size_t next_input = 0;
  for (const ir::Port& port : net.inputs()) {
    for (ir::NeuronId n : port.neurons) bounds[static_cast<size_t>(n.value())] = input_box[next_input++];
  }
  std::vector<double> coefs;
  std::vector<ir::Interval> boxes;
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const ir::NeuronId n(i);
    ir::Interval& b = bounds[static_cast<size_t>(i)];
    switch (net.kind(n)) {
      case ir::NeuronKind::kInput:
        break;
      case ir::NeuronKind::kAffine:
        coefs.clear();
        boxes.clear();
        for (const ir::Term& t : net.terms(n)) {
          coefs.push_back(t.coef);
          boxes.push_back(bounds[static_cast<size_t>(t.neuron.value())]);
        }
        b = ir::AffineBounds(net.bias(n), coefs, boxes);
        break;
      case ir::NeuronKind::kRelu:
        b = ir::ReluImage(bounds[static_cast<size_t>(net.relu_input(n).value())]);
        break;
      case ir::NeuronKind::kSmooth:
        b = ir::SmoothImage(net.smooth_function(n),
                            bounds[static_cast<size_t>(net.smooth_input(n).value())]);
        break;
    }
    if (!prior.empty()) b = Intersect(b, prior[static_cast<size_t>(i)]);
  }
  return bounds;
}

absl::StatusOr<PassResult> BoundsIntervalPass::Run(ir::Network& net, PassContext& ctx) {
  std::vector<ir::Interval> prior(static_cast<size_t>(net.num_neurons()));
  for (int32_t i = 0; i < net.num_neurons(); ++i) prior[static_cast<size_t>(i)] = net.bounds(ir::NeuronId(i));
  const std::vector<ir::Interval> bounds = IntervalBounds(net, ctx.problem.input_box, prior);
  PassResult result;
  int64_t unstable = 0;
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const ir::NeuronId n(i);
    if (!(bounds[static_cast<size_t>(i)] == net.bounds(n))) ++result.rewrites;
    net.set_bounds(n, bounds[static_cast<size_t>(i)]);
    if (net.kind(n) == ir::NeuronKind::kRelu) {
      const ir::Interval z = bounds[static_cast<size_t>(net.relu_input(n).value())];
      unstable += z.lo < 0 && z.hi > 0;
    }
  }
  result.changed = result.rewrites > 0;
  result.summary = absl::StrCat(result.rewrites, " neuron bounds set, ", unstable, " unstable ReLUs");
  return result;
}

}  // namespace nn2milp::passes
