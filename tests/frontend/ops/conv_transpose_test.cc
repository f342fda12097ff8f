// ConvTranspose: compared with a direct scatter loop written from the ONNX formula
//   Y[n, g*M/G + m, i*s - pad_begin + k*d] += X[n, c, i] * W[c, m, k]   (+ B)
// in 2-D, with strides, pads, dilations, output_padding, groups and output_shape.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/frontend/frontend_test_util.h"
#include "tests/frontend/ops/linear_op_test_util.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Spec {
  int64_t c = 2, h = 3, w = 3, mpg = 2, group = 1, kh = 3, kw = 2;
  int64_t pt = 0, pl = 0, pb = 0, pr = 0, sh = 1, sw = 1, dh = 1, dw = 1, oph = 0, opw = 0;
  std::string attrs = "group = 1";
  int64_t oh() const { return sh * (h - 1) + oph + (kh - 1) * dh + 1 - pt - pb; }
  int64_t ow() const { return sw * (w - 1) + opw + (kw - 1) * dw + 1 - pl - pr; }
};

std::vector<double> Ref(const Spec& s, const std::vector<double>& x, const std::vector<double>& w,
                        const std::vector<double>& b) {
  const int64_t m_total = s.mpg * s.group, cpg = s.c / s.group, oh = s.oh(), ow = s.ow();
  std::vector<double> y(static_cast<size_t>(m_total * oh * ow));
  for (int64_t m = 0; m < m_total; ++m)
    for (int64_t i = 0; i < oh * ow; ++i) y[m * oh * ow + i] = b[m];
  for (int64_t c = 0; c < s.c; ++c)
    for (int64_t m = 0; m < s.mpg; ++m)
      for (int64_t i = 0; i < s.h; ++i)
        for (int64_t j = 0; j < s.w; ++j)
          for (int64_t a = 0; a < s.kh; ++a)
            for (int64_t q = 0; q < s.kw; ++q) {
              const int64_t r = i * s.sh - s.pt + a * s.dh, col = j * s.sw - s.pl + q * s.dw;
              if (r < 0 || r >= oh || col < 0 || col >= ow) continue;
              const int64_t om = (c / cpg) * s.mpg + m;
              y[(om * oh + r) * ow + col] += x[(c * s.h + i) * s.w + j] * w[((c * s.mpg + m) * s.kh + a) * s.kw + q];
            }
  return y;
}

void ExpectMatches(const Spec& s) {
  const std::vector<double> w = Dyadic(s.c * s.mpg * s.kh * s.kw, 3), b = Dyadic(s.mpg * s.group, 4);
  const std::string model = absl::StrCat(
      R"(<ir_version: 8, opset_import: ["" : 13]> g (float[)", Dims({1, s.c, s.h, s.w}),
      "] x) => (float y) <float[", Dims({s.c, s.mpg, s.kh, s.kw}), "] w = {", Literal(w),
      "}, float[", s.mpg * s.group, "] b = {", Literal(b), "}> { y = ConvTranspose <", s.attrs,
      "> (x, w, b) }");
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(1, s.mpg * s.group, s.oh(), s.ow()));
  for (int seed = 0; seed < 3; ++seed) {
    const std::vector<double> x = Dyadic(s.c * s.h * s.w, 20 + seed);
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, x));
    EXPECT_THAT(y, NearAll(Ref(s, x, w, b))) << model;
  }
}

TEST(ConvTransposeTest, Defaults) { ExpectMatches({}); }

TEST(ConvTransposeTest, StridesPadsDilations) {
  ExpectMatches({.pt = 1, .pl = 0, .pb = 2, .pr = 1, .sh = 2, .sw = 3, .dh = 2, .dw = 1,
                 .attrs = "pads = [1,0,2,1], strides = [2,3], dilations = [2,1]"});
}

TEST(ConvTransposeTest, OutputPadding) {
  ExpectMatches({.sh = 2, .sw = 2, .oph = 1, .opw = 1,
                 .attrs = "strides = [2,2], output_padding = [1,1]"});
}

TEST(ConvTransposeTest, Groups) {
  ExpectMatches({.c = 4, .mpg = 1, .group = 2, .attrs = "group = 2"});
}

TEST(ConvTransposeTest, OutputShapeWithEvenPaddingGeneratesPads) {
  // Full size: 2*(3-1) + 3 = 7 rows, 2*(3-1) + 2 = 6 cols; output_shape [5,4] -> pads 1,1 each.
  ExpectMatches({.pt = 1, .pl = 1, .pb = 1, .pr = 1, .sh = 2, .sw = 2,
                 .attrs = "strides = [2,2], output_shape = [5,4]"});
}

TEST(ConvTransposeTest, OddGeneratedPaddingIsUnimplemented) {
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,3,3] x) => (float y) <float[1,1,2,2] w = {1,1,1,1}> {
      y = ConvTranspose <strides = [2,2], output_shape = [5,5]> (x, w) })";
  EXPECT_THAT(LowerText(model),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("odd")));
}

}  // namespace
}  // namespace nn2milp::testing
