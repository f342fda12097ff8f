#include "backends/name_table.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace nn2milp::backends {
namespace {

constexpr size_t kMaxBaseLength = 80;

// Names the writers emit themselves, and LP keywords: a verbatim name equal to one of them
// (case-insensitively) is renamed.
bool IsReservedVerbatim(absl::string_view name) {
  static const auto* const kReserved = new absl::flat_hash_set<std::string>{
      "obj", "objconst", "obj_const", "rhs", "bnd", "rng", "marker", "st", "end", "free",
      "inf", "infinity", "bin", "gen", "int", "sos", "min", "max", "bound", "bounds", "subject",
      "such", "minimize", "maximize", "minimise", "maximise", "minimum", "maximum", "binary",
      "binaries", "general", "generals", "integer", "integers", "semi", "semis"};
  return kReserved->contains(absl::AsciiStrToLower(name));
}

// For a verbatim name "<b>_<digits>": "<b>", the base that would generate it; else "".
std::string GeneratingBase(absl::string_view name) {
  const size_t us = name.rfind('_');
  if (us == absl::string_view::npos || us + 1 == name.size()) return "";
  for (size_t i = us + 1; i < name.size(); ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(name[i]))) return "";
  }
  return std::string(name.substr(0, us));
}

// Assigns unique sanitised bases to the groups marked in `used`, in group order. Verbatim
// groups (`verbatim`) are named first and keep their (sanitised) name; a generated group whose
// "<base>_<index>" names could equal a verbatim name gets another base.
std::vector<std::string> UniqueBases(const ir::MilpModel& model, const std::vector<bool>& used,
                                     const std::vector<bool>& verbatim, Diagnostics* diag,
                                     bool report_generated) {
  std::vector<std::string> bases(static_cast<size_t>(model.num_name_groups()));
  absl::flat_hash_set<std::string> taken;
  absl::flat_hash_map<std::string, int> next_suffix;  // linear-time uniquifying
  absl::flat_hash_set<std::string> verbatim_taken;
  for (int32_t g = 0; g < model.num_name_groups(); ++g) {
    if (!verbatim[static_cast<size_t>(g)]) continue;
    const std::string& original = model.name_group(ir::NameGroupId(g));
    std::string name = SanitizeBase(original);
    if (IsReservedVerbatim(name)) name = absl::StrCat("t_", name);
    if (verbatim_taken.contains(name)) {
      int k = 0;
      std::string candidate;
      do {
        candidate = absl::StrCat(name, "_v", ++k);
      } while (verbatim_taken.contains(candidate));
      name = std::move(candidate);
    }
    if (diag != nullptr && name != original) {
      diag->Note("rename", absl::StrCat("'", original, "' is written as '", name, "'"));
    }
    verbatim_taken.insert(name);
    const std::string generating = GeneratingBase(name);
    if (!generating.empty()) taken.insert(generating);
    bases[static_cast<size_t>(g)] = std::move(name);
  }
  for (int32_t g = 0; g < model.num_name_groups(); ++g) {
    if (!used[static_cast<size_t>(g)] || verbatim[static_cast<size_t>(g)]) continue;
    const std::string& original = model.name_group(ir::NameGroupId(g));
    std::string base = SanitizeBase(original);
    if (taken.contains(base)) {
      int& k = next_suffix[base];
      std::string candidate;
      do {
        candidate = absl::StrCat(base, "_", ++k);
      } while (taken.contains(candidate));
      base = std::move(candidate);
    }
    if (diag != nullptr && report_generated && base != original) {
      diag->Note("rename", absl::StrCat("'", original, "' is written as '", base, "_<index>'"));
    }
    taken.insert(base);
    bases[static_cast<size_t>(g)] = std::move(base);
  }
  return bases;
}

}  // namespace

std::string SanitizeBase(absl::string_view base) {
  std::string s(base.empty() ? absl::string_view("t") : base);
  for (char& c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  const bool digit_first = absl::ascii_isdigit(static_cast<unsigned char>(s[0]));
  const bool exponent_like = (s[0] == 'e' || s[0] == 'E') && s.size() > 1 &&
                             absl::ascii_isdigit(static_cast<unsigned char>(s[1]));
  if (digit_first || exponent_like) s = absl::StrCat("t_", s);
  if (s.size() > kMaxBaseLength) s.resize(kMaxBaseLength);
  return s;
}

NameTable NameTable::Build(const ir::MilpModel& model, Diagnostics* diag) {
  NameTable t;
  t.model_ = &model;
  const size_t groups = static_cast<size_t>(model.num_name_groups());
  std::vector<bool> var_used(groups, false), row_used(groups, false);
  std::vector<bool> var_verbatim(groups, false), row_verbatim(groups, false);
  for (int32_t v = 0; v < model.num_vars(); ++v) {
    const ir::NameRef& n = model.var(ir::VarId(v)).name;
    (n.index == ir::NameRef::kVerbatim ? var_verbatim : var_used)[static_cast<size_t>(n.group.value())] = true;
  }
  for (int32_t r = 0; r < model.num_rows(); ++r) {
    const ir::NameRef n = model.row_name(ir::RowId(r));
    (n.index == ir::NameRef::kVerbatim ? row_verbatim : row_used)[static_cast<size_t>(n.group.value())] = true;
  }
  t.var_base_ = UniqueBases(model, var_used, var_verbatim, diag, true);
  t.row_base_ = UniqueBases(model, row_used, row_verbatim, diag, false);  // groups shared with variables: report once
  return t;
}

void NameTable::AppendVarName(std::string& out, ir::VarId v) const {
  const ir::NameRef& n = model_->var(v).name;
  if (n.index == ir::NameRef::kVerbatim) {
    out += var_base_[static_cast<size_t>(n.group.value())];
    return;
  }
  absl::StrAppend(&out, var_base_[static_cast<size_t>(n.group.value())], "_", n.index);
}

void NameTable::AppendRowName(std::string& out, ir::RowId r) const {
  const ir::NameRef n = model_->row_name(r);
  if (n.index == ir::NameRef::kVerbatim) {
    out += row_base_[static_cast<size_t>(n.group.value())];
    return;
  }
  absl::StrAppend(&out, row_base_[static_cast<size_t>(n.group.value())], "_", n.index);
}

std::string NameTable::VarName(ir::VarId v) const {
  std::string s;
  AppendVarName(s, v);
  return s;
}

std::string NameTable::RowName(ir::RowId r) const {
  std::string s;
  AppendRowName(s, r);
  return s;
}

absl::Status RequireLinearModel(const ir::MilpModel& model, const NameTable& names,
                                absl::string_view format) {
  for (int32_t r = 0; r < model.num_rows(); ++r) {
    const absl::Span<const ir::NonlinearTerm> terms = model.row_nonlinear(ir::RowId(r));
    if (terms.empty()) continue;
    const ir::NonlinearTerm* nl = &terms[0];
    std::string row;
    names.AppendRowName(row, ir::RowId(r));
    return absl::UnimplementedError(absl::StrCat(
        "row '", row, "' is nonlinear (", ir::SmoothFunctionName(nl->function), "): ", format,
        " files hold only linear rows; write AMPL .nl (-o model.nl) for smooth activations"));
  }
  return absl::OkStatus();
}

}  // namespace nn2milp::backends
