// The explicit table of supported ONNX ops: one line per op in op_table.cc.
#ifndef NN2MILP_FRONTEND_OP_TABLE_H_
#define NN2MILP_FRONTEND_OP_TABLE_H_

#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "frontend/lowering_context.h"

namespace nn2milp::frontend {

using LowerFn = absl::Status (*)(const OnnxNode&, LoweringContext&);

struct OpEntry {
  absl::string_view op_type;  // ONNX op type in the default domain
  LowerFn lower;
  absl::string_view attributes;  // supported attributes, for the README table
  absl::string_view encoding;    // one-line summary, for the README table
};

// All supported ops, sorted by op type.
absl::Span<const OpEntry> OpTable();
// The entry for `op_type`, or nullptr.
const OpEntry* FindOp(absl::string_view op_type);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_OP_TABLE_H_
