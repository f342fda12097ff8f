// Cast: constants are converted; variables only to float/double (identity).
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

TEST(CastTest, VariableToDoubleIsIdentity) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (double y) { y = Cast <to = 11> (x) })", {0.1, -3}));
  EXPECT_THAT(y, NearAll({0.1, -3}));
}

TEST(CastTest, ConstantToInt64TruncatesAndFeedsReshape) {
  // float {2.9, -1.5} -> int64 {2, -1}: a valid Reshape target.
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[6] x) => (float[2,3] y) <float[2] s = {2.9, -1.5}> {
      t = Cast <to = 7> (s)
      y = Reshape(x, t) })"));
  EXPECT_THAT(shape, ElementsAre(2, 3));
}

TEST(CastTest, ConstantToFloatRoundsToFloat32) {
  // 0.1 (double) cast to float32 is 0.100000001490116...
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (double[1] x) => (double y) <double[1] c = {0.1}> {
      f = Cast <to = 1> (c)
      d = Cast <to = 11> (f)
      y = Add(x, d) })", {0}));
  EXPECT_THAT(y, ElementsAre(static_cast<double>(0.1f)));
}

TEST(CastTest, ConstantToBool) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3] x) => (float y) <float[3] c = {0, -2, 0.5}> {
      b = Cast <to = 9> (c)
      f = Cast <to = 1> (b)
      y = Add(x, f) })", {0, 0, 0}));
  EXPECT_THAT(y, NearAll({0, 1, 1}));
}

TEST(CastTest, VariableToIntegerIsUnimplemented) {
  EXPECT_THAT(LowerText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2] x) => (int64 y) { y = Cast <to = 7> (x) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("INT64")));
}

}  // namespace
}  // namespace nn2milp::testing
