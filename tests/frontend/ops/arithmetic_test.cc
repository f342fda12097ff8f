// Add, Sub, Mul, Div: broadcasting, constant operands on either side, residual connections,
// rejected non-linear forms, and folding of integer shape arithmetic.
#include <algorithm>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "tests/frontend/frontend_test_util.h"
#include "tests/testing/onnx_text.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<std::vector<double>> kPoints = {
    {1, 2, 3, 4, 5, 6}, {-1, 0.5, 0, 2, -3, 0.25}, {0, 0, 0, 0, 0, 0}};

TEST(ArithmeticTest, PerElementAndScalarConstantsBroadcast) {
  // x [2,3]; c3 [3] broadcasts along rows, c21 [2,1] along columns, s is a scalar.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,3] add, float[2,3] sub, float[2,3] mul, float[2,3] div)
      <float[3] c3 = {1, -2, 0.5}, float[2,1] c21 = {4, -0.25}, float s = {2}> {
      add = Add(x, c3)
      sub = Sub(x, c21)
      mul = Mul(x, c21)
      div = Div(x, s)
    })";
  const double c3[] = {1, -2, 0.5}, c21[] = {4, -0.25};
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  for (const std::vector<double>& x : kPoints) {
    std::vector<double> expected;
    for (int op = 0; op < 4; ++op) {
      for (int r = 0; r < 2; ++r) {
        for (int c = 0; c < 3; ++c) {
          const double v = x[r * 3 + c];
          const double e[] = {v + c3[c], v - c21[r], v * c21[r], v / 2};
          expected.push_back(e[op]);
        }
      }
    }
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll(expected));
  }
}

TEST(ArithmeticTest, ConstantAsFirstOperand) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float[3] sub, float[3] mul, float[3] add)
      <float[3] c = {1, -2, 0.5}> {
      sub = Sub(c, x)
      mul = Mul(c, x)
      add = Add(c, x)
    })";
  const double c[] = {1, -2, 0.5};
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  for (const std::vector<double>& x : {std::vector<double>{1, 2, 3}, {-4, 0.5, 0}}) {
    std::vector<double> expected;
    for (int i = 0; i < 3; ++i) expected.push_back(c[i] - x[i]);
    for (int i = 0; i < 3; ++i) expected.push_back(c[i] * x[i]);
    for (int i = 0; i < 3; ++i) expected.push_back(c[i] + x[i]);
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll(expected));
  }
}

TEST(ArithmeticTest, NormalisationChainComposes) {
  // (x - mean) / std * scale + shift, the usual input normalisation.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float[1,2] y)
      <float[2] mean = {0.5, -1}, float[2] std = {0.25, 4}, float scale = {3}, float shift = {-1}> {
      a = Sub(x, mean)
      b = Div(a, std)
      c = Mul(scale, b)
      y = Add(c, shift)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  for (const std::vector<double>& x : {std::vector<double>{1, 2}, {-3, 0.125}}) {
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll({(x[0] - 0.5) / 0.25 * 3 - 1, (x[1] + 1) / 4 * 3 - 1}));
  }
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kAffine), 2);  // one per output element
}

TEST(ArithmeticTest, ResidualAddAndSubOfTwoVariableTensors) {
  // h = relu(x W); y = x + h; z = h - x (both operands variable, broadcast [1,2] vs [2]).
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[1,2] y, float[1,2] z)
      <float[2,2] w = {1, -1, 2, 0.5}, int64[2] shape = {1, 2}> {
      m = MatMul(x, w)
      h0 = Relu(m)
      h = Reshape(h0, shape)
      y = Add(x, h)
      z = Sub(h, x)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  for (const std::vector<double>& x : {std::vector<double>{1, 2}, {-3, 0.5}, {2, -2}}) {
    const double h0 = std::max(0.0, x[0] * 1 + x[1] * 2);
    const double h1 = std::max(0.0, x[0] * -1 + x[1] * 0.5);
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll({x[0] + h0, x[1] + h1, h0 - x[0], h1 - x[1]}));
  }
}

TEST(ArithmeticTest, AddOfATensorToItselfDoublesIt) {
  // The two operands share neurons; the terms must merge, not duplicate.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[2] y) {
      y = Add(x, x)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1.5, -2}));
  EXPECT_THAT(y, NearAll({3, -4}));
  const ir::NeuronId out = net.outputs()[0].neurons[0];
  ASSERT_EQ(net.kind(out), ir::NeuronKind::kAffine);
  EXPECT_THAT(net.terms(out), ElementsAre(ir::Term{net.inputs()[0].neurons[0], 2.0}));
}

TEST(ArithmeticTest, DivisionByAZeroConstantIsInvalidArgument) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float[3] y) <float[3] c = {1, 0, 2}> {
      y = Div(x, c)
    })";
  EXPECT_THAT(NetworkWithNamedNode(kModel, 0, "norm"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("node 'norm' (Div)"), HasSubstr("division by zero"),
                             HasSubstr("element 1"))));
}

TEST(ArithmeticTest, DivisionByAVariableIsUnimplemented) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float[3] y) <float[3] c = {1, 3, 2}> {
      y = Div(c, x)
    })";
  EXPECT_THAT(NetworkWithNamedNode(kModel, 0, "inv"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("node 'inv' (Div)"), HasSubstr("divisor"))));
}

TEST(ArithmeticTest, ProductOfTwoVariablesIsUnimplemented) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x, float[3] z) => (float[3] y) {
      y = Mul(x, z)
    })";
  EXPECT_THAT(NetworkWithNamedNode(kModel, 0, "gate"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("node 'gate' (Mul)"), HasSubstr("not linear"))));
}

TEST(ArithmeticTest, FoldsInt64ShapeArithmetic) {
  // Reshape to {3, 1} computed from int64 arithmetic: ({2,3} * 2 - {1, 5}) / 2 = {1, 0} (0 by
  // truncation toward zero of 1/2), then + {2, 1} = {3, 1}.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[3,1] y)
      <int64[2] s = {2, 3}, int64 two = {2}, int64[2] off = {1, 5}, int64[2] add = {2, 1}> {
      p = Mul(s, two)
      q = Sub(p, off)
      r = Div(q, two)
      shape = Add(r, add)
      y = Reshape(x, shape)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_THAT(net.outputs()[0].shape, ElementsAre(3, 1));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, -2, 3}));
  EXPECT_THAT(y, NearAll({1, -2, 3}));
}

TEST(ArithmeticTest, IntegerDivisionByZeroIsInvalidArgument) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[3,1] y) <int64[2] s = {3, 1}, int64[2] z = {1, 0}> {
      shape = Div(s, z)
      y = Reshape(x, shape)
    })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("division by zero")));
}

TEST(ArithmeticTest, VariableOperandIsBroadcastToo) {
  // x [2,1] + c [1,3] = [2,3] and z [3] - c2 [2,3]: the variable operand is the smaller one.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,1] x, float[3] z) => (float[2,3] y, float[2,3] w)
      <float[1,3] c = {1, 2, 3}, float[2,3] c2 = {1, 2, 3, 4, 5, 6}> {
      y = Add(x, c)
      w = Sub(z, c2)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  // Inputs are concatenated in graph order: x0, x1, z0, z1, z2.
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {10, 20, 0.5, -1, 2}));
  EXPECT_THAT(y, NearAll({11, 12, 13, 21, 22, 23,                       // x[r] + c[c]
                          0.5 - 1, -1 - 2, 2 - 3, 0.5 - 4, -1 - 5, 2 - 6}));  // z[c] - c2[r][c]
}

TEST(ArithmeticTest, SubOfATensorFromItselfIsZero) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[2] y, float[2] r) {
      y = Sub(x, x)
      r = Relu(y)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {3, -5}));
  EXPECT_THAT(y, ElementsAre(0, 0, 0, 0));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 0);  // relu(0) folds
}

TEST(ArithmeticTest, MulByZeroDropsTheTerm) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[2] y) <float[2] c = {0, -3}> { y = Mul(x, c) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {7, 2}));
  EXPECT_THAT(y, NearAll({0, -6}));
  EXPECT_THAT(net.terms(net.outputs()[0].neurons[0]), ::testing::IsEmpty());
}

}  // namespace
}  // namespace nn2milp::testing
