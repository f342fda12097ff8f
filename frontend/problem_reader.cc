#include "frontend/problem_reader.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ir/base/number_parse.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open file"));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

}  // namespace

absl::StatusOr<ir::Interval> ParseBoundsSpec(absl::string_view spec) {
  // Split at the ':' that is not part of an exponent; numbers never contain ':'.
  const size_t colon = spec.find(':');
  if (colon == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("input bounds '", spec,
                                                   "': expected LO:HI (e.g. -1:1) or a file"));
  }
  std::optional<double> lo = ParseDouble(spec.substr(0, colon));
  std::optional<double> hi = ParseDouble(spec.substr(colon + 1));
  if (!lo || !hi) {
    return absl::InvalidArgumentError(
        absl::StrCat("input bounds '", spec, "': LO and HI must be finite numbers"));
  }
  if (*lo > *hi) {
    return absl::InvalidArgumentError(absl::StrCat("input bounds '", spec, "': LO > HI"));
  }
  return ir::Interval{*lo, *hi};
}

absl::StatusOr<std::vector<ir::Interval>> ParseBoundsText(absl::string_view text, int64_t count) {
  std::vector<ir::Interval> box;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    if (size_t hash = line.find('#'); hash != absl::string_view::npos) line = line.substr(0, hash);
    std::vector<std::pair<absl::string_view, size_t>> tokens;  // token, column (1-based)
    for (size_t i = 0; i < line.size();) {
      if (IsSpace(line[i])) { ++i; continue; }
      size_t j = i;
      while (j < line.size() && !IsSpace(line[j])) ++j;
      tokens.emplace_back(line.substr(i, j - i), i + 1);
      i = j;
    }
    if (tokens.empty()) continue;
    if (tokens.size() != 2) {
      return absl::InvalidArgumentError(absl::StrCat(line_no, ":", tokens[0].second, ": expected two numbers 'lo hi', got ",
                                                     tokens.size(), " fields"));
    }
    double v[2];
    for (int k = 0; k < 2; ++k) {
      std::optional<double> d = ParseDouble(tokens[static_cast<size_t>(k)].first);
      if (!d) {
        return absl::InvalidArgumentError(absl::StrCat(line_no, ":", tokens[static_cast<size_t>(k)].second,
                                                       ": '", tokens[static_cast<size_t>(k)].first,
                                                       "' is not a finite number"));
      }
      v[k] = *d;
    }
    if (v[0] > v[1]) {
      return absl::InvalidArgumentError(absl::StrCat(line_no, ":", tokens[0].second, ": lo > hi"));
    }
    box.push_back({v[0], v[1]});
  }
  if (static_cast<int64_t>(box.size()) != count) {
    return absl::InvalidArgumentError(absl::StrCat("expected ", count, " 'lo hi' lines (one per input element), got ",
                                                   box.size()));
  }
  return box;
}

absl::StatusOr<std::vector<ir::Interval>> ReadBoundsFile(const std::string& path, int64_t count) {
  NN2MILP_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  absl::StatusOr<std::vector<ir::Interval>> box = ParseBoundsText(text, count);
  if (!box.ok()) return AnnotateStatus(box.status(), path);
  return box;
}

absl::StatusOr<std::vector<double>> ParseNumberList(absl::string_view text) {
  std::vector<double> values;
  for (absl::string_view token : absl::StrSplit(text, absl::ByAnyChar(" \t\r\n,"), absl::SkipEmpty())) {
    std::optional<double> d = ParseDouble(token);
    if (!d) return absl::InvalidArgumentError(absl::StrCat("'", token, "' is not a finite number"));
    values.push_back(*d);
  }
  return values;
}

}  // namespace nn2milp::frontend
