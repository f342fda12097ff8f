// The one parser of decimal numbers used by every reader in nn2milp (bounds files, test readers).
// Locale-independent; the whole token must be consumed; NaN and infinities are rejected, because
// nn2milp never accepts them as data (infinite bounds have their own syntax in each format).
#ifndef NN2MILP_IR_BASE_NUMBER_PARSE_H_
#define NN2MILP_IR_BASE_NUMBER_PARSE_H_

#include <charconv>
#include <cmath>
#include <optional>
#include "absl/strings/string_view.h"

namespace nn2milp {

// Parses `token` as a finite double with std::from_chars (exact round trip of what
// std::to_chars prints). A leading '+' is accepted. Returns nullopt on any other input.
inline std::optional<double> ParseDouble(absl::string_view token) {
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  if (token.empty()) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || ptr != token.data() + token.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace nn2milp

#endif  // NN2MILP_IR_BASE_NUMBER_PARSE_H_
