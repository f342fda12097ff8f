#include "ir/milp_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ir/base/check.h"
#include "ir/base/status_macros.h"

namespace nn2milp::ir {

int32_t MilpModel::num_integer_vars() const {
  return static_cast<int32_t>(
      std::count_if(vars_.begin(), vars_.end(), [](const Variable& v) { return v.is_integer; }));
}

MilpNumerics AnalyzeNumerics(const MilpModel& model) {
  MilpNumerics n;
  n.min_abs_coef = std::numeric_limits<double>::infinity();
  for (int32_t r = 0; r < model.num_rows(); ++r) {
    n.max_abs_rhs = std::max(n.max_abs_rhs, std::abs(model.row_rhs(RowId(r))));
    for (const VarTerm& t : model.row_terms(RowId(r))) {
      n.min_abs_coef = std::min(n.min_abs_coef, std::abs(t.coef));
      n.max_abs_coef = std::max(n.max_abs_coef, std::abs(t.coef));
    }
  }
  if (model.num_nonzeros() == 0) n.min_abs_coef = 0;
  for (int32_t v = 0; v < model.num_vars(); ++v) {
    for (double b : {model.var(VarId(v)).lower, model.var(VarId(v)).upper}) {
      if (std::isfinite(b)) n.max_abs_bound = std::max(n.max_abs_bound, std::abs(b));
    }
  }
  return n;
}

NameGroupId MilpBuilder::AddNameGroup(std::string base) {
  model_.name_groups_.push_back(std::move(base));
  return NameGroupId(static_cast<int32_t>(model_.name_groups_.size() - 1));
}

void MilpBuilder::Reserve(int64_t vars, int64_t rows, int64_t nonzeros) {
  model_.vars_.reserve(static_cast<size_t>(vars));
  model_.row_sense_.reserve(static_cast<size_t>(rows));
  model_.row_rhs_.reserve(static_cast<size_t>(rows));
  model_.row_name_.reserve(static_cast<size_t>(rows));
  model_.row_begin_.reserve(static_cast<size_t>(rows) + 1);
  model_.nl_begin_.reserve(static_cast<size_t>(rows) + 1);
  model_.row_terms_.reserve(static_cast<size_t>(nonzeros));
}

absl::StatusOr<VarId> MilpBuilder::AddVar(double lower, double upper, bool is_integer,
                                          NameRef name) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (std::isnan(lower) || std::isnan(upper) || lower > upper || lower == kInf ||
      upper == -kInf) {
    return absl::InvalidArgumentError(absl::StrCat("variable ", model_.num_vars(), " of group '",
                                                   model_.name_group(name.group),
                                                   "': invalid bounds"));
  }
  if (is_integer && !(std::isfinite(lower) && std::isfinite(upper))) {
    return absl::InvalidArgumentError("integer variables need finite bounds");
  }
  NN2MILP_CHECK(name.group.valid() && name.group.value() < model_.num_name_groups());
  // Canonicalise -0.0 so that no writer ever prints "-0".
  model_.vars_.push_back({lower == 0.0 ? 0.0 : lower, upper == 0.0 ? 0.0 : upper, is_integer, name});
  return VarId(model_.num_vars() - 1);
}

absl::Status MilpBuilder::ValidateTerms(std::vector<VarTerm>& terms) const {
  for (const VarTerm& t : terms) {
    if (!std::isfinite(t.coef)) return absl::InvalidArgumentError("coefficient is not finite");
    if (!t.var.valid() || t.var.value() >= model_.num_vars()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown variable ", t.var.value()));
    }
  }
  const auto by_var = [](const VarTerm& a, const VarTerm& b) { return a.var < b.var; };
  if (!std::is_sorted(terms.begin(), terms.end(), by_var)) {
    std::stable_sort(terms.begin(), terms.end(), by_var);
  }
  size_t out = 0;
  for (size_t i = 0; i < terms.size();) {
    VarTerm merged = terms[i];
    for (++i; i < terms.size() && terms[i].var == merged.var; ++i) merged.coef += terms[i].coef;
    if (merged.coef != 0.0) terms[out++] = merged;
  }
  terms.resize(out);
  return absl::OkStatus();
}

absl::StatusOr<RowId> MilpBuilder::AddRow(std::vector<VarTerm> terms, RowSense sense, double rhs,
                                          NameRef name) {
  NN2MILP_CHECK(name.group.valid() && name.group.value() < model_.num_name_groups());
  if (!std::isfinite(rhs)) {
    return absl::InvalidArgumentError(
        absl::StrCat("row of group '", model_.name_group(name.group), "': rhs is not finite"));
  }
  NN2MILP_RETURN_IF_ERROR(AnnotateStatus(
      ValidateTerms(terms), absl::StrCat("row of group '", model_.name_group(name.group), "'")));
  model_.row_sense_.push_back(sense);
  model_.row_rhs_.push_back(rhs == 0.0 ? 0.0 : rhs);
  model_.row_name_.push_back(name);
  model_.row_terms_.insert(model_.row_terms_.end(), terms.begin(), terms.end());
  model_.row_begin_.push_back(model_.row_terms_.size());
  model_.nl_begin_.push_back(model_.nonlinear_terms_.size());
  return RowId(model_.num_rows() - 1);
}

absl::StatusOr<RowId> MilpBuilder::AddNonlinearRow(std::vector<VarTerm> terms,
                                                   std::vector<NonlinearTerm> nl, RowSense sense,
                                                   double rhs, NameRef name) {
  NN2MILP_CHECK(name.group.valid() && name.group.value() < model_.num_name_groups());
  for (const NonlinearTerm& t : nl) {
    if (!std::isfinite(t.coef) || t.coef == 0.0) {
      return absl::InvalidArgumentError(absl::StrCat("row of group '", model_.name_group(name.group),
                                                     "': nonlinear coefficient is zero or not finite"));
    }
    if (!t.var.valid() || t.var.value() >= model_.num_vars()) {
      return absl::InvalidArgumentError(absl::StrCat("row of group '", model_.name_group(name.group),
                                                     "': unknown variable ", t.var.value()));
    }
  }
  NN2MILP_ASSIGN_OR_RETURN(const RowId r, AddRow(std::move(terms), sense, rhs, name));
  model_.nonlinear_terms_.insert(model_.nonlinear_terms_.end(), nl.begin(), nl.end());
  model_.nl_begin_.back() = model_.nonlinear_terms_.size();
  if (!nl.empty()) ++model_.num_nonlinear_rows_;
  return r;
}

absl::Status MilpBuilder::SetObjective(std::vector<VarTerm> terms, double constant) {
  if (!std::isfinite(constant)) {
    return absl::InvalidArgumentError("objective constant is not finite");
  }
  NN2MILP_RETURN_IF_ERROR(AnnotateStatus(ValidateTerms(terms), "objective"));
  model_.objective_ = std::move(terms);
  model_.objective_constant_ = constant == 0.0 ? 0.0 : constant;
  return absl::OkStatus();
}

}  // namespace nn2milp::ir
