#include "frontend/solution_reader.h"

#include <cmath>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ir/base/number_parse.h"

namespace nn2milp::frontend {
namespace {

std::vector<absl::string_view> Fields(absl::string_view line) {
  return absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
}

absl::Status LineError(size_t line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(line, ": ", what));
}

// A trailing number after the last ' ', '=' or ':' of a header line.
std::optional<double> TrailingNumber(absl::string_view line) {
  const size_t at = line.find_last_of(" =:");
  return ParseDouble(absl::StripAsciiWhitespace(at == absl::string_view::npos ? line : line.substr(at + 1)));
}

}  // namespace

absl::StatusOr<Solution> ParseSolution(absl::string_view text) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  Solution s;
  if (lines.empty()) return absl::InvalidArgumentError("empty solution file");
  const absl::string_view first = absl::StripAsciiWhitespace(lines[0]);
  if (first == "Model status") {  // HiGHS
    s.format = "highs";
    s.status = lines.size() > 1 ? std::string(absl::StripAsciiWhitespace(lines[1])) : "";
    size_t i = 2;
    for (; i < lines.size(); ++i) {
      const absl::string_view l = absl::StripAsciiWhitespace(lines[i]);
      if (absl::StartsWith(l, "Objective ")) s.objective = TrailingNumber(l);
      if (absl::StartsWith(l, "# Columns ")) break;
    }
    // (A file of the status line alone starts the scan past its end: hence >=.)
    if (i >= lines.size()) return absl::InvalidArgumentError("HiGHS solution without '# Columns'");
    std::optional<double> count = TrailingNumber(lines[i]);
    // A count must be a whole number of lines that can follow (this also keeps the conversion
    // to int64_t defined).
    if (!count || !(*count >= 0) || *count != std::floor(*count) ||
        *count > static_cast<double>(lines.size())) {
      return LineError(i + 1, "bad column count");
    }
    for (int64_t k = 0; k < static_cast<int64_t>(*count); ++k) {
      const size_t at = i + 1 + static_cast<size_t>(k);
      if (at >= lines.size() || absl::StripAsciiWhitespace(lines[at]).empty()) {
        return LineError(at + 1, "fewer columns than announced");
      }
      const std::vector<absl::string_view> f = Fields(lines[at]);
      std::optional<double> v = f.size() >= 2 ? ParseDouble(f[1]) : std::nullopt;
      if (!v) return LineError(at + 1, "expected '<name> <value>'");
      s.values[std::string(f[0])] = *v;
    }
    return s;
  }
  // GLPK raw (glpsol -w): comment lines "c ...", then "s mip|bas|ipt ...".
  size_t first_data = 0;
  while (first_data < lines.size() && (absl::StartsWith(lines[first_data], "c ") ||
                                       absl::StripAsciiWhitespace(lines[first_data]) == "c")) {
    ++first_data;
  }
  if (first_data < lines.size() && absl::StartsWith(lines[first_data], "s ")) {
    s.format = "glpk";
    const std::vector<absl::string_view> h = Fields(lines[first_data]);
    // s mip <rows> <cols> <status> <obj>;  s bas <rows> <cols> <pst> <dst> <obj>;
    // s ipt <rows> <cols> <status> <obj>
    const bool bas = h.size() >= 2 && h[1] == "bas";
    if (h.size() < (bas ? 7u : 6u) || (h[1] != "mip" && h[1] != "bas" && h[1] != "ipt")) {
      return LineError(first_data + 1, "expected 's mip <rows> <cols> <status> <objective>' (GLPK raw solution)");
    }
    std::optional<double> cols = ParseDouble(h[3]);
    // A whole number that fits int64_t (the conversion below is otherwise undefined; found by
    // fuzz_solution).
    if (!cols || !(*cols >= 0) || *cols != std::floor(*cols) || *cols > 9.0e18) {
      return LineError(first_data + 1, "bad column count");
    }
    s.declared_columns = static_cast<int64_t>(*cols);
    const absl::string_view st = h[4];
    s.status = st == "o" ? "Optimal" : st == "f" ? "Feasible" : st == "n" ? "Infeasible"
             : st == "u" ? "Undefined" : std::string(st);
    s.objective = ParseDouble(h.back());
    for (size_t i = first_data + 1; i < lines.size(); ++i) {
      const std::vector<absl::string_view> f = Fields(lines[i]);
      if (f.empty() || f[0] == "c" || f[0] == "i") continue;
      if (f[0] == "e") break;
      if (f[0] != "j") return LineError(i + 1, absl::StrCat("unexpected '", f[0], "' (expected i, j or e)"));
      // mip/ipt: j <col> <value> [...]; bas: j <col> <status> <value> <dual>
      const size_t at = bas ? 3 : 2;
      std::optional<double> col = f.size() > 1 ? ParseDouble(f[1]) : std::nullopt;
      std::optional<double> v = f.size() > at ? ParseDouble(f[at]) : std::nullopt;
      if (!col || !v || !(*col >= 1) || *col > *cols || *col != std::floor(*col)) {
        return LineError(i + 1, "expected 'j <column number> <value>' with a column number in range");
      }
      s.by_position[static_cast<int64_t>(*col)] = *v;
    }
    return s;
  }
  // CBC: "<Status words> - objective value <v>" then "<index> <name> <value> <rc>" lines.
  if (absl::StrContains(first, "objective value") && !absl::StartsWith(first, "#") &&
      !absl::StrContains(first, ":")) {
    s.format = "cbc";
    s.status = std::string(first.substr(0, first.find(" - ")));
    s.objective = TrailingNumber(first);
    for (size_t i = 1; i < lines.size(); ++i) {
      const std::vector<absl::string_view> f = Fields(lines[i]);
      if (f.empty()) continue;
      // "**" marks an infeasible value in CBC's output; it is not part of the index.
      const size_t base = f[0] == "**" ? 1 : 0;
      std::optional<double> v = f.size() >= base + 3 ? ParseDouble(f[base + 2]) : std::nullopt;
      if (!v) return LineError(i + 1, "expected '<index> <name> <value> <reduced cost>'");
      s.values[std::string(f[base + 1])] = *v;
    }
    return s;
  }
  // Generic "<name> <value>" list (Gurobi, SCIP), with headers.
  s.format = "list";
  for (size_t i = 0; i < lines.size(); ++i) {
    const absl::string_view l = absl::StripAsciiWhitespace(lines[i]);
    if (l.empty()) continue;
    const std::string lower = absl::AsciiStrToLower(l);
    if (absl::StrContains(lower, "objective value")) {
      s.objective = TrailingNumber(l);
      continue;
    }
    if (absl::StartsWith(lower, "solution status")) {
      s.status = std::string(absl::StripAsciiWhitespace(l.substr(l.find(':') + 1)));
      continue;
    }
    if (l[0] == '#') continue;
    const std::vector<absl::string_view> f = Fields(l);
    std::optional<double> v = f.size() >= 2 ? ParseDouble(f[1]) : std::nullopt;
    if (!v) return LineError(i + 1, "expected '<name> <value>'");
    s.values[std::string(f[0])] = *v;
  }
  if (s.status.empty()) s.status = "unknown";
  return s;
}

absl::Status AssignColumnNames(Solution& solution, const std::vector<std::string>& columns) {
  if (static_cast<int64_t>(columns.size()) != solution.declared_columns) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the solution has ", solution.declared_columns, " columns, the model file ", columns.size(),
        " (was the solution written for that file?)"));
  }
  for (const auto& [position, value] : solution.by_position) {
    solution.values[columns[static_cast<size_t>(position - 1)]] = value;
  }
  return absl::OkStatus();
}

}  // namespace nn2milp::frontend
