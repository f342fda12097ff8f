// encode_milp: the MILP formulation of a bounded network and its surrounding problem.
//
// Variables and rows, per live neuron (neurons that no output depends on are not encoded):
//   input x_i          variable with the box bounds [lo_i, hi_i]
//   affine z = b+a^T v variable z with bounds [l, u] and the row  z - a^T v = b
//                      (terms on constant sources are folded into b; if every source is
//                      constant, z is a constant and gets no variable)
//   relu y = max(0,z)  with z in [l, u] (the bounds of z, from the bound passes):
//     l >= 0:  stable active,   y = z: no variable, no row, no binary
//     u <= 0:  stable inactive, y = 0: no variable; z itself is not encoded unless used elsewhere
//     l < 0 < u: big-M with the neuron's own l and u (never a global or guessed M):
//       y in [0, u],  d in {0, 1}
//       y - z         >= 0           (y >= z)
//       y - z - l d   <= -l          (y <= z - l (1 - d))
//       y - u d       <= 0           (y <= u d)
//     d = 1 forces y = z >= 0 and d = 0 forces y = 0 >= z, so y = max(0, z) exactly on [l, u].
//   smooth y = f(z)    (sigmoid, tanh, softplus, exp, log, reciprocal; ir/smooth.h): a variable
//                      y within y's bounds and the nonlinear row  y - f(z) = 0  (only AMPL .nl
//                      can write it); a constant z gives the constant f(z); log and reciprocal
//                      need bounds of z above 0 (FailedPrecondition otherwise)
// Outputs: each output element is a variable (a constant output gets a variable fixed to it).
// Objective: minimize +y_K for --minimize K, minimize -y_K for --maximize K (the written
// objective value is then the negated network output; `objective_scale` records the -1).
// Property constraints (Problem::constraints and ::disjunctions, e.g. from VNN-LIB), over the
// input variables and the output variables above. For an inequality a^T v <= b, let
// [L, U] be sound bounds of a^T v over the variables' bounds (interval arithmetic with directed
// rounding, ir::AffineBounds):
//   U <= b:   implied by the bounds: not written
//   L > b:    cannot hold: a plain constraint is still written (the model is then infeasible);
//             a disjunct containing it is dropped
//   otherwise a row; plain constraints, and disjunctions left with one disjunct:
//       a^T v <= b                              (rows "spec.c_<n>")
//   a disjunction left with K >= 2 disjuncts: one binary o_k per disjunct k ("spec.off_<n>",
//   o_k = 1 switches disjunct k off) and, per inequality of disjunct k,
//       a^T v - M o_k <= b,  M = upper bound of a^T v - b (> 0)        (rows "spec.d_<n>")
//       sum_k o_k <= K - 1   (at least one disjunct is enforced)       (row "spec.or_<n>")
//   This is the textbook  a^T v - M (1 - d_k) <= b, sum d_k >= 1  with o_k = 1 - d_k, written so
//   that the enforced row is exactly a^T v <= b (the form a^T v + M d_k <= b + M would round
//   b + M). A disjunction whose disjuncts are all dropped is written as a variable fixed to 0
//   that must be >= 1 ("spec.false_<n>", row "spec.or_<n>"); one with a disjunct implied by the
//   bounds is not written at all.
// Precondition: bounds on every neuron feeding an unstable ReLU (FailedPrecondition otherwise).
#ifndef NN2MILP_PASSES_ENCODE_MILP_H_
#define NN2MILP_PASSES_ENCODE_MILP_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/milp_model.h"
#include "ir/network.h"
#include "ir/problem.h"

namespace nn2milp::passes {

struct EncodingStats {
  int64_t relus = 0;             // ReLU neurons that an output depends on, or that are 0 over the box
  int64_t stable_active = 0;     // l >= 0
  int64_t stable_inactive = 0;   // u <= 0
  int64_t unstable = 0;          // one binary each
  int64_t dead_neurons = 0;      // neurons no output depends on (not encoded)
  double max_big_m = 0;          // max over unstable ReLUs of max(-l, u)
  int64_t smooth = 0;            // smooth neurons an output depends on (one variable and one
                                 // nonlinear row each, unless their argument is a constant)
  // Property constraints (see the file comment).
  int64_t spec_rows = 0;               // rows written for them
  int64_t spec_binaries = 0;           // one per disjunct of a disjunction with >= 2 left
  int64_t spec_implied = 0;            // inequalities implied by the bounds (not written)
  int64_t spec_dropped_disjuncts = 0;  // disjuncts that cannot hold within the bounds
  double spec_max_big_m = 0;           // largest M of a disjunct row
  // Some constraint cannot hold within the bounds: the model is infeasible (for VNN-LIB: the
  // property holds, "unsat", proven by the bounds alone).
  bool spec_infeasible_by_bounds = false;
};

// How one neuron was written (Encoding::neurons, indexed by NeuronId); read by analyses of the
// written model such as passes/solver_tolerance.h.
struct EncodedNeuron {
  enum class Form : uint8_t {
    kNone,      // not encoded: no output depends on it
    kVariable,  // an input, or an affine neuron with its row z - a^T v = b
    kConstant,  // a constant (every source constant, or a ReLU that is 0 over the box)
    kAlias,     // a stable active ReLU: the variable of its input
    kBigM,      // an unstable ReLU: y, a binary and the three big-M rows with bounds [l, u]
  };
  Form form = Form::kNone;
  double big_m = 0;  // kBigM: max(-l, u) of the bounds written into the rows
};

struct Encoding {
  ir::MilpModel model;
  std::vector<EncodedNeuron> neurons;               // per neuron (NeuronId order)
  std::vector<std::vector<ir::VarId>> input_vars;   // per graph input, per element
  std::vector<std::vector<ir::VarId>> output_vars;  // per graph output, per element
  ir::VarId objective_var;       // invalid for a feasibility problem
  double objective_scale = 1.0;  // written objective = objective_scale * network output
  EncodingStats stats;
};

struct EncodeOptions {
  // Reduced space (AMPL .nl only): a smooth neuron y = f(z) whose every use is a term of an affine
  // neuron, and that is not a graph output, gets no variable and no row; its users' rows carry
  // the term coef * f(z) instead (z2 - sum_k w_k f(z_k) - (linear part) = b). Smooth neurons
  // feeding a ReLU, another smooth neuron or an output keep the full-space form.
  bool nl_reduced = false;
};

absl::StatusOr<Encoding> EncodeMilp(const ir::Network& net, const ir::Problem& problem,
                                    const EncodeOptions& options = {});

// The neurons EncodeMilp writes: those some output depends on, where an inactive ReLU (u <= 0)
// is the constant 0 and does not make its input live. Indexed by neuron id.
std::vector<bool> LiveNeurons(const ir::Network& net);

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_ENCODE_MILP_H_
