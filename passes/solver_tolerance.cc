#include "passes/solver_tolerance.h"

#include "ir/smooth.h"

#include <algorithm>
#include <cmath>

#include "ir/base/check.h"
#include "ir/smooth.h"

namespace nn2milp::passes {
namespace {

constexpr double kWiden = 1 + 1e-9;  // see the file comment of the header

}  // namespace

double ToleranceSensitivity::MaxDeviation(const SolverTolerances& t) const {
  double worst = 0;
  for (size_t k = 0; k < by_integrality.size(); ++k) worst = std::max(worst, Deviation(k, t));
  return worst;
}

ToleranceSensitivity AnalyzeSolverTolerance(const ir::Network& net, const Encoding& encoding) {
  using Form = EncodedNeuron::Form;
  const size_t n_neurons = static_cast<size_t>(net.num_neurons());
  NN2MILP_CHECK(encoding.neurons.size() == n_neurons) << "encoding of another network";
  // Per neuron: coefficient of eps_int and of eps_feas in its deviation bound.
  std::vector<double> by_int(n_neurons, 0.0), by_feas(n_neurons, 0.0);
  for (size_t i = 0; i < n_neurons; ++i) {
    const ir::NeuronId n(static_cast<int32_t>(i));
    const EncodedNeuron& e = encoding.neurons[i];
    if (net.kind(n) == ir::NeuronKind::kSmooth && e.form != Form::kConstant) {
      // y = f(z), written exactly (a nonlinear row, or substituted into its users with
      // --nl-reduced): y moves by at most L |dz| with L >= |f'| over z's bounds, plus eps_feas
      // for its own row. (0 * inf is taken as 0: an exact input stays exact.)
      const size_t z = static_cast<size_t>(net.smooth_input(n).value());
      const double lipschitz = ir::SmoothLipschitz(net.smooth_function(n), net.bounds(net.smooth_input(n)));
      const auto scaled = [&](double d) { return d == 0 ? 0.0 : lipschitz * d; };
      by_int[i] = scaled(by_int[z]) * kWiden;
      by_feas[i] = (scaled(by_feas[z]) + 1) * kWiden;
      continue;
    }
    switch (e.form) {
      case Form::kNone:
      case Form::kConstant:
        break;
      case Form::kVariable:
        if (net.kind(n) == ir::NeuronKind::kInput) {
          by_feas[i] = 1;
        } else {
          double a = 0, f = 1;
          for (const ir::Term& t : net.terms(n)) {
            const size_t v = static_cast<size_t>(t.neuron.value());
            a += std::abs(t.coef) * by_int[v];
            f += std::abs(t.coef) * by_feas[v];
          }
          by_int[i] = a * kWiden;
          by_feas[i] = f * kWiden;
        }
        break;
      case Form::kAlias: {
        const size_t z = static_cast<size_t>(net.relu_input(n).value());
        by_int[i] = by_int[z];
        by_feas[i] = by_feas[z];
        break;
      }
      case Form::kBigM: {
        const size_t z = static_cast<size_t>(net.relu_input(n).value());
        by_int[i] = (by_int[z] + e.big_m) * kWiden;
        by_feas[i] = (by_feas[z] + 1) * kWiden;
        break;
      }
    }
  }
  ToleranceSensitivity s;
  for (const ir::Port& p : net.outputs()) {
    for (ir::NeuronId o : p.neurons) {
      const size_t i = static_cast<size_t>(o.value());
      const bool constant = encoding.neurons[i].form == Form::kConstant;
      s.by_integrality.push_back(by_int[i]);
      s.by_feasibility.push_back(constant ? 1.0 : by_feas[i]);
    }
  }
  return s;
}

}  // namespace nn2milp::passes
