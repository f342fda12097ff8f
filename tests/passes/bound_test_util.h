// Helpers shared by the bound-pass tests (tests only).
#ifndef NN2MILP_TESTS_PASSES_BOUND_TEST_UTIL_H_
#define NN2MILP_TESTS_PASSES_BOUND_TEST_UTIL_H_

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "ir/network.h"
#include "ir/network_builder.h"
#include "ir/problem.h"
#include "passes/pass_manager.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {

// Runs `pipeline` on `net`; fails the test on error.
inline void RunPipeline(ir::Network& net, const ir::Problem& problem, const std::string& pipeline,
                        const PassOptions& options = {}) {
  absl::StatusOr<PassManager> pm = PassManager::Parse(pipeline, options);
  ASSERT_TRUE(pm.ok()) << pm.status();
  Diagnostics diag;
  PassContext ctx{problem, diag};
  absl::StatusOr<std::vector<PassRun>> runs = pm->Run(net, ctx);
  ASSERT_TRUE(runs.ok()) << runs.status();
}

// `samples` inputs (all box corners first when there are at most 2^16 of them, then uniform
// random points) never produce a neuron value outside its bounds.
inline void ExpectSampledValuesInsideBounds(const ir::Network& net, const ir::Problem& problem,
                                            int samples, unsigned seed) {
  const size_t dim = problem.input_box.size();
  const int corners = dim <= 16 ? (1 << dim) : 0;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> x(dim);
  for (int s = 0; s < samples; ++s) {
    for (size_t i = 0; i < dim; ++i) {
      const ir::Interval& b = problem.input_box[i];
      x[i] = s < corners ? ((s >> i) & 1 ? b.hi : b.lo) : b.lo + u(rng) * b.width();
    }
    absl::StatusOr<std::vector<double>> v = ir::EvaluateNeurons(net, x);
    ASSERT_TRUE(v.ok()) << v.status();
    for (int32_t n = 0; n < net.num_neurons(); ++n) {
      const ir::Interval& b = net.bounds(ir::NeuronId(n));
      ASSERT_TRUE(b.Contains((*v)[static_cast<size_t>(n)]))
          << "neuron " << n << " value " << (*v)[static_cast<size_t>(n)] << " outside [" << b.lo
          << ", " << b.hi << "] at sample " << s;
    }
  }
}

// Every bound of `inner` lies inside the same neuron's bound of `outer`.
inline void ExpectInside(const ir::Network& inner, const ir::Network& outer) {
  ASSERT_EQ(inner.num_neurons(), outer.num_neurons());
  for (int32_t n = 0; n < inner.num_neurons(); ++n) {
    const ir::Interval a = inner.bounds(ir::NeuronId(n)), b = outer.bounds(ir::NeuronId(n));
    EXPECT_GE(a.lo, b.lo) << "neuron " << n;
    EXPECT_LE(a.hi, b.hi) << "neuron " << n;
  }
}

// Unstable ReLU count: ReLUs whose input bounds straddle 0.
inline int CountUnstable(const ir::Network& net) {
  int count = 0;
  for (int32_t n = 0; n < net.num_neurons(); ++n) {
    if (net.kind(ir::NeuronId(n)) != ir::NeuronKind::kRelu) continue;
    const ir::Interval z = net.bounds(net.relu_input(ir::NeuronId(n)));
    count += z.lo < 0 && z.hi > 0;
  }
  return count;
}

// A small residual DAG: x (3 inputs) -> h1 = relu(W1 x + b1) (6) -> h2 = relu(W2 h1 + b2) (6)
// -> r = relu(h2 + h1 + x-projection) (6) -> out = W3 r (2). Weights from `seed`.
inline ir::Network ResidualNet(unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> w(0, 0.8f);
  ir::NetworkBuilder nb;
  const ir::TensorId in = nb.AddTensor("x", {3});
  std::vector<ir::NeuronId> x;
  for (int i = 0; i < 3; ++i) x.push_back(nb.AddInput(in, i));
  nb.AddInputPort({"x", {3}, x});
  auto dense = [&](const std::string& name, const std::vector<std::vector<ir::NeuronId>>& srcs,
                   int width, bool relu) {
    const ir::TensorId zt = nb.AddTensor(name + "_z", {width});
    const ir::TensorId yt = nb.AddTensor(name, {width});
    std::vector<ir::NeuronId> out;
    for (int j = 0; j < width; ++j) {
      std::vector<ir::Term> terms;
      for (const auto& group : srcs) {
        for (ir::NeuronId s : group) terms.push_back({s, w(rng)});
      }
      const ir::NeuronId z = *nb.AddAffine(zt, j, terms, w(rng) * 0.2f);
      out.push_back(relu ? nb.AddRelu(yt, j, z) : z);
    }
    return out;
  };
  const auto h1 = dense("h1", {x}, 6, true);
  const auto h2 = dense("h2", {h1}, 6, true);
  const auto r = dense("r", {x, h1, h2}, 6, true);
  const auto out = dense("out", {r, h1}, 2, false);
  nb.AddOutputPort({"out", {2}, out});
  return *std::move(nb).Build();
}

}  // namespace nn2milp::passes

#endif  // NN2MILP_TESTS_PASSES_BOUND_TEST_UTIL_H_
