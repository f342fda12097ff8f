#include "passes/embed_model.h"

#include <cmath>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ir/base/status_macros.h"

namespace nn2milp::passes {
namespace {

using ir::VarId;
using ir::VarTerm;

bool IsObjConst(const ir::LinearModel& base, int32_t c, const std::vector<bool>& in_row) {
  const ir::LinearModel::Column& col = base.columns[static_cast<size_t>(c)];
  return (col.name == "OBJCONST" || col.name == "obj_const") && col.lower == 1 && col.upper == 1 &&
         !in_row[static_cast<size_t>(c)];
}

// Adds the base columns and rows; `column_var[c]` is the variable of column c (invalid when
// folded into the objective constant). Returns the (minimised) base objective terms.
struct BaseResult {
  std::vector<VarId> column_var;
  std::vector<VarTerm> objective;
  double objective_constant = 0;
  double scale = 1;
  int64_t columns = 0, rows = 0;
};

absl::StatusOr<BaseResult> AddBaseUnlabelled(const ir::LinearModel& base, ir::MilpBuilder& b,
                                             Diagnostics& diag);

// Errors about the base model are prefixed with its file name (`label`).
absl::StatusOr<BaseResult> AddBase(const ir::LinearModel& base, ir::MilpBuilder& b, Diagnostics& diag,
                                   const std::string& label) {
  absl::StatusOr<BaseResult> r = AddBaseUnlabelled(base, b, diag);
  if (!r.ok() && !label.empty()) return AnnotateStatus(r.status(), label);
  return r;
}

absl::StatusOr<BaseResult> AddBaseUnlabelled(const ir::LinearModel& base, ir::MilpBuilder& b,
                                             Diagnostics& diag) {
  BaseResult out;
  std::vector<bool> in_row(base.columns.size(), false);
  for (const ir::LinearModel::Row& r : base.rows) {
    for (const auto& [c, v] : r.terms) in_row[static_cast<size_t>(c)] = true;
  }
  out.column_var.resize(base.columns.size());
  for (size_t c = 0; c < base.columns.size(); ++c) {
    const ir::LinearModel::Column& col = base.columns[c];
    if (IsObjConst(base, static_cast<int32_t>(c), in_row)) continue;
    if (col.is_integer && !(std::isfinite(col.lower) && std::isfinite(col.upper))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "integer variable '", col.name, "' of the base model has an infinite bound; nn2milp "
          "writes explicit integer bounds (readers disagree on the defaults): give it finite bounds"));
    }
    absl::StatusOr<VarId> v = b.AddVar(col.lower, col.upper, col.is_integer,
                                       {b.AddNameGroup(col.name), ir::NameRef::kVerbatim});
    if (!v.ok()) return AnnotateStatus(v.status(), absl::StrCat("base variable '", col.name, "'"));
    out.column_var[c] = *v;
    ++out.columns;
  }
  for (const ir::LinearModel::Row& r : base.rows) {
    std::vector<VarTerm> terms;
    terms.reserve(r.terms.size());
    for (const auto& [c, v] : r.terms) terms.push_back({out.column_var[static_cast<size_t>(c)], v});
    if (terms.empty()) {
      if (r.lower <= 0 && 0 <= r.upper) {
        diag.Note("empty-row", absl::StrCat("base row '", r.name, "' has no terms and always holds: not written"));
        continue;
      }
      return absl::FailedPreconditionError(
          absl::StrCat("base row '", r.name, "' has no terms and cannot hold (the base model is infeasible)"));
    }
    const bool lo = std::isfinite(r.lower), hi = std::isfinite(r.upper);
    auto add = [&](ir::RowSense sense, double rhs, const std::string& name) -> absl::Status {
      absl::StatusOr<ir::RowId> row = b.AddRow(terms, sense, rhs, {b.AddNameGroup(name), ir::NameRef::kVerbatim});
      if (!row.ok()) return AnnotateStatus(row.status(), absl::StrCat("base row '", r.name, "'"));
      ++out.rows;
      return absl::OkStatus();
    };
    if (lo && hi && r.lower == r.upper) {
      NN2MILP_RETURN_IF_ERROR(add(ir::RowSense::kEqual, r.lower, r.name));
    } else if (lo && hi) {
      NN2MILP_RETURN_IF_ERROR(add(ir::RowSense::kGreaterEqual, r.lower, absl::StrCat(r.name, "_lo")));
      NN2MILP_RETURN_IF_ERROR(add(ir::RowSense::kLessEqual, r.upper, absl::StrCat(r.name, "_up")));
    } else if (lo) {
      NN2MILP_RETURN_IF_ERROR(add(ir::RowSense::kGreaterEqual, r.lower, r.name));
    } else if (hi) {
      NN2MILP_RETURN_IF_ERROR(add(ir::RowSense::kLessEqual, r.upper, r.name));
    } else {
      diag.Note("free-row", absl::StrCat("base row '", r.name, "' has no finite side: not written"));
    }
  }
  out.scale = base.maximize ? -1.0 : 1.0;
  out.objective_constant = out.scale * base.objective_constant;
  for (const auto& [c, v] : base.objective) {
    const VarId var = out.column_var[static_cast<size_t>(c)];
    if (var.valid()) {
      out.objective.push_back({var, out.scale * v});
    } else {
      out.objective_constant += out.scale * v;  // a folded OBJCONST column (fixed to 1)
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<ir::Interval>> LinkedInputBox(
    const ir::LinearModel& base, const ir::Network& net, absl::Span<const EmbedLink> links,
    const std::optional<std::vector<ir::Interval>>& given, const std::string& label) {
  constexpr double kInf = ir::LinearModel::kInf;
  const int64_t n = net.num_input_elements();
  std::vector<ir::Interval> box(static_cast<size_t>(n), ir::Interval{-kInf, kInf});
  std::vector<std::string> linked(static_cast<size_t>(n));
  if (given) box = *given;
  for (const EmbedLink& l : links) {
    if (l.kind != ir::ElementKind::kInput) continue;
    if (l.index < 0 || l.index >= n) {
      return absl::InvalidArgumentError(absl::StrCat(label, ": input element ", l.index,
                                                     " does not exist (the network has ", n, ")"));
    }
    const ir::LinearModel::Column& c = base.columns[static_cast<size_t>(l.column)];
    ir::Interval& b = box[static_cast<size_t>(l.index)];
    b.lo = std::max(b.lo, c.lower);
    b.hi = std::min(b.hi, c.upper);
    linked[static_cast<size_t>(l.index)] = c.name;
  }
  for (int64_t i = 0; i < n; ++i) {
    const ir::Interval& b = box[static_cast<size_t>(i)];
    const std::string& col = linked[static_cast<size_t>(i)];
    if (b.lo > b.hi) {
      return absl::InvalidArgumentError(absl::StrCat(
          label, ": input element ", i, " (linked to '", col,
          "'): the bounds of the base variable and --input-bounds do not intersect"));
    }
    if (!std::isfinite(b.lo) || !std::isfinite(b.hi)) {
      return absl::FailedPreconditionError(absl::StrCat(
          label, ": input element ", i,
          col.empty() ? " is not linked to a base variable and has no bounds"
                      : absl::StrCat(" is linked to '", col, "', which has an infinite bound"),
          ": the big-M encoding needs a finite box on every input (bound the base variable, or "
          "give --input-bounds)"));
    }
  }
  return box;
}

absl::StatusOr<ir::MilpModel> LinearToMilp(const ir::LinearModel& base, Diagnostics& diag,
                                           const std::string& label) {
  ir::MilpBuilder b;
  NN2MILP_ASSIGN_OR_RETURN(BaseResult r, AddBase(base, b, diag, label));
  NN2MILP_RETURN_IF_ERROR(b.SetObjective(std::move(r.objective), r.objective_constant));
  return std::move(b).Build();
}

absl::StatusOr<EmbeddedModel> EmbedNetworks(const ir::LinearModel& base,
                                            absl::Span<const EmbedNet> nets,
                                            bool network_objective, Diagnostics& diag,
                                            const std::string& base_label) {
  ir::MilpBuilder b;
  EmbeddedModel out;
  NN2MILP_ASSIGN_OR_RETURN(BaseResult br, AddBase(base, b, diag, base_label));
  out.base_columns = br.columns;
  out.base_rows = br.rows;
  out.base_column_var = br.column_var;
  std::vector<VarTerm> objective = std::move(br.objective);
  double objective_constant = br.objective_constant;
  out.objective_scale = br.scale;
  if (network_objective) {
    out.network_objective = true;
    if (!base.objective.empty() || base.objective_constant != 0) {
      diag.Warn("base-objective", absl::StrCat("the base model's objective (", base.objective.size(),
                                               " terms) is replaced by the network objective (--maximize/--minimize)"));
    }
    objective.clear();
    objective_constant = 0;
  }
  for (size_t k = 0; k < nets.size(); ++k) {
    const EmbedNet& en = nets[k];
    const ir::MilpModel& m = en.encoding->model;
    const std::string label = en.prefix.empty() ? "the network" : absl::StrCat("network '", en.prefix, "'");
    // Name groups, prefixed; created lazily so that unused groups cost nothing.
    std::vector<ir::NameGroupId> group(static_cast<size_t>(m.num_name_groups()));
    auto name = [&](ir::NameRef r) {
      ir::NameGroupId& g = group[static_cast<size_t>(r.group.value())];
      if (!g.valid()) {
        g = b.AddNameGroup(en.prefix.empty() ? m.name_group(r.group)
                                             : absl::StrCat(en.prefix, ".", m.name_group(r.group)));
      }
      return ir::NameRef{g, r.index};
    };
    // Rows are copied with their linear terms only: a network with smooth activations (nonlinear
    // rows, .nl output) is refused rather than embedded without them.
    if (m.num_nonlinear_rows() > 0) {
      return absl::UnimplementedError(
          "networks with smooth activations (Sigmoid, Tanh, Softplus, Exp, Log, Softmax) cannot be "
          "embedded yet (--embed supports piecewise-linear networks)");
    }
    const int32_t offset = b.model().num_vars();
    auto map_var = [&](VarId v) { return VarId(v.value() + offset); };
    for (int32_t v = 0; v < m.num_vars(); ++v) {
      const ir::Variable& var = m.var(VarId(v));
      NN2MILP_RETURN_IF_ERROR(b.AddVar(var.lower, var.upper, var.is_integer, name(var.name)).status());
    }
    for (int32_t r = 0; r < m.num_rows(); ++r) {
      std::vector<VarTerm> terms;
      for (const VarTerm& t : m.row_terms(ir::RowId(r))) terms.push_back({map_var(t.var), t.coef});
      NN2MILP_RETURN_IF_ERROR(
          b.AddRow(std::move(terms), m.row_sense(ir::RowId(r)), m.row_rhs(ir::RowId(r)), name(m.row_name(ir::RowId(r)))).status());
    }
    auto map_ports = [&](const std::vector<std::vector<VarId>>& ports) {
      std::vector<std::vector<VarId>> mapped;
      for (const auto& p : ports) {
        std::vector<VarId>& q = mapped.emplace_back();
        for (VarId v : p) q.push_back(map_var(v));
      }
      return mapped;
    };
    out.input_vars.push_back(map_ports(en.encoding->input_vars));
    out.output_vars.push_back(map_ports(en.encoding->output_vars));
    std::vector<VarId> flat_in, flat_out;
    for (const auto& p : out.input_vars.back()) flat_in.insert(flat_in.end(), p.begin(), p.end());
    for (const auto& p : out.output_vars.back()) flat_out.insert(flat_out.end(), p.begin(), p.end());
    const ir::NameGroupId link_group =
        b.AddNameGroup(en.prefix.empty() ? std::string("link") : absl::StrCat(en.prefix, ".link"));
    absl::flat_hash_set<std::pair<int, int64_t>> seen;
    int64_t n_link = 0;
    for (const EmbedLink& l : en.links) {
      const bool in = l.kind == ir::ElementKind::kInput;
      const std::vector<VarId>& flat = in ? flat_in : flat_out;
      if (l.index < 0 || l.index >= static_cast<int64_t>(flat.size())) {
        return absl::InvalidArgumentError(absl::StrCat(label, ": ", in ? "input" : "output", " element ", l.index,
                                                       " does not exist (the network has ", flat.size(), ")"));
      }
      if (!seen.insert({in ? 0 : 1, l.index}).second) {
        return absl::InvalidArgumentError(
            absl::StrCat(label, ": ", in ? "input" : "output", " element ", l.index, " is linked twice"));
      }
      const VarId base_var = br.column_var[static_cast<size_t>(l.column)];
      if (!base_var.valid()) {
        return absl::InvalidArgumentError(absl::StrCat(
            label, ": cannot link to '", base.columns[static_cast<size_t>(l.column)].name,
            "', the base model's objective-constant column"));
      }
      NN2MILP_RETURN_IF_ERROR(b.AddRow({{flat[static_cast<size_t>(l.index)], 1.0}, {base_var, -1.0}},
                                       ir::RowSense::kEqual, 0.0, {link_group, n_link++})
                                  .status());
      ++out.link_rows;
    }
    if (k == 0 && network_objective) {
      for (const VarTerm& t : m.objective()) objective.push_back({map_var(t.var), t.coef});
      objective_constant = m.objective_constant();
      if (en.encoding->objective_var.valid()) out.objective_var = map_var(en.encoding->objective_var);
      out.objective_scale = en.encoding->objective_scale;
    }
  }
  NN2MILP_RETURN_IF_ERROR(b.SetObjective(std::move(objective), objective_constant));
  out.model = std::move(b).Build();
  return out;
}

}  // namespace nn2milp::passes
