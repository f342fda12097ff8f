// Transpose: Y[i_perm] = X[i], default perm reverses the axes.
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

TEST(TransposeTest, ExplicitPerm) {
  // X [2,3,2]; perm [1,2,0] -> Y [3,2,2], Y[a,b,c] = X[c,a,b].
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3,2] x) => (float y) { y = Transpose <perm = [1,2,0]> (x) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(3, 2, 2));
  std::vector<double> expected;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 2; ++c) expected.push_back((c * 3 + a) * 2 + b + 1);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, Iota(12)));
  EXPECT_THAT(y, NearAll(expected));
}

TEST(TransposeTest, DefaultReversesAxes) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float y) { y = Transpose(x) })", Iota(6)));
  EXPECT_THAT(y, NearAll({1, 4, 2, 5, 3, 6}));
}

TEST(TransposeTest, NotAPermutationIsInvalid) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float y) { y = Transpose <perm = [0,0]> (x) })"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("permutation")));
}

}  // namespace
}  // namespace nn2milp::testing
