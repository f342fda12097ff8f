// Closed intervals [lo, hi] of reals with outward-rounded arithmetic, used by every bound
// computation and by the big-M encoding.
//
// Soundness: double arithmetic rounds to nearest, so a naively computed sum of products can lie
// on the wrong side of the exact value. AffineBounds() therefore uses directed rounding (see
// below), the textbook way of making interval arithmetic rigorous.
#ifndef NN2MILP_IR_INTERVAL_H_
#define NN2MILP_IR_INTERVAL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/types/span.h"

namespace nn2milp::ir {

struct Interval {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();

  static Interval Point(double v) { return {v, v}; }
  static Interval Unbounded() { return {}; }
  bool bounded() const { return std::isfinite(lo) && std::isfinite(hi); }
  bool Contains(double v) const { return lo <= v && v <= hi; }
  double width() const { return hi - lo; }
  friend bool operator==(const Interval&, const Interval&) = default;
};

// ReLU image of an interval: [max(lo, 0), max(hi, 0)]. Exact (no rounding involved).
inline Interval ReluImage(Interval x) { return {std::max(x.lo, 0.0), std::max(x.hi, 0.0)}; }

// Sound bounds of  bias + sum_i coef_i * x_i  over x_i in boxes_i (same length as coefs).
// The lower bound is computed entirely in round-toward -inf and the upper bound in
// round-toward +inf, so the result contains the exact real value for every point of the box,
// and is exact whenever the true bounds are representable (interval.cc is compiled with
// -frounding-math). An infinite box side makes that side of the result infinite.
Interval AffineBounds(double bias, absl::Span<const double> coefs, absl::Span<const Interval> boxes);

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_INTERVAL_H_
