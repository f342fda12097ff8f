#include "passes/bounds_lp.h"

#include <optional>
#include <string>
#include <vector>

#include "backends/mps_writer.h"
#include "gtest/gtest.h"
#include "ir/network_builder.h"
#include "passes/encode_milp.h"
#include "tests/passes/bound_test_util.h"
#include "tests/testing/random_network.h"
#include "tests/testing/solvers.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

using ::nn2milp::testing::StatusIs;

constexpr char kInterval[] = "bounds_interval";
constexpr char kSymbolic[] = "bounds_interval,bounds_symbolic";
constexpr char kLp[] = "bounds_interval,bounds_symbolic,bounds_lp";

// The header's example: z1 = x1 + x2, y1 = relu(z1), o = y1 - z1/2 + 0.5 feeding a ReLU.
TEST(BoundsLpTest, HeaderExampleBecomesStable) {
  ir::NetworkBuilder b;
  const ir::TensorId xt = b.AddTensor("x", {2});
  const ir::NeuronId x1 = b.AddInput(xt, 0), x2 = b.AddInput(xt, 1);
  std::vector<ir::Term> t1 = {{x1, 1.0}, {x2, 1.0}};
  const ir::NeuronId z1 = *b.AddAffine(b.AddTensor("z1", {1}), 0, t1, 0.0);
  const ir::NeuronId y1 = b.AddRelu(b.AddTensor("y1", {1}), 0, z1);
  std::vector<ir::Term> t2 = {{z1, -0.5}, {y1, 1.0}};
  const ir::NeuronId o = *b.AddAffine(b.AddTensor("o", {1}), 0, t2, 0.5);
  const ir::NeuronId r = b.AddRelu(b.AddTensor("r", {1}), 0, o);
  b.AddInputPort({"x", {2}, {x1, x2}});
  b.AddOutputPort({"r", {1}, {r}});
  ir::Network net = *std::move(b).Build();
  const ir::Problem p{{{-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};
  ir::Network sym = net;
  RunPipeline(sym, p, kSymbolic);
  EXPECT_LT(sym.bounds(o).lo, 0);  // symbolic: -0.5, unstable
  RunPipeline(net, p, kLp);
  EXPECT_GE(net.bounds(o).lo, 0.5 - 1e-9);
  EXPECT_LE(net.bounds(o).lo, 0.5);
  EXPECT_EQ(net.bounds(r).lo, net.bounds(o).lo);  // the ReLU is stable active now
}

// Constraints over the inputs alone cut the box: z = x1 + x2 - 1.5 over [0, 1]^2 is unstable
// ([-1.5, 0.5]), but with x1 + x2 <= 1 it is at most -0.5, so its ReLU is always off.
TEST(BoundsLpTest, InputOnlyConstraintsTightenTheBounds) {
  ir::NetworkBuilder b;
  const ir::TensorId xt = b.AddTensor("x", {2});
  const ir::NeuronId x1 = b.AddInput(xt, 0), x2 = b.AddInput(xt, 1);
  std::vector<ir::Term> t = {{x1, 1.0}, {x2, 1.0}};
  const ir::NeuronId z = *b.AddAffine(b.AddTensor("z", {1}), 0, t, -1.5);
  const ir::NeuronId y = b.AddRelu(b.AddTensor("y", {1}), 0, z);
  b.AddInputPort({"x", {2}, {x1, x2}});
  b.AddOutputPort({"y", {1}, {y}});
  const ir::Network net = *std::move(b).Build();
  ir::Problem p{{{0, 1}, {0, 1}}, ir::ObjectiveSense::kNone, 0};

  ir::Network plain = net;
  RunPipeline(plain, p, kLp);
  EXPECT_EQ(plain.bounds(z).hi, 0.5);  // the box alone: exact, unstable

  // x1 + x2 <= 1, written with a repeated element (x1 counted twice, once negated).
  p.constraints.push_back({{{ir::ElementKind::kInput, 0, 2.0},
                            {ir::ElementKind::kInput, 1, 1.0},
                            {ir::ElementKind::kInput, 0, -1.0}},
                           1.0});
  // A constraint on an output is not used to bound the network (it is not valid on the box).
  p.constraints.push_back({{{ir::ElementKind::kOutput, 0, 1.0}}, -5.0});
  ir::Network cut = net;
  RunPipeline(cut, p, kLp);
  EXPECT_LE(cut.bounds(z).hi, -0.5 + 1e-9);
  EXPECT_GE(cut.bounds(z).hi, -0.5);          // sound: the vertex (1, 0) reaches -0.5
  EXPECT_EQ(cut.bounds(z).lo, -1.5);
  EXPECT_LE(cut.bounds(y).hi, 0.0);           // stable inactive now
  // Sound on samples of the cut box.
  for (int i = 0; i <= 20; ++i) {
    for (int j = 0; j <= 20 - i; ++j) {
      const double v = i / 20.0 + j / 20.0 - 1.5;
      EXPECT_LE(v, cut.bounds(z).hi);
      EXPECT_GE(v, cut.bounds(z).lo);
    }
  }
}

TEST(BoundsLpTest, SampledValuesStayInsideBoundsAndLevelsNest) {
  struct Case {
    ir::Network net;
    ir::Problem problem;
  };
  std::vector<Case> cases;
  cases.push_back({testing::RandomMlp({4, 8, 8, 8, 3}, 1),
                   {{{-1, 1}, {0, 2}, {-0.5, -0.25}, {3, 3}}, ir::ObjectiveSense::kNone, 0}});
  cases.push_back({testing::RandomMlp({3, 10, 10, 10, 2}, 2),
                   {{{-1, 1}, {-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0}});
  cases.push_back({ResidualNet(4), {{{-1, 1}, {-2, 0.5}, {0, 1}}, ir::ObjectiveSense::kNone, 0}});
  for (size_t c = 0; c < cases.size(); ++c) {
    SCOPED_TRACE(c);
    ir::Network ia = cases[c].net, sym = cases[c].net, lp = cases[c].net;
    RunPipeline(ia, cases[c].problem, kInterval);
    RunPipeline(sym, cases[c].problem, kSymbolic);
    RunPipeline(lp, cases[c].problem, kLp);
    ExpectInside(sym, ia);
    ExpectInside(lp, sym);
    EXPECT_LE(CountUnstable(lp), CountUnstable(sym));
    double width_sym = 0, width_lp = 0;
    for (int32_t n = 0; n < lp.num_neurons(); ++n) {
      width_sym += sym.bounds(ir::NeuronId(n)).width();
      width_lp += lp.bounds(ir::NeuronId(n)).width();
    }
    EXPECT_LT(width_lp, width_sym);  // the LP does tighten something
    ExpectSampledValuesInsideBounds(lp, cases[c].problem, 100000, 17 + static_cast<unsigned>(c));
  }
}

TEST(BoundsLpTest, ZeroBudgetKeepsTheBoundsAndReportsProgressOnlyForWork) {
  ir::Network net = testing::RandomMlp({3, 10, 10, 2}, 2);
  const ir::Problem p{{{-1, 1}, {-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};
  RunPipeline(net, p, kSymbolic);
  ir::Network lp = net;
  int calls = 0;
  PassOptions options;
  options.bound_time_seconds = 0;
  options.progress = [&](absl::string_view, int64_t, int64_t) { ++calls; };
  RunPipeline(lp, p, "bounds_lp", options);
  EXPECT_EQ(calls, 0);
  for (int32_t n = 0; n < net.num_neurons(); ++n) {
    EXPECT_EQ(lp.bounds(ir::NeuronId(n)), net.bounds(ir::NeuronId(n)));
  }

  options.bound_time_seconds = 60;
  int64_t last_done = 0, total = -1;
  options.progress = [&](absl::string_view pass, int64_t done, int64_t planned) {
    EXPECT_EQ(pass, "bounds_lp");
    EXPECT_EQ(done, last_done + 1);
    last_done = done;
    total = planned;
  };
  RunPipeline(lp, p, "bounds_lp", options);
  EXPECT_GT(last_done, 0);
  EXPECT_EQ(last_done, total);
}

TEST(BoundsLpTest, NegativeBudgetIsRejected) {
  ir::Network net = testing::RandomMlp({2, 3, 1}, 2);
  const ir::Problem p{{{-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};
  PassOptions options;
  options.bound_time_seconds = -1;
  Diagnostics diag;
  PassContext ctx{p, diag};
  EXPECT_THAT(BoundsLpPass(options).Run(net, ctx),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr(">= 0")));
}

TEST(BoundsLpTest, NeedsNoEarlierPass) {
  // bounds_lp computes the interval images of the sources on the way.
  ir::Network net = testing::RandomMlp({2, 4, 4, 1}, 2);
  const ir::Problem p{{{-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};
  RunPipeline(net, p, "bounds_lp");
  ExpectSampledValuesInsideBounds(net, p, 1000, 3);
}

// Tighter bounds never change the MILP optimum: CBC on the encoded model gives the same value
// under interval, symbolic and LP bounds.
TEST(BoundsLpTest, MilpOptimumIsUnchangedByTighterBounds) {
  NN2MILP_REQUIRE_PROGRAM("cbc");
  struct Case {
    std::vector<int> widths;
    unsigned seed;
    ir::ObjectiveSense sense;
    int64_t output;
  };
  const std::vector<Case> cases = {{{2, 6, 6, 1}, 1, ir::ObjectiveSense::kMaximize, 0},
                                   {{2, 6, 6, 1}, 1, ir::ObjectiveSense::kMinimize, 0},
                                   {{3, 5, 5, 5, 2}, 4, ir::ObjectiveSense::kMaximize, 1},
                                   {{3, 8, 8, 2}, 9, ir::ObjectiveSense::kMinimize, 0}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.seed);
    ir::Problem p;
    p.input_box.assign(static_cast<size_t>(c.widths[0]), ir::Interval{-1, 1});
    p.sense = c.sense;
    p.objective_output = c.output;
    std::vector<double> optima;
    for (const char* pipeline : {kInterval, kSymbolic, kLp}) {
      ir::Network net = testing::RandomMlp(c.widths, c.seed);
      RunPipeline(net, p, pipeline);
      NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding enc, EncodeMilp(net, p));
      NN2MILP_ASSERT_OK_AND_ASSIGN(std::string mps, backends::MpsToString(enc.model));
      const std::optional<double> opt = testing::CbcOptimum(testing::WriteTempFile(mps, ".mps"));
      ASSERT_TRUE(opt.has_value()) << pipeline;
      optima.push_back(*opt);
    }
    EXPECT_NEAR(optima[1], optima[0], 1e-6);
    EXPECT_NEAR(optima[2], optima[0], 1e-6);
  }
}

}  // namespace
}  // namespace nn2milp::passes
