#include "tools/depfile.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/sink.h"
#include "frontend/onnx_loader.h"
#include "ir/base/status_macros.h"

namespace nn2milp::tools {

absl::StatusOr<std::string> EscapeMakePath(absl::string_view path) {
  if (path.empty()) return absl::InvalidArgumentError("depfile: empty path");
  std::string out;
  size_t backslashes = 0;  // run of backslashes just before the current character
  for (const char c : path) {
    if (c == '\n' || c == '\r') {
      return absl::InvalidArgumentError(
          absl::StrCat("depfile: the path '", path, "' contains a line break (Make cannot name it)"));
    }
    if (c == ' ' || c == '\t') {
      out.append(backslashes, '\\');  // a backslash before a blank escapes itself
      out += '\\';
    } else if (c == '#') {
      out += '\\';
    } else if (c == '$') {
      out += '$';
    }
    out += c;
    backslashes = c == '\\' ? backslashes + 1 : 0;
  }
  return out;
}

absl::StatusOr<std::string> DepfileText(absl::string_view target, const std::vector<std::string>& deps) {
  NN2MILP_ASSIGN_OR_RETURN(std::string out, EscapeMakePath(target));
  out += ':';
  std::vector<absl::string_view> seen;
  for (const std::string& d : deps) {
    if (std::find(seen.begin(), seen.end(), d) != seen.end()) continue;
    seen.push_back(d);
    NN2MILP_ASSIGN_OR_RETURN(const std::string escaped, EscapeMakePath(d));
    absl::StrAppend(&out, " ", escaped);
  }
  out += '\n';
  return out;
}

absl::StatusOr<std::vector<std::string>> CompileInputFiles(const CompileOptions& o) {
  absl::StatusOr<std::vector<std::string>> model_files = frontend::ModelInputFiles(o.model);
  if (!model_files.ok()) return AnnotateStatus(model_files.status(), o.model);
  std::vector<std::string> files = *std::move(model_files);
  if (!o.spec.empty()) files.push_back(o.spec);
  if (!o.bounds_in.empty()) files.push_back(o.bounds_in);
  std::error_code ec;
  if (!o.input_bounds.empty() && std::filesystem::is_regular_file(o.input_bounds, ec)) {
    files.push_back(o.input_bounds);
  }
  return files;
}

absl::Status WriteCompileDepfile(const CompileOptions& o) {
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<std::string> files, CompileInputFiles(o));
  NN2MILP_ASSIGN_OR_RETURN(const std::string text, DepfileText(o.output, files));
  NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> out,
                           backends::AtomicFileSink::Open(o.depfile));
  NN2MILP_RETURN_IF_ERROR(out->Write(text));
  return out->Commit();
}

}  // namespace nn2milp::tools
