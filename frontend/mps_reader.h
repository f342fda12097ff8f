// Reader of MPS files (free and fixed) into ir::LinearModel, for embedding networks into
// existing models (`nn2milp --embed base.mps`) and for `nn2milp check --model`.
//
// Read: NAME [name] [FREE], OBJSENSE (one-line "OBJSENSE MAX" or the two-line section; MAX,
// MAXIMIZE, MIN, MINIMIZE), OBJNAME, ROWS (N/L/G/E; the first N row is the objective, other N
// rows are free rows and are dropped with a note), COLUMNS (with MARKER 'INTORG'/'INTEND'),
// RHS, RANGES (../shared/docs/formats.md MPS rule 9), BOUNDS (UP LO FX FR MI PL BV LI UI;
// values "inf"/"infinity" with a sign are accepted), ENDATA. Fields are separated by blanks, so
// fixed-format files read the same as free ones except that names containing blanks are not
// supported (they give a located error or are split). Vector names (RHS/RANGES/BOUNDS sets) are
// recognised by the field count; one vector per section (a second one is an error: CBC
// silently skips it, GLPK refuses it).
// Conventions where readers disagree (formats.md section 2.3), each reported in `diag`:
//   - an RHS on the objective row is the constant -RHS (CPLEX, Gurobi, CBC, HiGHS, SCIP);
//   - UP < 0 with no lower bound card sets the lower bound to -inf (CPLEX, CoinMpsIO);
//   - an integer column (markers) with no bound card is binary [0, 1] (CBC, GLPK, HiGHS).
// Errors: InvalidArgument "<file>:<line>:<column>: <message>" for malformed input (unknown row
// or column, bad number, duplicate entry, misplaced section, missing ENDATA, ...);
// Unimplemented (same location) for valid MPS that nn2milp does not read (SOS, semi-continuous
// bounds, quadratic sections); NotFound when the file cannot be opened.
#ifndef NN2MILP_FRONTEND_MPS_READER_H_
#define NN2MILP_FRONTEND_MPS_READER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/base/diagnostics.h"
#include "ir/linear_model.h"

namespace nn2milp::frontend {

// `file` only labels error messages.
absl::StatusOr<ir::LinearModel> ParseMps(absl::string_view text, absl::string_view file,
                                         Diagnostics& diag);
absl::StatusOr<ir::LinearModel> ReadMpsFile(const std::string& path, Diagnostics& diag);

// Reads an .mps or .lp file (by extension, case-insensitive; anything else is InvalidArgument).
absl::StatusOr<ir::LinearModel> ReadModelFile(const std::string& path, Diagnostics& diag);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_MPS_READER_H_
