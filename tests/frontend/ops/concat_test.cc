// Concat: joins along an axis; mixes constants and variables.
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

TEST(ConcatTest, MixedConstantAndVariableAlongAxis1) {
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,2] x) => (float y) <float[2,1] c = {-1, -2}> { y = Concat <axis = 1> (x, c, x) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(2, 5));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, Iota(4)));
  EXPECT_THAT(y, NearAll({1, 2, -1, 1, 2, 3, 4, -2, 3, 4}));
}

TEST(ConcatTest, NegativeAxis) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float y) <float[1,1] c = {9}> { y = Concat <axis = -1> (c, x) })", {1, 2}));
  EXPECT_THAT(y, NearAll({9, 1, 2}));
}

TEST(ConcatTest, MismatchedDimsAreInvalid) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,2] x) => (float y) <float[3,1] c = {1, 2, 3}> { y = Concat <axis = 1> (x, c) })"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("concatenate")));
}

}  // namespace
}  // namespace nn2milp::testing
