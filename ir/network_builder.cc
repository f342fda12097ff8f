#include "ir/network_builder.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace nn2milp::ir {

void CanonicalizeTerms(std::vector<Term>& terms) {
  const auto by_id = [](const Term& a, const Term& b) { return a.neuron < b.neuron; };
  if (!std::is_sorted(terms.begin(), terms.end(), by_id)) {
    std::stable_sort(terms.begin(), terms.end(), by_id);
  }
  size_t out = 0;
  for (size_t i = 0; i < terms.size();) {
    Term merged = terms[i];
    for (++i; i < terms.size() && terms[i].neuron == merged.neuron; ++i) {
      merged.coef += terms[i].coef;
    }
    if (merged.coef != 0.0) terms[out++] = merged;  // also drops -0.0
  }
  terms.resize(out);
}

TensorId NetworkBuilder::AddTensor(std::string name, std::vector<int64_t> shape) {
  net_.tensors_.push_back({std::move(name), std::move(shape)});
  return TensorId(static_cast<int32_t>(net_.tensors_.size() - 1));
}

NeuronId NetworkBuilder::AddNeuron(NeuronKind kind, TensorId tensor, int64_t index, double bias,
                                   NeuronId arg) {
  NN2MILP_CHECK(tensor.valid() && tensor.value() < net_.num_tensors());
  net_.kind_.push_back(kind);
  net_.tensor_.push_back(tensor);
  net_.index_.push_back(index);
  net_.bias_.push_back(bias == 0.0 ? 0.0 : bias);
  net_.arg_.push_back(arg);
  net_.function_.push_back(SmoothFunction::kSigmoid);
  net_.bounds_.push_back(Interval::Unbounded());
  net_.term_begin_.push_back(net_.terms_.size());
  return NeuronId(net_.num_neurons() - 1);
}

NeuronId NetworkBuilder::AddInput(TensorId tensor, int64_t index) {
  return AddNeuron(NeuronKind::kInput, tensor, index, 0.0, NeuronId());
}

absl::StatusOr<NeuronId> NetworkBuilder::AddAffine(TensorId tensor, int64_t index,
                                                   std::vector<Term>& terms, double bias) {
  if (!std::isfinite(bias)) {
    return absl::InvalidArgumentError(
        absl::StrCat("element ", index, " of '", net_.tensor_info(tensor).name,
                     "': bias is not finite"));
  }
  for (const Term& t : terms) {
    if (!std::isfinite(t.coef)) {
      return absl::InvalidArgumentError(
          absl::StrCat("element ", index, " of '", net_.tensor_info(tensor).name,
                       "': a weight is not finite (NaN or infinity)"));
    }
    if (!t.neuron.valid() || t.neuron.value() >= net_.num_neurons()) {
      return absl::InvalidArgumentError(
          absl::StrCat("element ", index, " of '", net_.tensor_info(tensor).name,
                       "': refers to undefined neuron ", t.neuron.value()));
    }
  }
  CanonicalizeTerms(terms);
  // This neuron's terms start at term_begin_.back(); AddNeuron records where they end.
  net_.terms_.insert(net_.terms_.end(), terms.begin(), terms.end());
  return AddNeuron(NeuronKind::kAffine, tensor, index, bias, NeuronId());
}

NeuronId NetworkBuilder::AddRelu(TensorId tensor, int64_t index, NeuronId input) {
  NN2MILP_CHECK(input.valid() && input.value() < net_.num_neurons());
  return AddNeuron(NeuronKind::kRelu, tensor, index, 0.0, input);
}

NeuronId NetworkBuilder::AddSmooth(TensorId tensor, int64_t index, SmoothFunction f,
                                   NeuronId input) {
  NN2MILP_CHECK(input.valid() && input.value() < net_.num_neurons());
  const NeuronId n = AddNeuron(NeuronKind::kSmooth, tensor, index, 0.0, input);
  net_.function_.back() = f;
  ++net_.num_smooth_;
  return n;
}

void NetworkBuilder::AddInputPort(Port port) {
  for (NeuronId n : port.neurons) NN2MILP_CHECK(n.valid() && n.value() < net_.num_neurons());
  net_.inputs_.push_back(std::move(port));
}

void NetworkBuilder::AddOutputPort(Port port) {
  for (NeuronId n : port.neurons) NN2MILP_CHECK(n.valid() && n.value() < net_.num_neurons());
  net_.outputs_.push_back(std::move(port));
}

absl::StatusOr<Network> NetworkBuilder::Build() && {
  if (net_.outputs_.empty()) return absl::InvalidArgumentError("the network has no output");
  return std::move(net_);
}

}  // namespace nn2milp::ir
