#include "ir/problem.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace nn2milp::ir {

absl::Status ValidateProblem(const Network& net, const Problem& problem) {
  const int64_t n = net.num_input_elements();
  if (static_cast<int64_t>(problem.input_box.size()) != n) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the input box has ", problem.input_box.size(), " intervals but the network has ", n,
        " input elements (give one 'lo hi' line per input element, or LO:HI for all)"));
  }
  for (int64_t i = 0; i < n; ++i) {
    const Interval& b = problem.input_box[static_cast<size_t>(i)];
    if (!std::isfinite(b.lo) || !std::isfinite(b.hi)) {
      return absl::InvalidArgumentError(
          absl::StrCat("input element ", i, ": bounds must be finite (big-M needs them)"));
    }
    if (b.lo > b.hi) {
      return absl::InvalidArgumentError(
          absl::StrCat("input element ", i, ": lower bound is greater than upper bound"));
    }
  }
  if (problem.sense != ObjectiveSense::kNone &&
      (problem.objective_output < 0 || problem.objective_output >= net.num_output_elements())) {
    return absl::InvalidArgumentError(
        absl::StrCat("objective output index ", problem.objective_output,
                     " is out of range: the network has ", net.num_output_elements(),
                     " output elements (flattened, 0-based)"));
  }
  return absl::OkStatus();
}

}  // namespace nn2milp::ir
