// Expand: numpy broadcasting of X to a constant shape.
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

TEST(ExpandTest, BroadcastsBothWays) {
  // x [3,1] expanded with shape [2,1,2] -> [2,3,2].
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3,1] x) => (float y) <int64[3] s = {2, 1, 2}> { y = Expand(x, s) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(2, 3, 2));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, Iota(3)));
  EXPECT_THAT(y, NearAll({1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
}

TEST(ExpandTest, IncompatibleShapeIsInvalid) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float y) <int64[1] s = {2}> { y = Expand(x, s) })"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("broadcast")));
}

}  // namespace
}  // namespace nn2milp::testing
