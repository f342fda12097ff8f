// Reads an ONNX file into a ModelProto, resolves external data, and runs the ONNX checker and
// shape inference. This is the ONLY place that catches exceptions thrown by ONNX or protobuf.
#ifndef NN2MILP_FRONTEND_ONNX_LOADER_H_
#define NN2MILP_FRONTEND_ONNX_LOADER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/base/diagnostics.h"
#include "onnx/onnx_pb.h"

namespace nn2milp::frontend {

// Supported opset range of the default ONNX domain.
inline constexpr int64_t kMinOpset = 7;
inline constexpr int64_t kMaxOpset = 21;

struct LoadedModel {
  onnx::ModelProto proto;
  int64_t opset = 0;  // version of the default domain
};

// "node 'fc1' (Gemm)", or "node #3 (Gemm, output 'y')" for an unnamed node: how every message
// about a node starts.
std::string NodeLabel(const onnx::NodeProto& node, int index);

// Loads `path`. Errors (messages do not repeat the path; the caller prefixes it):
//   NotFound / PermissionDenied   the file (or an external data file) cannot be read
//   InvalidArgument               not an ONNX protobuf, checker or shape inference failed,
//                                 external data outside the model's directory
//   Unimplemented                 a node of a non-default domain (named), opset outside [7, 21],
//                                 non-float
//                                 inputs, or a symbolic dim other than the leading batch dim
// A symbolic or missing leading dim of a graph input is fixed to 1 (noted in `diag`).
absl::StatusOr<LoadedModel> LoadOnnxModel(const std::string& path, Diagnostics& diag);

// Same checks for a model already in memory (tests build models from ONNX text).
// `base_dir` is where external data would be looked up.
absl::StatusOr<LoadedModel> PrepareOnnxModel(onnx::ModelProto proto, const std::string& base_dir,
                                             Diagnostics& diag);

// The files LoadOnnxModel(path) reads: `path` itself, then every distinct external data file
// of its initializers (the model's directory joined with the tensor's location), in order of
// first use. Only parses the protobuf (for build-system depfiles): NotFound / PermissionDenied /
// InvalidArgument as LoadOnnxModel for an unreadable or unparsable file; no other checks.
absl::StatusOr<std::vector<std::string>> ModelInputFiles(const std::string& path);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_ONNX_LOADER_H_
