// Flatten and Reshape: the shape changes, the row-major element order does not.
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
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

const std::vector<double> kX = {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12};

// Lowers `model` (input x of 12 elements, one output) and checks that the output has `shape` and
// the input's elements in the same order.
void ExpectReshapedTo(const char* model, const std::vector<int64_t>& shape) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(model));
  ASSERT_THAT(net.outputs(), ::testing::SizeIs(1));
  EXPECT_THAT(net.outputs()[0].shape, ElementsAreArray(shape));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, kX));
  EXPECT_THAT(y, ElementsAreArray(kX));
}

TEST(FlattenTest, Axis0GivesOneRow) {
  ExpectReshapedTo(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[1,12] y) { y = Flatten <axis = 0> (x) })", {1, 12});
}

TEST(FlattenTest, DefaultAxisIs1) {
  ExpectReshapedTo(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[2,6] y) { y = Flatten(x) })", {2, 6});
}

TEST(FlattenTest, Axis2) {
  ExpectReshapedTo(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[6,2] y) { y = Flatten <axis = 2> (x) })", {6, 2});
}

TEST(FlattenTest, NegativeAxisCountsFromTheEnd) {
  ExpectReshapedTo(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[6,2] y) { y = Flatten <axis = -1> (x) })", {6, 2});
}

TEST(FlattenTest, AxisEqualToRankGivesOneColumn) {
  ExpectReshapedTo(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[12,1] y) { y = Flatten <axis = 3> (x) })", {12, 1});
}

TEST(FlattenTest, FlattenFeedsGemm) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2,2] x) => (float[1,1] y) <float[4,1] w = {1, 2, 3, 4}> {
      f = Flatten(x)
      y = Gemm(f, w)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, -1, 0.5, 2}));
  EXPECT_THAT(y, NearAll({1 * 1 + 2 * -1 + 3 * 0.5 + 4 * 2}));
}

TEST(ReshapeTest, ZeroCopiesTheInputDimAndMinusOneIsInferred) {
  ExpectReshapedTo(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[2,6] y) <int64[2] s = {0, -1}> { y = Reshape(x, s) })",
                   {2, 6});
}

TEST(ReshapeTest, MinusOneFirst) {
  ExpectReshapedTo(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[3,2,2] y) <int64[3] s = {-1, 2, 2}> { y = Reshape(x, s) })",
                   {3, 2, 2});
}

TEST(ReshapeTest, ShapeFromAConstantNode) {
  ExpectReshapedTo(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[4,3] y) {
      s = Constant <value = int64[2] {4, 3}> ()
      y = Reshape(x, s)
    })", {4, 3});
}

// ONNX shape inference reads constant shapes (initializers and Constant nodes) and rejects the
// malformed ones below with its own message; ImportUnchecked skips it to check that the
// lowering does not rely on that.
TEST(ReshapeTest, ElementCountMismatchIsInvalidArgument) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[5,2] y) <int64[2] s = {5, 2}> { y = Reshape(x, s) })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Reshape")));
  NN2MILP_ASSERT_OK_AND_ASSIGN(onnx::ModelProto proto, ParseOnnxText(kModel));
  proto.mutable_graph()->mutable_node(0)->set_name("rs");
  frontend::LoadedModel model{proto, 13};
  Diagnostics diag;
  EXPECT_THAT(frontend::ImportOnnx(model, diag),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("node 'rs' (Reshape)"), HasSubstr("cannot reshape [2,3,2]"),
                             HasSubstr("[5,2]"))));
}

TEST(ReshapeTest, IndivisibleMinusOneIsInvalidArgument) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[5,2] y) <int64[2] s = {5, -1}> { y = Reshape(x, s) })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Reshape")));
  EXPECT_THAT(ImportUnchecked(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cannot reshape")));
}

TEST(ReshapeTest, TwoMinusOnesAreInvalidArgument) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float[2,6] y) <int64[2] s = {-1, -1}> { y = Reshape(x, s) })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("-1")));
  EXPECT_THAT(ImportUnchecked(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("more than one -1")));
}

TEST(ReshapeTest, ZeroBeyondTheInputRankIsInvalidArgument) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[12] x) => (float[12,1] y) <int64[2] s = {12, 0}> { y = Reshape(x, s) })";
  EXPECT_THAT(NetworkFromOnnxText(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("0")));
  EXPECT_THAT(ImportUnchecked(kModel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("shape[1] = 0")));
}

TEST(ReshapeTest, AllowZeroWithAZeroIsUnimplemented) {
  // allowzero=1 makes the 0 a zero-size dim, so the element count cannot match a nonempty
  // input: ONNX rejects it; the lowering names allowzero.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 14]>
    g (float[2,6] x) => (float[2,6] y) <int64[2] s = {0, 6}> {
      y = Reshape <allowzero = 1> (x, s)
    })";
  EXPECT_THAT(NetworkFromOnnxText(kModel), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(ImportUnchecked(kModel),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("allowzero")));
}

TEST(ReshapeTest, AllowZeroWithoutAZeroIsAccepted) {
  ExpectReshapedTo(R"(
    <ir_version: 8, opset_import: ["" : 14]>
    g (float[2,3,2] x) => (float[2,6] y) <int64[2] s = {2, -1}> {
      y = Reshape <allowzero = 1> (x, s)
    })", {2, 6});
}

}  // namespace
}  // namespace nn2milp::testing
