#include "frontend/onnx_loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ir/base/status_macros.h"
#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

namespace nn2milp::frontend {
namespace fs = std::filesystem;
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return absl::NotFoundError("no such file");
  if (fs::is_directory(path, ec)) return absl::InvalidArgumentError("is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::PermissionDeniedError(absl::StrCat("cannot open: ", std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError("read error");
  return std::move(buffer).str();
}

// Replaces the external data reference of `tensor` by its bytes, read from `base_dir`.
// The location must be a relative path that stays inside base_dir.
absl::Status ResolveExternalData(onnx::TensorProto& tensor, const std::string& base_dir) {
  std::string location;
  std::string offset_text = "0", length_text;
  for (const onnx::StringStringEntryProto& kv : tensor.external_data()) {
    if (kv.key() == "location") location = kv.value();
    else if (kv.key() == "offset") offset_text = kv.value();
    else if (kv.key() == "length") length_text = kv.value();
  }
  const std::string where = absl::StrCat("tensor '", tensor.name(), "': external data '", location, "'");
  int64_t offset = 0, length = -1;
  if (!absl::SimpleAtoi(offset_text, &offset) ||
      (!length_text.empty() && !absl::SimpleAtoi(length_text, &length))) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": bad offset '", offset_text,
                                                   "' or length '", length_text, "'"));
  }
  if (location.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": no location"));
  const fs::path rel(location);
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(fs::path(base_dir.empty() ? "." : base_dir), ec);
  const fs::path full = fs::weakly_canonical(base / rel, ec);
  const auto [b_end, f_it] = std::mismatch(base.begin(), base.end(), full.begin(), full.end());
  if (rel.is_absolute() || b_end != base.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": the path leaves the model's directory (refused)"));
  }
  absl::StatusOr<std::string> bytes = ReadFile(full.string());
  if (!bytes.ok()) return AnnotateStatus(bytes.status(), where);
  const int64_t size = static_cast<int64_t>(bytes->size());
  if (offset < 0 || offset > size || length < -1 || (length >= 0 && length > size - offset)) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": offset/length outside the file"));
  }
  tensor.set_raw_data(bytes->substr(static_cast<size_t>(offset),
                                    length < 0 ? std::string::npos : static_cast<size_t>(length)));
  tensor.clear_external_data();
  tensor.set_data_location(onnx::TensorProto::DEFAULT);
  return absl::OkStatus();
}

// Checks, before the ONNX checker (whose messages span lines and name no file), the two things
// users hit most: nodes of another domain (e.g. ai.onnx.ml tree ensembles) and inputs that no
// earlier node, initializer or graph input defines (a graph not in topological order).
absl::Status CheckNodes(const onnx::GraphProto& graph) {
  absl::flat_hash_set<std::string> defined;
  for (const onnx::ValueInfoProto& in : graph.input()) defined.insert(in.name());
  for (const onnx::TensorProto& t : graph.initializer()) defined.insert(t.name());
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto& node = graph.node(i);
    if (!node.domain().empty() && node.domain() != "ai.onnx") {
      return absl::UnimplementedError(absl::StrCat(NodeLabel(node, i), ": operators of domain '",
                                                   node.domain(), "' are not supported"));
    }
    for (const std::string& input : node.input()) {
      if (!input.empty() && !defined.contains(input)) {
        return absl::InvalidArgumentError(
            absl::StrCat(NodeLabel(node, i), ": input '", input,
                         "' is not defined before this node (the graph must be in topological "
                         "order)"));
      }
    }
    for (const std::string& output : node.output()) defined.insert(output);
  }
  return absl::OkStatus();
}

}  // namespace

std::string NodeLabel(const onnx::NodeProto& node, int index) {
  if (!node.name().empty()) return absl::StrCat("node '", node.name(), "' (", node.op_type(), ")");
  return absl::StrCat("node #", index, " (", node.op_type(),
                      node.output_size() > 0 ? absl::StrCat(", output '", node.output(0), "'") : "",
                      ")");
}

absl::StatusOr<LoadedModel> PrepareOnnxModel(onnx::ModelProto proto, const std::string& base_dir,
                                             Diagnostics& diag) {
  LoadedModel out;
  NN2MILP_RETURN_IF_ERROR(CheckNodes(proto.graph()));
  for (const onnx::OperatorSetIdProto& op : proto.opset_import()) {
    if (op.domain().empty() || op.domain() == "ai.onnx") out.opset = op.version();
  }
  if (out.opset == 0) {
    return absl::InvalidArgumentError("the model imports no opset of the default ONNX domain");
  }
  if (out.opset < kMinOpset || out.opset > kMaxOpset) {
    return absl::UnimplementedError(absl::StrCat("opset ", out.opset, " is not supported (", kMinOpset,
                                                 " to ", kMaxOpset, " are)"));
  }
  for (onnx::TensorProto& t : *proto.mutable_graph()->mutable_initializer()) {
    if (t.data_location() == onnx::TensorProto::EXTERNAL) {
      NN2MILP_RETURN_IF_ERROR(ResolveExternalData(t, base_dir));
    }
  }

  // The ONNX checker. Debian's ONNX 1.12 knows IR versions up to 8; newer files (opsets 18-21)
  // are checked under IR 8 rules, which cover every construct nn2milp lowers.
  try {
    if (proto.ir_version() > onnx::IR_VERSION) {
      onnx::ModelProto copy = proto;
      copy.set_ir_version(onnx::IR_VERSION);
      diag.Note("checker", absl::StrCat("IR version ", proto.ir_version(),
                                        " is newer than the ONNX checker's; checked with IR ",
                                        onnx::IR_VERSION, " rules"));
      onnx::checker::check_model(copy);
    } else {
      onnx::checker::check_model(proto);
    }
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("ONNX checker: ", e.what()));
  }

  // Graph inputs: float types only; a symbolic leading (batch) dim becomes 1.
  absl::flat_hash_set<std::string> initializers;
  for (const onnx::TensorProto& t : proto.graph().initializer()) initializers.insert(t.name());
  for (onnx::ValueInfoProto& in : *proto.mutable_graph()->mutable_input()) {
    if (initializers.contains(in.name())) continue;
    if (!in.type().has_tensor_type()) {
      return absl::UnimplementedError(absl::StrCat("graph input '", in.name(), "' is not a tensor"));
    }
    onnx::TypeProto_Tensor* tt = in.mutable_type()->mutable_tensor_type();
    if (tt->elem_type() != onnx::TensorProto::FLOAT && tt->elem_type() != onnx::TensorProto::DOUBLE) {
      return absl::UnimplementedError(
          absl::StrCat("graph input '", in.name(), "' has element type ",
                       onnx::TensorProto::DataType_Name(static_cast<onnx::TensorProto::DataType>(tt->elem_type())),
                       " (only float and double inputs are supported)"));
    }
    if (!tt->has_shape()) {
      return absl::UnimplementedError(absl::StrCat("graph input '", in.name(), "' has no shape"));
    }
    for (int d = 0; d < tt->shape().dim_size(); ++d) {
      onnx::TensorShapeProto_Dimension* dim = tt->mutable_shape()->mutable_dim(d);
      if (dim->has_dim_value() && dim->dim_value() > 0) continue;
      if (dim->has_dim_value()) {
        return absl::UnimplementedError(absl::StrCat("graph input '", in.name(), "': dim ", d, " is ",
                                                     dim->dim_value(), " (zero-size tensors carry no neurons)"));
      }
      if (d == 0) {
        diag.Note("batch-dim", absl::StrCat("graph input '", in.name(), "': leading dim '",
                                            dim->has_dim_param() ? dim->dim_param() : "?",
                                            "' taken as batch size 1"));
        dim->set_dim_value(1);
        continue;
      }
      return absl::UnimplementedError(absl::StrCat(
          "graph input '", in.name(), "': dim ", d, " is symbolic or not positive (only the "
          "leading batch dim may be symbolic)"));
    }
  }

  try {
    onnx::ShapeInferenceOptions options{/*check_type=*/true, /*error_mode=*/1,
                                        /*enable_data_propagation=*/false};
    onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("ONNX shape inference: ", e.what()));
  }
  out.proto = std::move(proto);
  return out;
}

namespace {

absl::StatusOr<onnx::ModelProto> ParseModelFile(const std::string& path) {
  NN2MILP_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  onnx::ModelProto proto;
  if (bytes.empty() || !proto.ParseFromString(bytes)) {
    return absl::InvalidArgumentError(
        "not a valid ONNX model (protobuf parse failed: the file is truncated, corrupt, or not "
        "ONNX)");
  }
  return proto;
}

}  // namespace

absl::StatusOr<LoadedModel> LoadOnnxModel(const std::string& path, Diagnostics& diag) {
  NN2MILP_ASSIGN_OR_RETURN(onnx::ModelProto proto, ParseModelFile(path));
  return PrepareOnnxModel(std::move(proto), fs::path(path).parent_path().string(), diag);
}

absl::StatusOr<std::vector<std::string>> ModelInputFiles(const std::string& path) {
  NN2MILP_ASSIGN_OR_RETURN(const onnx::ModelProto proto, ParseModelFile(path));
  std::vector<std::string> files = {path};
  const fs::path base = fs::path(path).parent_path();
  for (const onnx::TensorProto& t : proto.graph().initializer()) {
    if (t.data_location() != onnx::TensorProto::EXTERNAL) continue;
    for (const onnx::StringStringEntryProto& kv : t.external_data()) {
      if (kv.key() != "location") continue;
      std::string file = (base / kv.value()).string();
      if (std::find(files.begin(), files.end(), file) == files.end()) files.push_back(std::move(file));
    }
  }
  return files;
}

}  // namespace nn2milp::frontend
