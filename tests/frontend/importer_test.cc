// The importer: op dispatch and its errors, graph inputs/outputs, symbolic dims, opset range,
// IR-3 initializers, and the neuron count of a small MLP.
#include <algorithm>
#include <vector>

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
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ImporterTest, UnknownOpIsUnimplementedNamingNodeAndOpType) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[2] y) { y = Sin(x) })";
  EXPECT_THAT(NetworkWithNamedNode(kModel, 0, "sin_node"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("node 'sin_node' (Sin)"), HasSubstr("op type 'Sin'"))));
}

TEST(ImporterTest, NodeOfAnotherDomainIsUnimplemented) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13, "com.example" : 1]>
    g (float[2] x) => (float[2] y) { y = com.example.Relu(x) })";
  EXPECT_THAT(NetworkWithNamedNode(kModel, 0, "custom"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("node 'custom' (Relu)"), HasSubstr("'com.example'"))));
}

TEST(ImporterTest, AttributeUnknownToOnnxIsRejectedByTheChecker) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,3] y) { y = Flatten <axis = 1, foo = 2> (x) })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("ONNX checker"), HasSubstr("foo"))));
}

TEST(ImporterTest, UnsupportedAttributeIsUnimplementedInTheLowering) {
  // ImportOnnx on an unchecked model: the lowering itself refuses what it does not know.
  NN2MILP_ASSERT_OK_AND_ASSIGN(onnx::ModelProto proto, ParseOnnxText(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,3] y) { y = Flatten <axis = 1, foo = 2> (x) })"));
  proto.mutable_graph()->mutable_node(0)->set_name("flat");
  frontend::LoadedModel model{proto, 13};
  Diagnostics diag;
  EXPECT_THAT(frontend::ImportOnnx(model, diag),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("node 'flat' (Flatten)"), HasSubstr("attribute 'foo'"))));
}

TEST(ImporterTest, UndefinedNodeInputIsInvalidArgument) {
  // Out of topological order; the checker or the importer rejects it, naming the input.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[2] y) {
      y = Relu(h)
      h = Relu(x)
    })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("h")));
}

TEST(ImporterTest, GraphOutputThatIsAConstant) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[2] y, float[2] k) <float[2] k = {0.5, -4}> { y = Relu(x) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  ASSERT_THAT(net.outputs(), ::testing::SizeIs(2));
  EXPECT_EQ(net.outputs()[1].name, "k");
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {-1, 2}));
  EXPECT_THAT(y, ElementsAre(0, 2, 0.5, -4));
}

TEST(ImporterTest, SymbolicBatchDimIsTakenAsOne) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[N,2] x) => (float[N,1] y) <float[2,1] w = {2, -1}> { y = MatMul(x, w) })";
  Diagnostics diag;
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel, diag));
  EXPECT_THAT(net.inputs()[0].shape, ElementsAre(1, 2));
  EXPECT_THAT(net.outputs()[0].shape, ElementsAre(1, 1));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {3, 0.5}));
  EXPECT_THAT(y, NearAll({5.5}));
  ASSERT_THAT(diag.messages(), ::testing::SizeIs(1));
  EXPECT_EQ(diag.messages()[0].kind, "batch-dim");
  EXPECT_THAT(diag.messages()[0].text, AllOf(HasSubstr("'x'"), HasSubstr("'N'")));
}

TEST(ImporterTest, SymbolicNonLeadingDimIsUnimplemented) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,K] x) => (float[1,K] y) { y = Relu(x) })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("graph input 'x'"), HasSubstr("dim 1"))));
}

TEST(ImporterTest, OpsetOutsideTheSupportedRangeIsUnimplemented) {
  constexpr char kOpset6[] = R"(
    <ir_version: 3, opset_import: ["" : 6]>
    g (float[2] x) => (float[2] y) { y = Relu(x) })";
  EXPECT_THAT(NetworkFromOnnxText(kOpset6),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("opset 6")));
  constexpr char kOpset22[] = R"(
    <ir_version: 10, opset_import: ["" : 22]>
    g (float[2] x) => (float[2] y) { y = Relu(x) })";
  EXPECT_THAT(NetworkFromOnnxText(kOpset22),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("opset 22")));
}

TEST(ImporterTest, InitializersListedAsInputsAreConstants) {
  // IR 3 lists every initializer among the graph inputs too.
  constexpr char kModel[] = R"(
    <ir_version: 3, opset_import: ["" : 7]>
    g (float[1,2] x, float[2,1] w = {2, -1}, float[1] b = {0.5}) => (float[1,1] y) {
      y = Gemm(x, w, b)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  ASSERT_THAT(net.inputs(), ::testing::SizeIs(1));
  EXPECT_EQ(net.inputs()[0].name, "x");
  EXPECT_EQ(net.num_input_elements(), 2);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, 4}));
  EXPECT_THAT(y, NearAll({2 - 4 + 0.5}));
}

TEST(ImporterTest, GraphWithOnlyConstantInputsIsInvalidArgument) {
  constexpr char kModel[] = R"(
    <ir_version: 3, opset_import: ["" : 7]>
    g (float[2] w = {2, -1}) => (float[2] y) { y = Relu(w) })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no (non-constant) input")));
}

TEST(ImporterTest, IntegerGraphInputIsUnimplemented) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (int64[2] x) => (int64[2] y) { y = Identity(x) })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("graph input 'x'"), HasSubstr("INT64"))));
}

TEST(ImporterTest, TwoLayerMlpHasTheExpectedNeurons) {
  // 3 inputs -> Gemm 4 -> Relu -> Gemm 2 -> Relu: 4 + 2 affine, 4 + 2 ReLU neurons.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3] x) => (float[1,2] y)
      <float[4,3] w1 = {1, -1, 0.5, 2, 0, -1, -0.5, 1, 1, 0.25, 0.25, -2},
       float[4] b1 = {0, 1, -1, 0.5},
       float[2,4] w2 = {1, -2, 0.5, 1, -1, 1, 2, -0.5}, float[2] b2 = {0.125, -0.25}> {
      h = Gemm <transB = 1> (x, w1, b1)
      a = Relu(h)
      z = Gemm <transB = 1> (a, w2, b2)
      y = Relu(z)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kInput), 3);
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kAffine), 6);
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 6);
  const std::vector<double> w1 = {1, -1, 0.5, 2, 0, -1, -0.5, 1, 1, 0.25, 0.25, -2};
  const std::vector<double> b1 = {0, 1, -1, 0.5}, w2 = {1, -2, 0.5, 1, -1, 1, 2, -0.5};
  const std::vector<double> b2 = {0.125, -0.25};
  for (const std::vector<double>& x : {std::vector<double>{1, 2, 3}, {-1, 0.5, -2}, {0, 0, 0}}) {
    std::vector<double> a(4), y(2);
    for (int j = 0; j < 4; ++j) {
      double s = b1[j];
      for (int i = 0; i < 3; ++i) s += w1[j * 3 + i] * x[i];
      a[j] = std::max(0.0, s);
    }
    for (int j = 0; j < 2; ++j) {
      double s = b2[j];
      for (int i = 0; i < 4; ++i) s += w2[j * 4 + i] * a[i];
      y[j] = std::max(0.0, s);
    }
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> got, ir::Evaluate(net, x));
    EXPECT_THAT(got, NearAll(y));
  }
}

TEST(ImporterTest, OpsetBoundsAreAccepted) {
  constexpr char kOpset7[] = R"(
    <ir_version: 3, opset_import: ["" : 7]>
    g (float[1,2] x, float[2,1] w = {2, -1}, float[1] b = {1}) => (float[1,1] y) {
      h = Gemm(x, w, b)
      y = Relu(h)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net7, NetworkFromOnnxText(kOpset7));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y7, ir::Evaluate(net7, {1, 0.5}));
  EXPECT_THAT(y7, NearAll({2 - 0.5 + 1}));
  constexpr char kOpset21[] = R"(
    <ir_version: 10, opset_import: ["" : 21]>
    g (float[1,2] x) => (float[1,1] y) <float[2,1] w = {2, -1}, float[1] b = {1}> {
      h = Gemm(x, w, b)
      f = Flatten(h)
      y = Relu(f)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net21, NetworkFromOnnxText(kOpset21));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y21, ir::Evaluate(net21, {-1, 0.5}));
  EXPECT_THAT(y21, NearAll({0}));
}

TEST(ImporterTest, UnknownLeadingDimIsTakenAsOne) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[?,2] x) => (float[?,2] y) { y = Relu(x) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  EXPECT_THAT(net.inputs()[0].shape, ElementsAre(1, 2));
}

TEST(ImporterTest, ExplicitZeroLeadingDimIsNotTurnedIntoABatchOfOne) {
  // A dim_value of 0 is neither symbolic nor missing: the tensor is empty. Compiling it as a
  // batch of 1 would change the model, so it must be refused.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[0,2] x) => (float[?,2] y) { y = Relu(x) })";
  EXPECT_THAT(NetworkFromOnnxText(kModel), ::testing::Not(IsOk()));
}

TEST(ImporterTest, NonFiniteConstantGraphOutputIsInvalidArgument) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(onnx::ModelProto proto, ParseOnnxText(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float[2] y, float[2] k) <float[2] k = {0.5, -4}> { y = Relu(x) })"));
  proto.mutable_graph()->mutable_initializer(0)->set_float_data(1, std::nanf(""));
  EXPECT_THAT(NetworkFromProto(std::move(proto)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("graph output 'k'")));
}

}  // namespace
}  // namespace nn2milp::testing
