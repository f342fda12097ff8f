#include "ir/interval.h"

#include <cfenv>
#include <random>

#include "gtest/gtest.h"

namespace nn2milp::ir {
namespace {

TEST(IntervalTest, ReluImageClampsAtZero) {
  EXPECT_EQ(ReluImage({-2, 3}), (Interval{0, 3}));
  EXPECT_EQ(ReluImage({-2, -1}), (Interval{0, 0}));
  EXPECT_EQ(ReluImage({1, 4}), (Interval{1, 4}));
}

TEST(AffineBoundsTest, HandComputedExampleIsExact) {
  // z = 1 + 2x - 3y, x in [-1, 1], y in [0, 2]: z in [1 - 2 - 6, 1 + 2 - 0] = [-7, 3], exactly
  // (every intermediate is representable, so directed rounding changes nothing).
  EXPECT_EQ(AffineBounds(1.0, {2.0, -3.0}, {{-1, 1}, {0, 2}}), (Interval{-7, 3}));
}

TEST(AffineBoundsTest, LeavesTheRoundingModeAsItWas) {
  AffineBounds(0.1, {0.3}, {{0.7, 0.9}});
  EXPECT_EQ(std::fegetround(), FE_TONEAREST);
}

// The classic cancellation case: 0.1 + 0.2 - 0.3 is 5.55e-17 in doubles, 0 exactly. A naive
// bound would claim [5.55e-17, 5.55e-17], which excludes the exact value; ours must contain it.
TEST(AffineBoundsTest, ContainsExactValueDespiteRounding) {
  const Interval b = AffineBounds(0.1, {1.0, -1.0}, {Interval::Point(0.2), Interval::Point(0.3)});
  EXPECT_LE(b.lo, 0.0);
  EXPECT_GE(b.hi, 0.0);
}

// Property: for random affine maps and random points in the box, the value computed in long
// double (more precise than the double sum) lies in the bounds.
TEST(AffineBoundsTest, RandomPointsStayInside) {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> weight(0, 1);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 1 + trial % 50;
    std::vector<double> a(n);
    std::vector<Interval> box(n);
    const double bias = weight(rng);
    for (int i = 0; i < n; ++i) {
      a[i] = weight(rng);
      const double lo = weight(rng), w = unit(rng);
      box[i] = {lo, lo + w};
    }
    const Interval b = AffineBounds(bias, a, box);
    for (int s = 0; s < 50; ++s) {
      long double z = bias;
      for (int i = 0; i < n; ++i) {
        const double t = s == 0 ? box[i].lo : s == 1 ? box[i].hi : box[i].lo + unit(rng) * box[i].width();
        z += static_cast<long double>(a[i]) * std::clamp(t, box[i].lo, box[i].hi);
      }
      EXPECT_LE(static_cast<long double>(b.lo), z);
      EXPECT_GE(static_cast<long double>(b.hi), z);
    }
  }
}

TEST(AffineBoundsTest, InfiniteInputGivesInfiniteSide) {
  const Interval b = AffineBounds(0.0, {1.0}, {{0, std::numeric_limits<double>::infinity()}});
  EXPECT_LE(b.lo, 0.0);
  EXPECT_EQ(b.hi, std::numeric_limits<double>::infinity());
}

}  // namespace
}  // namespace nn2milp::ir
