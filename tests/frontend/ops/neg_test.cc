// Neg: y = -x for variables and folded constants.
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

TEST(NegTest, NegatesVariablesAndConstants) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float y) <float[3] c = {1, -2, 0.5}> {
      a = Neg(x)
      k = Neg(c)
      y = Add(a, k)
    })", {1, 2, 3}));
  EXPECT_THAT(y, NearAll({-2, 0, -3.5}));
}

}  // namespace
}  // namespace nn2milp::testing
