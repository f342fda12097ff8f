// Conv: compared with a direct 7-loop convolution written from the ONNX formula
//   Y[n,m,oh,ow] = B[m] + sum_{c,kh,kw} W[m,c,kh,kw] * X[n, g*C/G + c, oh*sH - pT + kh*dH,
//                                                        ow*sW - pL + kw*dW]   (0 outside X)
// at several inputs, for padding, strides, dilations, groups, auto_pad, 1-D and 3-D.
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

struct Conv2D {
  int64_t n = 1, c = 2, h = 5, w = 5, m = 3, group = 1, kh = 3, kw = 3;
  int64_t pt = 0, pl = 0, pb = 0, pr = 0, sh = 1, sw = 1, dh = 1, dw = 1;
  bool bias = true;
  std::string attrs = {};  // ONNX attribute text, e.g. "pads = [1,1,1,1]"
  int64_t oh() const { return (h + pt + pb - ((kh - 1) * dh + 1)) / sh + 1; }
  int64_t ow() const { return (w + pl + pr - ((kw - 1) * dw + 1)) / sw + 1; }
};

std::vector<double> RefConv(const Conv2D& s, const std::vector<double>& x, const std::vector<double>& w,
                            const std::vector<double>& b) {
  const int64_t cpg = s.c / s.group, mpg = s.m / s.group, oh = s.oh(), ow = s.ow();
  std::vector<double> y;
  for (int64_t n = 0; n < s.n; ++n)
    for (int64_t m = 0; m < s.m; ++m)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          double sum = s.bias ? b[m] : 0.0;
          for (int64_t c = 0; c < cpg; ++c)
            for (int64_t a = 0; a < s.kh; ++a)
              for (int64_t q = 0; q < s.kw; ++q) {
                const int64_t r = i * s.sh - s.pt + a * s.dh, col = j * s.sw - s.pl + q * s.dw;
                if (r < 0 || r >= s.h || col < 0 || col >= s.w) continue;
                const int64_t ch = (m / mpg) * cpg + c;
                sum += w[((m * cpg + c) * s.kh + a) * s.kw + q] * x[((n * s.c + ch) * s.h + r) * s.w + col];
              }
          y.push_back(sum);
        }
  return y;
}

void ExpectConvMatches(const Conv2D& s) {
  const std::vector<double> w = Dyadic(s.m * (s.c / s.group) * s.kh * s.kw, 1);
  const std::vector<double> b = Dyadic(s.m, 2);
  const std::string model = absl::StrCat(
      R"(<ir_version: 8, opset_import: ["" : 13]> g (float[)", Dims({s.n, s.c, s.h, s.w}),
      "] x) => (float y) <float[", Dims({s.m, s.c / s.group, s.kh, s.kw}), "] w = {", Literal(w),
      "}, float[", s.m, "] b = {", Literal(b), "}> { y = Conv <", s.attrs, "> (x, w",
      s.bias ? ", b" : "", ") }");
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(s.n, s.m, s.oh(), s.ow()));
  for (int seed = 0; seed < 3; ++seed) {
    const std::vector<double> x = Dyadic(s.n * s.c * s.h * s.w, 10 + seed);
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, x));
    EXPECT_THAT(y, NearAll(RefConv(s, x, w, b))) << model;
  }
}

TEST(ConvTest, DefaultsNoPadding) { ExpectConvMatches({.attrs = "group = 1"}); }

TEST(ConvTest, PadsAndStrides) {
  ExpectConvMatches({.h = 6, .w = 7, .pt = 1, .pl = 2, .pb = 0, .pr = 1, .sh = 2, .sw = 3,
                     .attrs = "pads = [1,2,0,1], strides = [2,3]"});
}

TEST(ConvTest, DilationsAndKernelShapeAttribute) {
  ExpectConvMatches({.h = 7, .w = 6, .kh = 2, .kw = 3, .pt = 1, .pl = 1, .pb = 1, .pr = 1, .dh = 3, .dw = 2,
                     .attrs = "dilations = [3,2], kernel_shape = [2,3], pads = [1,1,1,1]"});
}

TEST(ConvTest, GroupsWithoutBias) {
  ExpectConvMatches({.n = 2, .c = 4, .m = 6, .group = 2, .bias = false, .attrs = "group = 2"});
}

TEST(ConvTest, Depthwise) {
  ExpectConvMatches({.c = 3, .m = 3, .group = 3, .pt = 1, .pl = 1, .pb = 1, .pr = 1,
                     .attrs = "group = 3, pads = [1,1,1,1]"});
}

TEST(ConvTest, AutoPadSameUpperPutsTheOddPadAtTheEnd) {
  // 5x6 input, k=2, stride 2: out = ceil(5/2)=3, ceil(6/2)=3; total pad = (3-1)*2+2-5 = 1 (rows,
  // at the bottom), (3-1)*2+2-6 = 0 (cols).
  ExpectConvMatches({.h = 5, .w = 6, .kh = 2, .kw = 2, .pt = 0, .pb = 1, .sh = 2, .sw = 2,
                     .attrs = "auto_pad = \"SAME_UPPER\", strides = [2,2]"});
}

TEST(ConvTest, AutoPadSameLowerPutsTheOddPadAtTheBeginning) {
  // 5x5, k=2, stride 1: total = 1 per axis, at the beginning.
  ExpectConvMatches({.kh = 2, .kw = 2, .pt = 1, .pl = 1, .attrs = "auto_pad = \"SAME_LOWER\""});
}

TEST(ConvTest, AutoPadValidIgnoresNothingAndPadsNothing) {
  ExpectConvMatches({.sh = 2, .sw = 2, .attrs = "auto_pad = \"VALID\", strides = [2,2]"});
}

TEST(ConvTest, Conv1dEqualsConv2dWithHeightOne) {
  Conv2D s{.c = 2, .h = 1, .w = 9, .m = 2, .kh = 1, .kw = 3, .pl = 1, .pr = 1, .sw = 2};
  const std::vector<double> w = Dyadic(2 * 2 * 3, 5), b = Dyadic(2, 6);
  const std::string model = absl::StrCat(
      R"(<ir_version: 8, opset_import: ["" : 13]> g (float[1,2,9] x) => (float y) <float[2,2,3] w = {)",
      Literal(w), "}, float[2] b = {", Literal(b), "}> { y = Conv <pads = [1,1], strides = [2]> (x, w, b) }");
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(1, 2, 5));
  const std::vector<double> x = Dyadic(18, 7);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, x));
  EXPECT_THAT(y, NearAll(RefConv(s, x, w, b)));
}

TEST(ConvTest, Conv3dWithOnesKernelSumsWindows) {
  // X [1,1,2,3,3], W = ones [1,1,2,2,2], stride 1: Y[d,h,w] = sum of the 2x2x2 window.
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,2,3,3] x) => (float y) <float[1,1,2,2,2] w = {1,1,1,1,1,1,1,1}> { y = Conv(x, w) })";
  const std::vector<double> x = Dyadic(18, 3);
  std::vector<double> expected;
  for (int h = 0; h < 2; ++h)
    for (int w = 0; w < 2; ++w) {
      double s = 0;
      for (int d = 0; d < 2; ++d)
        for (int a = 0; a < 2; ++a)
          for (int q = 0; q < 2; ++q) s += x[(d * 3 + h + a) * 3 + w + q];
      expected.push_back(s);
    }
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, x));
  EXPECT_THAT(y, NearAll(expected));
}

TEST(ConvTest, ConstantInputIsFolded) {
  // Conv of a constant image, added to the network input: no affine neuron per conv output.
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,1,2] x) => (float y)
      <float[1,1,1,3] c = {1, 2, 3}, float[1,1,1,2] w = {1, -1}> {
      k = Conv(c, w)
      y = Add(x, k)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, {10, 20}));
  EXPECT_THAT(y, NearAll({9, 19}));
}

TEST(ConvTest, ComposesWithAnAffinePrologue) {
  // (x - 1) * 2 feeds the conv: composite elements are materialised, the result still exact.
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,1,3] x) => (float y)
      <float one = {1}, float two = {2}, float[1,1,1,2] w = {0.5, 0.25}> {
      a = Sub(x, one)
      b = Mul(a, two)
      y = Conv(b, w)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, {1, 3, 5}));
  EXPECT_THAT(y, NearAll({0.5 * 0 + 0.25 * 4, 0.5 * 4 + 0.25 * 8}));
}

TEST(ConvTest, VariableWeightsAreUnimplemented) {
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,3,3] x, float[1,1,2,2] w) => (float y) { y = Conv(x, w) })";
  EXPECT_THAT(LowerText(model),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("W")));
}

TEST(ConvTest, UnknownAttributeIsRejected) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,3,3] x) => (float y) <float[1,1,2,2] w = {1,1,1,1}> { y = Conv <foo = 1> (x, w) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("'foo'")));
}

TEST(ConvTest, GroupMismatchIsInvalid) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,3,3,3] x) => (float y) <float[2,3,2,2] w = {1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1}> {
      y = Conv <group = 2> (x, w) })"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("group 2")));
}

TEST(ConvTest, PadsWithAutoPadIsInvalid) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,3,3] x) => (float y) <float[1,1,2,2] w = {1,1,1,1}> {
      y = Conv <auto_pad = "SAME_UPPER", pads = [1,1,1,1]> (x, w) })"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("auto_pad")));
}

}  // namespace
}  // namespace nn2milp::testing
