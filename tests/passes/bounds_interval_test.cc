#include "passes/bounds_interval.h"

#include <random>

#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "tests/testing/random_network.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

// Soundness: 100,000 inputs (all box corners of a 4-input net, then random points) never
// produce a neuron value outside its computed bounds.
TEST(BoundsIntervalTest, SampledValuesStayInsideBounds) {
  ir::Network net = testing::RandomMlp({4, 8, 8, 8, 3}, 1);
  ir::Problem problem;
  problem.input_box = {{-1, 1}, {0, 2}, {-0.5, -0.25}, {3, 3}};
  Diagnostics diag;
  PassContext ctx{problem, diag};
  NN2MILP_ASSERT_OK_AND_ASSIGN(PassResult r, BoundsIntervalPass().Run(net, ctx));
  EXPECT_TRUE(r.changed);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  for (int s = 0; s < 100000; ++s) {
    std::vector<double> x(4);
    for (int i = 0; i < 4; ++i) {
      const ir::Interval& b = problem.input_box[i];
      x[i] = s < 16 ? ((s >> i) & 1 ? b.hi : b.lo) : b.lo + u(rng) * b.width();
    }
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> v, ir::EvaluateNeurons(net, x));
    for (int32_t n = 0; n < net.num_neurons(); ++n) {
      ASSERT_TRUE(net.bounds(ir::NeuronId(n)).Contains(v[n])) << "neuron " << n << " sample " << s;
    }
  }
}

TEST(BoundsIntervalTest, ExactOnASingleNeuron) {
  // z = 2x - 1 on x in [-1, 1]: [-3, 1]; relu: [0, 1].
  ir::NetworkBuilder b;
  const ir::NeuronId x = b.AddInput(b.AddTensor("x", {1}), 0);
  std::vector<ir::Term> t = {{x, 2.0}};
  const ir::NeuronId z = *b.AddAffine(b.AddTensor("z", {1}), 0, t, -1.0);
  const ir::NeuronId y = b.AddRelu(b.AddTensor("y", {1}), 0, z);
  b.AddInputPort({"x", {1}, {x}});
  b.AddOutputPort({"y", {1}, {y}});
  ir::Network net = *std::move(b).Build();
  ir::Problem problem{{{-1, 1}}, ir::ObjectiveSense::kNone, 0};
  Diagnostics diag;
  PassContext ctx{problem, diag};
  ASSERT_TRUE(BoundsIntervalPass().Run(net, ctx).ok());
  EXPECT_NEAR(net.bounds(z).lo, -3.0, 1e-14);
  EXPECT_NEAR(net.bounds(z).hi, 1.0, 1e-14);
  EXPECT_LE(net.bounds(z).lo, -3.0);
  EXPECT_GE(net.bounds(z).hi, 1.0);
  EXPECT_EQ(net.bounds(y).lo, 0.0);
}

}  // namespace
}  // namespace nn2milp::passes
