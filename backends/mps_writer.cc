#include "backends/mps_writer.h"

#include <cmath>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/strings/str_split.h"
#include "backends/number_format.h"
#include "ir/base/status_macros.h"
#include "backends/parallel_format.h"

namespace nn2milp::backends {
namespace {

constexpr absl::string_view kObjRow = "obj";
constexpr absl::string_view kObjConstCol = "OBJCONST";

// Column-major copy of the row matrix (one transpose; O(nonzeros) memory).
struct ColumnMatrix {
  std::vector<size_t> begin;  // size num_vars + 1
  std::vector<int32_t> row;
  std::vector<double> coef;
};

ColumnMatrix Transpose(const ir::MilpModel& model) {
  ColumnMatrix m;
  m.begin.assign(static_cast<size_t>(model.num_vars()) + 1, 0);
  for (int32_t r = 0; r < model.num_rows(); ++r) {
    for (const ir::VarTerm& t : model.row_terms(ir::RowId(r))) ++m.begin[static_cast<size_t>(t.var.value()) + 1];
  }
  for (size_t v = 1; v < m.begin.size(); ++v) m.begin[v] += m.begin[v - 1];
  m.row.resize(static_cast<size_t>(model.num_nonzeros()));
  m.coef.resize(m.row.size());
  std::vector<size_t> next(m.begin.begin(), m.begin.end() - 1);
  for (int32_t r = 0; r < model.num_rows(); ++r) {  // rows in order: each column stays sorted
    for (const ir::VarTerm& t : model.row_terms(ir::RowId(r))) {
      const size_t at = next[static_cast<size_t>(t.var.value())]++;
      m.row[at] = r;
      m.coef[at] = t.coef;
    }
  }
  return m;
}

class MpsEmitter {
 public:
  MpsEmitter(const ir::MilpModel& model, const NameTable& names, BufferedWriter& w)
      : model_(model), w_(w) {
    var_names_.reserve(static_cast<size_t>(model.num_vars()));
    for (int32_t v = 0; v < model.num_vars(); ++v) var_names_.push_back(names.VarName(ir::VarId(v)));
    row_names_.reserve(static_cast<size_t>(model.num_rows()));
    for (int32_t r = 0; r < model.num_rows(); ++r) row_names_.push_back(names.RowName(ir::RowId(r)));
  }

  // Comment lines and the NAME card.
  void EmitHeader(const MpsOptions& options) {
    for (absl::string_view line : absl::StrSplit(options.comment, '\n', absl::SkipEmpty())) {
      w_.Append("* ");
      w_.Append(line);
      w_.Append('\n');
    }
    w_.Append("NAME ");
    w_.Append(SanitizeBase(options.model_name));
    w_.Append(" FREE\n");
  }

  // ROWS: the objective first, then every row with its sense.
  void EmitRows() {
    w_.Append("ROWS\n N ");
    w_.Append(kObjRow);
    w_.Append('\n');
    for (int32_t r = 0; r < model_.num_rows(); ++r) {
      switch (model_.row_sense(ir::RowId(r))) {
        case ir::RowSense::kEqual: w_.Append(" E "); break;
        case ir::RowSense::kLessEqual: w_.Append(" L "); break;
        case ir::RowSense::kGreaterEqual: w_.Append(" G "); break;
      }
      w_.Append(row_names_[static_cast<size_t>(r)]);
      w_.Append('\n');
      w_.MaybeFlush();
    }
  }

  // COLUMNS: per column its objective coefficient then its row entries, two per line; runs of
  // integer columns between markers; OBJCONST last. Columns are formatted in parallel.
  void EmitColumns() {
    w_.Append("COLUMNS\n");
    const ColumnMatrix m = Transpose(model_);
    std::vector<double> cost(static_cast<size_t>(model_.num_vars()), 0.0);
    for (const ir::VarTerm& t : model_.objective()) cost[static_cast<size_t>(t.var.value())] = t.coef;
    const auto format = [&](int64_t begin, int64_t end, std::string& out) {
      for (int64_t v = begin; v < end; ++v) FormatColumn(m, cost, static_cast<int32_t>(v), out);
    };
    FormatInParallel(model_.num_vars(), m.begin, kChunkEntries, format, w_);
    if (model_.num_vars() > 0 && model_.var(ir::VarId(model_.num_vars() - 1)).is_integer) {
      w_.Append(" MARKER 'MARKER' 'INTEND'\n");
    }
    if (model_.objective_constant() != 0.0) {
      w_.Append(' ');
      w_.Append(kObjConstCol);
      w_.Append(' ');
      w_.Append(kObjRow);
      w_.Append(' ');
      AppendDouble(w_.buffer(), model_.objective_constant());
      w_.Append('\n');
    }
  }

  // RHS: nonzero right-hand sides, two per line, vector name RHS.
  void EmitRhs() {
    w_.Append("RHS\n");
    int on_line = 0;
    for (int32_t r = 0; r < model_.num_rows(); ++r) {
      const double rhs = model_.row_rhs(ir::RowId(r));
      if (rhs == 0.0) continue;
      w_.Append(on_line == 0 ? " RHS " : " ");
      w_.Append(row_names_[static_cast<size_t>(r)]);
      w_.Append(' ');
      AppendDouble(w_.buffer(), rhs);
      if (++on_line == 2) {
        w_.Append('\n');
        on_line = 0;
        w_.MaybeFlush();
      }
    }
    if (on_line != 0) w_.Append('\n');
  }

  // BOUNDS: one vector name (BND); see the header for the rules.
  void EmitBounds() {
    w_.Append("BOUNDS\n");
    for (int32_t v = 0; v < model_.num_vars(); ++v) {
      const ir::Variable& var = model_.var(ir::VarId(v));
      const std::string& name = var_names_[static_cast<size_t>(v)];
      const bool has_lo = std::isfinite(var.lower), has_up = std::isfinite(var.upper);
      if (var.is_integer) {  // always explicit: readers disagree on integer defaults
        Bound("LO", name, var.lower);
        Bound("UP", name, var.upper);
      } else if (has_lo && has_up && var.lower == var.upper) {
        Bound("FX", name, var.lower);
      } else if (!has_lo && !has_up) {
        Bound("FR", name);
      } else {
        if (!has_lo) Bound("MI", name);
        else if (var.lower != 0.0) Bound("LO", name, var.lower);
        if (has_up) Bound("UP", name, var.upper);
      }
      w_.MaybeFlush();
    }
    if (model_.objective_constant() != 0.0) Bound("FX", kObjConstCol, 1.0);
    w_.Append("ENDATA\n");
  }

 private:
  static constexpr size_t kChunkEntries = 1 << 16;

  // Column v's lines, preceded by a marker when integrality changes from column v - 1.
  void FormatColumn(const ColumnMatrix& m, const std::vector<double>& cost, int32_t v,
                    std::string& out) const {
    const bool integer = model_.var(ir::VarId(v)).is_integer;
    const bool previous = v > 0 && model_.var(ir::VarId(v - 1)).is_integer;
    if (integer != previous) out += integer ? " MARKER 'MARKER' 'INTORG'\n" : " MARKER 'MARKER' 'INTEND'\n";
    const std::string& name = var_names_[static_cast<size_t>(v)];
    int on_line = 0;
    const auto entry = [&](absl::string_view row, double value) {
      if (on_line == 0) {
        out += ' ';
        out.append(name);
      }
      out += ' ';
      out.append(row.data(), row.size());
      out += ' ';
      AppendDouble(out, value);
      if (++on_line == 2) {
        out += '\n';
        on_line = 0;
      }
    };
    const double c = cost[static_cast<size_t>(v)];
    const size_t begin = m.begin[static_cast<size_t>(v)], end = m.begin[static_cast<size_t>(v) + 1];
    if (c != 0.0 || begin == end) entry(kObjRow, c);  // "obj 0" declares an empty column
    for (size_t k = begin; k < end; ++k) entry(row_names_[static_cast<size_t>(m.row[k])], m.coef[k]);
    if (on_line != 0) out += '\n';
  }

  void Bound(absl::string_view type, absl::string_view name) {
    w_.Append(' ');
    w_.Append(type);
    w_.Append(" BND ");
    w_.Append(name);
    w_.Append('\n');
  }
  void Bound(absl::string_view type, absl::string_view name, double value) {
    w_.Append(' ');
    w_.Append(type);
    w_.Append(" BND ");
    w_.Append(name);
    w_.Append(' ');
    AppendDouble(w_.buffer(), value);
    w_.Append('\n');
  }

  const ir::MilpModel& model_;
  BufferedWriter& w_;
  std::vector<std::string> var_names_;
  std::vector<std::string> row_names_;
};

}  // namespace

absl::Status WriteMps(const ir::MilpModel& model, const NameTable& names, const MpsOptions& options,
                      Sink& sink) {
  NN2MILP_RETURN_IF_ERROR(RequireLinearModel(model, names, "MPS"));
  BufferedWriter w(sink);
  MpsEmitter e(model, names, w);
  e.EmitHeader(options);
  e.EmitRows();
  e.EmitColumns();
  e.EmitRhs();
  e.EmitBounds();
  return w.Finish();
}

absl::StatusOr<std::string> MpsToString(const ir::MilpModel& model, const MpsOptions& options) {
  StringSink sink;
  const absl::Status status = WriteMps(model, NameTable::Build(model), options, sink);
  if (!status.ok()) return status;
  return sink.str();
}

}  // namespace nn2milp::backends
