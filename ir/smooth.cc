#include "ir/smooth.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace nn2milp::ir {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Outward widening in ulps: libm error (<= 2 ulps) plus up to 3 roundings of the compositions,
// with a factor of two to spare.
constexpr int kWidenUlps = 10;

double Down(double v) {
  if (std::isnan(v)) return -kInf;
  for (int i = 0; i < kWidenUlps && v > -kInf; ++i) v = std::nextafter(v, -kInf);
  return v;
}
double Up(double v) {
  if (std::isnan(v)) return kInf;
  for (int i = 0; i < kWidenUlps && v < kInf; ++i) v = std::nextafter(v, kInf);
  return v;
}

struct Range {
  double lo, hi;
};
Range RangeOf(SmoothFunction f) {
  switch (f) {
    case SmoothFunction::kSigmoid: return {0.0, 1.0};
    case SmoothFunction::kTanh: return {-1.0, 1.0};
    case SmoothFunction::kSoftplus:
    case SmoothFunction::kExp:
    case SmoothFunction::kReciprocal: return {0.0, kInf};
    case SmoothFunction::kLog: return {-kInf, kInf};
  }
  return {-kInf, kInf};
}

}  // namespace

absl::string_view SmoothFunctionName(SmoothFunction f) {
  switch (f) {
    case SmoothFunction::kSigmoid: return "sigmoid";
    case SmoothFunction::kTanh: return "tanh";
    case SmoothFunction::kSoftplus: return "softplus";
    case SmoothFunction::kExp: return "exp";
    case SmoothFunction::kLog: return "log";
    case SmoothFunction::kReciprocal: return "reciprocal";
  }
  return "?";
}

double ApplySmooth(SmoothFunction f, double x) {
  switch (f) {
    case SmoothFunction::kSigmoid:
      if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
      return std::exp(x) / (1.0 + std::exp(x));
    case SmoothFunction::kTanh: return std::tanh(x);
    case SmoothFunction::kSoftplus: return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x)));
    case SmoothFunction::kExp: return std::exp(x);
    case SmoothFunction::kLog: return std::log(x);
    case SmoothFunction::kReciprocal: return 1.0 / x;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

Interval SmoothImage(SmoothFunction f, Interval x) {
  if (f == SmoothFunction::kLog || f == SmoothFunction::kReciprocal) {
    if (!(x.hi > 0)) return Interval::Unbounded();  // nowhere in the domain
  }
  double lo, hi;
  if (f == SmoothFunction::kReciprocal) {
    lo = x.hi == kInf ? 0.0 : Down(ApplySmooth(f, x.hi));
    hi = x.lo <= 0 ? kInf : Up(ApplySmooth(f, x.lo));
  } else if (f == SmoothFunction::kLog) {
    lo = x.lo <= 0 ? -kInf : Down(ApplySmooth(f, x.lo));
    hi = x.hi == kInf ? kInf : Up(ApplySmooth(f, x.hi));
  } else {
    lo = x.lo == -kInf ? -kInf : Down(ApplySmooth(f, x.lo));
    hi = x.hi == kInf ? kInf : Up(ApplySmooth(f, x.hi));
  }
  const Range r = RangeOf(f);
  lo = std::max(lo, r.lo);
  hi = std::min(hi, r.hi);
  // exp of a huge lower end overflows: the exact value is above the largest double.
  if (lo == kInf) lo = std::numeric_limits<double>::max();
  if (hi == -kInf) hi = std::numeric_limits<double>::lowest();
  return {lo, hi};
}

namespace {

bool ConvexOn(SmoothFunction f, Interval x) {
  switch (f) {
    case SmoothFunction::kSigmoid:
    case SmoothFunction::kTanh: return x.hi <= 0;
    case SmoothFunction::kSoftplus:
    case SmoothFunction::kExp: return true;
    case SmoothFunction::kReciprocal: return x.lo > 0;
    case SmoothFunction::kLog: return false;
  }
  return false;
}

bool ConcaveOn(SmoothFunction f, Interval x) {
  switch (f) {
    case SmoothFunction::kSigmoid:
    case SmoothFunction::kTanh: return x.lo >= 0;
    case SmoothFunction::kLog: return x.lo > 0;
    default: return false;
  }
}

// The secant line of f over x with the intercept bounding f - slope * z at both ends from above
// (upper) or below; nullopt when something is not finite.
std::optional<SmoothLine> Secant(SmoothFunction f, Interval x, bool upper) {
  if (!x.bounded() || !(x.lo < x.hi)) return std::nullopt;
  const Interval fl = SmoothImage(f, Interval::Point(x.lo)), fu = SmoothImage(f, Interval::Point(x.hi));
  if (!fl.bounded() || !fu.bounded()) return std::nullopt;
  const double slope = (ApplySmooth(f, x.hi) - ApplySmooth(f, x.lo)) / (x.hi - x.lo);
  if (!std::isfinite(slope)) return std::nullopt;
  double intercept = upper ? -kInf : kInf;
  for (const auto& [fe, e] : {std::pair{fl, x.lo}, std::pair{fu, x.hi}}) {
    const double coefs[] = {1.0, -slope};
    const Interval boxes[] = {fe, Interval::Point(e)};
    const Interval g = AffineBounds(0.0, coefs, boxes);  // f(e) - slope * e, outward rounded
    intercept = upper ? std::max(intercept, g.hi) : std::min(intercept, g.lo);
  }
  if (!std::isfinite(intercept)) return std::nullopt;
  return SmoothLine{slope, intercept};
}

}  // namespace

std::optional<SmoothLine> SmoothUpperLine(SmoothFunction f, Interval x) {
  if (!ConvexOn(f, x)) return std::nullopt;
  return Secant(f, x, /*upper=*/true);
}

std::optional<SmoothLine> SmoothLowerLine(SmoothFunction f, Interval x) {
  if (!ConcaveOn(f, x)) return std::nullopt;
  return Secant(f, x, /*upper=*/false);
}

double SmoothLipschitz(SmoothFunction f, Interval x) {
  switch (f) {
    case SmoothFunction::kSigmoid: return 0.25;
    case SmoothFunction::kTanh:
    case SmoothFunction::kSoftplus: return 1.0;
    case SmoothFunction::kExp: return x.hi == kInf ? kInf : Up(std::exp(x.hi));
    case SmoothFunction::kLog: return x.lo > 0 ? Up(1.0 / x.lo) : kInf;
    case SmoothFunction::kReciprocal: return x.lo > 0 ? Up(1.0 / (x.lo * x.lo)) : kInf;
  }
  return kInf;
}

}  // namespace nn2milp::ir
