// --strip-softmax: a trailing Softmax/LogSoftmax is the identity only when asked for. Without
// it, a softmax lowers to smooth neurons (.nl output) and is refused for MPS/LP (linear_only).
#include <cmath>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "frontend/importer.h"
#include "frontend/onnx_loader.h"
#include "ir/evaluate.h"
#include "tests/testing/onnx_text.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

using ::testing::AllOf;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kLogits[] = R"(
  <ir_version: 8, opset_import: ["" : 13]>
  g (float[1,2] x) => (float[1,2] p) <float[2,2] w = {1.0, 2.0, -1.0, 0.5}> {
    z = MatMul(x, w)
    p = LogSoftmax <axis = 1> (z)
  })";

absl::StatusOr<ir::Network> Import(const char* text, bool strip, Diagnostics& diag,
                                   bool linear_only = true) {
  NN2MILP_ASSIGN_OR_RETURN(onnx::ModelProto proto, ParseOnnxText(text));
  NN2MILP_ASSIGN_OR_RETURN(frontend::LoadedModel model, frontend::PrepareOnnxModel(std::move(proto), ".", diag));
  return frontend::ImportOnnx(model, diag, {.strip_trailing_softmax = strip, .linear_only = linear_only});
}

TEST(SoftmaxStripTest, RefusedForMpsAndLpWithBothHints) {
  Diagnostics diag;
  EXPECT_THAT(Import(kLogits, false, diag),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("--strip-softmax"), HasSubstr("-o model.nl"))));
}

TEST(SoftmaxStripTest, LowersExactlyForNlWithoutTheFlag) {
  Diagnostics diag;
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, Import(kLogits, false, diag, /*linear_only=*/false));
  // Logits [-1, 3] at x = [1, 2]; log_softmax = z - log(e^-1 + e^3).
  const double lse = std::log(std::exp(-1.0) + std::exp(3.0));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1.0, 2.0}));
  EXPECT_THAT(y, ElementsAre(DoubleNear(-1.0 - lse, 1e-14), DoubleNear(3.0 - lse, 1e-14)));
  EXPECT_GT(net.num_smooth(), 0);
}

TEST(SoftmaxStripTest, StrippedOnRequestGivesTheLogitsAndWarns) {
  Diagnostics diag;
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, Import(kLogits, true, diag));
  // z = x @ w: [1*1 + 2*(-1), 1*2 + 2*0.5] = [-1, 3] at x = [1, 2].
  EXPECT_THAT(*ir::Evaluate(net, {1.0, 2.0}), ElementsAre(-1.0, 3.0));
  ASSERT_FALSE(diag.messages().empty());
  EXPECT_EQ(diag.messages().back().severity, Diagnostics::Severity::kWarning);
  EXPECT_THAT(diag.messages().back().text, HasSubstr("logits"));
}

TEST(SoftmaxStripTest, ASoftmaxInsideTheNetworkIsNeverStripped) {
  constexpr char kInner[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float[1,2] y) {
      s = Softmax <axis = 1> (x)
      y = Relu(s)
    })";
  Diagnostics diag;
  EXPECT_THAT(Import(kInner, true, diag),
              StatusIs(absl::StatusCode::kUnimplemented, AllOf(HasSubstr("Softmax"), HasSubstr(".nl"))));
  // For .nl it is kept (as smooth neurons), not stripped: y = relu(softmax(x)) = softmax(x).
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, Import(kInner, true, diag, /*linear_only=*/false));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {0.0, std::log(3.0)}));
  EXPECT_THAT(y, ElementsAre(DoubleNear(0.25, 1e-15), DoubleNear(0.75, 1e-15)));
}

}  // namespace
}  // namespace nn2milp::testing
