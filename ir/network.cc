#include "ir/network.h"

namespace nn2milp::ir {
namespace {

int64_t CountElements(const std::vector<Port>& ports) {
  int64_t total = 0;
  for (const Port& p : ports) total += static_cast<int64_t>(p.neurons.size());
  return total;
}

}  // namespace

std::pair<std::string, int64_t> Network::LocateOutput(int64_t flat) const {
  for (const Port& p : outputs_) {
    if (flat < static_cast<int64_t>(p.neurons.size())) return {p.name, flat};
    flat -= static_cast<int64_t>(p.neurons.size());
  }
  return {"", 0};
}

int64_t Network::num_input_elements() const { return CountElements(inputs_); }
int64_t Network::num_output_elements() const { return CountElements(outputs_); }

}  // namespace nn2milp::ir
