// Status propagation helpers with the semantics of abseil's later ABSL_RETURN_IF_ERROR /
// ABSL_ASSIGN_OR_RETURN (absent from Debian's abseil 20220623), so moving to them is a rename.
#ifndef NN2MILP_IR_BASE_STATUS_MACROS_H_
#define NN2MILP_IR_BASE_STATUS_MACROS_H_

#include "absl/strings/string_view.h"
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace nn2milp {

// Returns `status` with `prefix: ` put in front of its message (same code). OK stays OK.
// Used to add context on the way up: "model.onnx: node 'fc1' (Gemm): <inner message>".
inline absl::Status AnnotateStatus(const absl::Status& status, absl::string_view prefix) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(prefix, ": ", status.message()));
}

}  // namespace nn2milp

#define NN2MILP_STATUS_CONCAT_INNER_(a, b) a##b
#define NN2MILP_STATUS_CONCAT_(a, b) NN2MILP_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status) and returns it from the enclosing function if not OK.
#define NN2MILP_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::absl::Status nn2milp_status_ = (expr);           \
    if (!nn2milp_status_.ok()) return nn2milp_status_; \
  } while (false)

// `NN2MILP_ASSIGN_OR_RETURN(T x, StatusOrExpr);` declares/assigns `x` from the value, or
// returns the error status from the enclosing function.
#define NN2MILP_ASSIGN_OR_RETURN(lhs, rexpr) \
  NN2MILP_ASSIGN_OR_RETURN_IMPL_(NN2MILP_STATUS_CONCAT_(nn2milp_statusor_, __LINE__), lhs, rexpr)

#define NN2MILP_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();   \
  lhs = std::move(statusor).value()

#endif  // NN2MILP_IR_BASE_STATUS_MACROS_H_
