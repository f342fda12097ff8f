#include "ir/problem.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ir/base/status_macros.h"

namespace nn2milp::ir {
namespace {

absl::Status ValidateInequality(const Network& net, const LinearInequality& c,
                                absl::string_view where) {
  if (!std::isfinite(c.rhs)) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": right-hand side is not finite"));
  }
  for (const LinearTerm& t : c.terms) {
    const bool input = t.kind == ElementKind::kInput;
    const int64_t n = input ? net.num_input_elements() : net.num_output_elements();
    if (t.index < 0 || t.index >= n) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": ", input ? "input" : "output", " element ", t.index,
          " is out of range: the network has ", n, input ? " input" : " output",
          " elements (flattened, 0-based)"));
    }
    if (!std::isfinite(t.coef)) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": a coefficient is not finite"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

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
  for (size_t i = 0; i < problem.constraints.size(); ++i) {
    NN2MILP_RETURN_IF_ERROR(
        ValidateInequality(net, problem.constraints[i], absl::StrCat("constraint ", i)));
  }
  for (size_t d = 0; d < problem.disjunctions.size(); ++d) {
    const auto& disjuncts = problem.disjunctions[d].disjuncts;
    for (size_t k = 0; k < disjuncts.size(); ++k) {
      for (size_t i = 0; i < disjuncts[k].size(); ++i) {
        NN2MILP_RETURN_IF_ERROR(ValidateInequality(
            net, disjuncts[k][i],
            absl::StrCat("disjunction ", d, ", disjunct ", k, ", constraint ", i)));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace nn2milp::ir
