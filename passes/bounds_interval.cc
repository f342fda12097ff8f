#include "passes/bounds_interval.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ir/interval.h"

namespace nn2milp::passes {
namespace {

ir::Interval Intersect(ir::Interval a, ir::Interval b) {
  return {std::max(a.lo, b.lo), std::min(a.hi, b.hi)};
}

}  // namespace

absl::StatusOr<PassResult> BoundsIntervalPass::Run(ir::Network& net, PassContext& ctx) {
  PassResult result;
  size_t next_input = 0;
  for (const ir::Port& port : net.inputs()) {
    for (ir::NeuronId n : port.neurons) {
      net.set_bounds(n, Intersect(net.bounds(n), ctx.problem.input_box[next_input++]));
    }
  }
  int64_t unstable = 0;
  std::vector<double> coefs;
  std::vector<ir::Interval> boxes;
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const ir::NeuronId n(i);
    ir::Interval b;
    switch (net.kind(n)) {
      case ir::NeuronKind::kInput:
        continue;
      case ir::NeuronKind::kAffine: {
        coefs.clear();
        boxes.clear();
        for (const ir::Term& t : net.terms(n)) {
          coefs.push_back(t.coef);
          boxes.push_back(net.bounds(t.neuron));
        }
        b = ir::AffineBounds(net.bias(n), coefs, boxes);
        break;
      }
      case ir::NeuronKind::kRelu: {
        const ir::Interval z = net.bounds(net.relu_input(n));
        b = ir::ReluImage(z);
        unstable += z.lo < 0 && z.hi > 0;
        break;
      }
    }
    const ir::Interval merged = Intersect(net.bounds(n), b);
    if (!(merged == net.bounds(n))) ++result.rewrites;
    net.set_bounds(n, merged);
  }
  result.changed = result.rewrites > 0;
  result.summary = absl::StrCat(result.rewrites, " neuron bounds set, ", unstable, " unstable ReLUs");
  return result;
}

}  // namespace nn2milp::passes
