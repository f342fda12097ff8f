// Shape, ConstantOfShape, and the torch x.view(x.size(0), -1) subgraph folding to constants.
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

TEST(ShapeTest, TorchViewPatternFoldsToAConstantReshape) {
  // Shape -> Gather(0) -> Unsqueeze -> Concat(-1) -> Reshape, as torch exports view(size(0), -1).
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2,3] x) => (float[1,6] y)
      <int64 zero = {0}, int64[1] ax = {0}, int64[1] minus1 = {-1}> {
      s = Shape(x)
      n = Gather <axis = 0> (s, zero)
      u = Unsqueeze(n, ax)
      t = Concat <axis = 0> (u, minus1)
      y = Reshape(x, t)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_THAT(net.outputs()[0].shape, ElementsAre(1, 6));
  // Only the 6 inputs exist as neurons: no neuron for any shape value.
  EXPECT_EQ(net.num_neurons(), 6);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, Iota(6)));
  EXPECT_THAT(y, NearAll(Iota(6)));
}

TEST(ShapeTest, StartAndEndOpset15) {
  // dims [2,3,4,1][-3:-1] = [3,4], used as the target of a Reshape.
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(R"(<ir_version: 8, opset_import: ["" : 15]>
    g (float[2,3,4,1] x, float[12] z) => (float[3,4] y) {
      s = Shape <start = -3, end = -1> (x)
      y = Reshape(z, s) })"));
  EXPECT_THAT(shape, ElementsAre(3, 4));
}

TEST(ConstantOfShapeTest, IntegerValueFeedsExpand) {
  // ConstantOfShape([2]) with value int64 1 -> {1, 1}; Expand x [3,1] to [3,1] x [1,1]... = [3,1].
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[3,1] x) => (float y) <int64[1] two = {2}> {
      s = ConstantOfShape <value = int64[1] {1}> (two)
      y = Expand(x, s) })"));
  EXPECT_THAT(shape, ElementsAre(3, 1));
}

TEST(ConstantOfShapeTest, DefaultIsFloatZero) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[2,2] x) => (float y) <int64[2] sh = {2, 2}> {
      z = ConstantOfShape(sh)
      y = Add(x, z) })", Iota(4)));
  EXPECT_THAT(y, NearAll(Iota(4)));
}

}  // namespace
}  // namespace nn2milp::testing
