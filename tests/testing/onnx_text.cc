#include "tests/testing/onnx_text.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/importer.h"
#include "frontend/onnx_loader.h"
#include "ir/base/status_macros.h"
#include "onnx/defs/parser.h"

namespace nn2milp::testing {

absl::StatusOr<onnx::ModelProto> ParseOnnxText(const char* text) {
  onnx::ModelProto model;
  const onnx::Common::Status s = onnx::OnnxParser::Parse(model, text);
  if (!s.IsOK()) return absl::InvalidArgumentError(absl::StrCat("ONNX text: ", s.ErrorMessage()));
  return model;
}

absl::StatusOr<ir::Network> NetworkFromModelProto(onnx::ModelProto proto, Diagnostics& diag) {
  NN2MILP_ASSIGN_OR_RETURN(frontend::LoadedModel model,
                           frontend::PrepareOnnxModel(std::move(proto), ".", diag));
  return frontend::ImportOnnx(model, diag);
}

absl::StatusOr<ir::Network> NetworkFromOnnxText(const char* text, Diagnostics& diag) {
  NN2MILP_ASSIGN_OR_RETURN(onnx::ModelProto proto, ParseOnnxText(text));
  return NetworkFromModelProto(std::move(proto), diag);
}

absl::StatusOr<ir::Network> NetworkFromOnnxText(const char* text) {
  Diagnostics diag;
  return NetworkFromOnnxText(text, diag);
}

}  // namespace nn2milp::testing
