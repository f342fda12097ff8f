#include "frontend/lp_reader.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "frontend/text_file.h"
#include "ir/base/number_parse.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

constexpr double kInf = ir::LinearModel::kInf;

enum class Kind { kName, kNumber, kColon, kPlus, kMinus, kLess, kGreater, kEqual, kOther, kEnd };

struct Token {
  Kind kind = Kind::kEnd;
  absl::string_view text;
  int line = 0;
  int column = 0;
  bool first_on_line = false;
};

enum class Section { kNone, kObjective, kConstraints, kBounds, kGenerals, kBinaries, kEnd };

bool IsNameChar(char c) {
  if (absl::ascii_isalnum(static_cast<unsigned char>(c))) return true;
  switch (c) {
    case '_': case '.': case '!': case '"': case '#': case '$': case '%': case '&': case '(':
    case ')': case ',': case ';': case '?': case '@': case '\'': case '`': case '{': case '}':
    case '~': case '|':
      return true;
    default:
      return false;
  }
}

class LpParser {
 public:
  explicit LpParser(absl::string_view file) : file_(file) {}

  absl::StatusOr<ir::LinearModel> Parse(absl::string_view text) {
    NN2MILP_RETURN_IF_ERROR(Tokenize(text));
    while (Peek().kind != Kind::kEnd) {
      NN2MILP_ASSIGN_OR_RETURN(std::optional<Section> s, SectionAt(pos_));
      if (s) continue;  // SectionAt consumed the keyword and set section_
      switch (section_) {
        case Section::kNone:
          return Error(Peek(), "expected Minimize or Maximize at the start of the file");
        case Section::kObjective: NN2MILP_RETURN_IF_ERROR(Objective()); break;
        case Section::kConstraints: NN2MILP_RETURN_IF_ERROR(Constraint()); break;
        case Section::kBounds: NN2MILP_RETURN_IF_ERROR(Bound()); break;
        case Section::kGenerals:
        case Section::kBinaries: NN2MILP_RETURN_IF_ERROR(ListEntry()); break;
        case Section::kEnd: return Finish();
      }
      if (section_ == Section::kEnd) return Finish();
    }
    if (section_ != Section::kEnd) {
      return LocatedError(absl::StatusCode::kInvalidArgument, file_, last_line_ + 1, 1,
                          "missing End (CBC hangs on such a file)");
    }
    return Finish();
  }

 private:
  absl::Status Error(const Token& t, absl::string_view message,
                     absl::StatusCode code = absl::StatusCode::kInvalidArgument) const {
    if (t.kind == Kind::kEnd) return LocatedError(code, file_, last_line_ + 1, 1, absl::StrCat(message, " (at the end of the file)"));
    return LocatedError(code, file_, t.line, t.column, message);
  }

  absl::Status Tokenize(absl::string_view text) {
    int line = 1;
    size_t line_start = 0;
    bool first = true;
    for (size_t i = 0; i < text.size();) {
      const char c = text[i];
      if (c == '\n') {
        ++line;
        line_start = ++i;
        first = true;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
        continue;
      }
      if (c == '\\') {  // comment to the end of the line
        while (i < text.size() && text[i] != '\n') ++i;
        continue;
      }
      Token t;
      t.line = line;
      t.column = static_cast<int>(i - line_start) + 1;
      t.first_on_line = first;
      first = false;
      const size_t start = i;
      if (absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
          (c == '.' && i + 1 < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i + 1])))) {
        while (i < text.size() && (absl::ascii_isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
        if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
          size_t j = i + 1;
          if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
          if (j < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[j]))) {
            i = j;
            while (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) ++i;
          }
        }
        t.kind = Kind::kNumber;
      } else if (IsNameChar(c)) {
        while (i < text.size() && IsNameChar(text[i])) ++i;
        t.kind = Kind::kName;
      } else if (c == ':') {
        ++i;
        t.kind = Kind::kColon;
      } else if (c == '+') {
        ++i;
        t.kind = Kind::kPlus;
      } else if (c == '-') {
        ++i;
        t.kind = Kind::kMinus;
        if (i < text.size() && text[i] == '>') {
          ++i;
          t.kind = Kind::kOther;
        }
      } else if (c == '<' || c == '>' || c == '=') {
        ++i;
        if (i < text.size() && (text[i] == '=' || text[i] == '<' || text[i] == '>')) ++i;
        const absl::string_view op = text.substr(start, i - start);
        if (op == "<" || op == "<=" || op == "=<") {
          t.kind = Kind::kLess;
        } else if (op == ">" || op == ">=" || op == "=>") {
          t.kind = Kind::kGreater;
        } else if (op == "=") {
          t.kind = Kind::kEqual;
        } else {
          t.kind = Kind::kOther;
        }
      } else {
        ++i;
        t.kind = Kind::kOther;
      }
      t.text = text.substr(start, i - start);
      tokens_.push_back(t);
      last_line_ = line;
    }
    tokens_.push_back(Token{});
    return absl::OkStatus();
  }

  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& Next() { return tokens_[std::min(pos_++, tokens_.size() - 1)]; }

  // If a section keyword starts at token `at` (first on its line), consumes it, sets section_
  // and returns the section.
  absl::StatusOr<std::optional<Section>> SectionAt(size_t at) {
    const Token& t = tokens_[at];
    if (!t.first_on_line || t.kind != Kind::kName) return std::optional<Section>();
    const std::string k = absl::AsciiStrToLower(t.text);
    const Token& n = tokens_[std::min(at + 1, tokens_.size() - 1)];
    const bool next_same_line = n.kind != Kind::kEnd && n.line == t.line;
    const std::string k2 = next_same_line ? absl::AsciiStrToLower(n.text) : "";
    // A name followed by ':' is a row label, not a keyword ("min: ..." is a label in CPLEX too).
    if (next_same_line && n.kind == Kind::kColon) return std::optional<Section>();
    Section s;
    size_t used = 1;
    if (k == "minimize" || k == "minimum" || k == "min" || k == "minimise") {
      s = Section::kObjective;
      model_.maximize = false;
    } else if (k == "maximize" || k == "maximum" || k == "max" || k == "maximise") {
      s = Section::kObjective;
      model_.maximize = true;
    } else if ((k == "subject" && k2 == "to") || (k == "such" && k2 == "that")) {
      s = Section::kConstraints;
      used = 2;
    } else if (k == "st" || k == "s.t." || k == "st.") {
      s = Section::kConstraints;
    } else if (k == "bounds" || k == "bound") {
      s = Section::kBounds;
    } else if (k == "general" || k == "generals" || k == "gen" || k == "integer" || k == "integers") {
      s = Section::kGenerals;
    } else if (k == "binary" || k == "binaries" || k == "bin") {
      s = Section::kBinaries;
    } else if (k == "end") {
      s = Section::kEnd;
    } else if (k == "semi" || k == "semis" || k == "semi-continuous" || k == "sos" || k == "pwl" ||
               k == "lazy" || k == "user") {
      return Error(t, absl::StrCat("section '", t.text, "' is not supported (linear MILPs only)"),
                   absl::StatusCode::kUnimplemented);
    } else {
      return std::optional<Section>();
    }
    if (s == Section::kObjective && section_ != Section::kNone) {
      return Error(t, absl::StrCat("a second objective section '", t.text, "'"));
    }
    if (s != Section::kObjective && s != Section::kEnd && section_ == Section::kNone) {
      return Error(t, "expected Minimize or Maximize before any other section");
    }
    if (s == Section::kConstraints && section_ != Section::kObjective) {
      return Error(t, "Subject To must follow the objective");
    }
    pos_ = at + used;
    section_ = s;
    return std::optional<Section>(s);
  }

  bool AtSectionStart() {
    const Token& t = Peek();
    if (t.kind == Kind::kEnd) return true;
    if (!t.first_on_line || t.kind != Kind::kName) return false;
    const size_t saved = pos_;
    const Section saved_section = section_;
    const bool saved_max = model_.maximize;
    absl::StatusOr<std::optional<Section>> s = SectionAt(pos_);
    pos_ = saved;
    section_ = saved_section;
    model_.maximize = saved_max;
    return !s.ok() || s->has_value();
  }

  int32_t Column(absl::string_view name) {
    auto [it, inserted] = columns_.try_emplace(std::string(name), static_cast<int32_t>(model_.columns.size()));
    if (inserted) model_.columns.push_back({std::string(name), 0, kInf, false});
    return it->second;
  }

  absl::Status CheckName(const Token& t) const {
    if (t.kind != Kind::kName) {
      return Error(t, absl::StrCat("expected a variable name, got '", t.text, "'"));
    }
    const std::string k = absl::AsciiStrToLower(t.text);
    if (k == "inf" || k == "infinity") return Error(t, absl::StrCat("'", t.text, "' cannot be a variable name"));
    return absl::OkStatus();
  }

  // Optional "name:" label.
  std::optional<std::string> Label() {
    if (Peek().kind == Kind::kName && Peek(1).kind == Kind::kColon) {
      std::string name(Next().text);
      Next();
      return name;
    }
    return std::nullopt;
  }

  // A linear expression: terms [sign] [number] [name] until a sense, a section start or the
  // end. Constants are summed into `constant` (and their first token kept in `constant_at`).
  absl::Status Expression(std::vector<std::pair<int32_t, double>>& terms, double& constant,
                          const Token*& constant_at, bool stop_at_sense) {
    absl::flat_hash_set<int32_t> seen;
    bool first = true;
    while (true) {
      if (AtSectionStart()) break;
      const Token& t = Peek();
      if (stop_at_sense && (t.kind == Kind::kLess || t.kind == Kind::kGreater || t.kind == Kind::kEqual)) break;
      double sign = 1;
      bool had_sign = false;
      while (Peek().kind == Kind::kPlus || Peek().kind == Kind::kMinus) {
        if (Peek().kind == Kind::kMinus) sign = -sign;
        had_sign = true;
        Next();
      }
      if (Peek().kind == Kind::kOther && Peek().text != "->") {
        return Error(Peek(), absl::StrCat("unexpected '", Peek().text, "' (not part of an LP name or expression)"));
      }
      if (!first && !had_sign) return Error(Peek(), absl::StrCat("expected '+' or '-' before '", Peek().text, "'"));
      const Token& start = Peek();
      double coef = 1;
      bool had_number = false;
      if (Peek().kind == Kind::kNumber) {
        std::optional<double> v = ParseDouble(Peek().text);
        if (!v) return Error(Peek(), absl::StrCat("bad number '", Peek().text, "'"));
        coef = *v;
        had_number = true;
        Next();
      }
      if (Peek().kind == Kind::kOther) {
        return Error(Peek(), absl::StrCat("unexpected '", Peek().text, "'",
                                          Peek().text == "->" ? ": indicator constraints are not supported" : ""),
                     Peek().text == "->" ? absl::StatusCode::kUnimplemented : absl::StatusCode::kInvalidArgument);
      }
      if (Peek().kind == Kind::kName && !(Peek().first_on_line && AtSectionStart())) {
        NN2MILP_RETURN_IF_ERROR(CheckName(Peek()));
        const Token& nt = Next();
        const int32_t col = Column(nt.text);
        if (!seen.insert(col).second) {
          return Error(nt, absl::StrCat("variable '", nt.text, "' appears twice in one expression (readers disagree: merge the terms)"));
        }
        if (sign * coef != 0.0) terms.emplace_back(col, sign * coef);
      } else if (had_number) {
        constant += sign * coef;
        if (constant_at == nullptr) constant_at = &start;
      } else {
        return Error(Peek(), absl::StrCat("expected a term, got '", Peek().text, "'"));
      }
      first = false;
    }
    return absl::OkStatus();
  }

  absl::Status Objective() {
    if (std::optional<std::string> l = Label()) model_.objective_name = *l;
    const Token* constant_at = nullptr;
    NN2MILP_RETURN_IF_ERROR(Expression(model_.objective, model_.objective_constant, constant_at, false));
    if (!AtSectionStart()) return Error(Peek(), absl::StrCat("unexpected '", Peek().text, "' in the objective"));
    return absl::OkStatus();
  }

  // A number, a signed infinity, with an optional sign.
  absl::StatusOr<double> Value() {
    double sign = 1;
    while (Peek().kind == Kind::kPlus || Peek().kind == Kind::kMinus) {
      if (Peek().kind == Kind::kMinus) sign = -sign;
      Next();
    }
    const Token& t = Peek();
    if (t.kind == Kind::kNumber) {
      std::optional<double> v = ParseDouble(t.text);
      if (!v) return Error(t, absl::StrCat("bad number '", t.text, "'"));
      Next();
      return sign * *v;
    }
    if (t.kind == Kind::kName) {
      const std::string k = absl::AsciiStrToLower(t.text);
      if (k == "inf" || k == "infinity") {
        Next();
        return sign * kInf;
      }
    }
    return Error(t, absl::StrCat("expected a number, got '", t.text, "'"));
  }

  bool IsValueStart() const {
    const Token& t = Peek();
    if (t.kind == Kind::kNumber || t.kind == Kind::kPlus || t.kind == Kind::kMinus) return true;
    if (t.kind != Kind::kName) return false;
    const std::string k = absl::AsciiStrToLower(t.text);
    return k == "inf" || k == "infinity";
  }

  absl::Status Constraint() {
    const Token& begin = Peek();
    std::optional<std::string> label = Label();
    {  // "[sign] number <=|>= expression ...": CPLEX's ranged-row syntax
      size_t k = 0;
      while (Peek(k).kind == Kind::kPlus || Peek(k).kind == Kind::kMinus) ++k;
      const Token& v = Peek(k);
      const bool value = v.kind == Kind::kNumber ||
                         (v.kind == Kind::kName && (absl::AsciiStrToLower(v.text) == "inf" ||
                                                    absl::AsciiStrToLower(v.text) == "infinity"));
      if (value && (Peek(k + 1).kind == Kind::kLess || Peek(k + 1).kind == Kind::kGreater)) {
        return Error(Peek(), "ranged rows 'l <= expression <= u' are not supported (readers disagree: write two rows)",
                     absl::StatusCode::kUnimplemented);
      }
    }
    ir::LinearModel::Row row;
    double constant = 0;
    const Token* constant_at = nullptr;
    NN2MILP_RETURN_IF_ERROR(Expression(row.terms, constant, constant_at, true));
    if (constant_at != nullptr) return Error(*constant_at, "a constant on the left-hand side of a constraint");
    const Token& sense = Peek();
    if (sense.kind != Kind::kLess && sense.kind != Kind::kGreater && sense.kind != Kind::kEqual) {
      return Error(sense, absl::StrCat("expected '<=', '>=' or '=' in a constraint, got '", sense.text, "'"));
    }
    Next();
    if (!IsValueStart() || Peek().line != sense.line) {
      return Error(Peek(), "expected the right-hand side number after the sense, on the same line");
    }
    NN2MILP_ASSIGN_OR_RETURN(const double rhs, Value());
    if (std::isinf(rhs)) return Error(sense, "an infinite right-hand side");
    if (Peek().kind == Kind::kLess || Peek().kind == Kind::kGreater || Peek().kind == Kind::kEqual) {
      return Error(Peek(), "ranged rows are not supported (readers disagree: write two rows)",
                   absl::StatusCode::kUnimplemented);
    }
    if (sense.kind == Kind::kLess) {
      row.upper = rhs;
    } else if (sense.kind == Kind::kGreater) {
      row.lower = rhs;
    } else {
      row.lower = row.upper = rhs;
    }
    row.name = label.value_or(absl::StrCat("R", model_.rows.size() + 1));
    if (!row_names_.insert(row.name).second) return Error(begin, absl::StrCat("row '", row.name, "' is defined twice"));
    std::sort(row.terms.begin(), row.terms.end());
    model_.rows.push_back(std::move(row));
    return absl::OkStatus();
  }

  absl::Status Bound() {
    const Token& start = Peek();
    auto apply = [&](const Token& at, int32_t col, Kind sense, double v, bool value_left) -> absl::Status {
      ir::LinearModel::Column& c = model_.columns[static_cast<size_t>(col)];
      // value_left: "v <= x" (lower), "v >= x" (upper); else "x <= v" (upper), "x >= v" (lower).
      bool lower = (sense == Kind::kLess) == value_left;
      if (sense == Kind::kEqual) {
        if (std::isinf(v)) return Error(at, "a variable fixed to an infinite value");
        c.lower = c.upper = v;
        return absl::OkStatus();
      }
      if (lower) {
        if (v == kInf) return Error(at, "a lower bound of +inf");
        c.lower = v;
        lower_set_.insert(col);
      } else {
        if (v == -kInf) return Error(at, "an upper bound of -inf");
        c.upper = v;
      }
      return absl::OkStatus();
    };
    if (IsValueStart()) {  // v <= x [<= u]
      NN2MILP_ASSIGN_OR_RETURN(const double v, Value());
      const Token& s1 = Peek();
      if (s1.kind != Kind::kLess && s1.kind != Kind::kGreater && s1.kind != Kind::kEqual) {
        return Error(s1, absl::StrCat("expected '<=', '>=' or '=' in a bound, got '", s1.text, "'"));
      }
      Next();
      NN2MILP_RETURN_IF_ERROR(CheckName(Peek()));
      const Token& nt = Next();
      const int32_t col = Column(nt.text);
      NN2MILP_RETURN_IF_ERROR(apply(start, col, s1.kind, v, true));
      const Token& s2 = Peek();
      if ((s2.kind == Kind::kLess || s2.kind == Kind::kGreater) && s2.line == nt.line) {
        if (s2.kind != s1.kind) return Error(s2, "the two senses of a double bound differ");
        Next();
        NN2MILP_ASSIGN_OR_RETURN(const double u, Value());
        NN2MILP_RETURN_IF_ERROR(apply(s2, col, s2.kind, u, false));
      }
      return NoteNegativeUpper(nt, col);
    }
    NN2MILP_RETURN_IF_ERROR(CheckName(Peek()));
    const Token& nt = Next();
    const int32_t col = Column(nt.text);
    const Token& s = Peek();
    if (s.kind == Kind::kName && absl::AsciiStrToLower(s.text) == "free" && s.line == nt.line) {
      Next();
      model_.columns[static_cast<size_t>(col)].lower = -kInf;
      model_.columns[static_cast<size_t>(col)].upper = kInf;
      lower_set_.insert(col);
      return absl::OkStatus();
    }
    if (s.kind != Kind::kLess && s.kind != Kind::kGreater && s.kind != Kind::kEqual) {
      return Error(s, absl::StrCat("expected '<=', '>=', '=' or 'free' after '", nt.text, "' in Bounds, got '", s.text, "'"));
    }
    Next();
    NN2MILP_ASSIGN_OR_RETURN(const double v, Value());
    NN2MILP_RETURN_IF_ERROR(apply(s, col, s.kind, v, false));
    if (s.kind == Kind::kEqual) lower_set_.insert(col);
    return NoteNegativeUpper(nt, col);
  }

  absl::Status NoteNegativeUpper(const Token& at, int32_t col) {
    const ir::LinearModel::Column& c = model_.columns[static_cast<size_t>(col)];
    if (c.upper < 0 && !lower_set_.contains(col) && c.lower == 0) {
      return Error(at, absl::StrCat("'", c.name, "' has a negative upper bound and the default lower bound 0, "
                                    "so every reader finds it infeasible; write both bounds (e.g. -inf <= ",
                                    c.name, " <= u)"));
    }
    return absl::OkStatus();
  }

  absl::Status ListEntry() {
    NN2MILP_RETURN_IF_ERROR(CheckName(Peek()));
    const Token& nt = Next();
    ir::LinearModel::Column& c = model_.columns[static_cast<size_t>(Column(nt.text))];
    c.is_integer = true;
    if (section_ == Section::kBinaries) {
      c.lower = 0;
      c.upper = 1;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<ir::LinearModel> Finish() {
    for (const ir::LinearModel::Column& c : model_.columns) {
      if (c.lower > c.upper) {
        return absl::InvalidArgumentError(absl::StrCat(file_, ": variable '", c.name, "' has lower bound > upper bound"));
      }
    }
    std::sort(model_.objective.begin(), model_.objective.end());
    return std::move(model_);
  }

  absl::string_view file_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int last_line_ = 0;
  Section section_ = Section::kNone;
  ir::LinearModel model_;
  absl::flat_hash_map<std::string, int32_t> columns_;
  absl::flat_hash_set<std::string> row_names_;
  absl::flat_hash_set<int32_t> lower_set_;
};

}  // namespace

absl::StatusOr<ir::LinearModel> ParseLp(absl::string_view text, absl::string_view file,
                                        Diagnostics& diag) {
  (void)diag;  // every LP problem is an error; nothing to warn about (unlike MPS)
  return LpParser(file).Parse(text);
}

absl::StatusOr<ir::LinearModel> ReadLpFile(const std::string& path, Diagnostics& diag) {
  NN2MILP_ASSIGN_OR_RETURN(const std::string text, ReadTextFile(path));
  return ParseLp(text, path, diag);
}

}  // namespace nn2milp::frontend
