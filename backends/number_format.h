// THE number formatter of nn2milp: nothing else prints a model number.
//
// AppendDouble writes the shortest decimal string that parses back to exactly the same double
// (std::to_chars without a format argument: locale-independent, no allocation). Examples:
// 0.30000000000000004, 0.1, 1e-07, 4503599627370497, and -0.0 prints as 0. Every coefficient,
// bound and right-hand side a writer emits therefore round-trips bit for bit through any
// correctly rounding reader (strtod, std::from_chars).
//
// The parser is ir/base/number_parse.h's ParseDouble (it lives in the bottom layer so readers in
// every layer share it).
#ifndef NN2MILP_BACKENDS_NUMBER_FORMAT_H_
#define NN2MILP_BACKENDS_NUMBER_FORMAT_H_

#include <string>

#include "ir/base/number_parse.h"

namespace nn2milp::backends {

// Appends `value` (finite; checked) in shortest round-trip form.
void AppendDouble(std::string& out, double value);
// Convenience for tests and messages.
std::string FormatDouble(double value);

using ::nn2milp::ParseDouble;

}  // namespace nn2milp::backends

#endif  // NN2MILP_BACKENDS_NUMBER_FORMAT_H_
