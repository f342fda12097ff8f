// LeakyRelu, PRelu, Abs, Clip, Max, Min: ir::Evaluate of the lowered network compared with a
// direct reference written from the ONNX formulas (std::max / std::min), at points on both sides
// of every kink, exactly at the kinks and at large magnitudes; ReLU neuron counts; constant
// folding. The last tests compile small models to MPS (interval bounds + big-M) and solve them
// with CBC: with fixed inputs the optimum is the network's value, and over a box it is the
// maximum of the piecewise-linear function, found independently by enumerating its kinks.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/mps_writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "ir/problem.h"
#include "passes/bounds_interval.h"
#include "passes/encode_milp.h"
#include "tests/frontend/frontend_test_util.h"
#include "tests/frontend/ops/linear_op_test_util.h"
#include "tests/testing/solvers.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Probe points: every kink, kink +- 1e-9, +- 1/8, +- 2.75, plus 0, +-1 and large magnitudes.
std::vector<double> Probes(const std::vector<double>& kinks) {
  std::vector<double> v = {0, 1, -1, 0.3, -0.7, 1e6, -1e6, 3.5e9, -3.5e9, 123456.789, -98765.4321};
  for (double k : kinks) {
    for (double d : {0.0, 1e-9, -1e-9, 0.125, -0.125, 2.75, -2.75}) v.push_back(k + d);
  }
  return v;
}

// got[i] == want[i] up to 1e-12 relative to the magnitudes involved (scale[i], e.g. |x_i|):
// the ReLU rewritings cancel terms of the size of the input.
void ExpectClose(const std::vector<double>& got, const std::vector<double>& want,
                 const std::vector<double>& scale) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const double s = std::max({1.0, std::abs(want[i]), i < scale.size() ? std::abs(scale[i]) : 0.0});
    EXPECT_NEAR(got[i], want[i], 1e-12 * s) << "element " << i << ", scale " << s;
  }
}

std::string Header(int opset) { return absl::StrCat(R"(<ir_version: 8, opset_import: ["" : )", opset, "]>\n"); }

// y = <call> applied to x of shape [1, n]: `call` is e.g. "LeakyRelu <alpha = 0.2> (x)".
std::string UnaryModel(int opset, size_t n, const std::string& call, const std::string& inits = "") {
  return absl::StrCat(Header(opset), "g (float[1,", n, "] x) => (float[1,", n, "] y) ",
                      inits.empty() ? "" : absl::StrCat("<", inits, "> "), "{ y = ", call, " }");
}

// Lowers `model`, after `patch` edited the parsed proto (empty input names, infinities), with the
// ONNX checker and shape inference.
absl::StatusOr<ir::Network> LowerPatched(const std::string& model,
                                         const std::function<void(onnx::ModelProto&)>& patch) {
  NN2MILP_ASSIGN_OR_RETURN(onnx::ModelProto proto, ParseOnnxText(model.c_str()));
  if (patch) patch(proto);
  return NetworkFromProto(std::move(proto));
}

// Lowers and evaluates the unary model at the probes of `kinks`, compares with `ref`, and checks
// the number of ReLU neurons.
void ExpectUnary(const std::string& model, const std::function<double(double)>& ref,
                 const std::vector<double>& x, int relus,
                 const std::function<void(onnx::ModelProto&)>& patch = nullptr) {
  SCOPED_TRACE(model);
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerPatched(model, patch));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), relus);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
  std::vector<double> want;
  for (double v : x) want.push_back(ref(v));
  ExpectClose(y, want, x);
}

double Leaky(double alpha, double v) { return v >= 0 ? v : alpha * v; }

// --- LeakyRelu ---------------------------------------------------------------------------------

TEST(LeakyReluTest, DefaultAlphaAndOneReluPerElement) {
  const std::vector<double> x = Probes({0});
  for (int opset : {7, 13, 16}) {
    const std::string model = UnaryModel(opset, x.size(), "LeakyRelu(x)");
    SCOPED_TRACE(model);
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
    EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), static_cast<int>(x.size()));
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_NEAR(y[i], Leaky(0.01, x[i]), 1e-7 * std::max(1.0, std::abs(x[i]))) << x[i];
    }
  }
}

// The default alpha is the float attribute value 0.01f (the spec's attribute type; what
// onnxruntime uses), so `LeakyRelu(x)` and `LeakyRelu <alpha = 0.01> (x)` -- the same ONNX
// model -- must compile to the same network, not differ by 2.2e-10 per unit of x.
TEST(LeakyReluTest, DefaultAlphaIsTheFloatAttributeValue) {
  const std::vector<double> x = Probes({0});
  const double alpha = static_cast<float>(0.01);
  ExpectUnary(UnaryModel(13, x.size(), "LeakyRelu <alpha = 0.01> (x)"), [&](double v) { return Leaky(alpha, v); }, x,
              static_cast<int>(x.size()));
  ExpectUnary(UnaryModel(13, x.size(), "LeakyRelu(x)"), [&](double v) { return Leaky(alpha, v); }, x,
              static_cast<int>(x.size()));
}

TEST(LeakyReluTest, Alphas) {
  const std::vector<double> x = Probes({0});
  const int n = static_cast<int>(x.size());
  // 0.2 is not exact in float32: the attribute holds float(0.2).
  const std::pair<const char*, double> alphas[] = {{"0.2", static_cast<float>(0.2)}, {"0.25", 0.25}, {"3.0", 3},
                                                   {"-0.5", -0.5}, {"-2.0", -2}, {"0.0", 0}};
  for (const auto& [text, alpha] : alphas) {
    const double a = alpha;  // clang 14 cannot capture a structured binding
    ExpectUnary(UnaryModel(13, x.size(), absl::StrCat("LeakyRelu <alpha = ", text, "> (x)")),
                [&](double v) { return Leaky(a, v); }, x, n);
  }
  // alpha = 1 is the identity: no ReLU at all.
  ExpectUnary(UnaryModel(13, x.size(), "LeakyRelu <alpha = 1.0> (x)"), [](double v) { return v; }, x, 0);
}

TEST(LeakyReluTest, AffinePreActivation) {
  // LeakyRelu(x W + b): the kinks are where x W + b = 0.
  const std::string model = Header(13) + R"(g (float[1,2] x) => (float[1,3] y)
      <float[2,3] w = {1, -1, 0.5, 2, 1, -4}, float[3] b = {-1, 0, 0.25}> {
      h = Gemm(x, w, b)
      y = LeakyRelu <alpha = 0.125> (h)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 3);
  for (const std::vector<double>& x : {std::vector<double>{1, 0}, {0, 0}, {-1, 0.5}, {0.5, -0.125},
                                       {1e-9, -1e-9}, {300, -700}}) {
    const double z[] = {x[0] + 2 * x[1] - 1, -x[0] + x[1], 0.5 * x[0] - 4 * x[1] + 0.25};
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    ExpectClose(y, {Leaky(0.125, z[0]), Leaky(0.125, z[1]), Leaky(0.125, z[2])}, {1000, 1000, 3000});
  }
}

TEST(LeakyReluTest, ConstantInputFolds) {
  const std::string model = Header(13) + R"(g (float[3] x) => (float[3] y) <float[3] c = {-2, 0, 1.5}> {
      r = LeakyRelu <alpha = 0.25> (c)
      y = Add(x, r)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 0);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, 1, 1}));
  EXPECT_THAT(y, NearAll({0.5, 1, 2.5}));
}

// --- PRelu -------------------------------------------------------------------------------------

TEST(PReluTest, PerChannelSlopeBroadcastsOverTheSpatialDims) {
  // X [1,3,2,2], slope [3,1,1] (what torch exports for nn.PReLU(3)).
  const std::vector<double> slope = {0.25, -0.5, 2};
  const std::string model = Header(9) + R"(g (float[1,3,2,2] x) => (float[1,3,2,2] y)
      <float[3,1,1] s = {0.25, -0.5, 2}> { y = PRelu(x, s) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 12);
  const std::vector<double> p = Probes({0});
  for (size_t start = 0; start + 12 <= p.size(); start += 5) {
    const std::vector<double> x(p.begin() + static_cast<long>(start), p.begin() + static_cast<long>(start) + 12);
    std::vector<double> want;
    for (size_t i = 0; i < 12; ++i) want.push_back(Leaky(slope[i / 4], x[i]));
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    ExpectClose(y, want, x);
  }
}

TEST(PReluTest, ScalarAndOneElementSlopes) {
  const std::vector<double> x = Probes({0});
  ExpectUnary(UnaryModel(16, x.size(), "PRelu(x, s)", "float s = {0.375}"),
              [](double v) { return Leaky(0.375, v); }, x, static_cast<int>(x.size()));
  ExpectUnary(UnaryModel(13, x.size(), "PRelu(x, s)", "float[1] s = {-1.5}"),
              [](double v) { return Leaky(-1.5, v); }, x, static_cast<int>(x.size()));
}

TEST(PReluTest, SlopeVectorAlongTheLastAxis) {
  // X [2,3] with slope [3]: unidirectional broadcasting along the last axis.
  const std::string model = Header(13) + R"(g (float[2,3] x) => (float[2,3] y)
      <float[3] s = {0.5, 1, -0.25}> { y = PRelu(x, s) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 4);  // slope 1 costs no ReLU
  const std::vector<double> x = {-2, -2, -2, 3, 3, 3};
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
  EXPECT_THAT(y, NearAll({-1, -2, 0.5, 3, 3, 3}));
}

TEST(PReluTest, SlopeOneIsTheIdentity) {
  const std::vector<double> x = Probes({0});
  ExpectUnary(UnaryModel(13, x.size(), "PRelu(x, s)", "float[1] s = {1}"), [](double v) { return v; }, x, 0);
}

TEST(PReluTest, VariableSlopeIsRejected) {
  EXPECT_FALSE(LowerText(Header(13) + R"(g (float[1,3] x, float[1,3] s) => (float[1,3] y) {
      y = PRelu(x, s) })").ok());
}

// --- Abs ---------------------------------------------------------------------------------------

TEST(AbsTest, TwoReluMinusXWithOneRelu) {
  const std::vector<double> x = Probes({0});
  for (int opset : {7, 13}) {
    ExpectUnary(UnaryModel(opset, x.size(), "Abs(x)"), [](double v) { return std::abs(v); }, x,
                static_cast<int>(x.size()));
  }
}

TEST(AbsTest, ConstantInputFolds) {
  const std::string model = Header(13) + R"(g (float[3] x) => (float[3] y) <float[3] c = {-2, 0, 1.5}> {
      r = Abs(c)
      y = Add(x, r)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 0);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, 1, 1}));
  EXPECT_THAT(y, NearAll({3, 1, 2.5}));
}

// --- Clip --------------------------------------------------------------------------------------

// ONNX (and onnxruntime): y = min(max(x, lo), hi); min > max gives max everywhere.
double ClipRef(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }

TEST(ClipTest, AttributesBeforeOpset11) {
  const std::vector<double> x = Probes({-1.5, 2});
  const int n = static_cast<int>(x.size());
  for (int opset : {7, 10}) {
    SCOPED_TRACE(opset);
    ExpectUnary(UnaryModel(opset, x.size(), "Clip <min = -1.5, max = 2.0> (x)"),
                [](double v) { return ClipRef(v, -1.5, 2); }, x, 2 * n);
    ExpectUnary(UnaryModel(opset, x.size(), "Clip <min = -1.5> (x)"), [](double v) { return ClipRef(v, -1.5, kInf); },
                x, n);
    ExpectUnary(UnaryModel(opset, x.size(), "Clip <max = 2.0> (x)"), [](double v) { return ClipRef(v, -kInf, 2); }, x, n);
    // Defaults: the float extremes, i.e. no bound.
    ExpectUnary(UnaryModel(opset, x.size(), "Clip(x)"), [](double v) { return v; }, x, 0);
    // min > max: every value becomes max.
    ExpectUnary(UnaryModel(opset, x.size(), "Clip <min = 2.0, max = -1.5> (x)"), [](double) { return -1.5; }, x, 0);
    // min == max.
    ExpectUnary(UnaryModel(opset, x.size(), "Clip <min = 0.5, max = 0.5> (x)"), [](double) { return 0.5; }, x, 2 * n);
  }
}

TEST(ClipTest, Opset11And13Inputs) {
  const std::vector<double> x = Probes({-1.5, 2, 0});
  const int n = static_cast<int>(x.size());
  for (int opset : {11, 12, 13}) {
    SCOPED_TRACE(opset);
    const std::string both = "float lo = {-1.5}, float hi = {2}";
    ExpectUnary(UnaryModel(opset, x.size(), "Clip(x, lo, hi)", both), [](double v) { return ClipRef(v, -1.5, 2); },
                x, 2 * n);
    ExpectUnary(UnaryModel(opset, x.size(), "Clip(x, lo)", "float lo = {-1.5}"),
                [](double v) { return ClipRef(v, -1.5, kInf); }, x, n);
    // Only max: input 1 has the empty name.
    ExpectUnary(UnaryModel(opset, x.size(), "Clip(x, lo, hi)", both), [](double v) { return ClipRef(v, -kInf, 2); },
                x, n, [](onnx::ModelProto& m) { m.mutable_graph()->mutable_node(0)->set_input(1, ""); });
    ExpectUnary(UnaryModel(opset, x.size(), "Clip(x)"), [](double v) { return v; }, x, 0);
    // min > max: every value becomes max.
    ExpectUnary(UnaryModel(opset, x.size(), "Clip(x, lo, hi)", "float lo = {2}, float hi = {-1.5}"),
                [](double) { return -1.5; }, x, 0);
    // Bounds from Constant nodes.
    ExpectUnary(absl::StrCat(Header(opset), "g (float[1,", x.size(), "] x) => (float[1,", x.size(), "] y) {\n",
                             "lo = Constant <value = float {0}> ()\n", "hi = Constant <value = float {0.75}> ()\n",
                             "y = Clip(x, lo, hi) }"),
                [](double v) { return ClipRef(v, 0, 0.75); }, x, 2 * n);
  }
}

// Sets initializer `i` (a one-element float tensor) to `v`.
std::function<void(onnx::ModelProto&)> SetInit(int i, double v) {
  return [i, v](onnx::ModelProto& m) {
    m.mutable_graph()->mutable_initializer(i)->set_float_data(0, static_cast<float>(v));
  };
}

TEST(ClipTest, InfiniteMinOrMaxIsNoBound) {
  const std::vector<double> x = Probes({-1.5, 2});
  const int n = static_cast<int>(x.size());
  const std::string model = UnaryModel(13, x.size(), "Clip(x, lo, hi)", "float lo = {-1.5}, float hi = {2}");
  ExpectUnary(model, [](double v) { return ClipRef(v, -kInf, 2); }, x, n, SetInit(0, -kInf));
  ExpectUnary(model, [](double v) { return ClipRef(v, -1.5, kInf); }, x, n, SetInit(1, kInf));
  ExpectUnary(model, [](double v) { return v; }, x, 0, [](onnx::ModelProto& m) {
    SetInit(0, -kInf)(m);
    SetInit(1, kInf)(m);
  });
}

// min = +inf with a finite max: min > max, so every value becomes max (the spec; onnxruntime
// computes min(max(x, +inf), 2) = 2).
TEST(ClipTest, PlusInfiniteMinWithFiniteMaxGivesMax) {
  const std::vector<double> x = Probes({-1.5, 2});
  const std::string model = UnaryModel(13, x.size(), "Clip(x, lo, hi)", "float lo = {-1.5}, float hi = {2}");
  ExpectUnary(model, [](double) { return 2.0; }, x, 0, SetInit(0, kInf));
}

// max = -inf (or min = +inf without max) makes every output infinite, which no MILP can hold:
// the lowering must refuse it rather than drop the bound.
TEST(ClipTest, InfiniteOutputIsRejected) {
  const std::string model = UnaryModel(13, 4, "Clip(x, lo, hi)", "float lo = {-1.5}, float hi = {2}");
  EXPECT_FALSE(LowerPatched(model, SetInit(1, -kInf)).ok()) << "max = -inf";
  EXPECT_FALSE(LowerPatched(UnaryModel(13, 4, "Clip(x, lo)", "float lo = {0}"), SetInit(0, kInf)).ok())
      << "min = +inf, no max";
}

TEST(ClipTest, NaNOrNonScalarBoundIsRejected) {
  const std::string model = UnaryModel(13, 4, "Clip(x, lo, hi)", "float lo = {-1.5}, float hi = {2}");
  EXPECT_THAT(LowerPatched(model, SetInit(0, std::nan(""))), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("NaN")));
  EXPECT_THAT(ImportUnchecked(UnaryModel(13, 4, "Clip(x, lo)", "float[2] lo = {0, 1}").c_str()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scalar")));
}

TEST(ClipTest, ConstantInputFolds) {
  const std::string model = Header(13) + R"(g (float[4] x) => (float[4] y)
      <float[4] c = {-3, -1, 1.5, 5}, float lo = {-2}, float hi = {2}> {
      r = Clip(c, lo, hi)
      y = Add(x, r)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 0);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, 1, 1, 1}));
  EXPECT_THAT(y, NearAll({-1, 0, 2.5, 3}));
}

// --- Max, Min ----------------------------------------------------------------------------------

TEST(MaxMinTest, OneInputIsTheIdentity) {
  for (const char* op : {"Max", "Min"}) {
    const std::vector<double> x = {-2, 0.5, 3e9};
    ExpectUnary(UnaryModel(13, x.size(), absl::StrCat(op, "(x)")), [](double v) { return v; }, x, 0);
  }
}

TEST(MaxMinTest, TwoInputsOneReluPerElement) {
  // a and b: all sign and order combinations, ties, kinks approached from both sides.
  std::vector<double> a, b;
  const std::vector<double> p = Probes({0, 1});
  for (double u : p) {
    for (double v : {0.0, 1.0, -1e6, 1e-9, u, u + 1e-9, u - 1e-9}) {
      a.push_back(u);
      b.push_back(v);
    }
  }
  const size_t n = a.size();
  std::vector<double> x = a;
  x.insert(x.end(), b.begin(), b.end());
  for (int opset : {8, 13}) {
    for (bool is_max : {true, false}) {
      const std::string model = absl::StrCat(Header(opset), "g (float[", n, "] a, float[", n, "] b) => (float[", n,
                                             "] y) { y = ", is_max ? "Max" : "Min", "(a, b) }");
      SCOPED_TRACE(model);
      NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
      EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), static_cast<int>(n));
      NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
      std::vector<double> want, scale;
      for (size_t i = 0; i < n; ++i) {
        want.push_back(is_max ? std::max(a[i], b[i]) : std::min(a[i], b[i]));
        scale.push_back(std::max(std::abs(a[i]), std::abs(b[i])));
      }
      ExpectClose(y, want, scale);
    }
  }
}

TEST(MaxMinTest, ThreeInputsBroadcast) {
  // a [2,1], b [1,3], c [3] -> [2,3]; folded left to right: two ReLUs per output element.
  for (bool is_max : {true, false}) {
    const std::string model = absl::StrCat(Header(13), "g (float[2,1] a, float[1,3] b, float[3] c) => (float[2,3] y) { y = ",
                                           is_max ? "Max" : "Min", "(a, b, c) }");
    SCOPED_TRACE(model);
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
    EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 12);
    for (int seed = 0; seed < 20; ++seed) {
      std::vector<double> x = Dyadic(8, 100 + seed);  // multiples of 1/8: many ties
      if (seed % 5 == 4) {
        for (double& v : x) v *= 1e7;
      }
      NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
      std::vector<double> want;
      for (int i = 0; i < 2; ++i) {
        for (int j = 0; j < 3; ++j) {
          const double u = x[static_cast<size_t>(i)], v = x[static_cast<size_t>(2 + j)], w = x[static_cast<size_t>(5 + j)];
          want.push_back(is_max ? std::max({u, v, w}) : std::min({u, v, w}));
        }
      }
      ExpectClose(y, want, std::vector<double>(6, 3e7));
    }
  }
}

TEST(MaxMinTest, MixedConstantAndVariableInputsBroadcast) {
  // Max(x [2,3], c [3]) and Min(c, x) with c constant.
  const std::string model = Header(13) + R"(g (float[2,3] x) => (float[2,3] y, float[2,3] z)
      <float[3] c = {-1, 0.5, 2}> {
      y = Max(x, c)
      z = Min(c, x)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 12);
  const std::vector<double> c = {-1, 0.5, 2};
  for (const std::vector<double>& x : {std::vector<double>{-1, 0.5, 2, -1 + 1e-9, 0.5 - 1e-9, 2 + 1e-9},
                                       {-5, 5, 0, 1e8, -1e8, 1.75}}) {
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    std::vector<double> want;
    for (size_t i = 0; i < 6; ++i) want.push_back(std::max(x[i], c[i % 3]));
    for (size_t i = 0; i < 6; ++i) want.push_back(std::min(x[i], c[i % 3]));
    std::vector<double> scale = x;
    scale.insert(scale.end(), x.begin(), x.end());
    ExpectClose(y, want, scale);
  }
}

TEST(MaxMinTest, ConstantInputsFold) {
  const std::string model = Header(13) + R"(g (float[3] x) => (float[3] y)
      <float[3] p = {-1, 4, 2}, float[3] q = {0, 3, 2}, float r = {1}> {
      m = Max(p, q, r)
      n = Min(p, q)
      s = Add(m, n)
      y = Add(x, s)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 0);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {0, 0, 0}));
  EXPECT_THAT(y, NearAll({1 - 1, 4 + 3, 2 + 2}));
}

TEST(MaxMinTest, SameVariableTwiceFolds) {
  // max(x, x + 1) = x + 1: a - b is the constant -1, so the ReLU folds.
  const std::string model = Header(13) + R"(g (float[2] x) => (float[2] y) <float one = {1}> {
      a = Add(x, one)
      y = Max(x, a)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 0);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {-3, 2.5}));
  EXPECT_THAT(y, NearAll({-2, 3.5}));
}

// --- MILP: CBC on the encoded model ------------------------------------------------------------

// Interval bounds over `box`, big-M encoding, MPS, CBC. The optimum of the written objective
// (maximisation is written as minimising -y).
std::optional<double> Solve(const ir::Network& lowered, const std::vector<ir::Interval>& box,
                            ir::ObjectiveSense sense, int64_t output) {
  ir::Network net = lowered;
  const ir::Problem p{box, sense, output};
  Diagnostics diag;
  passes::PassContext ctx{p, diag};
  passes::BoundsIntervalPass bounds;
  if (!bounds.Run(net, ctx).ok()) return std::nullopt;
  absl::StatusOr<passes::Encoding> enc = passes::EncodeMilp(net, p);
  if (!enc.ok()) return std::nullopt;
  absl::StatusOr<std::string> mps = backends::MpsToString(enc->model);
  if (!mps.ok()) return std::nullopt;
  return CbcOptimum(WriteTempFile(*mps, ".mps"));
}

std::vector<ir::Interval> Fixed(const std::vector<double>& x) {
  std::vector<ir::Interval> box;
  for (double v : x) box.push_back(ir::Interval::Point(v));
  return box;
}

// A two-input net: h = x W + b (4 units), then
//   y0 = LeakyRelu(h0, 0.25), y1 = Clip(h1, -0.5, 0.75), y2 = Max(h2, h3, 0.125 h0) (Max of a
//   variable and constants through Mul), y3 = y0 - Abs(h3) + y1 (a sum of the kinks)
// All weights dyadic (exact in float32 and in CBC's 8-decimal solution file).
constexpr char kTwoInputNet[] = R"(<ir_version: 8, opset_import: ["" : 13]>
  g (float[1,2] x) => (float[1,1] y0, float[1,1] y1, float[1,1] y2, float[1,1] y3)
    <float[2,4] w = {1, -0.5, 0.75, -1.25, 0.5, 1.5, -1, 0.25}, float[4] b = {0.125, -0.25, 0.5, 0},
     float eighth = {0.125}, float[4,1] s0 = {1, 0, 0, 0}, float[4,1] s1 = {0, 1, 0, 0},
     float[4,1] s2 = {0, 0, 1, 0}, float[4,1] s3 = {0, 0, 0, 1}, float lo = {-0.5}, float hi = {0.75}> {
    h = Gemm(x, w, b)
    h0 = MatMul(h, s0)
    h1 = MatMul(h, s1)
    h2 = MatMul(h, s2)
    h3 = MatMul(h, s3)
    y0 = LeakyRelu <alpha = 0.25> (h0)
    y1 = Clip(h1, lo, hi)
    e = Mul(h0, eighth)
    y2 = Max(h2, h3, e)
    a3 = Abs(h3)
    d = Sub(y0, a3)
    y3 = Add(d, y1)
  })";

struct TwoInputRef {
  static constexpr double w[2][4] = {{1, -0.5, 0.75, -1.25}, {0.5, 1.5, -1, 0.25}};
  static constexpr double b[4] = {0.125, -0.25, 0.5, 0};
  static double H(int j, double x0, double x1) { return x0 * w[0][j] + x1 * w[1][j] + b[j]; }
  static std::vector<double> Eval(double x0, double x1) {
    const double h[4] = {H(0, x0, x1), H(1, x0, x1), H(2, x0, x1), H(3, x0, x1)};
    const double y0 = Leaky(0.25, h[0]), y1 = ClipRef(h[1], -0.5, 0.75);
    return {y0, y1, std::max({h[2], h[3], 0.125 * h[0]}), y0 - std::abs(h[3]) + y1};
  }
};

TEST(PiecewiseMilpTest, FixedInputsGiveTheNetworkValue) {
  NN2MILP_REQUIRE_PROGRAM("cbc");
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(kTwoInputNet));
  for (const std::vector<double>& x : {std::vector<double>{0.5, -0.25}, {-1, 1}, {0.75, 0.5}, {-0.125, -0.875},
                                       {-0.125, 0}, {0.25, 0.375}}) {
    const std::vector<double> want = TwoInputRef::Eval(x[0], x[1]);
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll(want));
    for (int64_t k = 0; k < 4; ++k) {
      SCOPED_TRACE(absl::StrCat("x = (", x[0], ", ", x[1], "), output ", k));
      const std::optional<double> mx = Solve(net, Fixed(x), ir::ObjectiveSense::kMaximize, k);
      const std::optional<double> mn = Solve(net, Fixed(x), ir::ObjectiveSense::kMinimize, k);
      ASSERT_TRUE(mx.has_value() && mn.has_value());
      const double tol = 1e-9 * std::max(1.0, std::abs(want[static_cast<size_t>(k)]));
      EXPECT_NEAR(*mx, -want[static_cast<size_t>(k)], tol);
      EXPECT_NEAR(*mn, want[static_cast<size_t>(k)], tol);
    }
  }
}

// Over the box [-1,1]^2 every output is piecewise linear with kinks on the lines where a ReLU
// argument is zero: h0 = 0, h1 = -0.5, h1 = 0.75, h2 = h3, h2 = 0.125 h0, h3 = 0.125 h0, h3 = 0.
// Its extrema are attained at vertices of the arrangement of these lines and the box edges:
// enumerate all pairwise intersections inside the box (and check a fine grid never beats them).
TEST(PiecewiseMilpTest, BoxOptimumEqualsTheBestKinkVertex) {
  NN2MILP_REQUIRE_PROGRAM("cbc");
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(kTwoInputNet));
  // Lines a0 x0 + a1 x1 = c.
  struct Line {
    double a0, a1, c;
  };
  auto h_line = [](const double (&coef)[4], double rhs) {  // sum_j coef_j h_j = rhs
    double a0 = 0, a1 = 0, c = rhs;
    for (int j = 0; j < 4; ++j) {
      a0 += coef[j] * TwoInputRef::w[0][j];
      a1 += coef[j] * TwoInputRef::w[1][j];
      c -= coef[j] * TwoInputRef::b[j];
    }
    return Line{a0, a1, c};
  };
  std::vector<Line> lines = {{1, 0, -1}, {1, 0, 1}, {0, 1, -1}, {0, 1, 1}};
  lines.push_back(h_line({1, 0, 0, 0}, 0));
  lines.push_back(h_line({0, 1, 0, 0}, -0.5));
  lines.push_back(h_line({0, 1, 0, 0}, 0.75));
  lines.push_back(h_line({0, 0, 1, -1}, 0));
  lines.push_back(h_line({-0.125, 0, 1, 0}, 0));
  lines.push_back(h_line({-0.125, 0, 0, 1}, 0));
  lines.push_back(h_line({0, 0, 0, 1}, 0));
  std::vector<std::vector<double>> vertices;
  for (size_t i = 0; i < lines.size(); ++i) {
    for (size_t j = i + 1; j < lines.size(); ++j) {
      const Line& p = lines[i];
      const Line& q = lines[j];
      const double det = p.a0 * q.a1 - p.a1 * q.a0;
      if (std::abs(det) < 1e-12) continue;
      const double x0 = (p.c * q.a1 - p.a1 * q.c) / det, x1 = (p.a0 * q.c - p.c * q.a0) / det;
      if (std::abs(x0) <= 1 + 1e-12 && std::abs(x1) <= 1 + 1e-12) {
        vertices.push_back({std::clamp(x0, -1.0, 1.0), std::clamp(x1, -1.0, 1.0)});
      }
    }
  }
  const std::vector<ir::Interval> box(2, ir::Interval{-1, 1});
  for (int64_t k = 0; k < 4; ++k) {
    double best_max = -kInf, best_min = kInf;
    for (const std::vector<double>& v : vertices) {
      const double y = TwoInputRef::Eval(v[0], v[1])[static_cast<size_t>(k)];
      best_max = std::max(best_max, y);
      best_min = std::min(best_min, y);
    }
    double grid_max = -kInf, grid_min = kInf;
    constexpr int kSteps = 400;
    for (int i = 0; i <= kSteps; ++i) {
      for (int j = 0; j <= kSteps; ++j) {
        const double y = TwoInputRef::Eval(-1 + 2.0 * i / kSteps, -1 + 2.0 * j / kSteps)[static_cast<size_t>(k)];
        grid_max = std::max(grid_max, y);
        grid_min = std::min(grid_min, y);
      }
    }
    SCOPED_TRACE(absl::StrCat("output ", k, ": vertex max ", best_max, ", min ", best_min));
    EXPECT_LE(grid_max, best_max + 1e-12);
    EXPECT_GE(grid_min, best_min - 1e-12);
    EXPECT_NEAR(grid_max, best_max, 0.05);  // the grid gets close (Lipschitz constant < 5)
    EXPECT_NEAR(grid_min, best_min, 0.05);
    const std::optional<double> mx = Solve(net, box, ir::ObjectiveSense::kMaximize, k);
    const std::optional<double> mn = Solve(net, box, ir::ObjectiveSense::kMinimize, k);
    ASSERT_TRUE(mx.has_value() && mn.has_value());
    EXPECT_NEAR(-*mx, best_max, 1e-6 * std::max(1.0, std::abs(best_max)));
    EXPECT_NEAR(*mn, best_min, 1e-6 * std::max(1.0, std::abs(best_min)));
  }
}

}  // namespace
}  // namespace nn2milp::testing
