#include "frontend/ampl_sol.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ir/base/number_parse.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

absl::Status Invalid(int64_t line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

// Line-by-line reader of the text form.
class TextReader {
 public:
  explicit TextReader(absl::string_view text) : lines_(absl::StrSplit(text, '\n')) {
    if (!lines_.empty() && lines_.back().empty()) lines_.pop_back();
  }
  bool done() const { return next_ >= lines_.size(); }
  int64_t line() const { return static_cast<int64_t>(next_); }  // 1-based number of the last read
  absl::string_view Peek() const { return absl::StripAsciiWhitespace(lines_[next_]); }
  absl::StatusOr<absl::string_view> Next(absl::string_view what) {
    if (done()) return Invalid(line() + 1, absl::StrCat("unexpected end of file, expected ", what));
    return absl::StripAsciiWhitespace(lines_[next_++]);
  }
  absl::StatusOr<int64_t> Int(absl::string_view what) {
    NN2MILP_ASSIGN_OR_RETURN(const absl::string_view s, Next(what));
    int64_t v = 0;
    if (!absl::SimpleAtoi(s, &v) || v < 0) return Invalid(line(), absl::StrCat("expected ", what, ", got '", s, "'"));
    return v;
  }
  absl::StatusOr<double> Real(absl::string_view what) {
    NN2MILP_ASSIGN_OR_RETURN(const absl::string_view s, Next(what));
    const std::optional<double> v = ParseDouble(s);
    if (!v) return Invalid(line(), absl::StrCat("expected ", what, " (a finite number), got '", s, "'"));
    return *v;
  }

 private:
  std::vector<absl::string_view> lines_;
  size_t next_ = 0;
};

absl::StatusOr<AmplSolution> ParseText(absl::string_view text) {
  TextReader r(text);
  AmplSolution sol;
  // The message: every line up to the first empty one.
  while (true) {
    NN2MILP_ASSIGN_OR_RETURN(const absl::string_view s, r.Next("the solver's message"));
    if (s.empty()) break;
    if (!sol.message.empty()) sol.message += '\n';
    absl::StrAppend(&sol.message, s);
  }
  if (!r.done() && r.Peek() == "Options") {
    (void)r.Next("Options");
    NN2MILP_ASSIGN_OR_RETURN(const int64_t k, r.Int("the option count"));
    if (k > 9) return Invalid(r.line(), "more than 9 options");
    std::vector<int64_t> options;
    for (int64_t i = 0; i < k; ++i) {
      NN2MILP_ASSIGN_OR_RETURN(const absl::string_view s, r.Next("an option value"));
      int64_t v = 0;
      if (!absl::SimpleAtoi(s, &v)) return Invalid(r.line(), absl::StrCat("bad option value '", s, "'"));
      options.push_back(v);
    }
    if (options.size() >= 2 && options[1] == 3) NN2MILP_RETURN_IF_ERROR(r.Real("vbtol").status());
  }
  NN2MILP_ASSIGN_OR_RETURN(sol.num_constraints, r.Int("the number of constraints"));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t num_duals, r.Int("the number of dual values"));
  NN2MILP_ASSIGN_OR_RETURN(sol.num_variables, r.Int("the number of variables"));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t num_primals, r.Int("the number of primal values"));
  if (num_duals != 0 && num_duals != sol.num_constraints) {
    return Invalid(r.line(), "the number of dual values is neither 0 nor the number of constraints");
  }
  if (num_primals != 0 && num_primals != sol.num_variables) {
    return Invalid(r.line(), "the number of primal values is neither 0 nor the number of variables");
  }
  for (int64_t i = 0; i < num_duals; ++i) {
    NN2MILP_ASSIGN_OR_RETURN(const double v, r.Real("a dual value"));
    sol.duals.push_back(v);
  }
  for (int64_t i = 0; i < num_primals; ++i) {
    NN2MILP_ASSIGN_OR_RETURN(const double v, r.Real("a primal value"));
    sol.primals.push_back(v);
  }
  if (!r.done()) {
    NN2MILP_ASSIGN_OR_RETURN(const absl::string_view s, r.Next("objno"));
    const std::vector<absl::string_view> f = absl::StrSplit(s, ' ', absl::SkipEmpty());
    int64_t objno = 0, result = 0;
    if (f.size() != 3 || f[0] != "objno" || !absl::SimpleAtoi(f[1], &objno) || !absl::SimpleAtoi(f[2], &result)) {
      return Invalid(r.line(), absl::StrCat("expected 'objno <i> <solve_result_num>', got '", s, "'"));
    }
    sol.solve_result = result;
  }
  return sol;
}

// Fortran-style records of the binary form.
class RecordReader {
 public:
  explicit RecordReader(absl::string_view bytes) : bytes_(bytes) {}
  bool done() const { return pos_ >= bytes_.size(); }
  absl::StatusOr<absl::string_view> Next() {
    uint32_t len = 0, trailer = 0;
    if (bytes_.size() - pos_ < 4) return Truncated();
    len = U32(pos_);
    if (bytes_.size() - pos_ - 4 < static_cast<size_t>(len) + 4) return Truncated();
    const absl::string_view payload = bytes_.substr(pos_ + 4, len);
    trailer = U32(pos_ + 4 + len);
    if (trailer != len) {
      return absl::InvalidArgumentError(absl::StrCat("byte ", pos_, ": record length ", len,
                                                     " does not match its trailer ", trailer));
    }
    pos_ += 8 + static_cast<size_t>(len);
    return payload;
  }
  static uint32_t U32At(absl::string_view s, size_t at) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[at + static_cast<size_t>(i)]);
    return v;
  }
  static double F64At(absl::string_view s, size_t at) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[at + static_cast<size_t>(i)]);
    return std::bit_cast<double>(v);
  }

 private:
  absl::Status Truncated() const {
    return absl::InvalidArgumentError(absl::StrCat("byte ", pos_, ": truncated record"));
  }
  uint32_t U32(size_t at) const { return U32At(bytes_, at); }
  absl::string_view bytes_;
  size_t pos_ = 0;
};

absl::StatusOr<std::vector<double>> Doubles(absl::string_view rec, int64_t expected, absl::string_view what) {
  if (rec.size() != static_cast<size_t>(expected) * 8) {
    return absl::InvalidArgumentError(absl::StrCat("the ", what, " record holds ", rec.size(),
                                                   " bytes, expected ", expected, " doubles"));
  }
  std::vector<double> out;
  for (int64_t i = 0; i < expected; ++i) {
    const double v = RecordReader::F64At(rec, static_cast<size_t>(i) * 8);
    if (!std::isfinite(v)) return absl::InvalidArgumentError(absl::StrCat("a ", what, " value is not finite"));
    out.push_back(v);
  }
  return out;
}

absl::StatusOr<AmplSolution> ParseBinary(absl::string_view bytes) {
  RecordReader r(bytes);
  AmplSolution sol;
  sol.binary = true;
  NN2MILP_ASSIGN_OR_RETURN(absl::string_view rec, r.Next());  // "binary"
  while (true) {
    NN2MILP_ASSIGN_OR_RETURN(rec, r.Next());
    if (rec.empty()) break;
    if (!sol.message.empty()) sol.message += '\n';
    absl::StrAppend(&sol.message, rec);
  }
  NN2MILP_ASSIGN_OR_RETURN(rec, r.Next());
  size_t at = 0;
  const auto need = [&](size_t n) -> absl::Status {
    if (rec.size() - at < n) return absl::InvalidArgumentError("the counts record is too short");
    return absl::OkStatus();
  };
  if (rec.substr(0, 7) == "Options") {
    at = 7;
    NN2MILP_RETURN_IF_ERROR(need(4));
    const uint32_t k = RecordReader::U32At(rec, at);
    at += 4;
    if (k > 9) return absl::InvalidArgumentError("more than 9 options");
    NN2MILP_RETURN_IF_ERROR(need(4 * k));
    const bool vbtol = k >= 2 && RecordReader::U32At(rec, at + 4) == 3;
    at += 4 * k;
    if (vbtol) {
      NN2MILP_RETURN_IF_ERROR(need(8));
      at += 8;
    }
  }
  NN2MILP_RETURN_IF_ERROR(need(16));
  sol.num_constraints = RecordReader::U32At(rec, at);
  const int64_t num_duals = RecordReader::U32At(rec, at + 4);
  sol.num_variables = RecordReader::U32At(rec, at + 8);
  const int64_t num_primals = RecordReader::U32At(rec, at + 12);
  if ((num_duals != 0 && num_duals != sol.num_constraints) ||
      (num_primals != 0 && num_primals != sol.num_variables)) {
    return absl::InvalidArgumentError("the numbers of dual or primal values disagree with the counts");
  }
  NN2MILP_ASSIGN_OR_RETURN(rec, r.Next());
  NN2MILP_ASSIGN_OR_RETURN(sol.duals, Doubles(rec, num_duals, "dual"));
  NN2MILP_ASSIGN_OR_RETURN(rec, r.Next());
  NN2MILP_ASSIGN_OR_RETURN(sol.primals, Doubles(rec, num_primals, "primal"));
  if (!r.done()) {
    NN2MILP_ASSIGN_OR_RETURN(rec, r.Next());
    if (rec.size() != 8) return absl::InvalidArgumentError("the objno record is not two integers");
    sol.solve_result = static_cast<int32_t>(RecordReader::U32At(rec, 4));
  }
  return sol;
}

}  // namespace

bool IsBinaryAmplSol(absl::string_view bytes) {
  return bytes.size() >= 18 && RecordReader::U32At(bytes, 0) == 6 && bytes.substr(4, 6) == "binary";
}

absl::StatusOr<AmplSolution> ParseAmplSol(absl::string_view bytes) {
  return IsBinaryAmplSol(bytes) ? ParseBinary(bytes) : ParseText(bytes);
}

absl::StatusOr<Solution> NameAmplSolution(const AmplSolution& sol, absl::string_view col_text) {
  std::vector<absl::string_view> names = absl::StrSplit(col_text, '\n');
  if (!names.empty() && names.back().empty()) names.pop_back();
  if (sol.primals.empty()) {
    return absl::InvalidArgumentError("the .sol file holds no primal values (did the solver fail?)");
  }
  if (names.size() != sol.primals.size()) {
    return absl::InvalidArgumentError(absl::StrCat("the .col file names ", names.size(),
                                                   " variables, the .sol file has ", sol.primals.size(),
                                                   " values (written for another model?)"));
  }
  Solution out;
  out.format = sol.binary ? "ampl binary" : "ampl";
  out.status = std::string(sol.message.substr(0, sol.message.find('\n')));
  for (size_t j = 0; j < names.size(); ++j) {
    out.values[std::string(absl::StripAsciiWhitespace(names[j]))] = sol.primals[j];
  }
  return out;
}

}  // namespace nn2milp::frontend
