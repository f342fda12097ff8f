// Readers of solver solution files, for `nn2milp check`. Formats (detected from the content):
//   CBC -solu:      "Optimal - objective value 3.5" then lines "<index> <name> <value> <rc>"
//   HiGHS --solution_file: "Model status" ... "# Columns N" then N lines "<name> <value>"
//   Gurobi / SCIP .sol and any "<name> <value>" list: '#' comments, "objective value: v" or
//     "# Objective value = v" headers, then "<name> <value> [...]" lines
// Variables that a file does not list are 0 (CBC and SCIP omit zeros).
#ifndef NN2MILP_FRONTEND_SOLUTION_READER_H_
#define NN2MILP_FRONTEND_SOLUTION_READER_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nn2milp::frontend {

struct Solution {
  std::string format;               // "cbc", "highs", "list"
  std::string status;               // as the file says it ("Optimal", "Infeasible", ...)
  std::optional<double> objective;  // when the file gives it
  std::map<std::string, double> values;

  double Value(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? 0.0 : it->second;
  }
};

// Errors carry "<line>: ".
absl::StatusOr<Solution> ParseSolution(absl::string_view text);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_SOLUTION_READER_H_
