// AveragePool and GlobalAveragePool: compared with a direct loop over windows written from the
// ONNX formula (divisor = window positions inside the input, or inside the padded input with
// count_include_pad=1).
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

struct Pool {
  int64_t c = 2, h = 5, w = 6, kh = 2, kw = 3, pt = 0, pl = 0, pb = 0, pr = 0, sh = 1, sw = 1;
  bool ceil = false, include_pad = false;
  int opset = 13;
  std::string attrs = {};
  int64_t Out(int64_t in, int64_t p, int64_t k, int64_t s) const {
    const int64_t span = in + p - k;
    return (ceil ? (span + s - 1) / s : span / s) + 1;
  }
  int64_t oh() const { return Out(h, pt + pb, kh, sh); }
  int64_t ow() const { return Out(w, pl + pr, kw, sw); }
};

std::vector<double> Ref(const Pool& s, const std::vector<double>& x) {
  std::vector<double> y;
  for (int64_t c = 0; c < s.c; ++c)
    for (int64_t i = 0; i < s.oh(); ++i)
      for (int64_t j = 0; j < s.ow(); ++j) {
        double sum = 0, count = 0;
        for (int64_t a = 0; a < s.kh; ++a)
          for (int64_t q = 0; q < s.kw; ++q) {
            const int64_t r = i * s.sh - s.pt + a, col = j * s.sw - s.pl + q;
            const bool inside = r >= 0 && r < s.h && col >= 0 && col < s.w;
            const bool padded = r >= -s.pt && r < s.h + s.pb && col >= -s.pl && col < s.w + s.pr;
            if (inside) sum += x[(c * s.h + r) * s.w + col];
            if (s.include_pad ? padded : inside) count += 1;
          }
        y.push_back(sum / count);
      }
  return y;
}

void ExpectMatches(const Pool& s) {
  const std::string model = absl::StrCat(
      R"(<ir_version: 8, opset_import: ["" : )", s.opset, "]> g (float[", Dims({1, s.c, s.h, s.w}),
      "] x) => (float y) { y = AveragePool <kernel_shape = [", s.kh, ",", s.kw, "]",
      s.attrs.empty() ? "" : ", ", s.attrs, "> (x) }");
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(1, s.c, s.oh(), s.ow()));
  for (int seed = 0; seed < 3; ++seed) {
    const std::vector<double> x = Dyadic(s.c * s.h * s.w, 30 + seed);
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, x));
    EXPECT_THAT(y, NearAll(Ref(s, x))) << model;
  }
}

TEST(AveragePoolTest, Defaults) { ExpectMatches({}); }

TEST(AveragePoolTest, StridesAndPadsExcludePadFromTheCount) {
  ExpectMatches({.pt = 1, .pl = 1, .pb = 1, .pr = 2, .sh = 2, .sw = 2,
                 .attrs = "pads = [1,1,1,2], strides = [2,2]"});
}

TEST(AveragePoolTest, CountIncludePad) {
  ExpectMatches({.pt = 1, .pl = 1, .pb = 1, .pr = 2, .sh = 2, .sw = 2, .include_pad = true,
                 .attrs = "pads = [1,1,1,2], strides = [2,2], count_include_pad = 1"});
}

TEST(AveragePoolTest, CeilModeAddsPartialWindows) {
  // h=5, k=2, s=2: floor gives 2 rows, ceil 3 (the last window holds one row).
  ExpectMatches({.sh = 2, .sw = 2, .ceil = true, .attrs = "strides = [2,2], ceil_mode = 1"});
}

TEST(AveragePoolTest, CeilModeWithCountIncludePadCountsOnlyThePaddedInput) {
  // Rows: h=6, k=3, pads 1+1, s=2 -> 4 windows, the last one [5,7] holds row 5, the pad row 6
  // and row 7 beyond the padded input (not counted). Cols: w=6, k=3, s=2 -> [4,6], 6 beyond.
  ExpectMatches({.h = 6, .kh = 3, .pt = 1, .pl = 0, .pb = 1, .pr = 0, .sh = 2, .sw = 2, .ceil = true,
                 .include_pad = true,
                 .attrs = "pads = [1,0,1,0], strides = [2,2], ceil_mode = 1, count_include_pad = 1"});
}

TEST(AveragePoolTest, CeilModeWindowOnlyInPaddingIsUnimplemented) {
  // h=5, k=2, pads 1+1, s=2, ceil: the 4th window starts at row 5, the bottom pad.
  EXPECT_THAT(LowerText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,5,5] x) => (float y) {
      y = AveragePool <kernel_shape = [2,2], pads = [1,1,1,1], strides = [2,2], ceil_mode = 1> (x) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("only padding")));
}

TEST(AveragePoolTest, AutoPadSameUpper) {
  // h=5, k=2, s=1: out 5, total pad 1 at the end; w=6, k=3: total 2, one at each side.
  ExpectMatches({.pl = 1, .pb = 1, .pr = 1, .attrs = "auto_pad = \"SAME_UPPER\""});
}

TEST(AveragePoolTest, Opset7) { ExpectMatches({.opset = 7}); }

TEST(AveragePoolTest, OneDimensional) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,5] x) => (float y) { y = AveragePool <kernel_shape = [2], strides = [2], pads = [0,1]> (x) })",
                                                               {1, 2, 3, 4, 5}));
  EXPECT_THAT(y, NearAll({1.5, 3.5, 5}));
}

TEST(AveragePoolTest, CeilModeAttributeBeforeOpset10IsRejected) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 9]>
    g (float[1,1,4,4] x) => (float y) { y = AveragePool <kernel_shape = [2,2], ceil_mode = 1> (x) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("ceil_mode")));
}

TEST(GlobalAveragePoolTest, MeanOverSpatialDims) {
  const std::vector<double> x = Dyadic(2 * 3 * 4, 5);
  std::vector<double> expected(2, 0.0);
  for (int i = 0; i < 24; ++i) expected[i / 12] += x[i] / 12;
  const std::string model = R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2,3,4] x) => (float y) { y = GlobalAveragePool(x) })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<int64_t> shape, OutputShape(model));
  EXPECT_THAT(shape, ElementsAre(1, 2, 1, 1));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(model, x));
  EXPECT_THAT(y, NearAll(expected));
}

}  // namespace
}  // namespace nn2milp::testing
