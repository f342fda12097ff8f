#include "passes/bounds_symbolic.h"

#include <vector>

#include "gtest/gtest.h"
#include "ir/network_builder.h"
#include "passes/bounds_interval.h"
#include "tests/passes/bound_test_util.h"
#include "tests/testing/random_network.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

// x1, x2 in [-1, 1]; z1 = x1 + x2, z2 = x1 - x2, out = z1 + z2 (= 2 x1), the header's example.
struct TwoNeuron {
  ir::Network net;
  ir::NeuronId z1, z2, out;
};
TwoNeuron TwoNeuronNet() {
  ir::NetworkBuilder b;
  const ir::TensorId xt = b.AddTensor("x", {2});
  const ir::NeuronId x1 = b.AddInput(xt, 0), x2 = b.AddInput(xt, 1);
  const ir::TensorId zt = b.AddTensor("z", {2});
  std::vector<ir::Term> t1 = {{x1, 1.0}, {x2, 1.0}}, t2 = {{x1, 1.0}, {x2, -1.0}};
  TwoNeuron r;
  r.z1 = *b.AddAffine(zt, 0, t1, 0.0);
  r.z2 = *b.AddAffine(zt, 1, t2, 0.0);
  std::vector<ir::Term> t3 = {{r.z1, 1.0}, {r.z2, 1.0}};
  r.out = *b.AddAffine(b.AddTensor("out", {1}), 0, t3, 0.0);
  b.AddInputPort({"x", {2}, {x1, x2}});
  b.AddOutputPort({"out", {1}, {r.out}});
  r.net = *std::move(b).Build();
  return r;
}

const ir::Problem kUnitBox2{{{-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};

TEST(BoundsSymbolicTest, TwoNeuronExampleIsStrictlyTighterThanInterval) {
  TwoNeuron ia = TwoNeuronNet(), sym = TwoNeuronNet();
  RunPipeline(ia.net, kUnitBox2, "bounds_interval");
  RunPipeline(sym.net, kUnitBox2, "bounds_interval,bounds_symbolic");
  EXPECT_EQ(ia.net.bounds(ia.out), (ir::Interval{-4, 4}));
  // 2 x1 on [-1, 1]: [-2, 2], widened only by the rounding-error allowance.
  const ir::Interval b = sym.net.bounds(sym.out);
  EXPECT_LE(b.lo, -2.0);
  EXPECT_GE(b.lo, -2.0 - 1e-12);
  EXPECT_GE(b.hi, 2.0);
  EXPECT_LE(b.hi, 2.0 + 1e-12);
}

TEST(BoundsSymbolicTest, ReluExampleOfTheHeader) {
  // y1 = relu(x1 + x2), o = y1 - (x1 - x2): interval o <= 4, symbolic o <= 3, both o >= -2.
  ir::NetworkBuilder b;
  const ir::TensorId xt = b.AddTensor("x", {2});
  const ir::NeuronId x1 = b.AddInput(xt, 0), x2 = b.AddInput(xt, 1);
  std::vector<ir::Term> t1 = {{x1, 1.0}, {x2, 1.0}}, t2 = {{x1, 1.0}, {x2, -1.0}};
  const ir::NeuronId z1 = *b.AddAffine(b.AddTensor("z1", {1}), 0, t1, 0.0);
  const ir::NeuronId y1 = b.AddRelu(b.AddTensor("y1", {1}), 0, z1);
  const ir::NeuronId z2 = *b.AddAffine(b.AddTensor("z2", {1}), 0, t2, 0.0);
  std::vector<ir::Term> t3 = {{y1, 1.0}, {z2, -1.0}};
  const ir::NeuronId o = *b.AddAffine(b.AddTensor("o", {1}), 0, t3, 0.0);
  b.AddInputPort({"x", {2}, {x1, x2}});
  b.AddOutputPort({"o", {1}, {o}});
  ir::Network net = *std::move(b).Build();
  ir::Network ia = net;
  RunPipeline(ia, kUnitBox2, "bounds_interval");
  RunPipeline(net, kUnitBox2, "bounds_interval,bounds_symbolic");
  EXPECT_EQ(ia.bounds(o), (ir::Interval{-2, 4}));
  EXPECT_EQ(net.bounds(o).lo, -2.0);
  EXPECT_GE(net.bounds(o).hi, 3.0);
  EXPECT_LE(net.bounds(o).hi, 3.0 + 1e-12);
}

TEST(BoundsSymbolicTest, RunsWithoutAnIntervalPassFirst) {
  TwoNeuron sym = TwoNeuronNet();
  RunPipeline(sym.net, kUnitBox2, "bounds_symbolic");
  EXPECT_LE(sym.net.bounds(sym.out).hi, 2.0 + 1e-12);
  EXPECT_EQ(sym.net.bounds(sym.z1), (ir::Interval{-2, 2}));
}

TEST(BoundsSymbolicTest, SampledValuesStayInsideBoundsOfRandomMlps) {
  struct Case {
    std::vector<int> widths;
    ir::Problem problem;
  };
  const std::vector<Case> cases = {
      {{4, 8, 8, 8, 3}, {{{-1, 1}, {0, 2}, {-0.5, -0.25}, {3, 3}}, ir::ObjectiveSense::kNone, 0}},
      {{3, 10, 10, 10, 10, 2}, {{{-1, 1}, {-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0}},
  };
  for (size_t c = 0; c < cases.size(); ++c) {
    ir::Network net = testing::RandomMlp(cases[c].widths, 11 + static_cast<unsigned>(c));
    ir::Network ia = net;
    RunPipeline(ia, cases[c].problem, "bounds_interval");
    RunPipeline(net, cases[c].problem, "bounds_interval,bounds_symbolic");
    ExpectInside(net, ia);
    EXPECT_LE(CountUnstable(net), CountUnstable(ia));
    ExpectSampledValuesInsideBounds(net, cases[c].problem, 100000, 7 + static_cast<unsigned>(c));
  }
}

TEST(BoundsSymbolicTest, SampledValuesStayInsideBoundsOfAResidualNet) {
  ir::Network net = ResidualNet(4);
  const ir::Problem p{{{-1, 1}, {-2, 0.5}, {0, 1}}, ir::ObjectiveSense::kNone, 0};
  ir::Network ia = net;
  RunPipeline(ia, p, "bounds_interval");
  RunPipeline(net, p, "bounds_interval,bounds_symbolic");
  ExpectInside(net, ia);
  ExpectSampledValuesInsideBounds(net, p, 100000, 5);
}

TEST(BoundsSymbolicTest, ManyInputsSmallBox) {
  // A 30-input net on a small box around a point: random points only, bounds far tighter.
  ir::Network net = testing::RandomMlp({30, 20, 20, 4}, 21, 0.4);
  ir::Problem p;
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 30; ++i) {
    const double c = u(rng);
    p.input_box.push_back({c - 0.05, c + 0.05});
  }
  ir::Network ia = net;
  RunPipeline(ia, p, "bounds_interval");
  RunPipeline(net, p, "bounds_interval,bounds_symbolic");
  ExpectInside(net, ia);
  ExpectSampledValuesInsideBounds(net, p, 100000, 6);
}

TEST(BoundsSymbolicTest, IsIdempotentAndNeverLoosens) {
  ir::Network net = testing::RandomMlp({4, 8, 8, 3}, 3);
  const ir::Problem p{{{-1, 1}, {-1, 1}, {-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};
  RunPipeline(net, p, "bounds_interval,bounds_symbolic");
  ir::Network again = net;
  RunPipeline(again, p, "bounds_symbolic,bounds_interval");
  ExpectInside(again, net);
}

}  // namespace
}  // namespace nn2milp::passes
