#include "passes/cleanup_coefficients.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "passes/bounds_interval.h"

namespace nn2milp::passes {

absl::StatusOr<PassResult> CleanupCoefficientsPass::Run(ir::Network& net, PassContext& ctx) {
  const std::vector<ir::Interval> bounds = IntervalBounds(net, ctx.problem.input_box);
  const size_t n_neurons = static_cast<size_t>(net.num_neurons());
  std::vector<double> magnitude(n_neurons), deviation(n_neurons, 0.0);
  for (size_t i = 0; i < n_neurons; ++i) magnitude[i] = std::max(std::abs(bounds[i].lo), std::abs(bounds[i].hi));

  std::vector<bool> drop(static_cast<size_t>(net.num_terms()), false);
  size_t term_index = 0;
  int64_t dropped = 0, denormals = 0;
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const ir::NeuronId n(i);
    if (net.kind(n) == ir::NeuronKind::kRelu) {
      deviation[static_cast<size_t>(i)] = deviation[static_cast<size_t>(net.relu_input(n).value())];
      continue;
    }
    if (net.kind(n) == ir::NeuronKind::kSmooth) {
      // |f(z + e) - f(z)| <= L |e| with L bounding |f'| over z's bounds widened by the deviation.
      const size_t z = static_cast<size_t>(net.smooth_input(n).value());
      const double dz = deviation[z];
      if (dz > 0) {
        const ir::Interval reach = {bounds[z].lo - dz, bounds[z].hi + dz};
        deviation[static_cast<size_t>(i)] = ir::SmoothLipschitz(net.smooth_function(n), reach) * dz * (1 + 1e-12);
      }
      continue;
    }
    if (net.kind(n) != ir::NeuronKind::kAffine) continue;
    double scale = std::abs(net.bias(n));
    for (const ir::Term& t : net.terms(n)) scale += std::abs(t.coef) * magnitude[static_cast<size_t>(t.neuron.value())];
    // An unbounded source (a smooth neuron whose bounds overflow, e.g. exp of a large interval)
    // makes every "relative" threshold meaningless: keep all of this neuron's weights.
    const bool bounded = std::isfinite(scale);
    const double threshold = std::max(relative_ * scale, absolute_);
    double dev = 0;
    for (const ir::Term& t : net.terms(n)) {
      const size_t v = static_cast<size_t>(t.neuron.value());
      const double reach = std::abs(t.coef) * (magnitude[v] + deviation[v]);
      if (bounded && reach <= threshold) {
        drop[term_index] = true;
        ++dropped;
        denormals += std::abs(t.coef) < 1.1754943508222875e-38;  // below float32's smallest normal
        dev += reach;
      } else {
        dev += std::abs(t.coef) * deviation[v];
      }
      ++term_index;
    }
    deviation[static_cast<size_t>(i)] = dev * (1 + 1e-12);
  }

  max_output_deviation_ = 0;
  for (const ir::Port& p : net.outputs()) {
    for (ir::NeuronId o : p.neurons) {
      max_output_deviation_ = std::max(max_output_deviation_, deviation[static_cast<size_t>(o.value())]);
    }
  }
  PassResult result;
  if (dropped > 0) net.RemoveTermsIf([&](ir::NeuronId, size_t k, const ir::Term&) { return drop[k]; });
  net.ResetBounds();
  result.changed = dropped > 0;
  result.rewrites = dropped;
  result.bounds_valid = false;
  result.summary = absl::StrCat("removed ", dropped, " negligible weights (", denormals,
                                " float32 denormals)");
  result.metrics["removed_weights"] = static_cast<double>(dropped);
  result.metrics["max_output_deviation"] = max_output_deviation_;
  return result;
}

}  // namespace nn2milp::passes
