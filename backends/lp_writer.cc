#include "backends/lp_writer.h"

#include <cmath>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/strings/str_split.h"
#include "backends/number_format.h"
#include "ir/base/status_macros.h"
#include "backends/parallel_format.h"

namespace nn2milp::backends {
namespace {

constexpr absl::string_view kObjConstVar = "obj_const";
constexpr size_t kMaxLine = 250;  // below GLPK's 255 (formats.md LP rule 11)
constexpr size_t kChunkTerms = 1 << 16;

// Appends terms to a string, starting a continuation line (leading blank) whenever the next
// term would make the line longer than kMaxLine; a term is never split.
class LineBuilder {
 public:
  LineBuilder(const NameTable& names, std::string& out) : names_(names), out_(out) {}
  void StartLine() { line_start_ = out_.size(); }
  void Append(absl::string_view s) { out_.append(s.data(), s.size()); }
  // " <sign> <|coef|> <name>"
  void Term(double coef, ir::VarId v) {
    StartTerm(coef);
    names_.AppendVarName(term_, v);
    FlushTerm();
  }
  void Term(double coef, absl::string_view name) {
    StartTerm(coef);
    term_.append(name.data(), name.size());
    FlushTerm();
  }
  // " + 0 <name>"
  void ZeroTerm(ir::VarId v) {
    term_.assign(" + 0 ");
    names_.AppendVarName(term_, v);
    FlushTerm();
  }
  // " <sense> <rhs>": kept on the line of the last term's line (rule 5) unless it would not fit.
  void SenseAndRhs(absl::string_view sense, double rhs) {
    term_.clear();
    term_.append(sense.data(), sense.size());
    AppendDouble(term_, rhs);
    FlushTerm();
  }
  // " <name>" in a list of names (Generals, Binaries).
  void Name(ir::VarId v) {
    term_.clear();
    term_.push_back(' ');
    names_.AppendVarName(term_, v);
    FlushTerm();
  }

 private:
  void StartTerm(double coef) {
    term_.clear();
    term_.append(coef < 0 ? " - " : " + ", 3);
    AppendDouble(term_, std::abs(coef));
    term_.push_back(' ');
  }
  void FlushTerm() {
    if (out_.size() - line_start_ + term_.size() > kMaxLine) {
      out_.push_back('\n');
      StartLine();
    }
    out_.append(term_);
  }

  const NameTable& names_;
  std::string& out_;
  size_t line_start_ = 0;
  std::string term_;  // scratch for one term
};

class LpEmitter {
 public:
  LpEmitter(const ir::MilpModel& model, const NameTable& names, BufferedWriter& w)
      : model_(model), names_(names), w_(w) {}

  void EmitHeader(const LpOptions& options) {
    for (absl::string_view line : absl::StrSplit(options.comment, '\n', absl::SkipEmpty())) {
      w_.Append("\\ ");
      w_.Append(line);
      w_.Append('\n');
    }
  }

  // "Minimize" and the objective row.
  void EmitObjective() {
    w_.Append("Minimize\n");
    LineBuilder line(names_, w_.buffer());
    line.StartLine();
    line.Append(" obj:");
    for (const ir::VarTerm& t : model_.objective()) line.Term(t.coef, t.var);
    if (model_.objective_constant() != 0.0) line.Term(model_.objective_constant(), kObjConstVar);
    // Variables in no row and not in the objective get a 0 term here: CoinLpIO 2.11 (CBC)
    // fails on models with many variables that appear only in Bounds ("Hash table: too many
    // names", measured), as MPS needs "obj 0" to declare an empty column. This also keeps the
    // objective from being empty, which GLPK rejects.
    std::vector<bool> used(static_cast<size_t>(model_.num_vars()), false);
    for (const ir::VarTerm& t : model_.objective()) used[static_cast<size_t>(t.var.value())] = true;
    for (int32_t r = 0; r < model_.num_rows(); ++r) {
      for (const ir::VarTerm& t : model_.row_terms(ir::RowId(r))) used[static_cast<size_t>(t.var.value())] = true;
    }
    bool any_term = !model_.objective().empty() || model_.objective_constant() != 0.0;
    for (int32_t v = 0; v < model_.num_vars(); ++v) {
      if (used[static_cast<size_t>(v)]) continue;
      line.ZeroTerm(ir::VarId(v));
      any_term = true;
    }
    if (!any_term) line.ZeroTerm(ir::VarId(0));
    w_.Append('\n');
    w_.MaybeFlush();
  }

  // "Subject To": one constraint per row, formatted in parallel.
  void EmitConstraints() {
    w_.Append("Subject To\n");
    std::vector<size_t> cost(static_cast<size_t>(model_.num_rows()) + 1, 0);
    for (int32_t r = 0; r < model_.num_rows(); ++r) {
      cost[static_cast<size_t>(r) + 1] = cost[static_cast<size_t>(r)] + 1 + model_.row_terms(ir::RowId(r)).size();
    }
    const auto format = [&](int64_t begin, int64_t end, std::string& out) {
      LineBuilder line(names_, out);
      for (int64_t r = begin; r < end; ++r) FormatRow(ir::RowId(static_cast<int32_t>(r)), line, out);
    };
    FormatInParallel(model_.num_rows(), cost, kChunkTerms, format, w_);
  }

  // "Bounds": every non-default bound.
  void EmitBounds() {
    w_.Append("Bounds\n");
    for (int32_t v = 0; v < model_.num_vars(); ++v) {
      const ir::Variable& var = model_.var(ir::VarId(v));
      const bool has_lo = std::isfinite(var.lower), has_up = std::isfinite(var.upper);
      if (!var.is_integer && has_lo && var.lower == 0.0 && !has_up) continue;  // default [0, inf)
      w_.Append(' ');
      if (has_lo && has_up && var.lower == var.upper && !var.is_integer) {
        Name(v);
        w_.Append(" = ");
        AppendDouble(w_.buffer(), var.lower);
      } else if (!has_lo && !has_up) {
        Name(v);
        w_.Append(" free");
      } else if (!has_up) {
        Name(v);
        w_.Append(" >= ");
        AppendDouble(w_.buffer(), var.lower);
      } else {
        if (has_lo) AppendDouble(w_.buffer(), var.lower);
        else w_.Append("-inf");
        w_.Append(" <= ");
        Name(v);
        w_.Append(" <= ");
        AppendDouble(w_.buffer(), var.upper);
      }
      w_.Append('\n');
      w_.MaybeFlush();
    }
    if (model_.objective_constant() != 0.0) {
      w_.Append(' ');
      w_.Append(kObjConstVar);
      w_.Append(" = 1\n");
    }
  }

  // "Generals" and "Binaries" (integers with bounds [0, 1]), then "End".
  void EmitIntegersAndEnd() {
    for (const bool binary : {false, true}) {
      bool any = false;
      std::string list;
      LineBuilder line(names_, list);
      for (int32_t v = 0; v < model_.num_vars(); ++v) {
        const ir::Variable& var = model_.var(ir::VarId(v));
        if (!var.is_integer || (var.lower == 0.0 && var.upper == 1.0) != binary) continue;
        any = true;
        line.Name(ir::VarId(v));
      }
      if (!any) continue;
      w_.Append(binary ? "Binaries\n" : "Generals\n");
      w_.Append(list);
      w_.Append('\n');
      w_.MaybeFlush();
    }
    w_.Append("End\n");
  }

 private:
  void Name(int32_t v) { names_.AppendVarName(w_.buffer(), ir::VarId(v)); }

  void FormatRow(ir::RowId row, LineBuilder& line, std::string& out) const {
    line.StartLine();
    out += ' ';
    names_.AppendRowName(out, row);
    out += ':';
    for (const ir::VarTerm& t : model_.row_terms(row)) line.Term(t.coef, t.var);
    switch (model_.row_sense(row)) {
      case ir::RowSense::kEqual: line.SenseAndRhs(" = ", model_.row_rhs(row)); break;
      case ir::RowSense::kLessEqual: line.SenseAndRhs(" <= ", model_.row_rhs(row)); break;
      case ir::RowSense::kGreaterEqual: line.SenseAndRhs(" >= ", model_.row_rhs(row)); break;
    }
    out += '\n';
  }

  const ir::MilpModel& model_;
  const NameTable& names_;
  BufferedWriter& w_;
};

}  // namespace

absl::Status WriteLp(const ir::MilpModel& model, const NameTable& names, const LpOptions& options,
                     Sink& sink) {
  NN2MILP_RETURN_IF_ERROR(RequireLinearModel(model, names, "LP"));
  BufferedWriter w(sink);
  LpEmitter e(model, names, w);
  e.EmitHeader(options);
  e.EmitObjective();
  e.EmitConstraints();
  e.EmitBounds();
  e.EmitIntegersAndEnd();
  return w.Finish();
}

absl::StatusOr<std::string> LpToString(const ir::MilpModel& model, const LpOptions& options) {
  StringSink sink;
  const absl::Status status = WriteLp(model, NameTable::Build(model), options, sink);
  if (!status.ok()) return status;
  return sink.str();
}

}  // namespace nn2milp::backends
