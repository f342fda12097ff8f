// Pad, constant mode: attribute form (< 11), input form (11+), axes (18), negative pads.
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

TEST(PadTest, InputsWithConstantValue) {
  // x [2,2]; pads: rows (1 before, 0 after), cols (0 before, 1 after); value 7.
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,2] x) => (float y) <int64[4] p = {1, 0, 0, 1}, float v = {7}> { y = Pad(x, p, v) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(3, 3));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, Iota(4)));
  EXPECT_THAT(y, NearAll({7, 7, 7, 1, 2, 7, 3, 4, 7}));
}

TEST(PadTest, AttributesOpset2WithNegativePadCrops) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 9]>
    g (float[1,4] x) => (float y) { y = Pad <pads = [0, -1, 0, 2], value = -0.5> (x) })", Iota(4)));
  EXPECT_THAT(y, NearAll({2, 3, 4, -0.5, -0.5}));
}

TEST(PadTest, AxesOpset18) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 18]>
    g (float[1,2] x) => (float y) <int64[2] p = {1, 1}, int64[1] a = {-1}> { y = Pad(x, p, , a) })"));
  EXPECT_THAT(net.outputs()[0].shape, ElementsAre(1, 4));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, std::vector<double>{5, 6}));
  EXPECT_THAT(y, NearAll({0, 5, 6, 0}));
}

TEST(PadTest, ReflectIsUnimplemented) {
  EXPECT_THAT(LowerText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,4] x) => (float y) <int64[4] p = {0, 1, 0, 1}> { y = Pad <mode = "reflect"> (x, p) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("mode=reflect")));
}

}  // namespace
}  // namespace nn2milp::testing
