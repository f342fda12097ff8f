// NameTable: the names written for variables and rows.
//
// A variable or row name is "<base>_<index>", where <base> is its name group (an ONNX tensor
// name) made safe for every format nn2milp writes, and <index> the element's flat index. One
// policy serves MPS and LP alike, so a model's names are the same in every file (and in the
// --map JSON):
//   - characters outside [A-Za-z0-9_] become '_' (LP readers break on ': + - * ^ < > = / [ ]',
//     and MPS names cannot contain blanks; ../shared/docs/formats.md LP rule 10, MPS rule 10);
//   - a base starting with a digit, or with e/E followed by a digit (read as an exponent by
//     CPLEX), gets the prefix "t_";
//   - bases are cut to 80 characters (CBC limits names to 100; the index suffix needs the rest);
//   - bases that collide after this are made unique with "_<n>" (in group order, so the result
//     is deterministic), separately for variables and rows.
// Verbatim names (NameRef::kVerbatim: the variables and rows of a base model read from a file,
// `--embed`) are the group string itself, sanitised by the same rules, prefixed "t_" when they
// equal (case-insensitively) a name the writers emit (obj, OBJCONST, obj_const, RHS, BND, RNG,
// MARKER) or an LP keyword, and suffixed "_v<n>" if two collide after that. They are named
// first; a generated group whose "<base>_<index>" names could equal a verbatim name
// ("<base>_<digits>") is given another base ("<base>_<n>"), so network names never shadow base
// names. Every rename is reported.
// Because the index after the last '_' is a plain integer, distinct bases never produce equal
// names. Names the writers add themselves (obj, OBJCONST, obj_const, RHS, BND, MARKER) have no
// "_<digits>" suffix and can never collide either.
#ifndef NN2MILP_BACKENDS_NAME_TABLE_H_
#define NN2MILP_BACKENDS_NAME_TABLE_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "ir/base/diagnostics.h"
#include "ir/milp_model.h"

namespace nn2milp::backends {

// The safe form of one base name (the first three rules above).
std::string SanitizeBase(absl::string_view base);

class NameTable {
 public:
  // Renames are reported in `diag` (kind "rename", throttled).
  static NameTable Build(const ir::MilpModel& model, Diagnostics* diag = nullptr);

  std::string VarName(ir::VarId v) const;
  std::string RowName(ir::RowId r) const;
  void AppendVarName(std::string& out, ir::VarId v) const;
  void AppendRowName(std::string& out, ir::RowId r) const;

 private:
  const ir::MilpModel* model_ = nullptr;
  std::vector<std::string> var_base_;  // per name group ("" if unused by variables)
  std::vector<std::string> row_base_;  // per name group ("" if unused by rows)
};

// OkStatus for a linear model; otherwise Unimplemented naming the first nonlinear row, its
// function and `format` (MPS and LP cannot carry a smooth activation; AMPL .nl can).
absl::Status RequireLinearModel(const ir::MilpModel& model, const NameTable& names,
                                absl::string_view format);

}  // namespace nn2milp::backends

#endif  // NN2MILP_BACKENDS_NAME_TABLE_H_
