#include "backends/lp_writer.h"

#include <cmath>
#include "absl/strings/string_view.h"

#include "absl/strings/str_split.h"
#include "backends/number_format.h"

namespace nn2milp::backends {
namespace {

constexpr absl::string_view kObjConstVar = "obj_const";
constexpr size_t kMaxLine = 250;  // below GLPK's 255 (formats.md LP rule 11)

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
    StartLine();
    w_.Append(" obj:");
    for (const ir::VarTerm& t : model_.objective()) Term(t.coef, t.var);
    if (model_.objective_constant() != 0.0) {
      Term(model_.objective_constant(), kObjConstVar);
    } else if (model_.objective().empty()) {
      w_.Append(" 0 ");  // GLPK rejects an empty objective
      names_.AppendVarName(w_.buffer(), ir::VarId(0));
    }
    w_.Append('\n');
  }

  // "Subject To": one constraint per row.
  void EmitConstraints() {
    w_.Append("Subject To\n");
    for (int32_t r = 0; r < model_.num_rows(); ++r) {
      const ir::RowId row(r);
      StartLine();
      w_.Append(' ');
      names_.AppendRowName(w_.buffer(), row);
      w_.Append(':');
      for (const ir::VarTerm& t : model_.row_terms(row)) Term(t.coef, t.var);
      switch (model_.row_sense(row)) {  // the sense and rhs stay together on one line (rule 5)
        case ir::RowSense::kEqual: term_.assign(" = "); break;
        case ir::RowSense::kLessEqual: term_.assign(" <= "); break;
        case ir::RowSense::kGreaterEqual: term_.assign(" >= "); break;
      }
      AppendDouble(term_, model_.row_rhs(row));
      FlushTerm();
      w_.Append('\n');
      w_.MaybeFlush();
    }
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
      StartLine();
      for (int32_t v = 0; v < model_.num_vars(); ++v) {
        const ir::Variable& var = model_.var(ir::VarId(v));
        if (!var.is_integer || (var.lower == 0.0 && var.upper == 1.0) != binary) continue;
        if (!any) w_.Append(binary ? "Binaries\n" : "Generals\n");
        any = true;
        WrapIfLong();
        w_.Append(' ');
        Name(v);
      }
      if (any) w_.Append('\n');
    }
    w_.Append("End\n");
  }

 private:
  void Name(int32_t v) { names_.AppendVarName(w_.buffer(), ir::VarId(v)); }
  void StartLine() { line_start_ = w_.buffer().size(); }
  // Before a name in Generals/Binaries: wrap when the line is long.
  void WrapIfLong() {
    if (w_.buffer().size() - line_start_ > kMaxLine - 100) {
      w_.Append('\n');
      w_.MaybeFlush();
      StartLine();
    }
  }
  // Appends " <sign> <|coef|> <name>", first wrapping the line if the term would not fit.
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
  void StartTerm(double coef) {
    term_.assign(coef < 0 ? " - " : " + ");
    AppendDouble(term_, std::abs(coef));
    term_.push_back(' ');
  }
  void FlushTerm() {
    if (w_.buffer().size() - line_start_ + term_.size() > kMaxLine) {
      w_.Append('\n');
      w_.MaybeFlush();
      StartLine();
    }
    w_.Append(term_);
  }

  const ir::MilpModel& model_;
  const NameTable& names_;
  BufferedWriter& w_;
  size_t line_start_ = 0;
  std::string term_;  // scratch for one term
};

}  // namespace

absl::Status WriteLp(const ir::MilpModel& model, const NameTable& names, const LpOptions& options,
                     Sink& sink) {
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
