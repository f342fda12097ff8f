#include "passes/encode_milp.h"

#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "passes/bounds_interval.h"
#include "tests/testing/random_network.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

using ::nn2milp::testing::StatusIs;
using ::testing::HasSubstr;

// One ReLU: z = x + c, y = relu(z), x in [-1, 1].
ir::Network OneRelu(double c) {
  ir::NetworkBuilder b;
  const ir::NeuronId x = b.AddInput(b.AddTensor("x", {1}), 0);
  std::vector<ir::Term> t = {{x, 1.0}};
  const ir::NeuronId z = *b.AddAffine(b.AddTensor("z", {1}), 0, t, c);
  const ir::NeuronId y = b.AddRelu(b.AddTensor("y", {1}), 0, z);
  std::vector<ir::Term> t2 = {{y, 2.0}};
  const ir::NeuronId o = *b.AddAffine(b.AddTensor("o", {1}), 0, t2, 0.5);
  b.AddInputPort({"x", {1}, {x}});
  b.AddOutputPort({"o", {1}, {o}});
  return *std::move(b).Build();
}

absl::StatusOr<Encoding> Bound(ir::Network& net, const ir::Problem& p) {
  Diagnostics diag;
  PassContext ctx{p, diag};
  if (absl::Status s = BoundsIntervalPass().Run(net, ctx).status(); !s.ok()) return s;
  return EncodeMilp(net, p);
}

TEST(EncodeMilpTest, StableActiveNeedsNoBinary) {
  ir::Network net = OneRelu(2.0);  // z in [1, 3]
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding e, Bound(net, {{{-1, 1}}, ir::ObjectiveSense::kMaximize, 0}));
  EXPECT_EQ(e.stats.stable_active, 1);
  EXPECT_EQ(e.model.num_integer_vars(), 0);
  EXPECT_EQ(e.model.num_rows(), 2);  // z's and o's definitions only
}

TEST(EncodeMilpTest, StableInactiveNeuronIsRemoved) {
  ir::Network net = OneRelu(-2.0);  // z in [-3, -1]
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding e, Bound(net, {{{-1, 1}}, ir::ObjectiveSense::kMaximize, 0}));
  EXPECT_EQ(e.stats.stable_inactive, 1);
  EXPECT_EQ(e.model.num_integer_vars(), 0);
  EXPECT_EQ(e.model.num_rows(), 0);  // o = 0.5 is a constant: a fixed output variable
  EXPECT_EQ(e.model.num_vars(), 2);  // x and o
  const ir::Variable& o = e.model.var(e.output_vars[0][0]);
  EXPECT_EQ(o.lower, 0.5);
  EXPECT_EQ(o.upper, 0.5);
}

TEST(EncodeMilpTest, UnstableUsesItsOwnBigM) {
  ir::Network net = OneRelu(0.25);  // z in [-0.75, 1.25]
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding e, Bound(net, {{{-1, 1}}, ir::ObjectiveSense::kMaximize, 0}));
  EXPECT_EQ(e.stats.unstable, 1);
  EXPECT_EQ(e.model.num_integer_vars(), 1);
  EXPECT_EQ(e.model.num_rows(), 5);  // z, 3 ReLU rows, o
  EXPECT_NEAR(e.stats.max_big_m, 1.25, 1e-12);
  // Maximisation is written as minimising -o.
  ASSERT_EQ(e.model.objective().size(), 1u);
  EXPECT_EQ(e.model.objective()[0].var, e.objective_var);
  EXPECT_EQ(e.model.objective()[0].coef, -1.0);
  EXPECT_EQ(e.objective_scale, -1.0);
}

TEST(EncodeMilpTest, MissingBoundsAreAPreconditionError) {
  ir::Network net = OneRelu(0.0);  // no bounds pass
  EXPECT_THAT(EncodeMilp(net, {{{-1, 1}}, ir::ObjectiveSense::kNone, 0}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("'y'")));
}

// The true forward pass, completed with d = (z > 0), satisfies every row and bound: the
// encoding never cuts off the network's graph. (Solvers then check the converse in e2e tests.)
TEST(EncodeMilpTest, ForwardPassIsFeasible) {
  ir::Network net = testing::RandomMlp({3, 6, 6, 2}, 5);
  ir::Problem p{{{-1, 1}, {-1, 1}, {0, 1}}, ir::ObjectiveSense::kMaximize, 1};
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding e, Bound(net, p));
  ASSERT_GT(e.stats.unstable, 0);
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> u(0, 1);
  for (int s = 0; s < 200; ++s) {
    std::vector<double> x = {2 * u(rng) - 1, 2 * u(rng) - 1, u(rng)};
    std::vector<double> v = *ir::EvaluateNeurons(net, x);
    // Recover each MILP variable's value: input/affine/relu variables are named after their
    // neuron's tensor and index; binaries after the ReLU tensor with ".on".
    std::vector<double> value(e.model.num_vars(), 0.0);
    for (int32_t n = 0; n < net.num_neurons(); ++n) {
      const std::string& tensor = net.tensor_info(net.tensor(ir::NeuronId(n))).name;
      for (int32_t k = 0; k < e.model.num_vars(); ++k) {
        const ir::Variable& var = e.model.var(ir::VarId(k));
        if (var.name.index != net.index_in_tensor(ir::NeuronId(n))) continue;
        const std::string& g = e.model.name_group(var.name.group);
        if (g == tensor) value[k] = v[n];
        if (g == tensor + ".on") value[k] = v[net.relu_input(ir::NeuronId(n)).value()] > 0 ? 1 : 0;
      }
    }
    for (int32_t r = 0; r < e.model.num_rows(); ++r) {
      double lhs = 0;
      for (const ir::VarTerm& t : e.model.row_terms(ir::RowId(r))) lhs += t.coef * value[t.var.value()];
      const double rhs = e.model.row_rhs(ir::RowId(r)), tol = 1e-9 * (1 + std::abs(rhs));
      switch (e.model.row_sense(ir::RowId(r))) {
        case ir::RowSense::kEqual: EXPECT_NEAR(lhs, rhs, tol); break;
        case ir::RowSense::kLessEqual: EXPECT_LE(lhs, rhs + tol); break;
        case ir::RowSense::kGreaterEqual: EXPECT_GE(lhs, rhs - tol); break;
      }
    }
    for (int32_t k = 0; k < e.model.num_vars(); ++k) {
      EXPECT_GE(value[k], e.model.var(ir::VarId(k)).lower - 1e-12);
      EXPECT_LE(value[k], e.model.var(ir::VarId(k)).upper + 1e-12);
    }
  }
}

}  // namespace
}  // namespace nn2milp::passes

namespace nn2milp::passes {
namespace {

// Regression (CBC "Bad image" on LO 0.42432194479605434 / UP 0.4243219447960544): CoinUtils
// reads numbers with an ulp of error, so derived bounds a few ulps apart are widened.
TEST(EncodeMilpTest, NearlyEqualDerivedBoundsAreWidened) {
  ir::Network net = OneRelu(0.0);
  const double x = 0.42432194479605434;
  NN2MILP_ASSERT_OK_AND_ASSIGN(
      Encoding e, Bound(net, {{{x, std::nextafter(x, 1.0)}}, ir::ObjectiveSense::kMaximize, 0}));
  for (int32_t v = 0; v < e.model.num_vars(); ++v) {
    const ir::Variable& var = e.model.var(ir::VarId(v));
    if (v == e.input_vars[0][0].value() || var.lower == var.upper) continue;  // user bounds stay
    EXPECT_GE(var.upper - var.lower, 1e-12 * std::max(1.0, std::abs(var.lower))) << v;
  }
}

}  // namespace
}  // namespace nn2milp::passes
