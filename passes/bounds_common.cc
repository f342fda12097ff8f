#include "passes/bounds_common.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "absl/strings/str_cat.h"

namespace nn2milp::passes {

ir::Interval Intersect(ir::Interval a, ir::Interval b) {
  return {std::max(a.lo, b.lo), std::min(a.hi, b.hi)};
}

absl::Status CheckInputBox(const ir::Network& net, const ir::Problem& problem) {
  if (static_cast<int64_t>(problem.input_box.size()) != net.num_input_elements()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the input box has ", problem.input_box.size(), " intervals, the network ",
                     net.num_input_elements(), " input elements"));
  }
  return absl::OkStatus();
}

void ClampInputsToBox(ir::Network& net, const ir::Problem& problem) {
  size_t next_input = 0;
  for (const ir::Port& port : net.inputs()) {
    for (ir::NeuronId n : port.neurons) {
      net.set_bounds(n, Intersect(net.bounds(n), problem.input_box[next_input++]));
    }
  }
}

std::vector<bool> FeedsRelu(const ir::Network& net) {
  std::vector<bool> feeds_relu(static_cast<size_t>(net.num_neurons()), false);
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    if (net.kind(ir::NeuronId(i)) == ir::NeuronKind::kRelu) {
      feeds_relu[static_cast<size_t>(net.relu_input(ir::NeuronId(i)).value())] = true;
    }
  }
  return feeds_relu;
}

ir::Interval AffineInterval(const ir::Network& net, ir::NeuronId n, AffineScratch& scratch) {
  scratch.coefs.clear();
  scratch.boxes.clear();
  for (const ir::Term& t : net.terms(n)) {
    scratch.coefs.push_back(t.coef);
    scratch.boxes.push_back(net.bounds(t.neuron));
  }
  return ir::AffineBounds(net.bias(n), scratch.coefs, scratch.boxes);
}

}  // namespace nn2milp::passes
