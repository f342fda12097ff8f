// Sigmoid, Tanh, Softplus, Exp, Log, Softmax and LogSoftmax: one smooth neuron per element
// (softmax: exponentials of differences, a sum and a reciprocal or log per element), checked
// against direct formulas in double precision; constants fold; with linear_only (MPS/LP output)
// every one is refused naming the op and suggesting .nl.
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "frontend/importer.h"
#include "frontend/onnx_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "tests/frontend/frontend_test_util.h"
#include "tests/testing/onnx_text.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::string UnaryModel(const std::string& op) {
  return R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[1,3] y) <float[3] b = {0.5, -0.25, 1.0}> {
      h = Add(x, b)
      y = )" + op + R"((h)
    })";
}

struct Case {
  const char* op;
  double (*f)(double);
};

TEST(SmoothTest, EachActivationIsOneSmoothNeuronPerElement) {
  const Case cases[] = {
      {"Sigmoid", [](double v) { return 1 / (1 + std::exp(-v)); }},
      {"Tanh", [](double v) { return std::tanh(v); }},
      {"Softplus", [](double v) { return std::log(1 + std::exp(v)); }},
      {"Exp", [](double v) { return std::exp(v); }},
      {"Log", [](double v) { return std::log(v); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.op);
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(UnaryModel(c.op).c_str()));
    EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kSmooth), 3);
    for (const std::vector<double>& x : {std::vector<double>{0.5, 1.0, 2.0}, {-0.25, 0.75, 3.5}}) {
      const double b[] = {0.5, -0.25, 1.0};
      std::vector<double> want;
      for (size_t i = 0; i < 3; ++i) want.push_back(c.f(x[i] + b[i]));
      NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
      EXPECT_THAT(y, ::testing::Pointwise(::testing::DoubleNear(1e-13), want));
    }
  }
}

TEST(SmoothTest, SigmoidAndSoftplusDoNotOverflow) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network sig, NetworkFromOnnxText(UnaryModel("Sigmoid").c_str()));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(sig, {-800, 800, 0}));
  EXPECT_EQ(y[0], 0.0);
  EXPECT_EQ(y[1], 1.0);
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network sp, NetworkFromOnnxText(UnaryModel("Softplus").c_str()));
  NN2MILP_ASSERT_OK_AND_ASSIGN(y, ir::Evaluate(sp, {-800, 800, -40}));
  EXPECT_EQ(y[0], 0.0);
  EXPECT_EQ(y[1], 799.75);
  EXPECT_NEAR(y[2], std::exp(-39.0), 1e-30);  // log(1 + e^-39) ~ e^-39: accurate, not 0
}

TEST(SmoothTest, ConstantsFold) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float[1,2] y) <float[1,2] c = {0.0, 1.0}> {
      e = Exp(c)
      y = Add(x, e)
    })"));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kSmooth), 0);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1.0, 1.0}));
  EXPECT_THAT(y, NearAll({2.0, 1.0 + std::exp(1.0)}));
}

std::vector<double> Softmax(const std::vector<double>& z) {
  const double m = *std::max_element(z.begin(), z.end());
  double s = 0;
  for (double v : z) s += std::exp(v - m);
  std::vector<double> out;
  for (double v : z) out.push_back(std::exp(v - m) / s);
  return out;
}

TEST(SmoothTest, SoftmaxAlongTheAxisOpset13) {
  // axis 1 of [1,3,2]: groups {0, 2, 4} and {1, 3, 5}.
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3,2] x) => (float[1,3,2] y) {
      y = Softmax <axis = 1> (x)
    })"));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kSmooth), 2 * 3 * 2 + 6);  // K(K-1) exps + 1 per element
  const std::vector<double> x = {0.5, -1, 2, 3, -0.25, 40};
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
  const std::vector<double> a = Softmax({x[0], x[2], x[4]}), b = Softmax({x[1], x[3], x[5]});
  EXPECT_THAT(y, ::testing::Pointwise(::testing::DoubleNear(1e-15), {a[0], b[0], a[1], b[1], a[2], b[2]}));
}

TEST(SmoothTest, SoftmaxOpset11FlattensFromTheAxis) {
  // opset < 13, axis 1 of [1,2,2]: one group of all 4 elements.
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(R"(
    <ir_version: 6, opset_import: ["" : 11]>
    g (float[1,2,2] x) => (float[1,2,2] y) {
      y = Softmax(x)
    })"));
  const std::vector<double> x = {0.5, -1, 2, 3};
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
  EXPECT_THAT(y, ::testing::Pointwise(::testing::DoubleNear(1e-15), Softmax(x)));
}

TEST(SmoothTest, LogSoftmax) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[1,3] y) {
      y = LogSoftmax(x)
    })"));
  const std::vector<double> x = {0.5, -700, 2};
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
  const std::vector<double> p = Softmax(x);
  EXPECT_NEAR(y[0], std::log(p[0]), 1e-14);
  EXPECT_NEAR(y[1], -700 - 2 - std::log(1 + std::exp(-1.5) + std::exp(-702.0)), 1e-12);  // no -inf
  EXPECT_NEAR(y[2], std::log(p[2]), 1e-14);
}

TEST(SmoothTest, LinearOnlyRefusesEveryOpNamingItAndSuggestingNl) {
  for (const char* op : {"Sigmoid", "Tanh", "Softplus", "Exp", "Log", "Softmax", "LogSoftmax"}) {
    SCOPED_TRACE(op);
    const std::string text = R"(
      <ir_version: 8, opset_import: ["" : 13]>
      g (float[1,3] x) => (float[1,3] y) <float[3] b = {0.5, -0.25, 1.0}> {
        h = Add(x, b)
        s = )" + std::string(op) + R"((h)
        y = Relu(s)
      })";
    NN2MILP_ASSERT_OK_AND_ASSIGN(onnx::ModelProto proto, ParseOnnxText(text.c_str()));
    proto.mutable_graph()->mutable_node(1)->set_name("act");
    Diagnostics diag;
    NN2MILP_ASSERT_OK_AND_ASSIGN(frontend::LoadedModel model,
                                 frontend::PrepareOnnxModel(std::move(proto), ".", diag));
    EXPECT_THAT(frontend::ImportOnnx(model, diag, {.strip_trailing_softmax = false, .linear_only = true}),
                StatusIs(absl::StatusCode::kUnimplemented,
                         AllOf(HasSubstr(absl::StrCat("node 'act' (", op, ")")), HasSubstr("-o model.nl"))));
  }
}

}  // namespace
}  // namespace nn2milp::testing
