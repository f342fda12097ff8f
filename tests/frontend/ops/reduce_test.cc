// ReduceSum / ReduceMean over constant axes, keepdims, noop_with_empty_axes.
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

// x is [2,3] holding 1..6.
TEST(ReduceSumTest, AxesInputOpset13KeepDims) {
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float y) <int64[1] a = {-1}> { y = ReduceSum(x, a) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(2, 1));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, Iota(6)));
  EXPECT_THAT(y, NearAll({6, 15}));
}

TEST(ReduceSumTest, AxesAttributeOpset11NoKeepDims) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 11]>
    g (float[2,3] x) => (float y) { y = ReduceSum <axes = [0], keepdims = 0> (x) })", Iota(6)));
  EXPECT_THAT(y, NearAll({5, 7, 9}));
}

TEST(ReduceSumTest, EmptyAxesReducesAllOrIsANoop) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> all, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float y) { y = ReduceSum <keepdims = 0> (x) })", Iota(6)));
  EXPECT_THAT(all, NearAll({21}));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> same, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float y) { y = ReduceSum <noop_with_empty_axes = 1> (x) })", Iota(6)));
  EXPECT_THAT(same, NearAll(Iota(6)));
}

TEST(ReduceMeanTest, AxesAttributeOpset13) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float y) { y = ReduceMean <axes = [1]> (x) })", Iota(6)));
  EXPECT_THAT(y, NearAll({2, 5}));
}

TEST(ReduceMeanTest, AllAxes) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float y) { y = ReduceMean <axes = [0, -1]> (x) })", Iota(6)));
  EXPECT_THAT(y, NearAll({3.5}));
}

TEST(ReduceMeanTest, AxesInputBeforeOpset18IsRejected) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float y) { y = ReduceMean <noop_with_empty_axes = 1> (x) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("noop_with_empty_axes")));
}

}  // namespace
}  // namespace nn2milp::testing
