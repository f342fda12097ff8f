// Identity and Dropout (inference): y = x; Dropout's training_mode must be absent or false.
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

// Lowers `model` (x [1,3] -> y = 2 * x + 1 through the op under test) and checks it at two points.
void ExpectPassesThrough(const char* model) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(model));
  for (const std::vector<double>& x : {std::vector<double>{1, -2, 0.5}, {0, 3, -0.25}}) {
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll({2 * x[0] + 1, 2 * x[1] + 1, 2 * x[2] + 1}));
  }
  // The op adds nothing: one affine neuron per element for 2 * x + 1.
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kAffine), 3);
}

TEST(IdentityTest, PassesValuesThrough) {
  ExpectPassesThrough(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[1,3] y) <float two = {2}, float one = {1}> {
      a = Mul(x, two)
      b = Identity(a)
      y = Add(b, one)
    })");
}

TEST(IdentityTest, IdentityOfAGraphInputIsTheInputNeuron) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[2] y) { y = Identity(x) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_EQ(net.outputs()[0].neurons, net.inputs()[0].neurons);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {4, -5}));
  EXPECT_THAT(y, ElementsAre(4, -5));
}

// IR 3 (initializers listed as graph inputs) is covered by tests/models/opset07_mlp.onnx in e2e:
// ONNX 1.12's text parser does not list initializers as inputs, which IR 3 requires.
TEST(DropoutTest, Opset7WithRatioAttribute) {
  ExpectPassesThrough(R"(
    <ir_version: 4, opset_import: ["" : 7]>
    g (float[1,3] x, float two = {2}, float one = {1}) => (float[1,3] y) {
      a = Mul(x, two)
      b = Dropout <ratio = 0.3> (a)
      y = Add(b, one)
    })");
}

TEST(DropoutTest, Opset13WithRatioInputAndMaskOutput) {
  ExpectPassesThrough(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[1,3] y) <float two = {2}, float one = {1}, float r = {0.5}> {
      a = Mul(x, two)
      b, mask = Dropout(a, r)
      y = Add(b, one)
    })");
}

TEST(DropoutTest, TrainingModeConstantFalseIsAccepted) {
  ExpectPassesThrough(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[1,3] y)
      <float two = {2}, float one = {1}, float r = {0.5}, bool t = {0}> {
      a = Mul(x, two)
      b = Dropout <seed = 7> (a, r, t)
      y = Add(b, one)
    })");
}

TEST(DropoutTest, TrainingModeTrueIsUnimplemented) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[1,3] y) <float r = {0.5}, bool t = {1}> {
      y = Dropout(x, r, t)
    })";
  EXPECT_THAT(NetworkWithNamedNode(kModel, 0, "drop"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("node 'drop' (Dropout)"), HasSubstr("training_mode"))));
}

TEST(DropoutTest, TrainingModeFromAConstantNodeTrueIsUnimplemented) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[1,3] y) {
      t = Constant <value = bool {1}> ()
      y = Dropout(x, , t)
    })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("training_mode")));
}

}  // namespace
}  // namespace nn2milp::testing
