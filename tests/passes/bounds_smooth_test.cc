// Bound soundness for networks with smooth neurons (issue 6): every bound level (interval,
// symbolic, LP) contains every value the network takes at 10^4 sampled inputs (box corners
// first), for random networks mixing ReLU with each smooth function; stronger levels are never
// looser than interval arithmetic; cleanup_coefficients propagates its deviation through smooth
// neurons soundly.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "ir/smooth.h"
#include "tests/passes/bound_test_util.h"
#include "tests/testing/random_network.h"

namespace nn2milp::passes {
namespace {

using Acts = std::vector<std::optional<ir::SmoothFunction>>;

const std::vector<Acts>& Mixes() {
  static const std::vector<Acts> mixes = {
      {ir::SmoothFunction::kSigmoid},
      {ir::SmoothFunction::kTanh, std::nullopt},
      {std::nullopt, ir::SmoothFunction::kSoftplus},
      {ir::SmoothFunction::kExp, ir::SmoothFunction::kTanh},
      {ir::SmoothFunction::kSigmoid, std::nullopt, ir::SmoothFunction::kSoftplus, ir::SmoothFunction::kExp},
  };
  return mixes;
}

TEST(BoundsSmoothTest, EveryLevelContainsSampledValues) {
  for (size_t m = 0; m < Mixes().size(); ++m) {
    for (const char* pipeline : {"bounds_interval", "bounds_interval,bounds_symbolic",
                                 "bounds_interval,bounds_symbolic,bounds_lp"}) {
      SCOPED_TRACE(absl::StrCat("mix ", m, ", ", pipeline));
      ir::Network net = testing::RandomMixedMlp({4, 8, 8, 6, 3}, 40 + static_cast<unsigned>(m), Mixes()[m]);
      ir::Problem problem;
      problem.input_box = {{-1, 1}, {-0.5, 2}, {0, 1}, {-2, -1}};
      RunPipeline(net, problem, pipeline);
      for (int32_t n = 0; n < net.num_neurons(); ++n) ASSERT_TRUE(net.bounds(ir::NeuronId(n)).lo <= net.bounds(ir::NeuronId(n)).hi);
      ExpectSampledValuesInsideBounds(net, problem, 10000, 7 + static_cast<unsigned>(m));
      ir::Network weak = testing::RandomMixedMlp({4, 8, 8, 6, 3}, 40 + static_cast<unsigned>(m), Mixes()[m]);
      RunPipeline(weak, problem, "bounds_interval");
      ExpectInside(net, weak);
    }
  }
}

TEST(BoundsSmoothTest, SymbolicSecantsTightenBoundsAfterSmoothLayers) {
  // Exp and softplus layers (convex: secant upper lines) before ReLU layers: back-substitution
  // through the secants is tighter than the fresh-variable treatment somewhere.
  int64_t tighter = 0;
  for (unsigned seed = 60; seed < 66; ++seed) {
    const Acts acts = {ir::SmoothFunction::kSoftplus, std::nullopt, ir::SmoothFunction::kExp, std::nullopt};
    ir::Network net = testing::RandomMixedMlp({3, 8, 8, 8, 8, 2}, seed, acts);
    ir::Problem problem;
    problem.input_box.assign(3, {-1, 1});
    ir::Network ia = net;
    RunPipeline(ia, problem, "bounds_interval");
    RunPipeline(net, problem, "bounds_interval,bounds_symbolic");
    ExpectSampledValuesInsideBounds(net, problem, 5000, seed);
    ExpectInside(net, ia);
    for (int32_t n = 0; n < net.num_neurons(); ++n) {
      tighter += net.bounds(ir::NeuronId(n)).width() < 0.99 * ia.bounds(ir::NeuronId(n)).width();
    }
  }
  EXPECT_GT(tighter, 0);
}

TEST(BoundsSmoothTest, SymbolicUsesTheSecantOfAConvexActivation) {
  // w = exp(x) - e x over x in [0, 1]: intervals give w <= e - 0 = 2.718...; the secant
  // exp(x) <= 1 + (e - 1) x gives w <= 1 - x <= 1. (Below, exp is a fresh variable >= 1.)
  ir::NetworkBuilder b;
  const ir::TensorId t = b.AddTensor("t", {3});
  const ir::NeuronId x = b.AddInput(t, 0);
  const ir::NeuronId y = b.AddSmooth(t, 1, ir::SmoothFunction::kExp, x);
  std::vector<ir::Term> terms = {{x, -std::exp(1.0)}, {y, 1.0}};
  const ir::NeuronId w = *b.AddAffine(t, 2, terms, 0.0);
  b.AddInputPort({"x", {1}, {x}});
  b.AddOutputPort({"w", {1}, {w}});
  ir::Network net = *std::move(b).Build();
  ir::Problem problem;
  problem.input_box = {{0, 1}};
  ir::Network ia = net;
  RunPipeline(ia, problem, "bounds_interval");
  RunPipeline(net, problem, "bounds_interval,bounds_symbolic");
  EXPECT_GT(ia.bounds(w).hi, 2.7);
  EXPECT_LE(net.bounds(w).hi, 1 + 1e-12);
  EXPECT_GE(net.bounds(w).hi, 1.0);  // attained at x = 0
  EXPECT_LE(net.bounds(w).lo, 1 - std::exp(1.0));
  ExpectSampledValuesInsideBounds(net, problem, 2000, 4);
}

TEST(BoundsSmoothTest, TightOnASingleSigmoid) {
  ir::NetworkBuilder b;
  const ir::TensorId t = b.AddTensor("x", {1});
  const ir::NeuronId x = b.AddInput(t, 0);
  const ir::NeuronId y = b.AddSmooth(t, 0, ir::SmoothFunction::kSigmoid, x);
  b.AddInputPort({"x", {1}, {x}});
  b.AddOutputPort({"y", {1}, {y}});
  ir::Network net = *std::move(b).Build();
  ir::Problem problem;
  problem.input_box = {{-1, 2}};
  RunPipeline(net, problem, "bounds_interval,bounds_symbolic");
  const ir::Interval yb = net.bounds(y);
  EXPECT_LE(yb.lo, 1 / (1 + std::exp(1.0)));
  EXPECT_GE(yb.hi, 1 / (1 + std::exp(-2.0)));
  EXPECT_NEAR(yb.lo, 1 / (1 + std::exp(1.0)), 1e-14);
  EXPECT_NEAR(yb.hi, 1 / (1 + std::exp(-2.0)), 1e-14);
}

TEST(BoundsSmoothTest, CleanupKeepsTheWeightsOfANeuronWithAnUnboundedSource) {
  // x in [-1, 1] -> z = 800 x -> e = exp(z) (interval bound [0, inf): exp(800) overflows)
  // -> w = 0.5 e + 0.25 x: no weight of w may be judged negligible against an infinite scale.
  ir::NetworkBuilder b;
  const ir::TensorId t = b.AddTensor("t", {4});
  const ir::NeuronId x = b.AddInput(t, 0);
  std::vector<ir::Term> zt = {{x, 800.0}};
  const ir::NeuronId z = *b.AddAffine(t, 1, zt, 0.0);
  const ir::NeuronId e = b.AddSmooth(t, 2, ir::SmoothFunction::kExp, z);
  std::vector<ir::Term> wt = {{e, 0.5}, {x, 0.25}};
  const ir::NeuronId w = *b.AddAffine(t, 3, wt, 0.0);
  b.AddInputPort({"x", {1}, {x}});
  b.AddOutputPort({"w", {1}, {w}});
  ir::Network net = *std::move(b).Build();
  const ir::Network original = net;
  ir::Problem problem;
  problem.input_box = {{-1, 1}};
  RunPipeline(net, problem, "cleanup_coefficients,bounds_interval");
  EXPECT_EQ(net.num_terms(), original.num_terms());
  for (double v : {-1.0, 0.0, 0.5}) {
    EXPECT_EQ(*ir::Evaluate(net, {v}), *ir::Evaluate(original, {v})) << "x = " << v;
  }
  ExpectSampledValuesInsideBounds(net, problem, 1000, 3);
}

}  // namespace
}  // namespace nn2milp::passes
