// Free MPS writer, restricted to the subset every reader here parses identically
// (../shared/docs/formats.md §0 "MPS"; measured with CBC, GLPK, lp_solve, SYMPHONY, HiGHS):
//   - "NAME <name> FREE" (CoinMpsIO otherwise guesses fixed fields; rule 11);
//   - no OBJSENSE/OBJNAME: the objective is always minimised (rule 2);
//   - one N row, first (rule 3); rows E/L/G; no RANGES;
//   - COLUMNS column by column (contiguous), two entries per line, no zeros; a column with no
//     entry at all is declared with "obj 0"; integer columns inside MARKER INTORG/INTEND (rule 4, 5);
//   - the objective constant is a column OBJCONST fixed to 1 with the constant as its cost,
//     never the RHS of the N row, whose sign readers disagree on (rule 8);
//   - BOUNDS with one vector name (BND), LO before UP, explicit LO and UP on every integer
//     column, LO (or MI) with every negative UP, FR/MI/FX for infinite and fixed bounds (5-7);
//   - names from NameTable (no blanks, <= 100 chars); numbers from number_format (exact).
// Deterministic: the same model gives the same bytes.
#ifndef NN2MILP_BACKENDS_MPS_WRITER_H_
#define NN2MILP_BACKENDS_MPS_WRITER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "backends/name_table.h"
#include "backends/sink.h"
#include "ir/milp_model.h"

namespace nn2milp::backends {

struct MpsOptions {
  std::string model_name = "nn2milp";  // the NAME card (sanitised)
  std::string comment;                 // optional '*' comment lines at the top ('\n' separated)
};

// Errors: Unimplemented for a model with a nonlinear row (RequireLinearModel); otherwise only
// the sink's I/O errors.
absl::Status WriteMps(const ir::MilpModel& model, const NameTable& names, const MpsOptions& options,
                      Sink& sink);
absl::StatusOr<std::string> MpsToString(const ir::MilpModel& model, const MpsOptions& options = {});

}  // namespace nn2milp::backends

#endif  // NN2MILP_BACKENDS_MPS_WRITER_H_
