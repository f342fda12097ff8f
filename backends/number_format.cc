#include "backends/number_format.h"

#include <charconv>
#include <cmath>

#include "ir/base/check.h"

namespace nn2milp::backends {

void AppendDouble(std::string& out, double value) {
  NN2MILP_CHECK(std::isfinite(value)) << "writers never print NaN or infinity";
  if (value == 0.0) value = 0.0;  // -0.0 -> 0
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  NN2MILP_CHECK(ec == std::errc());
  out.append(buffer, end);
}

std::string FormatDouble(double value) {
  std::string s;
  AppendDouble(s, value);
  return s;
}

}  // namespace nn2milp::backends
