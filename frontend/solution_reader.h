// Readers of solver solution files, for `nn2milp check`. Formats (detected from the content):
//   CBC -solu:      "Optimal - objective value 3.5" then lines "<index> <name> <value> <rc>"
//   HiGHS --solution_file: "Model status" ... "# Columns N" then N lines "<name> <value>"
//   Gurobi / SCIP .sol and any "<name> <value>" list: '#' comments, "objective value: v" or
//     "# Objective value = v" headers, then "<name> <value> [...]" lines
//   GLPK glpsol -w (GLPK 5 "raw" format): 'c' comment lines, "s mip <rows> <cols> <st> <obj>"
//     (or "s bas ..."/"s ipt ..." for LP solutions), then "i <row> ..." and "j <col> ..." lines
//     that give columns by 1-based position only: `by_position` holds them until
//     AssignColumnNames() is given the column order of the solved file
// Variables that a file does not list are 0 (CBC and SCIP omit zeros).
#ifndef NN2MILP_FRONTEND_SOLUTION_READER_H_
#define NN2MILP_FRONTEND_SOLUTION_READER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nn2milp::frontend {

struct Solution {
  std::string format;               // "cbc", "highs", "list"
  std::string status;               // as the file says it ("Optimal", "Infeasible", ...)
  std::optional<double> objective;  // when the file gives it
  std::map<std::string, double> values;
  // GLPK raw: value per 1-based column position (empty for the other formats).
  std::map<int64_t, double> by_position;
  int64_t declared_columns = 0;  // GLPK raw: the column count of the "s" line

  double Value(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? 0.0 : it->second;
  }
};

// Errors carry "<line>: ".
absl::StatusOr<Solution> ParseSolution(absl::string_view text);

// GLPK raw solutions: names the positional values, `columns` in the order of the solved file.
// InvalidArgument when the counts differ (the solution is not of that file).
absl::Status AssignColumnNames(Solution& solution, const std::vector<std::string>& columns);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_SOLUTION_READER_H_
