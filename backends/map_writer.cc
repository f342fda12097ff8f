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
                 const NameTable& names) {
  absl::StrAppend(&out, "  ", JsonString(key), ": {");
  for (size_t p = 0; p < ports.size(); ++p) {
    absl::StrAppend(&out, p == 0 ? "\n    " : ",\n    ", JsonString(ports[p].first), ": [");
    for (size_t i = 0; i < ports[p].second.size(); ++i) {
      absl::StrAppend(&out, i == 0 ? "" : ", ", JsonString(names.VarName(ports[p].second[i])));
    }
    out += "]";
  }
  out += ports.empty() ? "},\n" : "\n  },\n";
}

}  // namespace

absl::Status WriteMapJson(const MapSpec& spec, const NameTable& names, Sink& sink) {
  std::string out = "{\n";
  absl::StrAppend(&out, "  \"format\": ", JsonString(spec.format), ",\n");
  AppendPorts(out, "inputs", spec.inputs, names);
  AppendPorts(out, "outputs", spec.outputs, names);
  out += "  \"objective\": ";
  if (!spec.has_objective) {
    out += "null\n}\n";
    return sink.Write(out);
  }
  absl::StrAppend(&out, "{\"sense\": ", JsonString(spec.sense),
                  ", \"output\": ", JsonString(spec.output_name), ", \"index\": ", spec.index,
                  ", \"flat_index\": ", spec.flat_index,
                  ", \"variable\": ", JsonString(names.VarName(spec.variable)),
                  ", \"written_sense\": \"minimize\", \"scale\": ");
  AppendDouble(out, spec.scale);
  out += "}\n}\n";
  return sink.Write(out);
}

}  // namespace nn2milp::backends
