// --bounds-out: the final bounds of every pre-activation neuron (every neuron that is the input
// of a ReLU, including the hidden ReLUs of Clip, MaxPool, LeakyRelu, ...), as JSON in the schema
// frontend/bounds_json.h reads:
//
// {
//   "nn2milp_bounds": 1,
//   "model": "deep_mlp.onnx",
//   "kind": "pre-activation",
//   "tensors": [
//     {"name": "input.4", "shape": [1, 12],
//      "lo": [-1.25, ...],
//      "hi": [0.5, ...]},
//     {"name": "x.relu_lo", "shape": [3], "index": [0, 2], "lo": [...], "hi": [...]}
//   ]
// }
//
// Tensors in network order (ONNX graph order), entries by element index. "index" is written only
// when the entries are not exactly the elements 0 .. n-1 of the tensor. Numbers are shortest
// round-trip decimals (backends/number_format.h): the file reads back to the same doubles. An
// infinite side (no bound pass ran) is null. "name" is the ONNX tensor name verbatim; tensors
// nn2milp creates itself (the hidden ReLUs of Clip etc.) are named "<onnx name>.<suffix>".
#ifndef NN2MILP_BACKENDS_BOUNDS_WRITER_H_
#define NN2MILP_BACKENDS_BOUNDS_WRITER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "ir/network.h"

namespace nn2milp::backends {

// The JSON text above; `model_name` goes into "model" (informative).
std::string BoundsJson(const ir::Network& net, absl::string_view model_name);

}  // namespace nn2milp::backends

#endif  // NN2MILP_BACKENDS_BOUNDS_WRITER_H_
