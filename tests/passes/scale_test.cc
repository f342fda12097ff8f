#include "passes/scale.h"

#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "ir/network_builder.h"
#include "tests/passes/bound_test_util.h"
#include "tests/testing/random_network.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

absl::StatusOr<PassResult> RunScale(ir::Network& net, const ir::Problem& problem) {
  Diagnostics diag;
  PassContext ctx{problem, diag};
  ScalePass pass;
  return pass.Run(net, ctx);
}

// The header's example: z = 64 x - 16, y = relu(z), out = 2^-10 y + 2^-12 x, x in [0, 1].
TEST(ScaleTest, WorkedExample) {
  ir::NetworkBuilder nb;
  const ir::TensorId xt = nb.AddTensor("x", {1}), zt = nb.AddTensor("z", {1}),
                     yt = nb.AddTensor("y", {1}), ot = nb.AddTensor("out", {1});
  const ir::NeuronId x = nb.AddInput(xt, 0);
  std::vector<ir::Term> tz = {{x, 64.0}};
  const ir::NeuronId z = *nb.AddAffine(zt, 0, tz, -16.0);
  const ir::NeuronId y = nb.AddRelu(yt, 0, z);
  std::vector<ir::Term> to = {{x, std::ldexp(1.0, -12)}, {y, std::ldexp(1.0, -10)}};
  const ir::NeuronId o = *nb.AddAffine(ot, 0, to, 0.0);
  nb.AddInputPort({"x", {1}, {x}});
  nb.AddOutputPort({"out", {1}, {o}});
  ir::Network net = *std::move(nb).Build();
  ir::Problem problem;
  problem.input_box = {{0, 1}};
  RunPipeline(net, problem, "bounds_interval");
  NN2MILP_ASSERT_OK_AND_ASSIGN(PassResult r, RunScale(net, problem));
  EXPECT_EQ(r.rewrites, 1);
  EXPECT_TRUE(r.bounds_valid);
  EXPECT_EQ(net.terms(z)[0].coef, 1.0);
  EXPECT_EQ(net.bias(z), -0.25);
  EXPECT_EQ(net.bounds(z), (ir::Interval{-0.25, 0.75}));
  EXPECT_EQ(net.bounds(y), (ir::Interval{0, 0.75}));
  EXPECT_EQ(net.terms(o)[1].coef, std::ldexp(1.0, -4));
  EXPECT_EQ(r.metrics["coefficient_span_before"], 64.0 * 4096);
  EXPECT_EQ(r.metrics["coefficient_span_after"], 4096.0);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> out, ir::Evaluate(net, {0.5}));
  EXPECT_EQ(out[0], std::ldexp(1.0, -6) + std::ldexp(1.0, -13));
}

// Power-of-two scaling commutes with rounding: every output is bit-for-bit what the unscaled
// network computes, the rescaled bounds stay sound, and the span never widens.
TEST(ScaleTest, OutputsBitIdenticalBoundsSoundSpanNotWider) {
  int scaled_total = 0;
  for (unsigned seed = 1; seed <= 8; ++seed) {
    // Layers of very different magnitudes, so that there is something to balance.
    ir::Network net = testing::RandomMlp({4, 10, 10, 10, 3}, seed, seed % 2 ? 3.0 : 0.05);
    ir::Problem problem;
    problem.input_box.assign(4, {-1, 1});
    RunPipeline(net, problem, "bounds_interval,bounds_symbolic");
    const ir::Network original = net;
    NN2MILP_ASSERT_OK_AND_ASSIGN(PassResult r, RunScale(net, problem));
    scaled_total += static_cast<int>(r.rewrites);
    EXPECT_LE(r.metrics["coefficient_span_after"], r.metrics["coefficient_span_before"]);
    ExpectSampledValuesInsideBounds(net, problem, 2000, seed);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1, 1);
    for (int s = 0; s < 500; ++s) {
      std::vector<double> x(4);
      for (double& xi : x) xi = u(rng);
      NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> a, ir::Evaluate(original, x));
      NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> b, ir::Evaluate(net, x));
      ASSERT_EQ(a, b) << "seed " << seed;
    }
  }
  EXPECT_GT(scaled_total, 10);
}

TEST(ScaleTest, NeedsBounds) {
  ir::Network net = testing::RandomMlp({2, 3, 1}, 1);
  ir::Problem problem;
  problem.input_box.assign(2, {-1, 1});
  EXPECT_THAT(RunScale(net, problem), testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                                        ::testing::HasSubstr("run a bounds pass before scale")));
}

}  // namespace
}  // namespace nn2milp::passes
