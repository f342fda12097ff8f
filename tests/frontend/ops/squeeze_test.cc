// Squeeze and Unsqueeze: axes as attribute (opset < 13) or input (opset 13+).
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

TEST(SqueezeTest, AxesInputOpset13) {
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3,1,2] x) => (float y) <int64[2] axes = {-2, 0}> { y = Squeeze(x, axes) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(3, 2));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, Iota(6)));
  EXPECT_THAT(y, NearAll(Iota(6)));
}

TEST(SqueezeTest, AxesAttributeOpset11) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(R"(<ir_version: 8, opset_import: ["" : 11]>
    g (float[1,3,1,2] x) => (float y) { y = Squeeze <axes = [2]> (x) })"));
  EXPECT_THAT(shape, ElementsAre(1, 3, 2));
}

TEST(SqueezeTest, NoAxesRemovesAllOnes) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3,1,2] x) => (float y) { y = Squeeze(x) })"));
  EXPECT_THAT(shape, ElementsAre(3, 2));
}

TEST(SqueezeTest, NonUnitAxisIsInvalid) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 11]>
    g (float[1,3] x) => (float y) { y = Squeeze <axes = [1]> (x) })"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("size 3")));
}

TEST(UnsqueezeTest, AxesInputOpset13RefersToTheOutput) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3,2] x) => (float y) <int64[2] axes = {-1, 1}> { y = Unsqueeze(x, axes) })"));
  EXPECT_THAT(shape, ElementsAre(3, 1, 2, 1));
}

TEST(UnsqueezeTest, AxesAttributeOpset9) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(R"(<ir_version: 8, opset_import: ["" : 9]>
    g (float[3,2] x) => (float y) { y = Unsqueeze <axes = [0, 3]> (x) })"));
  EXPECT_THAT(shape, ElementsAre(1, 3, 2, 1));
}

TEST(UnsqueezeTest, AxesAttributeAtOpset13IsRejected) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3,2] x) => (float y) { y = Unsqueeze <axes = [0]> (x) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("'axes'")));
}

}  // namespace
}  // namespace nn2milp::testing
