// solver_tolerance: how far a MILP solver's answer can be from the network, because solvers
// accept points that satisfy rows and integrality only up to tolerances.
//
// Model of a solver's point (x, z, y, d), for an integrality tolerance eps_int and a feasibility
// tolerance eps_feas as the solver applies them to the written rows and bounds: every row holds
// within eps_feas (absolute violation), every bound within eps_feas, every binary lies within
// eps_int of 0 or 1. Let x* be x clipped into the input box, and f_n(x*) the exact value of
// neuron n there (so every sound bound [l, u] of the bound passes holds for f_n(x*)). The
// deviation e_n >= |v_n - f_n(x*)| of each written value v_n is propagated in network order:
//   input x:                 e = eps_feas                       (the clipping distance)
//   constant:                e = 0                               (folded into right-hand sides)
//   affine z = b + a^T v:    e_z = sum_i |a_i| e_i + eps_feas   (|z - b - a^T v| <= eps_feas)
//   ReLU, stable active:     e_y = e_z                           (y is z's variable, f_z >= 0)
//   ReLU, stable inactive:   e_y = 0                             (y = 0)
//   ReLU, unstable, rows y >= z, y <= z - l(1 - d), y <= u d, with M = max(-l, u):
//                            e_y = e_z + eps_feas + eps_int M
//     d <= eps_int:      y <= u eps_int + eps_feas and y >= max(z, 0) - eps_feas, so
//                        |y - max(0, f_z)| <= max(u eps_int, e_z) + eps_feas;
//     d >= 1 - eps_int:  z - eps_feas <= y <= z - l eps_int + eps_feas, so
//                        |y - max(0, f_z)| <= e_z + (-l) eps_int + eps_feas
//     (a binary slightly below 0 or above 1 only tightens these rows).
//   output fixed to a constant: e = eps_feas                    (its bound)
// e is linear in the two tolerances, so the analysis returns, per output, the coefficients of
// eps_int and eps_feas; a tolerance set then costs two multiplications per output.
// Consequence for an optimisation: the solver's optimum y_K and the network's value at the
// solver's input differ by at most e_K, and the network's true optimum over the box is at least
// y_K - e_K (the solver's point, re-evaluated) and at most y_K plus the solver's gap.
// Caveat: a solver that enforces its tolerances only on internally rescaled rows (Clp's scaling)
// may violate the written rows by more than eps_feas; the bound then scales with that violation.
// Floating point: the sums are rounded to nearest and then widened by a relative 1e-9 per neuron
// (more than the rounding error of a sum of fewer than 10^6 positive terms).
//
// Example: x in [-1, 1], z = 2x - 1 in [-3, 1], y = relu(z), out = 3y. e_x = eps_f,
// e_z = 2 eps_f + eps_f, e_y = e_z + eps_f + 3 eps_int, e_out = 3 e_y + eps_f = 3 * 3 eps_int +
// 13 eps_f: with CBC's defaults (1e-7, 1e-7), 2.2e-6.
#ifndef NN2MILP_PASSES_SOLVER_TOLERANCE_H_
#define NN2MILP_PASSES_SOLVER_TOLERANCE_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "ir/network.h"
#include "passes/encode_milp.h"

namespace nn2milp::passes {

struct SolverTolerances {
  absl::string_view solver;  // a short name for reports
  double integrality = 0;    // eps_int: how far an integer variable may be from an integer
  double feasibility = 0;    // eps_feas: how far a row or bound may be violated
};

// Default tolerances of common solvers (their documentation, and `cbc -integerT??` for CBC):
//   cbc          CBC 2.10 integerTolerance 1e-7, primalTolerance 1e-7
//   highs        HiGHS mip_feasibility_tolerance 1e-6 (rows and integrality of a MIP)
//   glpk         GLPK tol_int 1e-5, tol_bnd 1e-7
//   gurobi/cplex Gurobi IntFeasTol 1e-5, FeasibilityTol 1e-6; CPLEX EpInt 1e-5, EpRHS 1e-6
inline constexpr SolverTolerances kDefaultSolverTolerances[] = {
    {"cbc", 1e-7, 1e-7},
    {"highs", 1e-6, 1e-6},
    {"glpk", 1e-5, 1e-7},
    {"gurobi/cplex", 1e-5, 1e-6},
};

// Per flattened output element k: |solver's y_k - network's output k at the solver's input|
// <= eps_int * by_integrality[k] + eps_feas * by_feasibility[k].
struct ToleranceSensitivity {
  std::vector<double> by_integrality;
  std::vector<double> by_feasibility;

  double Deviation(size_t k, const SolverTolerances& t) const {
    return t.integrality * by_integrality[k] + t.feasibility * by_feasibility[k];
  }
  // Over all outputs (0 for a network without outputs).
  double MaxDeviation(const SolverTolerances& t) const;
};

// The sensitivities of `encoding`, which EncodeMilp wrote for `net` (same network and bounds).
ToleranceSensitivity AnalyzeSolverTolerance(const ir::Network& net, const Encoding& encoding);

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_SOLVER_TOLERANCE_H_
