// Sum: variadic elementwise sum with multidirectional broadcasting.
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

TEST(SumTest, ThreeInputsBroadcast) {
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x, float[3] z) => (float y) <float[2,1] c = {10, 20}> { y = Sum(x, c, z) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, {1, 2, 3, 4, 5, 6, 0.5, 0.25, -1}));
  EXPECT_THAT(y, NearAll({11.5, 12.25, 12, 24.5, 25.25, 25}));
}

TEST(SumTest, SameNeuronTwiceMerges) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 8]>
    g (float[2] x) => (float y) { y = Sum(x, x, x) })", {1, -2}));
  EXPECT_THAT(y, NearAll({3, -6}));
}

TEST(SumTest, SingleInputIsIdentity) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (float y) { y = Sum(x) })", {1, -2}));
  EXPECT_THAT(y, NearAll({1, -2}));
}

}  // namespace
}  // namespace nn2milp::testing
