// Closed intervals [lo, hi] of reals with outward-rounded arithmetic, used by every bound
// computation and by the big-M encoding.
//
// Soundness: double arithmetic rounds to nearest, so a naively computed sum of products can lie
// on the wrong side of the exact value. AffineBounds() widens its result by the standard a-priori
// error bound of recursive summation, gamma_{n+1} * sum |terms| (Higham, "Accuracy and Stability
// of Numerical Algorithms", 2nd ed., eq. 3.4 / 4.4), plus one ulp of slack on each side, so the
// returned interval contains the exact real value of the affine map for every input in the box.
#ifndef NN2MILP_IR_INTERVAL_H_
#define NN2MILP_IR_INTERVAL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

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

// Accumulates sound bounds of bias + sum_i coef_i * x_i over x_i in intervals.
// Usage: AffineBoundsAccumulator acc(bias); for (...) acc.Add(coef, interval); acc.Result().
class AffineBoundsAccumulator {
 public:
  explicit AffineBoundsAccumulator(double bias)
      : lo_(bias), hi_(bias), magnitude_(std::abs(bias)) {}

  void Add(double coef, Interval x) {
    // coef * [lo, hi] = [min, max] of the two endpoint products.
    const double a = coef * x.lo;
    const double b = coef * x.hi;
    lo_ += std::min(a, b);
    hi_ += std::max(a, b);
    magnitude_ += std::max(std::abs(a), std::abs(b));
    ++count_;
  }

  // The accumulated bounds, widened outward by the rounding-error bound described above.
  Interval Result() const {
    if (!std::isfinite(lo_) || !std::isfinite(hi_) || !std::isfinite(magnitude_)) {
      return {std::isfinite(lo_) ? lo_ : -kInf, std::isfinite(hi_) ? hi_ : kInf};
    }
    constexpr double kEps = std::numeric_limits<double>::epsilon() / 2;  // unit roundoff
    const double n = static_cast<double>(count_) + 2;  // products, additions, and the widening
    const double gamma = n * kEps / (1 - n * kEps);
    const double slack = gamma * magnitude_ + std::numeric_limits<double>::denorm_min();
    return {std::nextafter(lo_ - slack, -kInf), std::nextafter(hi_ + slack, kInf)};
  }

 private:
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  double lo_;
  double hi_;
  double magnitude_;
  int64_t count_ = 0;
};

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_INTERVAL_H_
