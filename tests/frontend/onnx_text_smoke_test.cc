#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "tests/testing/onnx_text.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

TEST(OnnxTextTest, ParsesAndLowersATinyGemmRelu) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float[1,1] y) <float[1,2] w = {0.5, -1.0}, float[1] b = {0.25}> {
      h = Gemm <transB = 1> (x, w, b)
      y = Relu(h)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  // Independent truth: relu(0.5 * 2 - 1 * 0.5 + 0.25) = 0.75.
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {2.0, 0.5}));
  EXPECT_THAT(y, ::testing::ElementsAre(0.75));
}

}  // namespace
}  // namespace nn2milp::testing
