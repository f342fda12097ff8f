// The problem around the network: a box on every input element and an objective on one output
// element (or none: a feasibility model). Later issues extend this (VNN-LIB properties,
// embedding into existing models).
#ifndef NN2MILP_IR_PROBLEM_H_
#define NN2MILP_IR_PROBLEM_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "ir/interval.h"
#include "ir/network.h"

namespace nn2milp::ir {

enum class ObjectiveSense : uint8_t { kNone, kMinimize, kMaximize };

struct Problem {
  // One interval per input element, in the flattened concatenation of all graph inputs.
  std::vector<Interval> input_box;
  ObjectiveSense sense = ObjectiveSense::kNone;
  // Flattened index into the concatenation of all graph outputs; used unless sense is kNone.
  int64_t objective_output = 0;
};

// InvalidArgument if the box does not have one finite interval with lo <= hi per input element,
// or the objective index is out of range. The message says how to fix it.
absl::Status ValidateProblem(const Network& net, const Problem& problem);

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_PROBLEM_H_
