// --depfile: a Make/Ninja dependency file naming every input file a compile read, so a build
// system re-runs nn2milp when any of them changes (CMake add_custom_command(DEPFILE), Ninja
// `depfile =`, Make `-include`). The format is GCC's -MD output:
//
//   out.mps: net.onnx net.onnx.data prop.vnnlib
//
// one target (the -o file), its prerequisites on the same line. Paths are written as given on
// the command line (external data files as the model's directory joined with their location),
// escaped the Make way: a space or tab as `\ ` / `\<tab>` (with the backslashes before it
// doubled), `#` as `\#`, `$` as `$$`. A path with a newline cannot be written: InvalidArgument.
#ifndef NN2MILP_TOOLS_DEPFILE_H_
#define NN2MILP_TOOLS_DEPFILE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/commands/compile.h"

namespace nn2milp::tools {

// `path` escaped for a Make rule; InvalidArgument if it contains a newline or is empty.
absl::StatusOr<std::string> EscapeMakePath(absl::string_view path);

// "target: dep1 dep2 ...\n" (duplicates removed, first occurrence kept).
absl::StatusOr<std::string> DepfileText(absl::string_view target, const std::vector<std::string>& deps);

// The input files of a compile with options `o`, in this order: the model and its external
// data files (frontend::ModelInputFiles), the --spec file, the --input-bounds file (when it
// names a regular file rather than LO:HI).
absl::StatusOr<std::vector<std::string>> CompileInputFiles(const CompileOptions& o);

// Writes DepfileText(o.output, CompileInputFiles(o)) to o.depfile atomically (no file on error).
absl::Status WriteCompileDepfile(const CompileOptions& o);

}  // namespace nn2milp::tools

#endif  // NN2MILP_TOOLS_DEPFILE_H_
