#include "passes/cleanup_coefficients.h"

#include <cmath>
#include <random>

#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "tests/testing/random_network.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

// Rebuilds `net` with every weight of |w| < 0.05 replaced by a float32 denormal or a 1e-30 —
// what weight decay leaves on dead neurons.
ir::Network WithTinyWeights(const ir::Network& net, int* injected) {
  ir::NetworkBuilder b;
  for (int32_t t = 0; t < net.num_tensors(); ++t) {
    b.AddTensor(net.tensor_info(ir::TensorId(t)).name, net.tensor_info(ir::TensorId(t)).shape);
  }
  *injected = 0;
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const ir::NeuronId n(i);
    switch (net.kind(n)) {
      case ir::NeuronKind::kInput: b.AddInput(net.tensor(n), net.index_in_tensor(n)); break;
      case ir::NeuronKind::kRelu: b.AddRelu(net.tensor(n), net.index_in_tensor(n), net.relu_input(n)); break;
      case ir::NeuronKind::kSmooth:
        b.AddSmooth(net.tensor(n), net.index_in_tensor(n), net.smooth_function(n), net.smooth_input(n));
        break;
      case ir::NeuronKind::kAffine: {
        std::vector<ir::Term> terms(net.terms(n).begin(), net.terms(n).end());
        for (ir::Term& t : terms) {
          if (std::abs(t.coef) < 0.05) {
            t.coef = (*injected)++ % 2 ? std::copysign(1e-30, t.coef) : 1e-44;  // 1e-44: a float32 denormal
          }
        }
        (void)b.AddAffine(net.tensor(n), net.index_in_tensor(n), terms, net.bias(n));
      }
    }
  }
  for (const ir::Port& p : net.inputs()) b.AddInputPort(p);
  for (const ir::Port& p : net.outputs()) b.AddOutputPort(p);
  return *std::move(b).Build();
}

TEST(CleanupCoefficientsTest, RemovesTinyWeightsWithinTheReportedDeviation) {
  int injected = 0;
  const ir::Network original = WithTinyWeights(testing::RandomMlp({5, 12, 12, 3}, 11), &injected);
  ASSERT_GT(injected, 5);
  ir::Network cleaned = original;
  ir::Problem problem;
  problem.input_box.assign(5, {-1, 1});
  Diagnostics diag;
  PassContext ctx{problem, diag};
  CleanupCoefficientsPass pass;
  NN2MILP_ASSERT_OK_AND_ASSIGN(PassResult r, pass.Run(cleaned, ctx));
  EXPECT_EQ(r.rewrites, injected);
  EXPECT_FALSE(r.bounds_valid);
  EXPECT_EQ(cleaned.num_terms(), original.num_terms() - injected);
  for (int32_t i = 0; i < cleaned.num_neurons(); ++i) {
    if (cleaned.kind(ir::NeuronId(i)) != ir::NeuronKind::kAffine) continue;
    for (const ir::Term& t : cleaned.terms(ir::NeuronId(i))) EXPECT_GE(std::abs(t.coef), 1e-20);
    EXPECT_FALSE(cleaned.bounds(ir::NeuronId(i)).bounded());  // reset
  }
  const double deviation = pass.max_output_deviation();
  EXPECT_GT(deviation, 0.0);
  EXPECT_LT(deviation, 1e-25);
  // The deviation bound holds at sampled points.
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int s = 0; s < 2000; ++s) {
    std::vector<double> x(5);
    for (double& v : x) v = u(rng);
    const std::vector<double> a = *ir::Evaluate(original, x), b = *ir::Evaluate(cleaned, x);
    for (size_t k = 0; k < a.size(); ++k) EXPECT_LE(std::abs(a[k] - b[k]), deviation + 1e-15 * std::abs(a[k]));
  }
}

TEST(CleanupCoefficientsTest, KeepsEverythingThatMatters) {
  ir::Network net = testing::RandomMlp({4, 8, 2}, 3);
  const int64_t before = net.num_terms();
  ir::Problem problem;
  problem.input_box.assign(4, {-1, 1});
  Diagnostics diag;
  PassContext ctx{problem, diag};
  CleanupCoefficientsPass pass;
  NN2MILP_ASSERT_OK_AND_ASSIGN(PassResult r, pass.Run(net, ctx));
  EXPECT_EQ(r.rewrites, 0);
  EXPECT_EQ(net.num_terms(), before);
  EXPECT_EQ(pass.max_output_deviation(), 0.0);
}

TEST(CleanupCoefficientsTest, InputsFixedAtZeroLoseTheirWeightsExactly) {
  ir::Network net = testing::RandomMlp({3, 4, 1}, 8);
  ir::Problem problem{{{-1, 1}, {0, 0}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};
  Diagnostics diag;
  PassContext ctx{problem, diag};
  CleanupCoefficientsPass pass;
  NN2MILP_ASSERT_OK_AND_ASSIGN(PassResult r, pass.Run(net, ctx));
  EXPECT_EQ(r.rewrites, 4);  // the 4 weights of the never-lit input
  EXPECT_EQ(pass.max_output_deviation(), 0.0);
}

}  // namespace
}  // namespace nn2milp::passes
