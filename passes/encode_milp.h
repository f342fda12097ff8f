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
// Outputs: each output element is a variable (a constant output gets a variable fixed to it).
// Objective: minimize +y_K for --minimize K, minimize -y_K for --maximize K (the written
// objective value is then the negated network output; `objective_scale` records the -1).
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
  int64_t relus = 0;             // ReLU neurons that an output depends on
  int64_t stable_active = 0;     // l >= 0
  int64_t stable_inactive = 0;   // u <= 0
  int64_t unstable = 0;          // one binary each
  int64_t dead_neurons = 0;      // neurons no output depends on (not encoded)
  double max_big_m = 0;          // max over unstable ReLUs of max(-l, u)
};

struct Encoding {
  ir::MilpModel model;
  std::vector<std::vector<ir::VarId>> input_vars;   // per graph input, per element
  std::vector<std::vector<ir::VarId>> output_vars;  // per graph output, per element
  ir::VarId objective_var;       // invalid for a feasibility problem
  double objective_scale = 1.0;  // written objective = objective_scale * network output
  EncodingStats stats;
};

absl::StatusOr<Encoding> EncodeMilp(const ir::Network& net, const ir::Problem& problem);

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_ENCODE_MILP_H_
