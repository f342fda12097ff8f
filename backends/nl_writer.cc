#include "backends/nl_writer.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "backends/number_format.h"
#include "backends/parallel_format.h"
#include "ir/base/check.h"
#include "ir/base/status_macros.h"

namespace nn2milp::backends {
namespace {

constexpr absl::string_view kObjName = "obj";

// Per VarId: does the variable occur inside a nonlinear term?
std::vector<bool> NonlinearVars(const ir::MilpModel& model) {
  std::vector<bool> nonlinear(static_cast<size_t>(model.num_vars()), false);
  for (int32_t r = 0; r < model.num_rows(); ++r) {
    for (const ir::NonlinearTerm& nl : model.row_nonlinear(ir::RowId(r))) {
      nonlinear[static_cast<size_t>(nl.var.value())] = true;
    }
  }
  return nonlinear;
}

int64_t CountNonlinearVars(const ir::MilpModel& model) {
  const std::vector<bool> nonlinear = NonlinearVars(model);
  return std::count(nonlinear.begin(), nonlinear.end(), true);
}


// Low-level encoders shared by the text and binary forms: in binary mode separators and line
// ends vanish, integers become 4 little-endian bytes and reals 8 little-endian bytes.
struct NlEncoder {
  bool binary;

  void Letter(std::string& out, char c) const { out += c; }
  void Sep(std::string& out) const {
    if (!binary) out += ' ';
  }
  void Eol(std::string& out) const {
    if (!binary) out += '\n';
  }
  void Int(std::string& out, int64_t v) const {
    if (!binary) {
      absl::StrAppend(&out, v);
      return;
    }
    NN2MILP_CHECK(v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max())
        << "binary .nl integer out of range: " << v;
    const uint32_t u = static_cast<uint32_t>(static_cast<int32_t>(v));
    for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((u >> shift) & 0xFF);
  }
  void Real(std::string& out, double x) const {
    if (!binary) {
      AppendDouble(out, x);
      return;
    }
    NN2MILP_CHECK(std::isfinite(x)) << "writers never write NaN or infinity";
    if (x == 0.0) x = 0.0;  // -0.0 -> 0, as in text mode
    const uint64_t u = std::bit_cast<uint64_t>(x);
    for (int shift = 0; shift < 64; shift += 8) out += static_cast<char>((u >> shift) & 0xFF);
  }
  // One r/b entry: the code digit, then its values (text: space separated, one line).
  void Entry(std::string& out, char code, std::initializer_list<double> values) const {
    out += code;
    for (double v : values) {
      Sep(out);
      Real(out, v);
    }
    Eol(out);
  }
};

// Counts a list's entries against the count written before it (the ampl/mp
// ~SparseVectorWriter check): a mismatch is a writer bug that the ASL would not detect.
class CountedList {
 public:
  CountedList(const char* what, int64_t expected) : what_(what), expected_(expected) {}
  void Add() { ++written_; }
  ~CountedList() {
    NN2MILP_CHECK(written_ == expected_)
        << what_ << ": announced " << expected_ << " entries, wrote " << written_;
  }

 private:
  const char* what_;
  int64_t expected_;
  int64_t written_ = 0;
};

class NlEmitter {
 public:
  NlEmitter(const ir::MilpModel& model, const NameTable& names, const NlOptions& options,
            BufferedWriter& w)
      : model_(model), names_(names), options_(options), enc_{options.binary}, w_(w) {
    nl_index_ = NlVariableOrder(model);
    order_.resize(nl_index_.size());
    for (size_t v = 0; v < nl_index_.size(); ++v) {
      order_[static_cast<size_t>(nl_index_[v])] = ir::VarId(static_cast<int32_t>(v));
    }
    for (int32_t v = 0; v < model.num_vars(); ++v) {
      const NlVarClass c = ClassifyNlVar(model.var(ir::VarId(v)));
      if (c == NlVarClass::kBinary) ++num_binary_;
      if (c == NlVarClass::kInteger) ++num_integer_;
    }
    for (int32_t r = 0; r < model.num_rows(); ++r) {
      if (model.row_sense(ir::RowId(r)) == ir::RowSense::kEqual) ++num_equal_;
    }
    row_order_ = NlRowOrder(model);
    num_nonlinear_vars_ = CountNonlinearVars(model);
    // Jacobian entries: each row's linear terms, plus its nonlinear variable with coefficient 0
    // when it has no linear term (the J segments give the Jacobian's sparsity).
    num_jacobian_ = model.num_nonzeros();
    for (int32_t r = 0; r < model.num_rows(); ++r) {
      num_jacobian_ += static_cast<int64_t>(ExtraNonlinearVars(ir::RowId(r)).size());
    }
  }

  // The ten ASCII header lines (formats.md §0 .nl rule 1).
  void EmitHeader() {
    size_t max_row = kObjName.size(), max_var = 0;
    std::string name;
    for (int32_t r = 0; r < model_.num_rows(); ++r) {
      name.clear();
      names_.AppendRowName(name, ir::RowId(r));
      max_row = std::max(max_row, name.size());
    }
    for (int32_t v = 0; v < model_.num_vars(); ++v) {
      name.clear();
      names_.AppendVarName(name, ir::VarId(v));
      max_var = std::max(max_var, name.size());
    }
    const std::string problem = SanitizeBase(options_.problem_name);
    HeaderLine(options_.binary ? "b3 1 1 0" : "g3 1 1 0", absl::StrCat("problem ", problem));
    HeaderLine(absl::StrCat(" ", model_.num_vars(), " ", model_.num_rows(), " 1 0 ", num_equal_),
               "vars, constraints, objectives, ranges, eqns");
    HeaderLine(absl::StrCat(" ", model_.num_nonlinear_rows(), " 0"), "nonlinear constraints, objectives");
    HeaderLine(" 0 0", "network constraints: nonlinear, linear");
    HeaderLine(absl::StrCat(" ", num_nonlinear_vars_, " 0 0"),
               "nonlinear vars in constraints, objectives, both");
    // arith: 0 = text; 1 = IEEE little-endian binary. flags 0: no suffixes wanted in the .sol.
    HeaderLine(options_.binary ? " 0 0 1 0" : " 0 0 0 0",
               "linear network variables; functions; arith, flags");
    HeaderLine(absl::StrCat(" ", num_binary_, " ", num_integer_, " 0 0 0"),
               "discrete variables: binary, integer, nonlinear (b,c,o)");
    HeaderLine(absl::StrCat(" ", num_jacobian_, " ", model_.objective().size()),
               "nonzeros in Jacobian, gradients");
    HeaderLine(absl::StrCat(" ", max_row, " ", max_var), "max name lengths: constraints, variables");
    HeaderLine(" 0 0 0 0 0", "common exprs: b,c,o,c1,o1");
  }

  // C<i> for every row in .nl order (the ASL tolerates missing C segments, but AMPL writes them
  // all): the expression tree of the nonlinear term, or "n0" for a linear row; then O0
  // (minimise) with the objective constant as its body.
  void EmitConstraintAndObjectiveBodies() {
    std::string& out = w_.buffer();
    for (size_t i = 0; i < row_order_.size(); ++i) {
      enc_.Letter(out, 'C');
      enc_.Int(out, static_cast<int64_t>(i));
      enc_.Eol(out);
      const absl::Span<const ir::NonlinearTerm> nl = model_.row_nonlinear(row_order_[i]);
      if (nl.empty()) {
        enc_.Letter(out, 'n');
        enc_.Real(out, 0.0);
        enc_.Eol(out);
      } else if (nl.size() == 1) {
        EmitNonlinearTerm(out, nl[0]);
      } else {
        // o54: sumlist, followed by the number of summands.
        Op(out, 54);
        enc_.Int(out, static_cast<int64_t>(nl.size()));
        enc_.Eol(out);
        for (const ir::NonlinearTerm& t : nl) EmitNonlinearTerm(out, t);
      }
      w_.MaybeFlush();
    }
    enc_.Letter(out, 'O');
    enc_.Int(out, 0);
    enc_.Sep(out);
    enc_.Int(out, 0);  // sense: 0 = minimise
    enc_.Eol(out);
    enc_.Letter(out, 'n');
    enc_.Real(out, model_.objective_constant());
    enc_.Eol(out);
  }

  // r: one bound entry per row (1 u for <=, 2 l for >=, 4 c for =).
  void EmitRowBounds() {
    enc_.Letter(w_.buffer(), 'r');
    enc_.Eol(w_.buffer());
    CountedList list("r", model_.num_rows());
    for (const ir::RowId r : row_order_) {
      const double rhs = model_.row_rhs(r);
      switch (model_.row_sense(r)) {
        case ir::RowSense::kLessEqual: enc_.Entry(w_.buffer(), '1', {rhs}); break;
        case ir::RowSense::kGreaterEqual: enc_.Entry(w_.buffer(), '2', {rhs}); break;
        case ir::RowSense::kEqual: enc_.Entry(w_.buffer(), '4', {rhs}); break;
      }
      list.Add();
      w_.MaybeFlush();
    }
  }

  // b: one bound entry per variable in .nl order; infinite bounds select the code.
  void EmitVariableBounds() {
    enc_.Letter(w_.buffer(), 'b');
    enc_.Eol(w_.buffer());
    CountedList list("b", model_.num_vars());
    for (const ir::VarId v : order_) {
      const ir::Variable& var = model_.var(v);
      const bool has_lo = std::isfinite(var.lower), has_up = std::isfinite(var.upper);
      std::string& out = w_.buffer();
      if (has_lo && has_up) {
        if (var.lower == var.upper) enc_.Entry(out, '4', {var.lower});
        else enc_.Entry(out, '0', {var.lower, var.upper});
      } else if (has_up) {
        enc_.Entry(out, '1', {var.upper});
      } else if (has_lo) {
        enc_.Entry(out, '2', {var.lower});
      } else {
        enc_.Entry(out, '3', {});
      }
      list.Add();
      w_.MaybeFlush();
    }
  }

  // k<NV-1>: cumulative nonzero counts of columns 0 .. NV-2 in .nl order (must be exact).
  void EmitColumnCounts() {
    std::vector<int64_t> per_var(static_cast<size_t>(model_.num_vars()), 0);
    for (int32_t r = 0; r < model_.num_rows(); ++r) {
      for (const ir::VarTerm& t : model_.row_terms(ir::RowId(r))) {
        ++per_var[static_cast<size_t>(nl_index_[static_cast<size_t>(t.var.value())])];
      }
      for (const ir::VarId v : ExtraNonlinearVars(ir::RowId(r))) {
        ++per_var[static_cast<size_t>(nl_index_[static_cast<size_t>(v.value())])];
      }
    }
    const int64_t n = model_.num_vars() - 1;
    std::string& out = w_.buffer();
    enc_.Letter(out, 'k');
    enc_.Int(out, n);
    enc_.Eol(out);
    CountedList list("k", n);
    int64_t cumulative = 0;
    for (int64_t j = 0; j < n; ++j) {
      cumulative += per_var[static_cast<size_t>(j)];
      enc_.Int(w_.buffer(), cumulative);
      enc_.Eol(w_.buffer());
      list.Add();
      w_.MaybeFlush();
    }
    NN2MILP_CHECK(cumulative + per_var.back() == num_jacobian_);
  }

  // J<i> <n> + n "<var> <coef>" entries sorted by .nl index, for each row (in .nl order) with
  // terms; a nonlinear row also lists its nonlinear variable (coefficient 0 unless it has a
  // linear term too). Rows are formatted in parallel; the output does not depend on the thread
  // count.
  void EmitJacobian() {
    std::vector<size_t> cost(static_cast<size_t>(model_.num_rows()) + 1, 0);
    for (int32_t i = 0; i < model_.num_rows(); ++i) {
      cost[static_cast<size_t>(i) + 1] =
          cost[static_cast<size_t>(i)] + 2 + model_.row_terms(row_order_[static_cast<size_t>(i)]).size();
    }
    const auto format = [this](int64_t begin, int64_t end, std::string& out) {
      std::vector<std::pair<int32_t, double>> terms;
      for (int64_t i = begin; i < end; ++i) {
        const ir::RowId r = row_order_[static_cast<size_t>(i)];
        const absl::Span<const ir::VarTerm> row = model_.row_terms(r);
        SortedTerms(row, terms);
        const std::vector<ir::VarId> extra = ExtraNonlinearVars(r);
        if (!extra.empty()) {
          for (const ir::VarId v : extra) terms.emplace_back(nl_index_[static_cast<size_t>(v.value())], 0.0);
          std::sort(terms.begin(), terms.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
        }
        if (terms.empty()) continue;  // "J i 0" is fatal for the ASL
        EmitSparse(out, 'J', i, terms);
      }
    };
    FormatInParallel(model_.num_rows(), cost, kChunkEntries, format, w_);
  }

  // G0 <n> + the objective's terms, only when it has any ("G i 0" is fatal).
  void EmitGradient() {
    if (model_.objective().empty()) return;
    std::vector<std::pair<int32_t, double>> terms;
    SortedTerms(model_.objective(), terms);
    EmitSparse(w_.buffer(), 'G', 0, terms);
  }

 private:
  static constexpr size_t kChunkEntries = 1 << 16;

  // The variables of row r's nonlinear terms that have no linear term in it (each once, by id):
  // they get a Jacobian entry with coefficient 0.
  std::vector<ir::VarId> ExtraNonlinearVars(ir::RowId r) const {
    std::vector<ir::VarId> extra;
    for (const ir::NonlinearTerm& nl : model_.row_nonlinear(r)) {
      bool linear = false;
      for (const ir::VarTerm& t : model_.row_terms(r)) linear = linear || t.var == nl.var;
      if (!linear) extra.push_back(nl.var);
    }
    std::sort(extra.begin(), extra.end());
    extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
    return extra;
  }

  void Op(std::string& out, int code) const {
    enc_.Letter(out, 'o');
    enc_.Int(out, code);
    enc_.Eol(out);
  }
  void Num(std::string& out, double x) const {
    enc_.Letter(out, 'n');
    enc_.Real(out, x);
    enc_.Eol(out);
  }
  void Var(std::string& out, ir::VarId v) const {
    enc_.Letter(out, 'v');
    enc_.Int(out, nl_index_[static_cast<size_t>(v.value())]);
    enc_.Eol(out);
  }

  // The expression tree of coef * f(v) in prefix (Polish) form with AMPL's operation codes
  // (ASL opcode.hd): o0 +, o2 *, o3 /, o16 unary minus, o37 tanh, o43 log, o44 exp.
  //   sigmoid(v)    = 1 / (1 + exp(-v))   o3 n1 o0 n1 o44 o16 v
  //   tanh(v)                             o37 v
  //   softplus(v)   = log(1 + exp(v))     o43 o0 n1 o44 v
  //   exp(v), log(v)                      o44 v, o43 v
  //   reciprocal(v) = 1 / v               o3 n1 v
  // coef = 1 is written as f alone, coef = -1 as o16 f, anything else as o2 n<coef> f.
  void EmitNonlinearTerm(std::string& out, const ir::NonlinearTerm& nl) const {
    constexpr int kPlus = 0, kMult = 2, kDiv = 3, kNeg = 16, kTanh = 37, kLog = 43, kExp = 44;
    if (nl.coef == -1.0) {
      Op(out, kNeg);
    } else if (nl.coef != 1.0) {
      Op(out, kMult);
      Num(out, nl.coef);
    }
    switch (nl.function) {
      case ir::SmoothFunction::kSigmoid:
        Op(out, kDiv);
        Num(out, 1.0);
        Op(out, kPlus);
        Num(out, 1.0);
        Op(out, kExp);
        Op(out, kNeg);
        break;
      case ir::SmoothFunction::kTanh: Op(out, kTanh); break;
      case ir::SmoothFunction::kSoftplus:
        Op(out, kLog);
        Op(out, kPlus);
        Num(out, 1.0);
        Op(out, kExp);
        break;
      case ir::SmoothFunction::kExp: Op(out, kExp); break;
      case ir::SmoothFunction::kLog: Op(out, kLog); break;
      case ir::SmoothFunction::kReciprocal:
        Op(out, kDiv);
        Num(out, 1.0);
        break;
    }
    Var(out, nl.var);
  }

  void HeaderLine(absl::string_view values, absl::string_view comment) {
    w_.Append(values);
    if (options_.header_comments) {
      w_.Append("\t# ");
      w_.Append(comment);
    }
    w_.Append('\n');
  }

  void SortedTerms(absl::Span<const ir::VarTerm> in, std::vector<std::pair<int32_t, double>>& out) const {
    out.clear();
    for (const ir::VarTerm& t : in) out.emplace_back(nl_index_[static_cast<size_t>(t.var.value())], t.coef);
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }

  void EmitSparse(std::string& out, char key, int64_t index,
                  const std::vector<std::pair<int32_t, double>>& terms) const {
    enc_.Letter(out, key);
    enc_.Int(out, index);
    enc_.Sep(out);
    enc_.Int(out, static_cast<int64_t>(terms.size()));
    enc_.Eol(out);
    CountedList list(key == 'J' ? "J" : "G", static_cast<int64_t>(terms.size()));
    for (const auto& [var, coef] : terms) {
      enc_.Int(out, var);
      enc_.Sep(out);
      enc_.Real(out, coef);
      enc_.Eol(out);
      list.Add();
    }
  }

  const ir::MilpModel& model_;
  const NameTable& names_;
  const NlOptions& options_;
  const NlEncoder enc_;
  BufferedWriter& w_;
  std::vector<int32_t> nl_index_;  // per VarId
  std::vector<ir::VarId> order_;   // per .nl index
  std::vector<ir::RowId> row_order_;  // per .nl row index
  int64_t num_nonlinear_vars_ = 0;
  int64_t num_jacobian_ = 0;
  int64_t num_binary_ = 0;
  int64_t num_integer_ = 0;
  int64_t num_equal_ = 0;
};

// .col: variable names in .nl order.
absl::Status WriteColFile(const ir::MilpModel& model, const NameTable& names, Sink& sink) {
  BufferedWriter w(sink);
  const std::vector<int32_t> nl_index = NlVariableOrder(model);
  std::vector<ir::VarId> order(nl_index.size());
  for (size_t v = 0; v < nl_index.size(); ++v) {
    order[static_cast<size_t>(nl_index[v])] = ir::VarId(static_cast<int32_t>(v));
  }
  for (const ir::VarId v : order) {
    names.AppendVarName(w.buffer(), v);
    w.Append('\n');
    w.MaybeFlush();
  }
  return w.Finish();
}

// .row: row names in .nl order, then the objective's.
absl::Status WriteRowFile(const ir::MilpModel& model, const NameTable& names, Sink& sink) {
  BufferedWriter w(sink);
  for (const ir::RowId r : NlRowOrder(model)) {
    names.AppendRowName(w.buffer(), r);
    w.Append('\n');
    w.MaybeFlush();
  }
  w.Append(kObjName);
  w.Append('\n');
  return w.Finish();
}

}  // namespace

NlVarClass ClassifyNlVar(const ir::Variable& var) {
  if (!var.is_integer) return NlVarClass::kContinuous;
  return var.lower == 0.0 && var.upper == 1.0 ? NlVarClass::kBinary : NlVarClass::kInteger;
}

std::vector<ir::RowId> NlRowOrder(const ir::MilpModel& model) {
  std::vector<ir::RowId> order;
  order.reserve(static_cast<size_t>(model.num_rows()));
  for (const bool nonlinear : {true, false}) {
    for (int32_t r = 0; r < model.num_rows(); ++r) {
      if (!model.row_nonlinear(ir::RowId(r)).empty() == nonlinear) order.push_back(ir::RowId(r));
    }
  }
  return order;
}

std::vector<int32_t> NlVariableOrder(const ir::MilpModel& model) {
  std::vector<int32_t> nl_index(static_cast<size_t>(model.num_vars()));
  const std::vector<bool> nonlinear = NonlinearVars(model);
  int32_t next = 0;
  for (int32_t v = 0; v < model.num_vars(); ++v) {
    if (nonlinear[static_cast<size_t>(v)]) nl_index[static_cast<size_t>(v)] = next++;
  }
  for (const NlVarClass c : {NlVarClass::kContinuous, NlVarClass::kBinary, NlVarClass::kInteger}) {
    for (int32_t v = 0; v < model.num_vars(); ++v) {
      if (!nonlinear[static_cast<size_t>(v)] && ClassifyNlVar(model.var(ir::VarId(v))) == c) {
        nl_index[static_cast<size_t>(v)] = next++;
      }
    }
  }
  NN2MILP_CHECK(next == model.num_vars());
  return nl_index;
}

absl::Status WriteNl(const ir::MilpModel& model, const NameTable& names, const NlOptions& options,
                     Sink& nl, Sink* col, Sink* row) {
  if (model.num_vars() == 0) {
    return absl::InvalidArgumentError(
        "the .nl format needs at least one variable (AMPL readers reject n_var = 0)");
  }
  for (int32_t r = 0; r < model.num_rows(); ++r) {
    for (const ir::NonlinearTerm& nl : model.row_nonlinear(ir::RowId(r))) {
      if (model.var(nl.var).is_integer) {
        return absl::InvalidArgumentError(
            "an integer variable inside a nonlinear expression is not supported by the .nl writer");
      }
    }
  }
  if (options.binary && model.num_nonzeros() + model.num_nonlinear_terms() > std::numeric_limits<int32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "binary .nl stores counts as 32-bit integers, but the model has ", model.num_nonzeros(),
        " nonzeros; write text .nl"));
  }
  {
    BufferedWriter w(nl);
    NlEmitter e(model, names, options, w);
    e.EmitHeader();
    e.EmitConstraintAndObjectiveBodies();
    e.EmitRowBounds();
    e.EmitVariableBounds();
    e.EmitColumnCounts();
    e.EmitJacobian();
    e.EmitGradient();
    NN2MILP_RETURN_IF_ERROR(w.Finish());
  }
  if (col != nullptr) NN2MILP_RETURN_IF_ERROR(WriteColFile(model, names, *col));
  if (row != nullptr) NN2MILP_RETURN_IF_ERROR(WriteRowFile(model, names, *row));
  return absl::OkStatus();
}

absl::StatusOr<NlFiles> NlToString(const ir::MilpModel& model, const NlOptions& options) {
  StringSink nl, col, row;
  NN2MILP_RETURN_IF_ERROR(WriteNl(model, NameTable::Build(model), options, nl, &col, &row));
  return NlFiles{nl.str(), col.str(), row.str()};
}

}  // namespace nn2milp::backends
