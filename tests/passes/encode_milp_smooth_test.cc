// encode_milp on smooth neurons: one variable and one nonlinear equality row y - f(z) = 0 each,
// with y's bounds; log and reciprocal need positive input bounds (FailedPrecondition otherwise).
#include <cmath>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/network_builder.h"
#include "passes/encode_milp.h"
#include "tests/passes/bound_test_util.h"
#include "tests/testing/random_network.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

using ::nn2milp::testing::StatusIs;
using ::testing::HasSubstr;

// x (2 inputs) -> z = x0 - 0.5 x1 + 0.25 -> y = f(z) (output).
ir::Network OneSmooth(ir::SmoothFunction f) {
  ir::NetworkBuilder b;
  const ir::TensorId in = b.AddTensor("x", {2}), zt = b.AddTensor("z", {1}), yt = b.AddTensor("y", {1});
  const ir::NeuronId x0 = b.AddInput(in, 0), x1 = b.AddInput(in, 1);
  std::vector<ir::Term> terms = {{x0, 1.0}, {x1, -0.5}};
  const ir::NeuronId z = *b.AddAffine(zt, 0, terms, 0.25);
  const ir::NeuronId y = b.AddSmooth(yt, 0, f, z);
  b.AddInputPort({"x", {2}, {x0, x1}});
  b.AddOutputPort({"y", {1}, {y}});
  return *std::move(b).Build();
}

TEST(EncodeMilpSmoothTest, OneVariableAndOneNonlinearRowPerSmoothNeuron) {
  ir::Network net = OneSmooth(ir::SmoothFunction::kTanh);
  ir::Problem problem;
  problem.input_box = {{-1, 1}, {0, 2}};
  RunPipeline(net, problem, "bounds_interval");
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding enc, EncodeMilp(net, problem));
  const ir::MilpModel& m = enc.model;
  EXPECT_EQ(enc.stats.smooth, 1);
  ASSERT_EQ(m.num_vars(), 4);  // x0, x1, z, y
  ASSERT_EQ(m.num_rows(), 2);
  ASSERT_EQ(m.num_nonlinear_rows(), 1);
  ASSERT_EQ(m.row_nonlinear(ir::RowId(1)).size(), 1u);
  const ir::NonlinearTerm* nl = &m.row_nonlinear(ir::RowId(1))[0];
  EXPECT_EQ(nl->function, ir::SmoothFunction::kTanh);
  EXPECT_EQ(nl->var, ir::VarId(2));
  EXPECT_EQ(nl->coef, -1.0);
  EXPECT_EQ(m.row_sense(ir::RowId(1)), ir::RowSense::kEqual);
  EXPECT_EQ(m.row_rhs(ir::RowId(1)), 0.0);
  ASSERT_EQ(m.row_terms(ir::RowId(1)).size(), 1u);
  EXPECT_EQ(m.row_terms(ir::RowId(1))[0].var, ir::VarId(3));
  EXPECT_EQ(m.row_terms(ir::RowId(1))[0].coef, 1.0);
  // y's bounds contain tanh over z in [-1.75, 1.25].
  const ir::Variable& y = m.var(ir::VarId(3));
  EXPECT_LE(y.lower, std::tanh(-1.75));
  EXPECT_GE(y.upper, std::tanh(1.25));
  EXPECT_NEAR(y.lower, std::tanh(-1.75), 1e-14);
  EXPECT_EQ(enc.output_vars[0][0], ir::VarId(3));
}

TEST(EncodeMilpSmoothTest, LogNeedsAPositiveArgument) {
  ir::Network net = OneSmooth(ir::SmoothFunction::kLog);
  ir::Problem problem;
  problem.input_box = {{-1, 1}, {0, 2}};
  RunPipeline(net, problem, "bounds_interval");
  EXPECT_THAT(EncodeMilp(net, problem),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("element 0 of 'y': log needs a positive")));
  ir::Network ok = OneSmooth(ir::SmoothFunction::kLog);
  problem.input_box = {{1, 2}, {0, 1}};  // z in [0.75, 2.25]
  RunPipeline(ok, problem, "bounds_interval");
  EXPECT_TRUE(EncodeMilp(ok, problem).ok());
}

TEST(EncodeMilpSmoothTest, FixedInputsGiveTightBounds) {
  ir::Network net = OneSmooth(ir::SmoothFunction::kExp);
  ir::Problem problem;
  problem.input_box = {{0.5, 0.5}, {1, 1}};  // z = 0.25 exactly; the MILP still has variables
  RunPipeline(net, problem, "bounds_interval");
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding enc, EncodeMilp(net, problem));
  // Inputs are variables (fixed), so z and y are too; y's bounds enclose exp(0.25) tightly.
  const ir::Variable& y = enc.model.var(enc.output_vars[0][0]);
  EXPECT_LE(y.lower, std::exp(0.25));
  EXPECT_GE(y.upper, std::exp(0.25));
  EXPECT_LT(y.upper - y.lower, 1e-11);  // ReadableBounds keeps a 1e-12 relative gap on each side
}

TEST(EncodeMilpSmoothTest, AConstantArgumentFolds) {
  // x in [-1, 1] -> r = relu(x - 5) = 0 (stable inactive) -> w = 2 r + 0.5 -> y = exp(w): the
  // encoder knows w is the constant 0.5, so y is the constant exp(0.5), written as a fixed output.
  ir::NetworkBuilder b;
  const ir::TensorId t = b.AddTensor("t", {5});
  const ir::NeuronId x = b.AddInput(t, 0);
  std::vector<ir::Term> a = {{x, 1.0}};
  const ir::NeuronId z = *b.AddAffine(t, 1, a, -5.0);
  const ir::NeuronId r = b.AddRelu(t, 2, z);
  std::vector<ir::Term> c = {{r, 2.0}};
  const ir::NeuronId w = *b.AddAffine(t, 3, c, 0.5);
  const ir::NeuronId y = b.AddSmooth(t, 4, ir::SmoothFunction::kExp, w);
  b.AddInputPort({"x", {1}, {x}});
  b.AddOutputPort({"y", {1}, {y}});
  ir::Network net = *std::move(b).Build();
  ir::Problem problem;
  problem.input_box = {{-1, 1}};
  RunPipeline(net, problem, "bounds_interval");
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding enc, EncodeMilp(net, problem));
  EXPECT_EQ(enc.model.num_nonlinear_rows(), 0);
  const ir::Variable& out = enc.model.var(enc.output_vars[0][0]);
  EXPECT_EQ(out.lower, std::exp(0.5));
  EXPECT_EQ(out.upper, std::exp(0.5));
}

TEST(EncodeMilpSmoothTest, ReducedSpaceSubstitutesIntoTheNextLayer) {
  // x (2) -> z (3) -> sigmoid (3) -> w (2, output). Full space: 3 sigmoid variables and rows;
  // reduced: none, and each row of w carries the three terms -W_ij sigmoid(z_j).
  const ir::Network base = testing::RandomMixedMlp({2, 3, 2}, 5, {ir::SmoothFunction::kSigmoid});
  ir::Problem problem;
  problem.input_box = {{-1, 1}, {-1, 1}};
  ir::Network net = base;
  RunPipeline(net, problem, "bounds_interval");
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding full, EncodeMilp(net, problem));
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding reduced, EncodeMilp(net, problem, {.nl_reduced = true}));
  EXPECT_EQ(full.model.num_vars(), 2 + 3 + 3 + 2);
  EXPECT_EQ(full.model.num_nonlinear_rows(), 3);
  EXPECT_EQ(reduced.model.num_vars(), 2 + 3 + 2);
  EXPECT_EQ(reduced.model.num_nonlinear_rows(), 2);
  EXPECT_EQ(reduced.model.num_nonlinear_terms(), 6);
  // At a point, the network's own values satisfy every reduced row exactly (up to rounding).
  const std::vector<double> x = {0.3, -0.7};
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> v, ir::EvaluateNeurons(net, x));
  // Reduced variables: inputs (neurons 0, 1), z (2, 4, 6), outputs (w: 8, 9) in VarId order.
  const std::vector<double> value = {v[0], v[1], v[2], v[4], v[6], v[8], v[9]};
  const ir::MilpModel& m = reduced.model;
  for (int32_t r = 0; r < m.num_rows(); ++r) {
    double body = 0;
    for (const ir::VarTerm& t : m.row_terms(ir::RowId(r))) body += t.coef * value[static_cast<size_t>(t.var.value())];
    for (const ir::NonlinearTerm& t : m.row_nonlinear(ir::RowId(r))) {
      body += t.coef * ir::ApplySmooth(t.function, value[static_cast<size_t>(t.var.value())]);
    }
    EXPECT_NEAR(body, m.row_rhs(ir::RowId(r)), 1e-12) << "row " << r;
  }
}

}  // namespace
}  // namespace nn2milp::passes
