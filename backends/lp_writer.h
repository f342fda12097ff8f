// CPLEX LP writer, restricted to the subset every reader here parses identically
// (../shared/docs/formats.md §0 "CPLEX LP"; CBC/CoinLpIO, GLPK, HiGHS, SYMPHONY):
//   - sections spelled exactly "Minimize", "Subject To", "Bounds", "Generals", "Binaries", and
//     always "End" (CBC hangs without it; rules 1, 2);
//   - the objective is always minimised, with no constant term: a constant is carried as
//     "c obj_const" with "obj_const = 1" in Bounds (rule 3); an empty objective is "obj: 0 <var>";
//   - terms as "<sign> <coef> <name>" with spaces, one term per variable (rule 4); the rhs is one
//     number on the same line as the sense (rule 5); no ranged rows, indicators or SOS (6, 7);
//   - bounds "l <= x <= u", "x >= l", "-inf <= x <= u", "x = v", "x free"; a negative upper
//     bound is always written with its lower bound (rule 8); integers get both bounds;
//   - lines wrapped before 255 characters, continued with a leading blank (rule 11);
//   - names from NameTable ([A-Za-z0-9_], no leading digit; rule 10); numbers from
//     number_format (exact).
// Deterministic: the same model gives the same bytes.
#ifndef NN2MILP_BACKENDS_LP_WRITER_H_
#define NN2MILP_BACKENDS_LP_WRITER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "backends/name_table.h"
#include "backends/sink.h"
#include "ir/milp_model.h"

namespace nn2milp::backends {

struct LpOptions {
  std::string comment;  // optional '\' comment lines at the top ('\n' separated)
};

// Errors: Unimplemented for a model with a nonlinear row (RequireLinearModel); otherwise only
// the sink's I/O errors.
absl::Status WriteLp(const ir::MilpModel& model, const NameTable& names, const LpOptions& options,
                     Sink& sink);
absl::StatusOr<std::string> LpToString(const ir::MilpModel& model, const LpOptions& options = {});

}  // namespace nn2milp::backends

#endif  // NN2MILP_BACKENDS_LP_WRITER_H_
