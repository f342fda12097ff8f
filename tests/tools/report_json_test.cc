#include "tools/commands/report_json.h"

#include <iterator>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/network_builder.h"
#include "passes/bounds_interval.h"
#include "passes/encode_milp.h"
#include "passes/solver_tolerance.h"

namespace nn2milp::tools {
namespace {

using ::testing::HasSubstr;

// x in [-1, 1]; three ReLUs of x + c with c = 2 (always on), -2 (always off), 0.5 (unstable,
// bounds [-0.5, 1.5], big-M 1.5).
ir::Network ThreeRelus(ir::Problem& problem) {
  ir::NetworkBuilder b;
  const ir::NeuronId x = b.AddInput(b.AddTensor("x", {1}), 0);
  const ir::TensorId z = b.AddTensor("z", {3}), r = b.AddTensor("r", {3});
  std::vector<ir::NeuronId> outs;
  int i = 0;
  for (double c : {2.0, -2.0, 0.5}) {
    std::vector<ir::Term> t = {{x, 1.0}};
    outs.push_back(b.AddRelu(r, i, *b.AddAffine(z, i, t, c)));
    ++i;
  }
  b.AddInputPort({"x", {1}, {x}});
  b.AddOutputPort({"r", {3}, outs});
  ir::Network net = *std::move(b).Build();
  problem.input_box = {{-1, 1}};
  Diagnostics diag;
  passes::PassContext ctx{problem, diag};
  (void)passes::BoundsIntervalPass().Run(net, ctx);
  return net;
}

TEST(ReportJsonTest, LayerStatsCountStableAndUnstableNeurons) {
  ir::Problem problem;
  const ir::Network net = ThreeRelus(problem);
  const std::vector<LayerStats> layers = ComputeLayerStats(net);
  ASSERT_EQ(layers.size(), 1u);
  EXPECT_EQ(layers[0].name, "r");
  EXPECT_EQ(layers[0].neurons, 3);
  EXPECT_EQ(layers[0].stable_active, 1);
  EXPECT_EQ(layers[0].stable_inactive, 1);
  EXPECT_EQ(layers[0].unstable, 1);
  ASSERT_EQ(layers[0].big_m.size(), 1u);
  EXPECT_EQ(layers[0].big_m[0], 1.5);
}

TEST(ReportJsonTest, ActivationPatternsAreALowerBoundOnRegions) {
  ir::Problem problem;
  const ir::Network net = ThreeRelus(problem);
  // Only the third ReLU switches, at x = -0.5: exactly two patterns exist in [-1, 1].
  EXPECT_EQ(CountActivationPatterns(net, problem, 1000), 2);
  problem.input_box = {{0, 1}};  // only the "on" side of the kink
  EXPECT_EQ(CountActivationPatterns(net, problem, 1000), 1);
}

TEST(ReportJsonTest, JsonCarriesLayersPassesAndMilp) {
  ir::Problem problem;
  const ir::Network net = ThreeRelus(problem);
  const std::string json = ReportJson(net, problem, {}, ir::MilpModel());
  EXPECT_THAT(json, HasSubstr("\"name\": \"r\", \"neurons\": 3, \"stable_active\": 1, "
                              "\"stable_inactive\": 1, \"unstable\": 1, \"bigm\": {\"min\": 1.5, "
                              "\"median\": 1.5, \"max\": 1.5}"));
  EXPECT_THAT(json, HasSubstr("\"passes\": []"));
  EXPECT_THAT(json, HasSubstr("\"distinct_activation_patterns\": 2"));
}

// r0 = x + 2 (stable: e = 2 eps_feas), r1 = 0 (a constant output: eps_feas), r2 = relu(x + 0.5)
// (unstable, big-M 1.5: e = 3 eps_feas + 1.5 eps_int); without an objective the table measures
// the output with the largest deviation.
TEST(ReportJsonTest, ToleranceTableAndNumericsSection) {
  ir::Problem problem;
  const ir::Network net = ThreeRelus(problem);
  absl::StatusOr<passes::Encoding> enc = passes::EncodeMilp(net, problem);
  ASSERT_TRUE(enc.ok()) << enc.status();
  const std::vector<ToleranceRow> rows =
      ToleranceTable(net, problem, passes::AnalyzeSolverTolerance(net, *enc));
  ASSERT_EQ(rows.size(), std::size(passes::kDefaultSolverTolerances));
  EXPECT_EQ(rows[0].tolerances.solver, "cbc");
  EXPECT_EQ(rows[0].output, 2);
  EXPECT_NEAR(rows[0].deviation, 3e-7 + 1.5e-7, 1e-15);
  EXPECT_NEAR(rows[0].integrality_part, 1.5e-7, 1e-15);
  EXPECT_EQ(rows[0].output_range, 1.5);
  EXPECT_DOUBLE_EQ(rows[0].max_output_deviation, rows[0].deviation);
  const std::string json = ReportJson(net, problem, {}, enc->model, rows);
  EXPECT_THAT(json, HasSubstr("\"numerics\": {\"coefficients\": {\"min_abs\": 0.5, \"max_abs\": 1.5, "
                              "\"span\": 3}"));
  EXPECT_THAT(json, HasSubstr("\"solver_tolerances\": [\n    {\"solver\": \"cbc\", \"integrality\": 1e-07, "
                              "\"feasibility\": 1e-07"));
  EXPECT_THAT(json, HasSubstr("{\"solver\": \"glpk\""));
}

}  // namespace
}  // namespace nn2milp::tools
