// Reader of AMPL solution files (<stub>.sol), as AMPL solvers write them through the ASL's
// write_sol (ASL writesol.c; D. M. Gay, "Hooking Your Solver to AMPL", §"Writing the stub.sol
// file"). Both forms:
//   text:   the solver's message (lines up to the first empty line); optionally "Options", the
//           option count k, k integers (and one more real, vbtol, when the second option is 3);
//           then n_con, n_duals, n_var, n_primals; n_duals dual values and n_primals primal
//           values one per line; optionally "objno <i> <solve_result_num>".
//   binary: the same items in Fortran-style records (int32 length, payload, int32 length; all
//           little-endian): "binary", message records ended by an empty record, one record with
//           "Options" + int32 values (+ the double vbtol) + the four int32 counts, one record of
//           n_duals doubles, one of n_primals doubles, optionally one with int32 objno and
//           int32 solve_result_num.
// Primal values are in .nl variable order: <stub>.col names them (one name per line).
#ifndef NN2MILP_FRONTEND_AMPL_SOL_H_
#define NN2MILP_FRONTEND_AMPL_SOL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "frontend/solution_reader.h"

namespace nn2milp::frontend {

struct AmplSolution {
  bool binary = false;
  std::string message;            // the solver's message, lines joined by '\n'
  int64_t num_constraints = 0;    // n_con of the .nl the solver read
  int64_t num_variables = 0;      // n_var of the .nl the solver read
  std::vector<double> duals;      // empty when the solver gave none
  std::vector<double> primals;    // in .nl variable order; empty when the solver gave none
  std::optional<int64_t> solve_result;  // solve_result_num, when the file gives it
};

// True when `bytes` starts like a binary .sol (a record holding "binary").
bool IsBinaryAmplSol(absl::string_view bytes);

// Parses a text or binary .sol. InvalidArgument (text: "line <n>: ...") on malformed content,
// truncated files, counts that disagree with the values given, or non-finite values.
absl::StatusOr<AmplSolution> ParseAmplSol(absl::string_view bytes);

// The primal values under the names of the .col file (`col_text`, one name per line, in .nl
// order), as a Solution of format "ampl" whose status is the message's first line.
// InvalidArgument when the .sol has no primal values or the .col lists a different number of
// variables than the .sol.
absl::StatusOr<Solution> NameAmplSolution(const AmplSolution& sol, absl::string_view col_text);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_AMPL_SOL_H_
