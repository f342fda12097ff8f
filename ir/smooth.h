// Smooth (nonlinear, monotone) scalar functions that a network neuron may apply and that an
// AMPL .nl row may carry. MILP formats cannot represent them; only the .nl writer does.
//
//   kSigmoid     1 / (1 + exp(-x))          range (0, 1),   increasing, |f'| <= 1/4
//   kTanh        tanh(x)                    range (-1, 1),  increasing, |f'| <= 1
//   kSoftplus    log(1 + exp(x))            range (0, inf), increasing, |f'| <= 1
//   kExp         exp(x)                     range (0, inf), increasing
//   kLog         log(x), x > 0              range R,        increasing
//   kReciprocal  1 / x, x > 0               range (0, inf), decreasing (softmax denominators)
//
// Every function is monotone on its domain, so the image of an interval is given by its values
// at the endpoints. SmoothImage() widens those values outwards by a few ulps because the libm
// functions are not correctly rounded (glibc documents errors of at most 1-2 ulps for exp, log,
// log1p and tanh; the compositions below add at most three more roundings), and clamps to the
// function's range, so the result contains the exact image.
#ifndef NN2MILP_IR_SMOOTH_H_
#define NN2MILP_IR_SMOOTH_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "ir/interval.h"

namespace nn2milp::ir {

enum class SmoothFunction : uint8_t { kSigmoid, kTanh, kSoftplus, kExp, kLog, kReciprocal };

// "sigmoid", "tanh", "softplus", "exp", "log", "reciprocal".
absl::string_view SmoothFunctionName(SmoothFunction f);

// f(x) in double precision, computed stably (sigmoid and softplus never overflow in an
// intermediate step; softplus(x) = max(x, 0) + log1p(exp(-|x|))). Log and reciprocal of x <= 0
// follow libm (-inf, NaN, inf).
double ApplySmooth(SmoothFunction f, double x);

// An interval containing f(x) for every x in `x` (see the file comment). Where the domain is
// violated (log or reciprocal of an interval reaching 0 or below) the corresponding side is
// infinite (or the whole interval unbounded).
Interval SmoothImage(SmoothFunction f, Interval x);

// A line  a z + b  bounding f over x from one side, valid for every real z in x in exact
// arithmetic: the secant's slope (any slope would do) with the intercept taken at the worse end
// from enclosures of f there, with directed rounding (f(z) - a z is convex or concave on x, so
// its extremes are at the ends).
struct SmoothLine {
  double slope = 0;
  double intercept = 0;
};
// f(z) <= slope z + intercept on x, where f is convex on x (sigmoid and tanh for x <= 0, softplus,
// exp, reciprocal for x > 0); nullopt otherwise, or when x is not a finite interval of positive
// width.
std::optional<SmoothLine> SmoothUpperLine(SmoothFunction f, Interval x);
// f(z) >= slope z + intercept on x, where f is concave on x (sigmoid and tanh for x >= 0, log for
// x > 0); nullopt otherwise.
std::optional<SmoothLine> SmoothLowerLine(SmoothFunction f, Interval x);

// An upper bound of |f'| over `x` (infinite when unknown or unbounded): used to propagate how
// far a neuron's value may move when its input moves.
double SmoothLipschitz(SmoothFunction f, Interval x);

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_SMOOTH_H_
