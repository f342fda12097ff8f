#include "passes/solver_tolerance.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "ir/network_builder.h"
#include "passes/encode_milp.h"
#include "tests/passes/bound_test_util.h"
#include "tests/testing/random_network.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

using Form = EncodedNeuron::Form;

// The header's example: x in [-1, 1], z = 2x - 1, y = relu(z), out = 3y.
TEST(SolverToleranceTest, WorkedExample) {
  ir::NetworkBuilder nb;
  const ir::TensorId xt = nb.AddTensor("x", {1}), zt = nb.AddTensor("z", {1}),
                     yt = nb.AddTensor("y", {1}), ot = nb.AddTensor("out", {1});
  const ir::NeuronId x = nb.AddInput(xt, 0);
  std::vector<ir::Term> tz = {{x, 2.0}};
  const ir::NeuronId z = *nb.AddAffine(zt, 0, tz, -1.0);
  const ir::NeuronId y = nb.AddRelu(yt, 0, z);
  std::vector<ir::Term> to = {{y, 3.0}};
  const ir::NeuronId o = *nb.AddAffine(ot, 0, to, 0.0);
  nb.AddInputPort({"x", {1}, {x}});
  nb.AddOutputPort({"out", {1}, {o}});
  ir::Network net = *std::move(nb).Build();
  ir::Problem problem;
  problem.input_box = {{-1, 1}};
  RunPipeline(net, problem, "bounds_interval");
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding enc, EncodeMilp(net, problem));
  EXPECT_EQ(enc.neurons[static_cast<size_t>(y.value())].form, Form::kBigM);
  EXPECT_EQ(enc.neurons[static_cast<size_t>(y.value())].big_m, 3.0);
  const ToleranceSensitivity s = AnalyzeSolverTolerance(net, enc);
  ASSERT_EQ(s.by_integrality.size(), 1u);
  EXPECT_NEAR(s.by_integrality[0], 9.0, 1e-7);
  EXPECT_NEAR(s.by_feasibility[0], 13.0, 1e-7);
  EXPECT_GE(s.by_integrality[0], 9.0);
  EXPECT_GE(s.by_feasibility[0], 13.0);
  EXPECT_NEAR(s.MaxDeviation({"cbc", 1e-7, 1e-7}), 2.2e-6, 1e-14);
}

// Brute force: points that satisfy the written rows only up to the tolerances (inputs moved by up
// to eps_feas, every row violated by up to eps_feas in a random direction, binaries at eps_int
// or 1 - eps_int, each ReLU output anywhere in what its relaxed rows allow) never move an output
// further from the network at the clipped input than the computed bound.
TEST(SolverToleranceTest, BoundDominatesRelaxedEncodingsByBruteForce) {
  const double eps_int = 1e-3, eps_feas = 1e-4;  // large, so rounding noise is negligible
  double worst_ratio = 0;
  for (unsigned seed = 1; seed <= 6; ++seed) {
    ir::Network net = testing::RandomMlp({3, 8, 8, 8, 2}, seed);
    ir::Problem problem;
    problem.input_box.assign(3, {-1, 1});
    RunPipeline(net, problem, "bounds_interval,bounds_symbolic");
    NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding enc, EncodeMilp(net, problem));
    const ToleranceSensitivity sens = AnalyzeSolverTolerance(net, enc);
    const SolverTolerances tol{"test", eps_int, eps_feas};
    std::vector<ir::NeuronId> outputs = net.outputs()[0].neurons;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1), pm(-1, 1);
    const size_t n = static_cast<size_t>(net.num_neurons());
    int feasible = 0;
    for (int sample = 0; sample < 3000; ++sample) {
      std::vector<double> v(n, 0.0), clipped;
      bool ok = true;
      for (size_t i = 0; i < n && ok; ++i) {
        const ir::NeuronId id(static_cast<int32_t>(i));
        const EncodedNeuron& e = enc.neurons[i];
        if (net.kind(id) == ir::NeuronKind::kInput) {
          const ir::Interval b = problem.input_box[clipped.size()];
          const double x = sample % 3 == 0 ? (u(rng) < 0.5 ? b.lo : b.hi) : b.lo + u(rng) * b.width();
          v[i] = x + pm(rng) * eps_feas;
          clipped.push_back(std::clamp(v[i], b.lo, b.hi));
          continue;
        }
        switch (e.form) {
          case Form::kNone:
          case Form::kConstant:
            v[i] = 0;  // not used by live neurons (constant affine neurons do not occur here)
            break;
          case Form::kVariable: {
            double z = net.bias(id);
            for (const ir::Term& t : net.terms(id)) z += t.coef * v[static_cast<size_t>(t.neuron.value())];
            v[i] = z + pm(rng) * eps_feas;
            break;
          }
          case Form::kAlias:
            v[i] = v[static_cast<size_t>(net.relu_input(id).value())];
            break;
          case Form::kBigM: {
            const double z = v[static_cast<size_t>(net.relu_input(id).value())];
            const ir::Interval b = net.bounds(net.relu_input(id));
            const double d = (z > 0) == (u(rng) < 0.99) ? 1 - eps_int * u(rng) : eps_int * u(rng);
            const double lo = std::max(z, 0.0) - eps_feas;
            const double hi = std::min({z - b.lo * (1 - d), b.hi * d, b.hi}) + eps_feas;
            if (lo > hi) {
              ok = false;  // not a point of the relaxed system
              break;
            }
            const double pick = u(rng);
            v[i] = pick < 0.4 ? lo : pick < 0.8 ? hi : lo + u(rng) * (hi - lo);
            break;
          }
        }
      }
      if (!ok) continue;
      ++feasible;
      NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> exact, ir::EvaluateNeurons(net, clipped));
      for (size_t k = 0; k < outputs.size(); ++k) {
        const size_t o = static_cast<size_t>(outputs[k].value());
        const double observed = std::abs(v[o] - exact[o]);
        const double bound = sens.Deviation(k, tol);
        ASSERT_LE(observed, bound) << "seed " << seed << " sample " << sample << " output " << k;
        worst_ratio = std::max(worst_ratio, observed / bound);
      }
    }
    EXPECT_GT(feasible, 1500) << "seed " << seed;
  }
  // The bound is not vacuous: the sampled points reach a visible part of it.
  EXPECT_GT(worst_ratio, 0.05);
}

}  // namespace
}  // namespace nn2milp::passes
