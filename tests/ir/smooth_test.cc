// Smooth functions: the outward-rounded image of an interval contains the exact image. The
// reference is long double (64-bit mantissa on x86-64, 11 more bits than double) evaluation of
// the same functions, compared at 10^5 random points per function and at extreme arguments.
#include "ir/smooth.h"

#include <cmath>
#include <limits>
#include <optional>
#include <utility>
#include <random>

#include "gtest/gtest.h"

namespace nn2milp::ir {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

long double Reference(SmoothFunction f, long double x) {
  switch (f) {
    case SmoothFunction::kSigmoid: return 1.0L / (1.0L + expl(-x));
    case SmoothFunction::kTanh: return tanhl(x);
    case SmoothFunction::kSoftplus: return (x > 0 ? x : 0.0L) + log1pl(expl(-fabsl(x)));
    case SmoothFunction::kExp: return expl(x);
    case SmoothFunction::kLog: return logl(x);
    case SmoothFunction::kReciprocal: return 1.0L / x;
  }
  return 0;
}

// lo <= ref <= hi, comparing in long double (the reference's error, ~2^-63 relative, is far
// below the double ulp that matters here).
::testing::AssertionResult Encloses(Interval b, long double ref) {
  if (static_cast<long double>(b.lo) <= ref && ref <= static_cast<long double>(b.hi)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "[" << b.lo << ", " << b.hi << "] misses "
                                       << static_cast<double>(ref);
}

TEST(SmoothTest, ImageOfAPointEnclosesTheLongDoubleValue) {
  std::mt19937_64 rng(5);
  for (int k = 0; k < 6; ++k) {
    const SmoothFunction f = static_cast<SmoothFunction>(k);
    SCOPED_TRACE(SmoothFunctionName(f));
    const bool positive = f == SmoothFunction::kLog || f == SmoothFunction::kReciprocal;
    std::uniform_real_distribution<double> u(positive ? 1e-6 : -40, 40);
    std::uniform_real_distribution<double> e(-300, 300);
    for (int i = 0; i < 100000; ++i) {
      double x = u(rng);
      if (i % 4 == 0) x = std::pow(10.0, e(rng) / 10) * (positive || i % 8 == 0 ? 1 : -1);
      if (f == SmoothFunction::kExp && x > 700) x = 700;
      const long double ref = Reference(f, x);
      ASSERT_TRUE(Encloses(SmoothImage(f, Interval::Point(x)), ref)) << "x = " << x;
      // And the value used by the evaluator is within the image as well.
      ASSERT_TRUE(SmoothImage(f, Interval::Point(x)).Contains(ApplySmooth(f, x))) << "x = " << x;
    }
  }
}

TEST(SmoothTest, ImagesOfIntervalsAreMonotoneAndInsideTheRange) {
  const Interval s = SmoothImage(SmoothFunction::kSigmoid, {-1000, 1000});
  EXPECT_EQ(s.lo, 0.0);
  EXPECT_EQ(s.hi, 1.0);
  const Interval t = SmoothImage(SmoothFunction::kTanh, {-kInf, kInf});
  EXPECT_EQ(t.lo, -1.0);
  EXPECT_EQ(t.hi, 1.0);
  const Interval e = SmoothImage(SmoothFunction::kExp, {800, 900});  // overflows
  EXPECT_GT(e.lo, 1e308);  // exp(800) is above the largest double: any huge lower end is sound
  EXPECT_EQ(e.hi, kInf);
  const Interval r = SmoothImage(SmoothFunction::kReciprocal, {2, 4});
  EXPECT_LE(r.lo, 0.25);
  EXPECT_GE(r.hi, 0.5);
  EXPECT_LT(r.hi, 0.5 + 1e-14);
  // Outside the domain: log/reciprocal of an interval reaching 0 are unbounded on that side.
  EXPECT_EQ(SmoothImage(SmoothFunction::kLog, {0, 1}).lo, -kInf);
  EXPECT_EQ(SmoothImage(SmoothFunction::kReciprocal, {-1, 1}).hi, kInf);
  EXPECT_EQ(SmoothImage(SmoothFunction::kLog, {-2, -1}), Interval::Unbounded());
  // Softplus of a very negative point is tiny but positive: the upper end must not be 0.
  const Interval sp = SmoothImage(SmoothFunction::kSoftplus, Interval::Point(-700));
  EXPECT_GT(sp.hi, 0.0);
  EXPECT_TRUE(Encloses(sp, Reference(SmoothFunction::kSoftplus, -700.0L)));
}

// The secant lines hold at 2000 points of each of 2000 random intervals per function, in long
// double against the long-double reference, and exist exactly where f is convex/concave.
TEST(SmoothTest, SecantLinesBoundTheFunctionOnItsConvexAndConcaveStretches) {
  std::mt19937_64 rng(8);
  int upper_lines = 0, lower_lines = 0;
  for (int k = 0; k < 6; ++k) {
    const SmoothFunction f = static_cast<SmoothFunction>(k);
    SCOPED_TRACE(SmoothFunctionName(f));
    const bool positive = f == SmoothFunction::kLog || f == SmoothFunction::kReciprocal;
    std::uniform_real_distribution<double> u(positive ? 1e-3 : -12, 12), t(0, 1);
    for (int i = 0; i < 2000; ++i) {
      double l = u(rng), h = u(rng);
      if (l > h) std::swap(l, h);
      if (i % 3 == 0 && !positive) h = std::min(h, 0.0), l = std::min(l, h - 0.5);  // x <= 0
      if (i % 3 == 1 && !positive) l = std::max(l, 0.0), h = std::max(h, l + 0.5);  // x >= 0
      const Interval x{l, h};
      const std::optional<SmoothLine> up = SmoothUpperLine(f, x), lo = SmoothLowerLine(f, x);
      upper_lines += up.has_value();
      lower_lines += lo.has_value();
      for (int j = 0; j < 2000 && (up || lo); ++j) {
        const double z = j == 0 ? l : j == 1 ? h : l + t(rng) * (h - l);
        const long double ref = Reference(f, z);
        if (up) {
          ASSERT_LE(ref, static_cast<long double>(up->slope) * z + up->intercept) << "[" << l << ", " << h << "] z " << z;
        }
        if (lo) {
          ASSERT_GE(ref, static_cast<long double>(lo->slope) * z + lo->intercept) << "[" << l << ", " << h << "] z " << z;
        }
      }
    }
  }
  EXPECT_GT(upper_lines, 1000);
  EXPECT_GT(lower_lines, 1000);
  EXPECT_FALSE(SmoothUpperLine(SmoothFunction::kSigmoid, {-1, 1}));  // S-shaped: neither
  EXPECT_FALSE(SmoothLowerLine(SmoothFunction::kSigmoid, {-1, 1}));
  EXPECT_FALSE(SmoothLowerLine(SmoothFunction::kExp, {-1, 1}));      // convex: no lower secant
  EXPECT_FALSE(SmoothUpperLine(SmoothFunction::kLog, {1, 2}));       // concave: no upper secant
}

TEST(SmoothTest, LipschitzBoundsTheSlope) {
  std::mt19937_64 rng(6);
  std::uniform_real_distribution<double> u(0.1, 3);
  for (int k = 0; k < 6; ++k) {
    const SmoothFunction f = static_cast<SmoothFunction>(k);
    for (int i = 0; i < 1000; ++i) {
      double a = u(rng), b = u(rng);
      if (a > b) std::swap(a, b);
      if (a == b) continue;
      const double slope = std::abs(ApplySmooth(f, b) - ApplySmooth(f, a)) / (b - a);
      EXPECT_LE(slope, SmoothLipschitz(f, {a, b}) * (1 + 1e-9)) << SmoothFunctionName(f);
    }
  }
}

}  // namespace
}  // namespace nn2milp::ir
