// Compiled with -frounding-math (see ir/CMakeLists.txt) so that the compiler neither folds nor
// reorders floating-point operations across the rounding-mode switches. The sums run in
// separate non-inlined functions, called after the mode is set, for the same reason.
#include "ir/interval.h"

#include <cfenv>

#include "ir/base/check.h"

namespace nn2milp::ir {
namespace {

// In round-toward -inf: every rounded product and sum is <= its exact value.
[[gnu::noinline]] double LowerSum(double bias, absl::Span<const double> coefs,
                                  absl::Span<const Interval> boxes) {
  double sum = bias;
  for (size_t i = 0; i < coefs.size(); ++i) {
    sum += std::min(coefs[i] * boxes[i].lo, coefs[i] * boxes[i].hi);
  }
  return sum;
}

// In round-toward +inf: every rounded product and sum is >= its exact value.
[[gnu::noinline]] double UpperSum(double bias, absl::Span<const double> coefs,
                                  absl::Span<const Interval> boxes) {
  double sum = bias;
  for (size_t i = 0; i < coefs.size(); ++i) {
    sum += std::max(coefs[i] * boxes[i].lo, coefs[i] * boxes[i].hi);
  }
  return sum;
}

}  // namespace

Interval AffineBounds(double bias, absl::Span<const double> coefs, absl::Span<const Interval> boxes) {
  NN2MILP_CHECK(coefs.size() == boxes.size());
  // 0 * inf would be NaN: a zero coefficient never reaches here (builders drop zeros), and an
  // infinite side yields an infinite sum of the same sign.
  const int mode = std::fegetround();
  std::fesetround(FE_DOWNWARD);
  const double lo = LowerSum(bias, coefs, boxes);
  std::fesetround(FE_UPWARD);
  const double hi = UpperSum(bias, coefs, boxes);
  std::fesetround(mode);
  return {lo, hi};
}

}  // namespace nn2milp::ir
