// Split: sizes from the attribute (< 13), the input (13+), equal parts, or num_outputs (18).
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/frontend/frontend_test_util.h"
#include "tests/frontend/ops/linear_op_test_util.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SplitTest, SplitInputOpset13) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,5] x) => (float a, float b) <int64[2] sp = {2, 3}> { a, b = Split <axis = 1> (x, sp) })", Iota(10)));
  EXPECT_THAT(y, NearAll({1, 2, 6, 7, 3, 4, 5, 8, 9, 10}));
}

TEST(SplitTest, SplitAttributeOpset11) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 11]>
    g (float[3,2] x) => (float a, float b) { a, b = Split <axis = -2, split = [1, 2]> (x) })", Iota(6)));
  EXPECT_THAT(y, NearAll({1, 2, 3, 4, 5, 6}));
}

TEST(SplitTest, EqualParts) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[6] x) => (float a, float b, float c) { a, b, c = Split(x) })", Iota(6)));
  EXPECT_THAT(y, NearAll(Iota(6)));
}

TEST(SplitTest, NumOutputsOpset18LastPartSmaller) {
  // ONNX 1.12 cannot check opset 18: lowered unchecked.
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 18]>
    g (float[1,5] x) => (float a, float b) { a, b = Split <axis = 1, num_outputs = 2> (x) })"));
  EXPECT_THAT(net.outputs()[0].shape, ElementsAre(1, 3));
  EXPECT_THAT(net.outputs()[1].shape, ElementsAre(1, 2));
}

TEST(SplitTest, UnevenEqualSplitIsInvalid) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[5] x) => (float a, float b) { a, b = Split(x) })"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("evenly")));
}

}  // namespace
}  // namespace nn2milp::testing
