#include "backends/map_writer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "backends/number_format.h"

namespace nn2milp::backends {

std::string JsonString(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

namespace {

void AppendPorts(std::string& out, absl::string_view key,
                 const std::vector<std::pair<std::string, std::vector<ir::VarId>>>& ports,
                 const NameTable& names, absl::string_view indent = "  ") {
  absl::StrAppend(&out, indent, JsonString(key), ": {");
  for (size_t p = 0; p < ports.size(); ++p) {
    absl::StrAppend(&out, p == 0 ? "\n" : ",\n", indent, "  ", JsonString(ports[p].first), ": [");
    for (size_t i = 0; i < ports[p].second.size(); ++i) {
      absl::StrAppend(&out, i == 0 ? "" : ", ", JsonString(names.VarName(ports[p].second[i])));
    }
    out += "]";
  }
  if (ports.empty()) {
    out += "},\n";
  } else {
    absl::StrAppend(&out, "\n", indent, "},\n");
  }
}

void AppendEmbedding(std::string& out, const MapSpec& spec, const NameTable& names) {
  absl::StrAppend(&out, "  \"base\": ", JsonString(spec.base), ",\n  \"networks\": {");
  for (size_t k = 0; k < spec.networks.size(); ++k) {
    const MapNetwork& n = spec.networks[k];
    absl::StrAppend(&out, k == 0 ? "\n    " : ",\n    ", JsonString(n.name), ": {\n      \"model\": ",
                    JsonString(n.model), ",\n");
    AppendPorts(out, "inputs", n.inputs, names, "      ");
    std::string outputs;
    AppendPorts(outputs, "outputs", n.outputs, names, "      ");
    outputs.resize(outputs.size() - 2);  // no trailing ",\n" for the last member
    absl::StrAppend(&out, outputs, "\n    }");
  }
  out += spec.networks.empty() ? "},\n" : "\n  },\n";
  out += "  \"links\": [";
  for (size_t k = 0; k < spec.links.size(); ++k) {
    const MapLink& l = spec.links[k];
    absl::StrAppend(&out, k == 0 ? "\n    " : ",\n    ", "{\"network\": ", JsonString(l.network),
                    ", \"kind\": ", l.input ? "\"input\"" : "\"output\"", ", \"index\": ", l.index,
                    ", \"network_variable\": ", JsonString(names.VarName(l.network_variable)),
                    ", \"base_variable\": ", JsonString(names.VarName(l.base_variable)), "}");
  }
  out += spec.links.empty() ? "],\n" : "\n  ],\n";
}

}  // namespace

absl::Status WriteMapJson(const MapSpec& spec, const NameTable& names, Sink& sink) {
  std::string out = "{\n";
  absl::StrAppend(&out, "  \"format\": ", JsonString(spec.format), ",\n");
  AppendPorts(out, "inputs", spec.inputs, names);
  AppendPorts(out, "outputs", spec.outputs, names);
  if (!spec.base.empty()) AppendEmbedding(out, spec, names);
  out += "  \"objective\": ";
  if (!spec.has_objective) {
    out += "null\n}\n";
    return sink.Write(out);
  }
  if (spec.objective_source == "base") {
    absl::StrAppend(&out, "{\"source\": \"base\", \"sense\": ", JsonString(spec.sense),
                    ", \"written_sense\": \"minimize\", \"scale\": ");
    AppendDouble(out, spec.scale);
    out += "}\n}\n";
    return sink.Write(out);
  }
  out += "{";
  if (!spec.objective_source.empty()) {
    absl::StrAppend(&out, "\"source\": \"network\", \"network\": ", JsonString(spec.objective_network), ", ");
  }
  absl::StrAppend(&out, "\"sense\": ", JsonString(spec.sense),
                  ", \"output\": ", JsonString(spec.output_name), ", \"index\": ", spec.index,
                  ", \"flat_index\": ", spec.flat_index,
                  ", \"variable\": ", JsonString(names.VarName(spec.variable)),
                  ", \"written_sense\": \"minimize\", \"scale\": ");
  AppendDouble(out, spec.scale);
  out += "}\n}\n";
  return sink.Write(out);
}

}  // namespace nn2milp::backends
