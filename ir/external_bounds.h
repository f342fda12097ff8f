// Neuron bounds as data, keyed the way a user (or another tool) names neurons: the ONNX tensor
// name and the element's flat row-major index in that tensor. Read from a --bounds-in file
// (frontend/bounds_json.h), written by --bounds-out (backends/bounds_writer.h), applied by the
// bounds_in pass (passes/bounds_in.h).
#ifndef NN2MILP_IR_EXTERNAL_BOUNDS_H_
#define NN2MILP_IR_EXTERNAL_BOUNDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ir/interval.h"

namespace nn2milp::ir {

// `bounds` claims lo <= value <= hi for element `index` of tensor `tensor` over the whole input
// box. An infinite side means "no claim". Readers guarantee lo <= hi.
struct ExternalBound {
  std::string tensor;
  int64_t index = 0;
  Interval bounds;
};

using ExternalBounds = std::vector<ExternalBound>;

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_EXTERNAL_BOUNDS_H_
