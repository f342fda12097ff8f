#include "passes/rigorous.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace nn2milp::passes {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(ReluUpperRelaxationTest, LineIsAboveReluAtBothEnds) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> e(-30, 30);
  for (int i = 0; i < 100000; ++i) {
    const double l = -std::exp(e(rng)), u = std::exp(e(rng));
    const ReluUpperLine line = ReluUpperRelaxation(l, u);
    // fma rounds once and keeps the sign, so a negative exact value would show as < 0.
    ASSERT_GE(std::fma(line.slope, l, line.intercept), 0.0) << l << " " << u;
    ASSERT_GE(std::fma(line.slope, u, line.intercept - u), 0.0) << l << " " << u;
  }
}

TEST(ReluUpperRelaxationTest, ExactCase) {
  const ReluUpperLine line = ReluUpperRelaxation(-2, 2);
  EXPECT_EQ(line.slope, 0.5);
  EXPECT_EQ(line.intercept, 1.0);
}

// min x1 + x2 s.t. x1 + x2 >= 1 (row 0), x1 - x2 <= 0.5 (row 1), x in [0, 10]^2. Optimum 1.
struct TinyLp {
  std::vector<int64_t> start = {0, 2, 4};
  std::vector<int32_t> col = {0, 1, 0, 1};
  std::vector<double> val = {1, 1, 1, -1};
  std::vector<double> row_lo = {1, -kInf}, row_up = {kInf, 0.5};
  std::vector<double> col_lo = {0, 0}, col_up = {10, 10};
  LpView View() const { return {start, col, val, row_lo, row_up, col_lo, col_up}; }
};

TEST(SafeLpLowerBoundTest, OptimalDualGivesTheOptimum) {
  TinyLp lp;
  EXPECT_EQ(SafeLpLowerBound(lp.View(), std::vector<double>{1, 1}, 0, std::vector<double>{1, 0}),
            1.0);
  EXPECT_EQ(SafeLpLowerBound(lp.View(), std::vector<double>{1, 1}, 2.5, std::vector<double>{1, 0}),
            3.5);
}

TEST(SafeLpLowerBoundTest, AnyDualGivesAValidBound) {
  TinyLp lp;
  const std::vector<double> c = {1, 1};
  // y = 0: the box minimum 0.
  EXPECT_EQ(SafeLpLowerBound(lp.View(), c, 0, std::vector<double>{0, 0}), 0.0);
  // Wrong-sign duals are clipped (row 0 has no upper side, row 1 no lower side).
  EXPECT_EQ(SafeLpLowerBound(lp.View(), c, 0, std::vector<double>{-3, 2}), 0.0);
  EXPECT_EQ(SafeLpLowerBound(lp.View(), c, 0, std::vector<double>{std::nan(""), 0}), 0.0);
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> u(-3, 3);
  for (int i = 0; i < 10000; ++i) {
    EXPECT_LE(SafeLpLowerBound(lp.View(), c, 0, std::vector<double>{u(rng), u(rng)}), 1.0);
  }
}

TEST(SafeLpLowerBoundTest, RoundsOutward) {
  // min 0.1 x, x in [1, 1] (no rows): exact value 0.1000000000000000055..., i.e. the double 0.1
  // itself; with c0 = 0.2 the exact sum 0.1 + 0.2 is below the double 0.30000000000000004.
  const std::vector<int64_t> start = {0};
  const std::vector<double> one = {1};
  const LpView lp{start, {}, {}, {}, {}, one, one};
  const double b = SafeLpLowerBound(lp, std::vector<double>{0.1}, 0.2, {});
  EXPECT_LT(b, 0.1 + 0.2);
  EXPECT_EQ(b, std::nextafter(0.1 + 0.2, 0.0));
}

}  // namespace
}  // namespace nn2milp::passes
