// Slice: attributes before opset 10, inputs from 10; negative and clamped indices, steps.
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

// x is [3,4] holding 1..12.
TEST(SliceTest, InputsWithNegativeAndClampedIndices) {
  // rows -2: (=1:3), cols 1:INT64_MAX (clamped to 4).
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3,4] x) => (float y)
      <int64[2] s = {-2, 1}, int64[2] e = {100, 9223372036854775807}> { y = Slice(x, s, e) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(2, 3));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, Iota(12)));
  EXPECT_THAT(y, NearAll({6, 7, 8, 10, 11, 12}));
}

TEST(SliceTest, AxesAndNegativeSteps) {
  // axis 1 only, from -1 down to (exclusive) 0 by -2: cols 3, 1.
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3,4] x) => (float y)
      <int64[1] s = {-1}, int64[1] e = {0}, int64[1] a = {-1}, int64[1] st = {-2}> { y = Slice(x, s, e, a, st) })",
                                                               Iota(12)));
  EXPECT_THAT(y, NearAll({4, 2, 8, 6, 12, 10}));
}

TEST(SliceTest, NegativeStepToTheBeginning) {
  // Reverse rows: start INT64_MAX (clamped to 2), end INT64_MIN (clamped to -1), step -1.
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3,2] x) => (float y)
      <int64[1] s = {9223372036854775807}, int64[1] e = {-9223372036854775807}, int64[1] a = {0}, int64[1] st = {-1}> {
      y = Slice(x, s, e, a, st) })", Iota(6)));
  EXPECT_THAT(y, NearAll({5, 6, 3, 4, 1, 2}));
}

TEST(SliceTest, AttributesBeforeOpset10) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 9]>
    g (float[3,4] x) => (float y) { y = Slice <starts = [1], ends = [3], axes = [1]> (x) })", Iota(12)));
  EXPECT_THAT(y, NearAll({2, 3, 6, 7, 10, 11}));
}

TEST(SliceTest, FoldsIntegerConstants) {
  // Slicing a constant shape keeps it integer, so Reshape accepts it.
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,6] x) => (float[3,4] y) <int64[3] sh = {3, 4, 99}, int64[1] s = {0}, int64[1] e = {2}> {
      t = Slice(sh, s, e)
      y = Reshape(x, t) })"));
  EXPECT_THAT(shape, ElementsAre(3, 4));
}

TEST(SliceTest, ZeroStepIsInvalid) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float y) <int64[1] s = {0}, int64[1] e = {2}, int64[1] a = {0}, int64[1] st = {0}> {
      y = Slice(x, s, e, a, st) })"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("step")));
}

}  // namespace
}  // namespace nn2milp::testing
