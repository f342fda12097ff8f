// The --map JSON: which written variables hold the network's inputs and outputs, and how the
// written objective relates to the user's.
//
// {
//   "format": "mps",
//   "inputs":  {"<onnx input name>":  ["<var>", ...]},     flattened row-major element order
//   "outputs": {"<onnx output name>": ["<var>", ...]},
//   "objective": {"sense": "maximize", "output": "<onnx output name>", "index": 3,
//                 "flat_index": 3, "variable": "<var>", "written_sense": "minimize",
//                 "scale": -1}
// }
// The user's objective value = scale * (objective value reported by the solver). "objective"
// is null for a feasibility model. Ports are listed in graph order; keys keep that order.
#ifndef NN2MILP_BACKENDS_MAP_WRITER_H_
#define NN2MILP_BACKENDS_MAP_WRITER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "backends/name_table.h"
#include "backends/sink.h"
#include "ir/milp_model.h"

namespace nn2milp::backends {

struct MapSpec {
  std::string format;
  std::vector<std::pair<std::string, std::vector<ir::VarId>>> inputs;
  std::vector<std::pair<std::string, std::vector<ir::VarId>>> outputs;
  bool has_objective = false;
  std::string sense;         // "minimize" or "maximize" (the user's)
  std::string output_name;   // graph output holding the objective element
  int64_t index = 0;         // element index within that output
  int64_t flat_index = 0;    // index within the concatenation of all outputs
  ir::VarId variable;
  double scale = 1;          // user's objective = scale * written objective
};

absl::Status WriteMapJson(const MapSpec& spec, const NameTable& names, Sink& sink);

// JSON string literal for `s` (quotes included; control characters escaped).
std::string JsonString(absl::string_view s);

}  // namespace nn2milp::backends

#endif  // NN2MILP_BACKENDS_MAP_WRITER_H_
