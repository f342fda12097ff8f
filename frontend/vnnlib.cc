#include "frontend/vnnlib.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "ir/base/number_parse.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

using ir::ElementKind;
using ir::LinearInequality;
using ir::LinearTerm;

// Deeper nesting than this is refused (recursion depth stays bounded on hostile input).
constexpr int kMaxDepth = 256;
// Largest disjunctive normal form accepted per assertion, in atoms.
constexpr size_t kMaxDnfAtoms = 1 << 20;
// Largest variable index (X_i, Y_j); larger indices are certainly not a network's.
constexpr int64_t kMaxIndex = int64_t{1} << 31;

struct Pos {
  int line = 1;
  int column = 1;
};

std::string At(Pos p) { return absl::StrCat(p.line, ":", p.column, ": "); }
absl::Status Invalid(Pos p, absl::string_view msg) {
  return absl::InvalidArgumentError(absl::StrCat(At(p), msg));
}
absl::Status Unsupported(Pos p, absl::string_view msg) {
  return absl::UnimplementedError(absl::StrCat(At(p), msg));
}

// An s-expression: an atom (symbol or number) or a list.
struct Sexp {
  Pos pos;
  bool is_list = false;
  absl::string_view atom;
  std::vector<Sexp> items;
};

class Reader {
 public:
  explicit Reader(absl::string_view text) : text_(text) {}

  // Next top-level expression; nullopt at the end of the text.
  absl::StatusOr<std::optional<Sexp>> Next() {
    SkipBlanks();
    if (i_ >= text_.size()) return std::optional<Sexp>();
    NN2MILP_ASSIGN_OR_RETURN(Sexp s, Parse(0));
    return std::optional<Sexp>(std::move(s));
  }

 private:
  void Advance() {
    if (text_[i_] == '\n') {
      ++pos_.line;
      pos_.column = 1;
    } else {
      ++pos_.column;
    }
    ++i_;
  }
  void SkipBlanks() {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == ';') {
        while (i_ < text_.size() && text_[i_] != '\n') Advance();
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
        Advance();
      } else {
        return;
      }
    }
  }
  static bool Delimits(char c) {
    return c == '(' || c == ')' || c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
           c == '\f' || c == '\v';
  }

  absl::StatusOr<Sexp> Parse(int depth) {
    SkipBlanks();
    Sexp s;
    s.pos = pos_;
    if (i_ >= text_.size()) return Invalid(pos_, "unexpected end of file");
    if (text_[i_] == ')') return Invalid(pos_, "unexpected ')'");
    if (text_[i_] != '(') {
      const size_t begin = i_;
      while (i_ < text_.size() && !Delimits(text_[i_])) Advance();
      s.atom = text_.substr(begin, i_ - begin);
      return s;
    }
    if (depth >= kMaxDepth) return Invalid(pos_, absl::StrCat("nested deeper than ", kMaxDepth, " levels"));
    s.is_list = true;
    Advance();
    while (true) {
      SkipBlanks();
      if (i_ >= text_.size()) {
        return Invalid(s.pos, "'(' is not closed before the end of the file");
      }
      if (text_[i_] == ')') {
        Advance();
        return s;
      }
      NN2MILP_ASSIGN_OR_RETURN(Sexp item, Parse(depth + 1));
      s.items.push_back(std::move(item));
    }
  }

  absl::string_view text_;
  size_t i_ = 0;
  Pos pos_;
};

// A linear expression  sum terms + constant  (terms may repeat an element until Canonical()).
struct LinExpr {
  std::vector<LinearTerm> terms;
  double constant = 0;
};

// One atom of a formula with the position it came from.
struct Atom {
  LinearInequality ineq;
  Pos pos;
};
using Conjunction = std::vector<Atom>;
using Dnf = std::vector<Conjunction>;  // a disjunction of conjunctions

// Sorts by element, merges repeated elements, drops zero coefficients.
void Canonicalize(std::vector<LinearTerm>& terms) {
  std::sort(terms.begin(), terms.end(), [](const LinearTerm& a, const LinearTerm& b) {
    return std::make_pair(a.kind, a.index) < std::make_pair(b.kind, b.index);
  });
  size_t out = 0;
  for (size_t k = 0; k < terms.size(); ++k) {
    if (out > 0 && terms[out - 1].kind == terms[k].kind && terms[out - 1].index == terms[k].index) {
      terms[out - 1].coef += terms[k].coef;
    } else {
      terms[out++] = terms[k];
    }
  }
  terms.resize(out);
  terms.erase(std::remove_if(terms.begin(), terms.end(), [](const LinearTerm& t) { return t.coef == 0; }),
              terms.end());
}

size_t AtomCount(const Dnf& d) {
  size_t n = 0;
  for (const Conjunction& c : d) n += std::max<size_t>(c.size(), 1);
  return n;
}

class PropertyParser {
 public:
  absl::StatusOr<VnnlibProperty> Run(absl::string_view text) && {
    Reader reader(text);
    while (true) {
      NN2MILP_ASSIGN_OR_RETURN(std::optional<Sexp> form, reader.Next());
      if (!form) break;
      NN2MILP_RETURN_IF_ERROR(Command(*form));
    }
    NN2MILP_RETURN_IF_ERROR(CheckDeclarations(ElementKind::kInput));
    NN2MILP_RETURN_IF_ERROR(CheckDeclarations(ElementKind::kOutput));
    out_.num_inputs = static_cast<int64_t>(declared_[0].size());
    out_.num_outputs = static_cast<int64_t>(declared_[1].size());
    out_.input_box.assign(static_cast<size_t>(out_.num_inputs), ir::Interval::Unbounded());
    for (const Atom& a : top_) NN2MILP_RETURN_IF_ERROR(AddTopLevelAtom(a));
    for (const Dnf& d : disjunctions_) NarrowBoxToHull(d);
    for (const Dnf& d : disjunctions_) {
      ir::Disjunction& out = out_.disjunctions.emplace_back();
      for (const Conjunction& c : d) {
        auto& conj = out.disjuncts.emplace_back();
        for (const Atom& a : c) conj.push_back(a.ineq);
      }
    }
    return std::move(out_);
  }

 private:
  absl::Status Command(const Sexp& s) {
    if (!s.is_list) return Invalid(s.pos, absl::StrCat("expected '(', got '", s.atom, "'"));
    if (s.items.empty() || s.items[0].is_list) return Invalid(s.pos, "expected a command such as (assert ...)");
    const absl::string_view cmd = s.items[0].atom;
    if (cmd == "declare-const") return Declare(s);
    if (cmd == "assert") {
      if (s.items.size() != 2) return Invalid(s.pos, "assert takes exactly one formula");
      NN2MILP_ASSIGN_OR_RETURN(Dnf d, Formula(s.items[1], 0));
      if (d.size() == 1) {
        top_.insert(top_.end(), d[0].begin(), d[0].end());
      } else if (std::none_of(d.begin(), d.end(), [](const Conjunction& c) { return c.empty(); })) {
        disjunctions_.push_back(std::move(d));  // no disjunct = false; an empty one = true
      }
      return absl::OkStatus();
    }
    if (cmd == "check-sat" || cmd == "get-model" || cmd == "exit" || cmd == "set-info" ||
        cmd == "set-logic" || cmd == "set-option") {
      return absl::OkStatus();
    }
    if (cmd == "declare-fun" || cmd == "define-fun" || cmd == "declare-sort" || cmd == "push" ||
        cmd == "pop" || cmd == "get-value" || cmd == "check-sat-assuming") {
      return Unsupported(s.items[0].pos, absl::StrCat("command '", cmd, "' is not supported (only declare-const and assert)"));
    }
    return Invalid(s.items[0].pos, absl::StrCat("unknown command '", cmd, "' (expected declare-const or assert)"));
  }

  // Parses "X_12" / "Y_3": kind and index; nullopt if the name has another form.
  static std::optional<std::pair<ElementKind, int64_t>> VariableName(absl::string_view name) {
    if (name.size() < 3 || name[1] != '_' || (name[0] != 'X' && name[0] != 'Y')) return std::nullopt;
    const absl::string_view digits = name.substr(2);
    if (digits.size() > 10 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
    int64_t v = 0;
    for (char c : digits) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      v = v * 10 + (c - '0');
    }
    if (v >= kMaxIndex) return std::nullopt;
    return std::make_pair(name[0] == 'X' ? ElementKind::kInput : ElementKind::kOutput, v);
  }

  absl::Status Declare(const Sexp& s) {
    if (s.items.size() != 3 || s.items[1].is_list || s.items[2].is_list) {
      return Invalid(s.pos, "expected (declare-const NAME Real)");
    }
    if (s.items[2].atom != "Real") {
      return Unsupported(s.items[2].pos, absl::StrCat("sort '", s.items[2].atom, "' is not supported (only Real)"));
    }
    const auto var = VariableName(s.items[1].atom);
    if (!var) {
      return Invalid(s.items[1].pos, absl::StrCat("'", s.items[1].atom,
                                                  "': variables must be named X_<i> (inputs) or Y_<j> (outputs)"));
    }
    if (!declared_[Slot(var->first)].insert(var->second).second) {
      return Invalid(s.items[1].pos, absl::StrCat("'", s.items[1].atom, "' is declared twice"));
    }
    return absl::OkStatus();
  }

  static size_t Slot(ElementKind k) { return k == ElementKind::kInput ? 0 : 1; }

  absl::Status CheckDeclarations(ElementKind k) {
    const absl::flat_hash_set<int64_t>& set = declared_[Slot(k)];
    const int64_t n = static_cast<int64_t>(set.size());
    for (int64_t i : set) {
      if (i >= n) {
        // Find the smallest missing index for the message.
        int64_t missing = 0;
        while (set.contains(missing)) ++missing;
        return absl::InvalidArgumentError(absl::StrCat(
            k == ElementKind::kInput ? "X_" : "Y_", missing, " is not declared, but ",
            k == ElementKind::kInput ? "X_" : "Y_", i,
            " is: the variables must be numbered from 0 without gaps (they index the flattened ",
            k == ElementKind::kInput ? "inputs" : "outputs", ")"));
      }
    }
    return absl::OkStatus();
  }

  // F -> DNF.
  absl::StatusOr<Dnf> Formula(const Sexp& s, int depth) {
    if (depth > kMaxDepth) return Invalid(s.pos, "formula nested too deeply");
    if (!s.is_list) {
      if (s.atom == "true") return Dnf{Conjunction{}};
      if (s.atom == "false") return Dnf{};
      return Invalid(s.pos, absl::StrCat("expected a formula such as (<= a b), got '", s.atom, "'"));
    }
    if (s.items.empty() || s.items[0].is_list) return Invalid(s.pos, "expected an operator after '('");
    const absl::string_view op = s.items[0].atom;
    if (op == "and") {
      Dnf acc{Conjunction{}};
      for (size_t i = 1; i < s.items.size(); ++i) {
        NN2MILP_ASSIGN_OR_RETURN(Dnf d, Formula(s.items[i], depth + 1));
        if (d.size() == 1) {  // the common case: no product needed
          for (Conjunction& c : acc) c.insert(c.end(), d[0].begin(), d[0].end());
        } else {
          if (AtomCount(acc) * std::max<size_t>(AtomCount(d), 1) > kMaxDnfAtoms) {
            return Unsupported(s.pos, absl::StrCat("the formula has more than ", kMaxDnfAtoms,
                                                   " atoms in disjunctive normal form"));
          }
          Dnf next;
          for (const Conjunction& a : acc) {
            for (const Conjunction& b : d) {
              Conjunction& c = next.emplace_back(a);
              c.insert(c.end(), b.begin(), b.end());
            }
          }
          acc = std::move(next);
        }
        if (AtomCount(acc) > kMaxDnfAtoms) {
          return Unsupported(s.pos, absl::StrCat("the formula has more than ", kMaxDnfAtoms,
                                                 " atoms in disjunctive normal form"));
        }
      }
      return acc;
    }
    if (op == "or") {
      Dnf acc;
      for (size_t i = 1; i < s.items.size(); ++i) {
        NN2MILP_ASSIGN_OR_RETURN(Dnf d, Formula(s.items[i], depth + 1));
        for (Conjunction& c : d) acc.push_back(std::move(c));
        if (AtomCount(acc) > kMaxDnfAtoms) {
          return Unsupported(s.pos, absl::StrCat("the formula has more than ", kMaxDnfAtoms,
                                                 " atoms in disjunctive normal form"));
        }
      }
      return acc;
    }
    if (op == "<=" || op == ">=" || op == "<" || op == ">" || op == "=") {
      if (s.items.size() != 3) {
        return Invalid(s.pos, absl::StrCat("'", op, "' takes exactly two arguments, got ", s.items.size() - 1));
      }
      NN2MILP_ASSIGN_OR_RETURN(LinExpr a, Term(s.items[1], depth + 1));
      NN2MILP_ASSIGN_OR_RETURN(LinExpr b, Term(s.items[2], depth + 1));
      Conjunction conj;
      if (op != ">=" && op != ">") {
        NN2MILP_ASSIGN_OR_RETURN(std::optional<Atom> x, MakeAtom(a, b, s.pos));  // a - b <= 0
        if (x) conj.push_back(*std::move(x));
        else if (!truth_) return Dnf{};
      }
      if (op != "<=" && op != "<") {
        NN2MILP_ASSIGN_OR_RETURN(std::optional<Atom> x, MakeAtom(b, a, s.pos));  // b - a <= 0
        if (x) conj.push_back(*std::move(x));
        else if (!truth_) return Dnf{};
      }
      return Dnf{std::move(conj)};
    }
    if (op == "not" || op == "=>" || op == "xor" || op == "ite" || op == "distinct") {
      return Unsupported(s.items[0].pos, absl::StrCat("'", op, "' is not supported (only and, or and comparisons)"));
    }
    return Invalid(s.items[0].pos, absl::StrCat("unknown operator '", op, "' in a formula"));
  }

  // lhs <= rhs as  sum (lhs - rhs terms) <= rhs.constant - lhs.constant. Without variables the
  // atom is a constant: nullopt, with its truth value in truth_.
  absl::StatusOr<std::optional<Atom>> MakeAtom(const LinExpr& lhs, const LinExpr& rhs, Pos pos) {
    Atom a;
    a.pos = pos;
    a.ineq.terms = lhs.terms;
    for (LinearTerm t : rhs.terms) {
      t.coef = -t.coef;
      a.ineq.terms.push_back(t);
    }
    Canonicalize(a.ineq.terms);
    a.ineq.rhs = rhs.constant - lhs.constant;
    if (!std::isfinite(a.ineq.rhs)) return Invalid(pos, "a constant is not finite (overflow)");
    for (const LinearTerm& t : a.ineq.terms) {
      if (!std::isfinite(t.coef)) return Invalid(pos, "a coefficient is not finite (overflow)");
    }
    if (a.ineq.terms.empty()) {
      truth_ = 0 <= a.ineq.rhs;
      return std::optional<Atom>();
    }
    return std::optional<Atom>(std::move(a));
  }

  absl::StatusOr<LinExpr> Term(const Sexp& s, int depth) {
    if (depth > kMaxDepth) return Invalid(s.pos, "term nested too deeply");
    if (!s.is_list) {
      if (auto var = VariableName(s.atom)) {
        if (!declared_[Slot(var->first)].contains(var->second)) {
          return Invalid(s.pos, absl::StrCat("'", s.atom, "' is not declared (declare-const it first)"));
        }
        return LinExpr{{{var->first, var->second, 1.0}}, 0.0};
      }
      if (std::optional<double> v = ParseDouble(s.atom)) return LinExpr{{}, *v};
      return Invalid(s.pos, absl::StrCat("'", s.atom, "' is neither a number nor a variable X_<i> / Y_<j>"));
    }
    if (s.items.empty() || s.items[0].is_list) return Invalid(s.pos, "expected an operator after '('");
    const absl::string_view op = s.items[0].atom;
    const size_t n = s.items.size() - 1;
    std::vector<LinExpr> args;
    args.reserve(n);
    for (size_t i = 1; i < s.items.size(); ++i) {
      NN2MILP_ASSIGN_OR_RETURN(LinExpr e, Term(s.items[i], depth + 1));
      args.push_back(std::move(e));
    }
    LinExpr r;
    if (op == "+" || op == "-") {
      if (n == 0) return Invalid(s.pos, absl::StrCat("'", op, "' needs at least one argument"));
      if (op == "-" && n == 1) {
        r = std::move(args[0]);
        r.constant = -r.constant;
        for (LinearTerm& t : r.terms) t.coef = -t.coef;
        return r;
      }
      r = std::move(args[0]);
      for (size_t i = 1; i < n; ++i) {
        const double sign = op == "-" ? -1.0 : 1.0;
        r.constant += sign * args[i].constant;
        for (LinearTerm t : args[i].terms) {
          t.coef *= sign;
          r.terms.push_back(t);
        }
      }
      Canonicalize(r.terms);
      return r;
    }
    if (op == "*") {
      if (n == 0) return Invalid(s.pos, "'*' needs at least one argument");
      double factor = 1.0;
      std::optional<size_t> variable;
      for (size_t i = 0; i < n; ++i) {
        Canonicalize(args[i].terms);
        if (args[i].terms.empty()) {
          factor *= args[i].constant;
        } else if (variable) {
          return Unsupported(s.items[i + 1].pos, "a product of two non-constant terms is not linear");
        } else {
          variable = i;
        }
      }
      if (!variable) return LinExpr{{}, factor};
      r = std::move(args[*variable]);
      r.constant *= factor;
      for (LinearTerm& t : r.terms) t.coef *= factor;
      Canonicalize(r.terms);
      return r;
    }
    return Unsupported(s.items[0].pos, absl::StrCat("operator '", op, "' is not supported in a term (only +, - and *)"));
  }

  // Box bound implied by the single-input atom  c * X_i <= r: exact for c = +-1, else r / c
  // rounded outwards. Returns {is_upper, value}.
  static std::pair<bool, double> BoxBound(const Atom& a) {
    const double c = a.ineq.terms[0].coef;
    double q = a.ineq.rhs / c;
    if (std::abs(c) != 1.0) {
      q = std::nextafter(q, c > 0 ? std::numeric_limits<double>::infinity()
                                  : -std::numeric_limits<double>::infinity());
    }
    return {c > 0, q};
  }
  static bool IsBoxAtom(const Atom& a) {
    return a.ineq.terms.size() == 1 && a.ineq.terms[0].kind == ElementKind::kInput;
  }

  absl::Status AddTopLevelAtom(const Atom& a) {
    if (IsBoxAtom(a)) {
      const int64_t i = a.ineq.terms[0].index;
      ir::Interval& b = out_.input_box[static_cast<size_t>(i)];
      const auto [upper, q] = BoxBound(a);
      if (!std::isfinite(q)) return Invalid(a.pos, absl::StrCat("bound of X_", i, " is not finite (overflow)"));
      if (upper) b.hi = std::min(b.hi, q);
      else b.lo = std::max(b.lo, q);
      if (b.lo > b.hi) {
        return Invalid(a.pos, absl::StrCat("the bounds of X_", i,
                                           " are empty (lower bound > upper bound): the property holds vacuously"));
      }
      if (std::abs(a.ineq.terms[0].coef) == 1.0) return absl::OkStatus();
    }
    const bool inputs_only = std::all_of(a.ineq.terms.begin(), a.ineq.terms.end(),
                                         [](const LinearTerm& t) { return t.kind == ElementKind::kInput; });
    (inputs_only ? out_.input_constraints : out_.output_constraints).push_back(a.ineq);
    return absl::OkStatus();
  }

  // When every disjunct bounds X_i, X_i lies in the hull of those bounds (intersected with the
  // box unless that would be empty: then the disjuncts are infeasible and the encoder sees it).
  void NarrowBoxToHull(const Dnf& d) {
    std::map<int64_t, ir::Interval> hull;
    for (size_t k = 0; k < d.size(); ++k) {
      std::map<int64_t, ir::Interval> own;
      for (const Atom& a : d[k]) {
        if (!IsBoxAtom(a)) continue;
        const auto [upper, q] = BoxBound(a);
        ir::Interval& b = own.try_emplace(a.ineq.terms[0].index).first->second;
        if (upper) b.hi = std::min(b.hi, q);
        else b.lo = std::max(b.lo, q);
      }
      if (k == 0) {
        hull = std::move(own);
        continue;
      }
      for (auto it = hull.begin(); it != hull.end();) {
        auto o = own.find(it->first);
        if (o == own.end()) {
          it = hull.erase(it);
          continue;
        }
        it->second.lo = std::min(it->second.lo, o->second.lo);
        it->second.hi = std::max(it->second.hi, o->second.hi);
        ++it;
      }
    }
    for (const auto& [i, h] : hull) {
      ir::Interval& b = out_.input_box[static_cast<size_t>(i)];
      const ir::Interval narrowed{std::max(b.lo, h.lo), std::min(b.hi, h.hi)};
      if (narrowed.lo <= narrowed.hi) b = narrowed;
    }
  }

  absl::flat_hash_set<int64_t> declared_[2];
  std::vector<Atom> top_;
  std::vector<Dnf> disjunctions_;
  bool truth_ = true;
  VnnlibProperty out_;
};

}  // namespace

absl::StatusOr<VnnlibProperty> ParseVnnlib(absl::string_view text) {
  return PropertyParser().Run(text);
}

absl::StatusOr<VnnlibProperty> ReadVnnlibFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open file"));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  absl::StatusOr<VnnlibProperty> p = ParseVnnlib(buffer.str());
  if (!p.ok()) return AnnotateStatus(p.status(), path);
  return p;
}

absl::Status ApplyVnnlib(const VnnlibProperty& p, int64_t num_inputs, int64_t num_outputs,
                         ir::Problem& problem) {
  if (p.num_inputs != num_inputs || p.num_outputs != num_outputs) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the property declares ", p.num_inputs, " inputs (X_i) and ", p.num_outputs,
        " outputs (Y_j), but the network has ", num_inputs, " input and ", num_outputs,
        " output elements"));
  }
  for (int64_t i = 0; i < num_inputs; ++i) {
    const ir::Interval& b = p.input_box[static_cast<size_t>(i)];
    if (!std::isfinite(b.lo) || !std::isfinite(b.hi)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "X_", i, " has no ", std::isfinite(b.lo) ? "upper" : "lower",
          " bound in the property: the big-M encoding needs a finite box on every input (assert "
          "(<= X_i hi) and (>= X_i lo))"));
    }
  }
  problem.input_box = p.input_box;
  problem.constraints.insert(problem.constraints.end(), p.input_constraints.begin(), p.input_constraints.end());
  problem.constraints.insert(problem.constraints.end(), p.output_constraints.begin(), p.output_constraints.end());
  problem.disjunctions.insert(problem.disjunctions.end(), p.disjunctions.begin(), p.disjunctions.end());
  return absl::OkStatus();
}

}  // namespace nn2milp::frontend
