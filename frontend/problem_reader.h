// Readers for the problem around the network (first version: the input box).
#ifndef NN2MILP_FRONTEND_PROBLEM_READER_H_
#define NN2MILP_FRONTEND_PROBLEM_READER_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "ir/interval.h"

namespace nn2milp::frontend {

// Parses "LO:HI" (one interval for every element), e.g. "-1:1" or "0:0.5".
// InvalidArgument if it is not two finite numbers separated by ':' with LO <= HI.
absl::StatusOr<ir::Interval> ParseBoundsSpec(absl::string_view spec);

// Parses a bounds file: one "lo hi" pair per line, in flattened input order. Blank lines and
// text after '#' are ignored. Errors carry "<line>:<column>: ". `count` is the number of input
// elements; a different number of pairs is an error that says how many were expected.
absl::StatusOr<std::vector<ir::Interval>> ParseBoundsText(absl::string_view text, int64_t count);

// Reads and parses a bounds file; errors are prefixed with the path.
absl::StatusOr<std::vector<ir::Interval>> ReadBoundsFile(const std::string& path, int64_t count);

// Parses whitespace-separated numbers (an input point for `nn2milp eval`).
absl::StatusOr<std::vector<double>> ParseNumberList(absl::string_view text);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_PROBLEM_READER_H_
