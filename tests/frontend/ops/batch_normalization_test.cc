// BatchNormalization (inference): y = scale * (x - mean) / sqrt(var + eps) + B per channel,
// computed here directly from the spec formula.
#include <cmath>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/frontend/frontend_test_util.h"
#include "tests/frontend/ops/linear_op_test_util.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kParams[] =
    R"(<float[2] s = {0.5, -2}, float[2] b = {1, 0.25}, float[2] mean = {0.5, -1}, float[2] var = {4, 0.5}>)";

std::vector<double> Ref(const std::vector<double>& x, int inner, double eps) {
  const double s[] = {0.5, -2}, b[] = {1, 0.25}, mean[] = {0.5, -1}, var[] = {4, 0.5};
  std::vector<double> y;
  for (size_t i = 0; i < x.size(); ++i) {
    const size_t c = (i / inner) % 2;
    y.push_back(s[c] * (x[i] - mean[c]) / std::sqrt(var[c] + eps) + b[c]);
  }
  return y;
}

TEST(BatchNormalizationTest, FourDimensionalOpset15) {
  const std::string model = std::string(R"(<ir_version: 8, opset_import: ["" : 15]>
    g (float[2,2,2,2] x) => (float y) )") + kParams + R"( {
      y = BatchNormalization <epsilon = 0.125> (x, s, b, mean, var) })";
  const std::vector<double> x = Dyadic(16, 1);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, x));
  EXPECT_THAT(y, NearAll(Ref(x, 4, 0.125)));
}

TEST(BatchNormalizationTest, TwoDimensionalDefaultEpsilonOpset9) {
  const std::string model = std::string(R"(<ir_version: 8, opset_import: ["" : 9]>
    g (float[3,2] x) => (float y) )") + kParams + R"( {
      y = BatchNormalization <momentum = 0.5> (x, s, b, mean, var) })";
  const std::vector<double> x = Dyadic(6, 2);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, x));
  // epsilon is the float32 1e-5 widened to double.
  EXPECT_THAT(y, NearAll(Ref(x, 1, static_cast<double>(1e-5f))));
}

TEST(BatchNormalizationTest, TrainingModeIsUnimplemented) {
  const std::string model = std::string(R"(<ir_version: 8, opset_import: ["" : 15]>
    g (float[1,2] x) => (float y) )") + kParams + R"( {
      y = BatchNormalization <training_mode = 1> (x, s, b, mean, var) })";
  EXPECT_THAT(ImportUnchecked(model.c_str()),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("training_mode")));
}

TEST(BatchNormalizationTest, RunningStatisticsOutputsAreUnimplemented) {
  const std::string model = std::string(R"(<ir_version: 8, opset_import: ["" : 15]>
    g (float[1,2] x) => (float y) )") + kParams + R"( {
      y, rm, rv = BatchNormalization (x, s, b, mean, var) })";
  EXPECT_THAT(ImportUnchecked(model.c_str()),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("training")));
}

TEST(BatchNormalizationTest, VariableScaleIsUnimplemented) {
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 15]>
    g (float[1,2] x, float[2] s) => (float y) <float[2] b = {1, 0.25}, float[2] mean = {0.5, -1}, float[2] var = {4, 0.5}> {
      y = BatchNormalization (x, s, b, mean, var) })";
  EXPECT_THAT(LowerText(model),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("scale")));
}

}  // namespace
}  // namespace nn2milp::testing
