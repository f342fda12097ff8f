// Reader of neuron-bounds files (--bounds-in), the format --bounds-out writes
// (backends/bounds_writer.h has the same schema):
//
// {
//   "nn2milp_bounds": 1,                       required: the schema version, 1
//   "model": "deep_mlp.onnx",                  optional, informative only
//   "kind": "pre-activation",                  optional, informative only
//   "tensors": [                               required
//     {"name": "input.4",                      ONNX tensor name, verbatim
//      "index": [0, 1, 2],                     optional: flat row-major element indices;
//                                              without it the entries are elements 0, 1, 2, ...
//      "lo": [-1.5, null, 0.25],               one per entry; null = -infinity (no claim)
//      "hi": [2, 3.125, null]}                 one per entry; null = +infinity (no claim)
//   ]
// }
//
// Numbers are parsed exactly (ir/base/number_parse.h), so a file written by --bounds-out reads
// back to the very same doubles. Unknown keys are ignored, so other tools may add their own.
// Errors (InvalidArgument, naming the file and the tensor entry): malformed JSON (with
// line:column), a missing or mistyped member, a version other than 1, lo/hi/index of different
// lengths, a negative or non-integer index, lo > hi. Whether the tensors and indices exist in
// the network is checked by the bounds_in pass, which knows the network.
#ifndef NN2MILP_FRONTEND_BOUNDS_JSON_H_
#define NN2MILP_FRONTEND_BOUNDS_JSON_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/external_bounds.h"

namespace nn2milp::frontend {

// Parses the text of a bounds file. Errors as above (without the file name).
absl::StatusOr<ir::ExternalBounds> ParseBoundsJson(absl::string_view text);

// Reads and parses `path`; NotFound if it cannot be opened; errors are prefixed with the path.
absl::StatusOr<ir::ExternalBounds> ReadBoundsJson(const std::string& path);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_BOUNDS_JSON_H_
