// Constant: value (tensor), value_float(s), value_int(s); the result takes part in arithmetic
// and shape computations like an initializer.
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

TEST(ConstantTest, ValueTensor) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[2] y) {
      c = Constant <value = float[2] {1.5, -2}> ()
      y = Add(x, c)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, 1}));
  EXPECT_THAT(y, NearAll({2.5, -1}));
}

TEST(ConstantTest, ValueFloatIsAScalar) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float[3] y) {
      c = Constant <value_float = 0.25> ()
      y = Mul(x, c)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {4, -8, 1}));
  EXPECT_THAT(y, NearAll({1, -2, 0.25}));
}

TEST(ConstantTest, ValueFloatsIsA1DTensor) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[1,3] y) {
      c = Constant <value_floats = [1.0, -0.5, 2.5]> ()
      y = Sub(x, c)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {0, 0, 0}));
  EXPECT_THAT(y, NearAll({-1, 0.5, -2.5}));
}

TEST(ConstantTest, ValueIntsDriveAReshape) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[6] x) => (float[3,2] y) {
      s = Constant <value_ints = [3, 2]> ()
      y = Reshape(x, s)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_THAT(net.outputs()[0].shape, ElementsAre(3, 2));
}

TEST(ConstantTest, ValueIntIsAnIntegerScalar) {
  // (value_int 2) * {1, 3} = {2, 6}, used as a reshape target: 12 elements -> [2, 6].
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[12] x) => (float[2,6] y) {
      k = Constant <value_int = 2> ()
      b = Constant <value_ints = [1, 3]> ()
      s = Mul(k, b)
      y = Reshape(x, s)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_THAT(net.outputs()[0].shape, ElementsAre(2, 6));
}

TEST(ConstantTest, ConstantGraphOutputIsAnAffineNeuronWithoutTerms) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1] x) => (float[2] c, float[1] y) {
      c = Constant <value = float[2] {3, -0.5}> ()
      y = Identity(x)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  for (const ir::NeuronId n : net.outputs()[0].neurons) {
    ASSERT_EQ(net.kind(n), ir::NeuronKind::kAffine);
    EXPECT_THAT(net.terms(n), ::testing::IsEmpty());
  }
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {7}));
  EXPECT_THAT(y, ElementsAre(3, -0.5, 7));
}

TEST(ConstantTest, StringValueIsUnimplemented) {
  // value_string is valid ONNX (opset 12+) but not a number.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1] x) => (float[1] y) {
      s = Constant <value_string = "abc"> ()
      y = Identity(x)
    })";
  EXPECT_THAT(NetworkWithNamedNode(kModel, 0, "label"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("node 'label' (Constant)"), HasSubstr("value_string"))));
}

}  // namespace
}  // namespace nn2milp::testing
