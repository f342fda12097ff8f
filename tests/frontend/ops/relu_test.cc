// Relu: y = max(0, x) elementwise; one affine + one ReLU neuron per element of a composite
// pre-activation, the input neuron itself when it already is one; constants fold.
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

using ::testing::ElementsAre;

TEST(ReluTest, RectifiesEveryElementOfAGraphInput) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,2] x) => (float[2,2] y) {
      y = Relu(x)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  // The input neurons are rectified directly: no affine neuron in between.
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kInput), 4);
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kAffine), 0);
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 4);
  for (const std::vector<double>& x :
       {std::vector<double>{1, -2, 0, 0.5}, {-1, -0.25, 3, -7}}) {
    std::vector<double> expected;
    for (double v : x) expected.push_back(std::max(0.0, v));
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll(expected));
  }
}

TEST(ReluTest, AffinePreActivationGetsOneAffineNeuronPerElement) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float[1,3] y)
      <float[2,3] w = {1, -1, 0.5, 2, 1, -4}, float[3] b = {-1, 0, 0.25}> {
      h = Gemm(x, w, b)
      y = Relu(h)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kAffine), 3);
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 3);
  for (const ir::NeuronId y : net.outputs()[0].neurons) {
    ASSERT_EQ(net.kind(y), ir::NeuronKind::kRelu);
    EXPECT_EQ(net.kind(net.relu_input(y)), ir::NeuronKind::kAffine);
  }
  for (const std::vector<double>& x : {std::vector<double>{1, 2}, {-1, 0.5}, {0.5, -0.125}}) {
    const double z[] = {x[0] + 2 * x[1] - 1, -x[0] + x[1], 0.5 * x[0] - 4 * x[1] + 0.25};
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll({std::max(0.0, z[0]), std::max(0.0, z[1]), std::max(0.0, z[2])}));
  }
}

TEST(ReluTest, ConstantInputFolds) {
  // relu(c) + x: the ReLU of a constant creates no neuron.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float[3] y) <float[3] c = {-1, 0, 2.5}> {
      r = Relu(c)
      y = Add(x, r)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 0);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, 1, 1}));
  EXPECT_THAT(y, NearAll({1, 1, 3.5}));
}

TEST(ReluTest, ReluOfReluIsStacked) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[2] y) {
      a = Relu(x)
      y = Relu(a)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 4);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {-3, 2}));
  EXPECT_THAT(y, ElementsAre(0, 2));
}

TEST(ReluTest, OutputTensorIsNamedAfterTheOnnxOutput) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float[1,2] act) {
      act = Relu(x)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  const ir::NeuronId y = net.outputs()[0].neurons[1];
  EXPECT_EQ(net.tensor_info(net.tensor(y)).name, "act");
  EXPECT_THAT(net.tensor_info(net.tensor(y)).shape, ElementsAre(1, 2));
  EXPECT_EQ(net.index_in_tensor(y), 1);
}

}  // namespace
}  // namespace nn2milp::testing
