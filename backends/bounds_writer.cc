#include "backends/bounds_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/map_writer.h"
#include "backends/number_format.h"

namespace nn2milp::backends {
namespace {

void AppendBound(std::string& out, double v) {
  if (std::isfinite(v)) {
    AppendDouble(out, v);
  } else {
    out += "null";
  }
}

}  // namespace

std::string BoundsJson(const ir::Network& net, absl::string_view model_name) {
  // Pre-activation neurons, grouped by tensor (id order) and sorted by element index.
  std::vector<bool> pre(static_cast<size_t>(net.num_neurons()), false);
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const ir::NeuronId n(i);
    if (net.kind(n) == ir::NeuronKind::kRelu) pre[static_cast<size_t>(net.relu_input(n).value())] = true;
  }
  std::vector<std::vector<std::pair<int64_t, ir::NeuronId>>> by_tensor(
      static_cast<size_t>(net.num_tensors()));
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    if (!pre[static_cast<size_t>(i)]) continue;
    const ir::NeuronId n(i);
    by_tensor[static_cast<size_t>(net.tensor(n).value())].emplace_back(net.index_in_tensor(n), n);
  }
  std::string out = "{\n  \"nn2milp_bounds\": 1,\n";
  absl::StrAppend(&out, "  \"model\": ", JsonString(model_name), ",\n");
  out += "  \"kind\": \"pre-activation\",\n  \"tensors\": [";
  bool first = true;
  for (int32_t t = 0; t < net.num_tensors(); ++t) {
    std::vector<std::pair<int64_t, ir::NeuronId>>& entries = by_tensor[static_cast<size_t>(t)];
    if (entries.empty()) continue;
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const ir::TensorInfo& info = net.tensor_info(ir::TensorId(t));
    int64_t elements = 1;
    for (int64_t d : info.shape) elements *= d;
    bool dense = static_cast<int64_t>(entries.size()) == elements;
    for (size_t k = 0; dense && k < entries.size(); ++k) dense = entries[k].first == static_cast<int64_t>(k);
    absl::StrAppend(&out, first ? "\n" : ",\n", "    {\"name\": ", JsonString(info.name), ", \"shape\": [");
    first = false;
    for (size_t d = 0; d < info.shape.size(); ++d) absl::StrAppend(&out, d ? ", " : "", info.shape[d]);
    out += "]";
    if (!dense) {
      out += ",\n     \"index\": [";
      for (size_t k = 0; k < entries.size(); ++k) absl::StrAppend(&out, k ? ", " : "", entries[k].first);
      out += "]";
    }
    out += ",\n     \"lo\": [";
    for (size_t k = 0; k < entries.size(); ++k) {
      if (k) out += ", ";
      AppendBound(out, net.bounds(entries[k].second).lo);
    }
    out += "],\n     \"hi\": [";
    for (size_t k = 0; k < entries.size(); ++k) {
      if (k) out += ", ";
      AppendBound(out, net.bounds(entries[k].second).hi);
    }
    out += "]}";
  }
  out += first ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace nn2milp::backends
