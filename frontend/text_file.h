// Helpers shared by the text readers of frontend/ (MPS, LP): whole-file reading and located
// error messages "<file>:<line>:<column>: <message>" (1-based line and column).
#ifndef NN2MILP_FRONTEND_TEXT_FILE_H_
#define NN2MILP_FRONTEND_TEXT_FILE_H_

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace nn2milp::frontend {

// NotFound "<path>: cannot open file" when the file cannot be read.
inline absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open file"));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline absl::Status LocatedError(absl::StatusCode code, absl::string_view file, int line,
                                 int column, absl::string_view message) {
  return absl::Status(code, absl::StrCat(file, ":", line, ":", column, ": ", message));
}

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_TEXT_FILE_H_
