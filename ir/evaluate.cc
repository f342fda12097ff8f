#include "ir/evaluate.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace nn2milp::ir {

absl::StatusOr<std::vector<double>> EvaluateNeurons(const Network& net,
                                                    absl::Span<const double> input) {
  if (static_cast<int64_t>(input.size()) != net.num_input_elements()) {
    return absl::InvalidArgumentError(absl::StrCat("expected ", net.num_input_elements(),
                                                   " input values, got ", input.size()));
  }
  std::vector<double> value(static_cast<size_t>(net.num_neurons()), 0.0);
  size_t next_input = 0;
  for (const Port& port : net.inputs()) {
    for (NeuronId n : port.neurons) value[static_cast<size_t>(n.value())] = input[next_input++];
  }
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const NeuronId n(i);
    switch (net.kind(n)) {
      case NeuronKind::kInput:
        break;
      case NeuronKind::kAffine: {
        double sum = net.bias(n);
        for (const Term& t : net.terms(n)) sum += t.coef * value[static_cast<size_t>(t.neuron.value())];
        value[static_cast<size_t>(i)] = sum;
        break;
      }
      case NeuronKind::kRelu:
        value[static_cast<size_t>(i)] =
            std::max(0.0, value[static_cast<size_t>(net.relu_input(n).value())]);
        break;
      case NeuronKind::kSmooth:
        value[static_cast<size_t>(i)] = ApplySmooth(
            net.smooth_function(n), value[static_cast<size_t>(net.smooth_input(n).value())]);
        break;
    }
  }
  return value;
}

absl::StatusOr<std::vector<double>> Evaluate(const Network& net, absl::Span<const double> input) {
  absl::StatusOr<std::vector<double>> values = EvaluateNeurons(net, input);
  if (!values.ok()) return values.status();
  std::vector<double> out;
  out.reserve(static_cast<size_t>(net.num_output_elements()));
  for (const Port& port : net.outputs()) {
    for (NeuronId n : port.neurons) out.push_back((*values)[static_cast<size_t>(n.value())]);
  }
  return out;
}

}  // namespace nn2milp::ir
