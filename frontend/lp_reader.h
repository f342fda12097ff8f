// Reader of CPLEX LP files into ir::LinearModel (`nn2milp --embed base.lp`, `check --model`).
//
// Read: comments ('\' to the end of the line); sections, case-insensitive, at the start of a
// line: Minimize/Minimum/Min, Maximize/Maximum/Max, Subject To/Such That/st/s.t., Bounds/Bound,
// General/Generals/Gen/Integer(s), Binary/Binaries/Bin, End. Objective "[name:] terms" with an
// optional constant term; constraints "[name:] terms <=|>=|=|<|>|=<|=> rhs" spanning lines;
// bounds "l <= x <= u", "x <= u", "x >= l", "l <= x", "x = v", "x free", with -inf/+inf/
// -infinity/+infinity; Generals and Binaries lists (Binaries set the bounds to [0, 1]).
// A term is [sign] [number] name; a variable first met in Bounds or a section list is still a
// column. Unnamed rows get the names R1, R2, ... (by position), as CPLEX does.
// A lone negative upper bound "x <= -2" keeps the default lower bound 0 in every reader
// measured (../shared/docs/formats.md section 3.2), so the column is infeasible: that is a
// located error here rather than a silently infeasible model.
// Errors: InvalidArgument "<file>:<line>:<column>: <message>" (missing rhs, unknown section,
// a number where a name is expected, duplicate variable in a row, no End, ...);
// Unimplemented (located) for ranged rows "l <= expr <= u", indicators, SOS and semi-continuous
// sections.
#ifndef NN2MILP_FRONTEND_LP_READER_H_
#define NN2MILP_FRONTEND_LP_READER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/base/diagnostics.h"
#include "ir/linear_model.h"

namespace nn2milp::frontend {

absl::StatusOr<ir::LinearModel> ParseLp(absl::string_view text, absl::string_view file,
                                        Diagnostics& diag);
absl::StatusOr<ir::LinearModel> ReadLpFile(const std::string& path, Diagnostics& diag);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_LP_READER_H_
