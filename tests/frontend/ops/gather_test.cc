// Gather with constant indices: any axis, negative indices, multi-dimensional indices.
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

TEST(GatherTest, Axis1With2dNegativeIndices) {
  // x [2,3]; indices [[2,-3],[1,1]] on axis 1 -> [2,2,2].
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float y) <int64[2,2] i = {2, -3, 1, 1}> { y = Gather <axis = 1> (x, i) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(2, 2, 2));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, Iota(6)));
  EXPECT_THAT(y, NearAll({3, 1, 2, 2, 6, 4, 5, 5}));
}

TEST(GatherTest, ScalarIndexAxis0DropsTheAxis) {
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3,2] x) => (float y) <int64 i = {-1}> { y = Gather(x, i) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(2));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, Iota(6)));
  EXPECT_THAT(y, NearAll({5, 6}));
}

TEST(GatherTest, OutOfRangeIndexIsInvalid) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float y) <int64[1] i = {3}> { y = Gather(x, i) })"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("out of range")));
}

TEST(GatherTest, VariableIndicesAreUnimplemented) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x, int64[1] i) => (float y) { y = Gather(x, i) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("indices")));
}

}  // namespace
}  // namespace nn2milp::testing
