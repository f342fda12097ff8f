// Compiled with -frounding-math (see passes/CMakeLists.txt) so that the compiler neither folds
// nor reorders floating-point operations across the rounding-mode switches. The directed sums run
// in separate non-inlined functions, called after the mode is set, for the same reason.
#include "passes/rigorous.h"

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <vector>

#include "ir/base/check.h"

namespace nn2milp::passes {
namespace {

// Restores the caller's rounding mode on scope exit.
class RoundingScope {
 public:
  explicit RoundingScope(int mode) : saved_(std::fegetround()) { std::fesetround(mode); }
  ~RoundingScope() { std::fesetround(saved_); }
  RoundingScope(const RoundingScope&) = delete;
  RoundingScope& operator=(const RoundingScope&) = delete;

 private:
  int saved_;
};

// In round-toward +inf: both candidates are >= their exact values.
[[gnu::noinline]] double UpperIntercept(double s, double l, double u) {
  const double at_l = (-s) * l;      // line(l) = s l + t >= 0
  const double at_u = u + (-s) * u;  // line(u) = s u + t >= u
  return std::max(at_l, at_u);
}

// s[j] += y_i a_ij over all rows, in whatever rounding mode is current.
[[gnu::noinline]] void AccumulateATy(const LpView& lp, absl::Span<const double> y,
                                     std::vector<double>& s) {
  const size_t rows = lp.row_lo.size();
  for (size_t i = 0; i < rows; ++i) {
    const double yi = y[i];
    if (yi == 0) continue;
    for (int64_t k = lp.row_start[i]; k < lp.row_start[i + 1]; ++k) {
      s[static_cast<size_t>(lp.row_col[static_cast<size_t>(k)])] +=
          yi * lp.row_val[static_cast<size_t>(k)];
    }
  }
}

// In round-toward -inf: d_lo = c - s_hi (<= exact), returned in place of s_hi.
[[gnu::noinline]] void LowerReducedCost(absl::Span<const double> c, std::vector<double>& s_hi) {
  for (size_t j = 0; j < s_hi.size(); ++j) s_hi[j] = c[j] - s_hi[j];
}
// In round-toward +inf: d_hi = c - s_lo (>= exact), returned in place of s_lo.
[[gnu::noinline]] void UpperReducedCost(absl::Span<const double> c, std::vector<double>& s_lo) {
  for (size_t j = 0; j < s_lo.size(); ++j) s_lo[j] = c[j] - s_lo[j];
}

// In round-toward -inf: every product and sum is <= its exact value.
[[gnu::noinline]] double LowerDualSum(const LpView& lp, double c0, absl::Span<const double> y,
                                      const std::vector<double>& d_lo,
                                      const std::vector<double>& d_hi) {
  double sum = c0;
  for (size_t i = 0; i < y.size(); ++i) {
    if (y[i] > 0) sum += y[i] * lp.row_lo[i];
    if (y[i] < 0) sum += y[i] * lp.row_up[i];
  }
  for (size_t j = 0; j < d_lo.size(); ++j) {
    const double l = lp.col_lo[j], u = lp.col_up[j];
    sum += std::min({d_lo[j] * l, d_lo[j] * u, d_hi[j] * l, d_hi[j] * u});
  }
  return sum;
}

}  // namespace

ReluUpperLine ReluUpperRelaxation(double l, double u) {
  NN2MILP_CHECK(l < 0 && u > 0 && std::isfinite(l) && std::isfinite(u)) << "not an unstable ReLU";
  ReluUpperLine line;
  line.slope = u / (u - l);  // round to nearest; any slope is sound once the intercept is
  RoundingScope up(FE_UPWARD);
  line.intercept = UpperIntercept(line.slope, l, u);
  return line;
}

double SafeLpLowerBound(const LpView& lp, absl::Span<const double> c, double c0,
                        absl::Span<const double> y_in) {
  const size_t rows = lp.row_lo.size(), cols = lp.col_lo.size();
  NN2MILP_CHECK(y_in.size() == rows && lp.row_up.size() == rows && lp.row_start.size() == rows + 1);
  NN2MILP_CHECK(c.size() == cols && lp.col_up.size() == cols);
  std::vector<double> y(y_in.begin(), y_in.end());
  for (size_t i = 0; i < rows; ++i) {
    if (std::isnan(y[i]) || (y[i] > 0 && !std::isfinite(lp.row_lo[i])) ||
        (y[i] < 0 && !std::isfinite(lp.row_up[i]))) {
      y[i] = 0;
    }
  }
  for (size_t j = 0; j < cols; ++j) {
    NN2MILP_CHECK(std::isfinite(lp.col_lo[j]) && std::isfinite(lp.col_up[j])) << "column " << j;
  }
  std::vector<double> s_lo(cols, 0.0), s_hi(cols, 0.0);
  RoundingScope scope(FE_UPWARD);
  AccumulateATy(lp, y, s_hi);  // >= exact (A^T y)_j
  std::fesetround(FE_DOWNWARD);
  AccumulateATy(lp, y, s_lo);  // <= exact (A^T y)_j
  LowerReducedCost(c, s_hi);   // s_hi := d_lo = c - s_hi, rounded down
  std::fesetround(FE_UPWARD);
  UpperReducedCost(c, s_lo);  // s_lo := d_hi = c - s_lo, rounded up
  std::fesetround(FE_DOWNWARD);
  return LowerDualSum(lp, c0, y, s_hi, s_lo);
}

}  // namespace nn2milp::passes
