// MatMul with numpy semantics (1-D promotion, batch broadcasting), checked against plain-loop
// references at several inputs.
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
using ::testing::HasSubstr;

// W [3,2] row-major, shared by the models below.
const std::vector<double> kW = {0.5, -1, 2, 0.25, -0.75, 1.5};

// y[r, n] = sum_k a[r, k] * W[k, n] for `rows` rows of 3.
std::vector<double> RowsTimesW(const std::vector<double>& a, int rows) {
  std::vector<double> y(static_cast<size_t>(rows) * 2, 0.0);
  for (int r = 0; r < rows; ++r) {
    for (int n = 0; n < 2; ++n) {
      for (int k = 0; k < 3; ++k) y[r * 2 + n] += a[r * 3 + k] * kW[k * 2 + n];
    }
  }
  return y;
}

TEST(MatMulTest, VectorTimesMatrix) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float[2] y) <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}> {
      y = MatMul(x, w)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  ASSERT_THAT(net.outputs(), ::testing::SizeIs(1));
  EXPECT_THAT(net.outputs()[0].shape, ::testing::ElementsAre(2));
  for (const std::vector<double>& x : {std::vector<double>{1, 2, 3}, {-1, 0.5, 4}}) {
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll(RowsTimesW(x, 1)));
  }
}

TEST(MatMulTest, MatrixTimesMatrix) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,2] y) <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}> {
      y = MatMul(x, w)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  for (const std::vector<double>& x :
       {std::vector<double>{1, 2, 3, 4, 5, 6}, {-1, 0.5, 0, 2, -3, 0.25}}) {
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll(RowsTimesW(x, 2)));
  }
}

TEST(MatMulTest, MatrixTimesVector) {
  // W [2,3] @ x [3] = [2].
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float[2] y) <float[2,3] w = {0.5, -1, 2, 0.25, -0.75, 1.5}> {
      y = MatMul(w, x)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_THAT(net.outputs()[0].shape, ::testing::ElementsAre(2));
  for (const std::vector<double>& x : {std::vector<double>{1, 2, 3}, {-1, 0.5, 4}}) {
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll({0.5 * x[0] - 1 * x[1] + 2 * x[2],
                            0.25 * x[0] - 0.75 * x[1] + 1.5 * x[2]}));
  }
}

TEST(MatMulTest, BatchedLeftOperandBroadcastsAgainst2DWeights) {
  // [2,1,3] @ [3,2] = [2,1,2]: each batch is a row times W.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,1,3] x) => (float[2,1,2] y) <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}> {
      y = MatMul(x, w)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_THAT(net.outputs()[0].shape, ::testing::ElementsAre(2, 1, 2));
  const std::vector<double> x = {1, 2, 3, -1, 0.5, 4};
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
  EXPECT_THAT(y, NearAll(RowsTimesW(x, 2)));
}

TEST(MatMulTest, BatchedConstantBroadcastsAgainstVariableMatrix) {
  // w [2,1,3] @ x [3,2] = [2,1,2]: batch b is row w[b] times x.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3,2] x) => (float[2,1,2] y) <float[2,1,3] w = {1, 0, -1, 0.5, 2, 0.25}> {
      y = MatMul(w, x)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  const std::vector<double> w = {1, 0, -1, 0.5, 2, 0.25};
  const std::vector<double> x = {1, 2, 3, 4, 5, 6};
  std::vector<double> expected(4, 0.0);
  for (int b = 0; b < 2; ++b) {
    for (int n = 0; n < 2; ++n) {
      for (int k = 0; k < 3; ++k) expected[b * 2 + n] += w[b * 3 + k] * x[k * 2 + n];
    }
  }
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
  EXPECT_THAT(y, NearAll(expected));
}

TEST(MatMulTest, BiasAddOnEitherSide) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[1,2] y1, float[1,2] y2)
      <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}, float[2] b = {0.125, -3}> {
      h = MatMul(x, w)
      y1 = Add(h, b)
      y2 = Add(b, h)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  for (const std::vector<double>& x : {std::vector<double>{1, 2, 3}, {-1, 0.5, 4}}) {
    std::vector<double> h = RowsTimesW(x, 1);
    const std::vector<double> biased = {h[0] + 0.125, h[1] - 3};
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll({biased[0], biased[1], biased[0], biased[1]}));
  }
  // MatMul + Add composes into one affine neuron per output element (and the two outputs share
  // nothing but the inputs): 3 inputs, 2 + 2 affine neurons.
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kAffine), 4);
}

TEST(MatMulTest, BilinearProductIsUnimplemented) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x, float[3,2] z) => (float[1,2] y) {
      y = MatMul(x, z)
    })";
  EXPECT_THAT(NetworkWithNamedNode(kModel, 0, "mm"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("node 'mm' (MatMul)"), HasSubstr("bilinear"))));
}

TEST(MatMulTest, UnnamedNodeIsIdentifiedByIndexAndOutput) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x, float[3,2] z) => (float[1,2] y) {
      y = MatMul(x, z)
    })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr("node #0 (MatMul, output 'y')")));
}

TEST(MatMulTest, VectorTimesVectorIsAScalar) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float y) <float[3] w = {0.5, -1, 2}> {
      y = MatMul(x, w)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_THAT(net.outputs()[0].shape, ::testing::IsEmpty());
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, 2, 3}));
  EXPECT_THAT(y, NearAll({0.5 - 2 + 6}));
}

TEST(MatMulTest, VectorTimesBatchedMatrices) {
  // x [3] @ w [2,3,2] = [2,2]: the promoted row dim is removed again.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float[2,2] y)
      <float[2,3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5, 1, 0, 0, 1, 1, 1}> {
      y = MatMul(x, w)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_THAT(net.outputs()[0].shape, ::testing::ElementsAre(2, 2));
  const std::vector<double> x = {1, -2, 4};
  const std::vector<double> first = RowsTimesW(x, 1);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
  EXPECT_THAT(y, NearAll({first[0], first[1], 1 + 4, -2 + 4}));
}

}  // namespace
}  // namespace nn2milp::testing
