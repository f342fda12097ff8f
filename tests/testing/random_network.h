// Random fully connected ReLU networks for property tests (tests only).
#ifndef NN2MILP_TESTS_TESTING_RANDOM_NETWORK_H_
#define NN2MILP_TESTS_TESTING_RANDOM_NETWORK_H_

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ir/network_builder.h"

namespace nn2milp::testing {

namespace internal {

// An MLP over "input" [1, widths[0]] with hidden layer l (1-based) activated by
// acts[(l - 1) % acts.size()] (a smooth function, or ReLU for nullopt) and a linear last layer;
// tensors "fc<l>" (pre-activations) and "<act_prefix><l>".
inline ir::Network RandomMlpWith(const std::vector<int>& widths, unsigned seed,
                                 const std::vector<std::optional<ir::SmoothFunction>>& acts,
                                 double scale, const std::string& act_prefix) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> w(0, static_cast<float>(scale)), b(0, 0.1f);
  ir::NetworkBuilder nb;
  const ir::TensorId in = nb.AddTensor("input", {1, widths[0]});
  std::vector<ir::NeuronId> prev;
  for (int i = 0; i < widths[0]; ++i) prev.push_back(nb.AddInput(in, i));
  nb.AddInputPort({"input", {1, widths[0]}, prev});
  for (size_t layer = 1; layer < widths.size(); ++layer) {
    const bool last = layer + 1 == widths.size();
    const std::optional<ir::SmoothFunction> act = acts[(layer - 1) % acts.size()];
    const ir::TensorId h = nb.AddTensor("fc" + std::to_string(layer), {1, widths[layer]});
    const ir::TensorId r = nb.AddTensor(act_prefix + std::to_string(layer), {1, widths[layer]});
    std::vector<ir::NeuronId> next;
    for (int j = 0; j < widths[layer]; ++j) {
      std::vector<ir::Term> terms;
      for (ir::NeuronId p : prev) terms.push_back({p, w(rng)});
      ir::NeuronId z = *nb.AddAffine(h, j, terms, b(rng));
      if (!last) z = act ? nb.AddSmooth(r, j, *act, z) : nb.AddRelu(r, j, z);
      next.push_back(z);
    }
    prev = next;
  }
  nb.AddOutputPort({"output", {1, widths.back()}, prev});
  return *std::move(nb).Build();
}

}  // namespace internal

// widths = {inputs, hidden..., outputs}; ReLU after every hidden layer, none after the last.
// Weights ~ N(0, scale), biases ~ N(0, 0.1), float32-rounded like exported weights.
inline ir::Network RandomMlp(const std::vector<int>& widths, unsigned seed, double scale = 0.7) {
  return internal::RandomMlpWith(widths, seed, {std::nullopt}, scale, "relu");
}

// Like RandomMlp, with hidden layer l (1-based) activated by acts[(l - 1) % acts.size()]: a smooth
// function, or ReLU for nullopt. Tensors "fc<l>" (pre-activations) and "act<l>".
inline ir::Network RandomMixedMlp(const std::vector<int>& widths, unsigned seed,
                                  const std::vector<std::optional<ir::SmoothFunction>>& acts,
                                  double scale = 0.7) {
  return internal::RandomMlpWith(widths, seed, acts, scale, "act");
}

}  // namespace nn2milp::testing

#endif  // NN2MILP_TESTS_TESTING_RANDOM_NETWORK_H_
