// Rigorous (directed-rounding) building blocks shared by the bound passes: the sound upper line
// of an unstable ReLU and the safe Lagrangian lower bound of an LP from any dual vector.
//
// Both are computed in rigorous.cc, compiled with -frounding-math (see passes/CMakeLists.txt) like
// ir/interval.cc, so every derived number is sound in exact real arithmetic even though the
// inputs (slopes, dual values) come from round-to-nearest computations or an LP solver.
#ifndef NN2MILP_PASSES_RIGOROUS_H_
#define NN2MILP_PASSES_RIGOROUS_H_

#include <cstdint>

#include "absl/types/span.h"

namespace nn2milp::passes {

// y <= slope * z + intercept, valid in exact arithmetic for y = max(0, z) and every z in [l, u].
struct ReluUpperLine {
  double slope = 0;
  double intercept = 0;
};

// For l < 0 < u (finite): slope = u / (u - l) rounded to nearest (any slope would be sound), and
// intercept = max(-slope * l, u - slope * u) rounded upward, so that the line lies above
// max(0, z) at both ends z = l and z = u, hence (max(0, .) is convex) on all of [l, u]. With exact
// arithmetic this is the DeepPoly / triangle upper face  y <= u (z - l) / (u - l).
ReluUpperLine ReluUpperRelaxation(double l, double u);

// An LP in the form  min c^T x + c0  s.t.  row_lo <= A x <= row_up,  col_lo <= x <= col_up,
// A stored row-wise (CSR). Infinite row sides are allowed; column bounds must be finite.
struct LpView {
  absl::Span<const int64_t> row_start;  // size rows + 1
  absl::Span<const int32_t> row_col;
  absl::Span<const double> row_val;
  absl::Span<const double> row_lo, row_up;
  absl::Span<const double> col_lo, col_up;
};

// A lower bound on the LP's optimum that holds in exact arithmetic, whatever `y` is (weak duality,
// the Neumaier-Shcherbina safe bound): for every feasible x,
//   c^T x + c0 = c0 + y^T A x + d^T x,   d = c - A^T y,
//            >= c0 + sum_i min_{r in [row_lo_i, row_up_i]} y_i r + sum_j min_{x_j in [col_lo_j,
//               col_up_j]} d_j x_j.
// y_i is first clipped to 0 when its row side is infinite in the direction the min would take
// (y_i > 0 needs a finite row_lo_i, y_i < 0 a finite row_up_i) or when it is not a number. d is
// enclosed in an interval computed with directed rounding, and every product and sum of the
// bound is rounded toward -inf. `c` has one entry per column, `y` one per row. The bound is as
// good as y is dual-optimal: with an optimal dual it equals the LP optimum up to rounding.
double SafeLpLowerBound(const LpView& lp, absl::Span<const double> c, double c0,
                        absl::Span<const double> y);

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_RIGOROUS_H_
