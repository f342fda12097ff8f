#include "passes/bounds_in.h"

#include <memory>
#include <string>
#include <vector>

#include "backends/bounds_writer.h"
#include "frontend/bounds_json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/network_builder.h"
#include "tests/passes/bound_test_util.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

using ::nn2milp::testing::StatusIs;
using ::testing::HasSubstr;

const ir::Problem kBox3{{{-1, 1}, {-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};

absl::StatusOr<PassResult> RunBoundsIn(ir::Network& net, const ir::Problem& problem,
                                       ir::ExternalBounds given) {
  PassOptions options;
  options.external_bounds = std::make_shared<const ir::ExternalBounds>(std::move(given));
  Diagnostics diag;
  PassContext ctx{problem, diag};
  return BoundsInPass(options).Run(net, ctx);
}

// --bounds-out then --bounds-in: the written JSON reads back to the same doubles and changes no
// bound, at every bound level.
TEST(BoundsInTest, OwnBoundsFedBackChangeNothing) {
  for (const char* pipeline : {"bounds_interval", "bounds_interval,bounds_symbolic",
                               "bounds_interval,bounds_symbolic,bounds_lp"}) {
    SCOPED_TRACE(pipeline);
    ir::Network net = ResidualNet(21);
    RunPipeline(net, kBox3, pipeline);
    const ir::Network before = net;
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::ExternalBounds given,
                                 frontend::ParseBoundsJson(backends::BoundsJson(net, "residual")));
    EXPECT_EQ(given.size(), 18u);  // the pre-activations of h1, h2 and r
    NN2MILP_ASSERT_OK_AND_ASSIGN(const PassResult r, RunBoundsIn(net, kBox3, given));
    EXPECT_FALSE(r.changed);
    EXPECT_EQ(r.metrics.at("external_used"), 18);
    for (int32_t i = 0; i < net.num_neurons(); ++i) {
      EXPECT_EQ(net.bounds(ir::NeuronId(i)), before.bounds(ir::NeuronId(i))) << "neuron " << i;
    }
  }
}

// Bounds from the LP pass given to an interval-only run: every bound ends inside the interval
// one, the given pre-activations equal the LP ones, and sampled values stay inside (the given
// bounds are sound, so the result is).
TEST(BoundsInTest, StrongerBoundsTightenAndPropagateSoundly) {
  ir::Network lp = ResidualNet(22);
  RunPipeline(lp, kBox3, "bounds_interval,bounds_symbolic,bounds_lp");
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::ExternalBounds given,
                               frontend::ParseBoundsJson(backends::BoundsJson(lp, "residual")));
  ir::Network ia = ResidualNet(22);
  RunPipeline(ia, kBox3, "bounds_interval");
  ir::Network net = ia;
  NN2MILP_ASSERT_OK_AND_ASSIGN(const PassResult r, RunBoundsIn(net, kBox3, given));
  EXPECT_TRUE(r.changed);
  EXPECT_GT(r.metrics.at("external_tightened"), 0);
  ExpectInside(net, ia);
  EXPECT_LE(CountUnstable(net), CountUnstable(ia));
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const ir::NeuronId n(i);
    if (net.kind(n) == ir::NeuronKind::kRelu) {
      EXPECT_EQ(net.bounds(net.relu_input(n)), lp.bounds(lp.relu_input(n)));
    }
  }
  ExpectSampledValuesInsideBounds(net, kBox3, 20000, 5);
}

// The header's example: z = x1 + x2 in [-2, 2]; z in [-1, 0.5] given; y = relu(z), o = y - 1.
struct Example {
  ir::Network net;
  ir::NeuronId z, y, o;
};
Example ExampleNet() {
  ir::NetworkBuilder b;
  const ir::TensorId xt = b.AddTensor("x", {2});
  const ir::NeuronId x1 = b.AddInput(xt, 0), x2 = b.AddInput(xt, 1);
  Example e;
  std::vector<ir::Term> tz = {{x1, 1.0}, {x2, 1.0}};
  e.z = *b.AddAffine(b.AddTensor("z", {1}), 0, tz, 0.0);
  e.y = b.AddRelu(b.AddTensor("y", {1}), 0, e.z);
  std::vector<ir::Term> to = {{e.y, 1.0}};
  e.o = *b.AddAffine(b.AddTensor("o", {1}), 0, to, -1.0);
  b.AddInputPort({"x", {2}, {x1, x2}});
  b.AddOutputPort({"o", {1}, {e.o}});
  e.net = *std::move(b).Build();
  return e;
}
const ir::Problem kBox2{{{-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};

TEST(BoundsInTest, HeaderExample) {
  Example e = ExampleNet();
  RunPipeline(e.net, kBox2, "bounds_interval");
  NN2MILP_ASSERT_OK_AND_ASSIGN(const PassResult r, RunBoundsIn(e.net, kBox2, {{"z", 0, {-1, 0.5}}}));
  EXPECT_EQ(r.metrics.at("external_tightened"), 1);
  EXPECT_EQ(r.metrics.at("propagated_tightened"), 2);
  EXPECT_EQ(e.net.bounds(e.z), (ir::Interval{-1, 0.5}));
  EXPECT_EQ(e.net.bounds(e.y), (ir::Interval{0, 0.5}));
  EXPECT_EQ(e.net.bounds(e.o), (ir::Interval{-1, -0.5}));
}

TEST(BoundsInTest, RejectsDataThatCannotBeSound) {
  const auto run = [](ir::ExternalBounds given) {
    Example e = ExampleNet();
    RunPipeline(e.net, kBox2, "bounds_interval");
    return RunBoundsIn(e.net, kBox2, std::move(given)).status();
  };
  EXPECT_THAT(run({{"w", 0, {0, 1}}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tensor 'w', which the network does not have")));
  EXPECT_THAT(run({{"z", 1, {0, 1}}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("element 1 of tensor 'z', which has 1 elements")));
  EXPECT_THAT(run({{"z", 0, {3, 4}}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("the given bounds [3, 4] contradict nn2milp's sound bounds [-2, 2]")));
  EXPECT_THAT(run({{"x", 1, {-0.5, 1}}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("narrower than the input box")));
  // Each bound alone is consistent, together they leave o no value: z <= -1.5 gives o = -1, but
  // o is claimed >= -0.5.
  EXPECT_THAT(run({{"z", 0, {-2, -1.5}}, {"o", 0, {-0.9, 5}}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("contradict")));
  // A box wider than the input box is fine (no claim beyond it).
  EXPECT_TRUE(run({{"x", 0, {-3, 1}}}).ok());
  Example e = ExampleNet();
  Diagnostics diag;
  PassContext ctx{kBox2, diag};
  EXPECT_THAT(BoundsInPass().Run(e.net, ctx), StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("--bounds-in")));
}

// bounds_in placed before bounds_symbolic (--passes): given bounds that interval arithmetic
// cannot refute but symbolic bounds can leave a neuron with empty bounds after the later pass;
// the pass manager reports that instead of encoding it. Here o = x1 + x2 - (x1 + x2) = 0:
// interval arithmetic gives o in [-4, 4], symbolic o in [0, 0] (within rounding), so o >= 1 is
// consistent with the first and contradicts the second.
TEST(BoundsInTest, ContradictionFoundByALaterPassIsAnError) {
  ir::NetworkBuilder b;
  const ir::TensorId xt = b.AddTensor("x", {2});
  const ir::NeuronId x1 = b.AddInput(xt, 0), x2 = b.AddInput(xt, 1);
  std::vector<ir::Term> tz = {{x1, 1.0}, {x2, 1.0}};
  const ir::NeuronId z = *b.AddAffine(b.AddTensor("z", {1}), 0, tz, 0.0);
  std::vector<ir::Term> to = {{z, 1.0}, {x1, -1.0}, {x2, -1.0}};
  const ir::NeuronId o = *b.AddAffine(b.AddTensor("o", {1}), 0, to, 0.0);
  b.AddInputPort({"x", {2}, {x1, x2}});
  b.AddOutputPort({"o", {1}, {o}});
  ir::Network net = *std::move(b).Build();
  PassOptions options;
  options.external_bounds = std::make_shared<const ir::ExternalBounds>(ir::ExternalBounds{{"o", 0, {1, 2}}});
  NN2MILP_ASSERT_OK_AND_ASSIGN(PassManager pm,
                               PassManager::Parse("bounds_interval,bounds_in,bounds_symbolic", options));
  Diagnostics diag;
  PassContext ctx{kBox2, diag};
  EXPECT_THAT(pm.Run(net, ctx), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("pass bounds_symbolic: tensor 'o' element 0 has no possible value")));
}

TEST(BoundsJsonTest, ParsesTheSchemaAndRejectsMalformedFiles) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(
      const ir::ExternalBounds b,
      frontend::ParseBoundsJson(R"({"nn2milp_bounds": 1, "extra": 0, "tensors": [
          {"name": "a", "lo": [-1, null], "hi": [0.30000000000000004, 2]},
          {"name": "b", "index": [5], "lo": [1e-300], "hi": [null]}]})"));
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].tensor, "a");
  EXPECT_EQ(b[0].bounds.hi, 0.30000000000000004);
  EXPECT_EQ(b[1].index, 1);
  EXPECT_EQ(b[1].bounds.lo, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(b[2].index, 5);
  EXPECT_EQ(b[2].bounds.lo, 1e-300);
  EXPECT_EQ(b[2].bounds.hi, std::numeric_limits<double>::infinity());
  const auto bad = [](const char* text) { return frontend::ParseBoundsJson(text).status(); };
  EXPECT_THAT(bad(R"({"tensors": []})"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("nn2milp_bounds")));
  EXPECT_THAT(bad(R"({"nn2milp_bounds": 1, "tensors": [{"name": "a", "lo": [2], "hi": [1]}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tensor 'a': element 0: lo > hi")));
  EXPECT_THAT(bad(R"({"nn2milp_bounds": 1, "tensors": [{"name": "a", "lo": [1], "hi": []}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("same length")));
  EXPECT_THAT(bad(R"({"nn2milp_bounds": 1, "tensors": [{"name": "a", "index": [0.5], "lo": [1], "hi": [2]}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("non-negative integer")));
  EXPECT_THAT(bad(R"({"nn2milp_bounds": 1, "tensors": [{"name": "a", "lo": ["1"], "hi": [2]}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("number or null")));
  EXPECT_THAT(bad("{\"nn2milp_bounds\": 1,\n \"tensors\": [}"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2:")));
}

}  // namespace
}  // namespace nn2milp::passes
