// Exit codes of the nn2milp executable (documented in the README and in --help).
#ifndef NN2MILP_TOOLS_EXIT_CODES_H_
#define NN2MILP_TOOLS_EXIT_CODES_H_

#include "absl/status/status.h"

namespace nn2milp::tools {

enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,      // a bug in nn2milp (Internal, or anything unexpected)
  kExitUsage = 2,         // bad command line
  kExitInvalidModel = 3,  // the model or an input file is malformed (InvalidArgument)
  kExitUnsupported = 4,   // valid ONNX that nn2milp does not support yet (Unimplemented)
  kExitIo = 5,            // a file cannot be read or written (NotFound, PermissionDenied, DataLoss)
  kExitPrecondition = 6,  // something the encoding needs is missing, e.g. input bounds
  kExitCheckFailed = 7,   // `check`: the solution does not match the network (Aborted)
};

inline int ExitCodeFor(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk: return kExitOk;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange: return kExitInvalidModel;
    case absl::StatusCode::kUnimplemented: return kExitUnsupported;
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kDataLoss: return kExitIo;
    case absl::StatusCode::kFailedPrecondition: return kExitPrecondition;
    case absl::StatusCode::kAborted: return kExitCheckFailed;
    default: return kExitInternal;
  }
}

}  // namespace nn2milp::tools

#endif  // NN2MILP_TOOLS_EXIT_CODES_H_
