// The MILP model handed to the writers:  minimize c^T x + c0  s.t.  rows, bounds, integrality.
//
// A row may also carry nonlinear terms coef_k * f_k(x_{v_k}) with f_k smooth (ir/smooth.h):
//   sum_j a_j x_j + sum_k coef_k * f_k(x_{v_k})  (sense)  rhs.
// That is all that smooth activations need: y - sigmoid(z) = 0 (full space), or a next layer's
// row with the activations substituted, z2 - sum_k w_k sigmoid(z_k) = b (reduced space). Only
// the AMPL .nl writer can write such rows; the MPS and LP writers refuse a model that has any
// (Unimplemented).
//
// The objective is always a minimisation: a user's maximisation is encoded by the encoder as
// the minimisation of the negated objective (see passes/encode_milp.h), because several readers
// misread OBJSENSE (../shared/docs/formats.md, MPS rule 2).
//
// Names: every variable and row has a NameRef = (name group, index). A group is a base string
// (usually an ONNX tensor name, verbatim); the writers' NameTable sanitises and uniquifies the
// bases once per file and appends "_<index>", so all names are readable, stable and unique
// (splitting a written name at its last '_' recovers the group, so distinct groups never
// collide).
//
// Validation happens on insert (MilpBuilder): bounds are not NaN, lo <= hi, lo < +inf,
// hi > -inf; integer variables have finite bounds; coefficients and right-hand sides are finite;
// every row's terms are sorted, unique and nonzero; ids exist. Writers can therefore only fail
// on I/O.
#ifndef NN2MILP_IR_MILP_MODEL_H_
#define NN2MILP_IR_MILP_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ir/base/strong_id.h"
#include "ir/smooth.h"

namespace nn2milp::ir {

NN2MILP_DEFINE_STRONG_ID(VarId);
NN2MILP_DEFINE_STRONG_ID(RowId);
NN2MILP_DEFINE_STRONG_ID(NameGroupId);

enum class RowSense : uint8_t { kLessEqual, kGreaterEqual, kEqual };

struct NameRef {
  // An index that means "the group string is the whole name, with no _<index> suffix": the
  // names of a base model read from a file (see backends/name_table.h).
  static constexpr int64_t kVerbatim = -1;
  NameGroupId group;
  int64_t index = 0;
};

struct VarTerm {
  VarId var;
  double coef = 0;
};

// The nonlinear part coef * f(var) of a row.
struct NonlinearTerm {
  SmoothFunction function = SmoothFunction::kSigmoid;
  VarId var;
  double coef = 0;
};

struct Variable {
  double lower = 0;
  double upper = 0;
  bool is_integer = false;
  NameRef name;
};

class MilpModel {
 public:
  int32_t num_vars() const { return static_cast<int32_t>(vars_.size()); }
  int32_t num_rows() const { return static_cast<int32_t>(row_sense_.size()); }
  int64_t num_nonzeros() const { return static_cast<int64_t>(row_terms_.size()); }
  int32_t num_integer_vars() const;

  const Variable& var(VarId v) const { return vars_[static_cast<size_t>(v.value())]; }
  RowSense row_sense(RowId r) const { return row_sense_[static_cast<size_t>(r.value())]; }
  double row_rhs(RowId r) const { return row_rhs_[static_cast<size_t>(r.value())]; }
  NameRef row_name(RowId r) const { return row_name_[static_cast<size_t>(r.value())]; }
  absl::Span<const VarTerm> row_terms(RowId r) const {
    const size_t i = static_cast<size_t>(r.value());
    return absl::MakeConstSpan(row_terms_.data() + row_begin_[i], row_begin_[i + 1] - row_begin_[i]);
  }

  // The row's nonlinear terms (added to its linear part), in insertion order; empty for a linear
  // row.
  absl::Span<const NonlinearTerm> row_nonlinear(RowId r) const {
    const size_t i = static_cast<size_t>(r.value());
    return absl::MakeConstSpan(nonlinear_terms_.data() + nl_begin_[i], nl_begin_[i + 1] - nl_begin_[i]);
  }
  int32_t num_nonlinear_rows() const { return num_nonlinear_rows_; }
  int64_t num_nonlinear_terms() const { return static_cast<int64_t>(nonlinear_terms_.size()); }

  // Objective (minimised): terms sorted by variable, unique, nonzero; plus a constant.
  absl::Span<const VarTerm> objective() const { return objective_; }
  double objective_constant() const { return objective_constant_; }

  const std::string& name_group(NameGroupId g) const {
    return name_groups_[static_cast<size_t>(g.value())];
  }
  int32_t num_name_groups() const { return static_cast<int32_t>(name_groups_.size()); }

 private:
  friend class MilpBuilder;
  std::vector<Variable> vars_;
  std::vector<RowSense> row_sense_;
  std::vector<double> row_rhs_;
  std::vector<NameRef> row_name_;
  std::vector<size_t> row_begin_{0};
  std::vector<VarTerm> row_terms_;
  std::vector<size_t> nl_begin_{0};  // CSR offsets of each row's nonlinear terms
  std::vector<NonlinearTerm> nonlinear_terms_;
  int32_t num_nonlinear_rows_ = 0;
  std::vector<VarTerm> objective_;
  double objective_constant_ = 0;
  std::vector<std::string> name_groups_;
};

// Numeric ranges of a model, for diagnostics (solvers lose accuracy on wide ranges).
struct MilpNumerics {
  double min_abs_coef = 0;   // over row coefficients (0 if there are none)
  double max_abs_coef = 0;
  double max_abs_rhs = 0;
  double max_abs_bound = 0;  // over finite variable bounds
};
MilpNumerics AnalyzeNumerics(const MilpModel& model);

// The only way to build a MilpModel; validates every insertion (see the file comment).
class MilpBuilder {
 public:
  NameGroupId AddNameGroup(std::string base);

  // Capacity hints (no effect on the model): avoids regrowing large arrays.
  void Reserve(int64_t vars, int64_t rows, int64_t nonzeros);

  // InvalidArgument on NaN bounds, lower > upper, lower = +inf, upper = -inf, or an integer
  // variable with an infinite bound.
  absl::StatusOr<VarId> AddVar(double lower, double upper, bool is_integer, NameRef name);

  // Adds  sum terms  (sense)  rhs. Terms are canonicalised (sorted, merged, zeros dropped).
  // InvalidArgument on a non-finite coefficient or rhs, or an unknown variable.
  absl::StatusOr<RowId> AddRow(std::vector<VarTerm> terms, RowSense sense, double rhs,
                               NameRef name);

  // Adds  sum terms + sum_k nl_k.coef * nl_k.function(nl_k.var)  (sense)  rhs. Same validation
  // as AddRow, and InvalidArgument if a nonlinear coefficient is zero or not finite or its
  // variable is unknown. An empty `nl` adds a linear row.
  absl::StatusOr<RowId> AddNonlinearRow(std::vector<VarTerm> terms, std::vector<NonlinearTerm> nl,
                                        RowSense sense, double rhs, NameRef name);

  // Sets the minimised objective. Same validation as AddRow.
  absl::Status SetObjective(std::vector<VarTerm> terms, double constant);

  const MilpModel& model() const { return model_; }
  MilpModel Build() && { return std::move(model_); }

 private:
  absl::Status ValidateTerms(std::vector<VarTerm>& terms) const;
  MilpModel model_;
};

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_MILP_MODEL_H_
