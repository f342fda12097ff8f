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

// Embedding (`--embed`, `--net`): the map also has
//   "base": "<file>",
//   "networks": {"<name>": {"model": "<onnx file>", "inputs": {...}, "outputs": {...}}, ...}
//                (the --net networks; the positional model keeps the top-level "inputs" and
//                "outputs", so `check` reads it as before),
//   "links": [{"network": "<name or empty>", "kind": "input"|"output", "index": K,
//              "network_variable": "<var>", "base_variable": "<var>"}, ...],
// and an objective kept from the base model is {"source": "base", "sense": ..., "written_sense":
// "minimize", "scale": 1|-1}; a network objective has "source": "network", "network": "<name>".
struct MapNetwork {
  std::string name;
  std::string model;
  std::vector<std::pair<std::string, std::vector<ir::VarId>>> inputs;
  std::vector<std::pair<std::string, std::vector<ir::VarId>>> outputs;
};

struct MapLink {
  std::string network;
  bool input = true;
  int64_t index = 0;
  ir::VarId network_variable;
  ir::VarId base_variable;
};

struct MapSpec {
  std::string format;
  std::string base;                  // embedding: the base model file ("" otherwise)
  std::vector<MapNetwork> networks;  // embedding: the --net networks
  std::vector<MapLink> links;
  std::string objective_source;      // "" (plain compile), "network" or "base"
  std::string objective_network;     // network objective of a --net network: its name
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
