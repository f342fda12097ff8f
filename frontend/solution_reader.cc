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

}  // namespace nn2milp::frontend
