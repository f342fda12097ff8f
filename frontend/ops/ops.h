// Declarations of every op lowering. Each is defined in its own file under frontend/ops/ and
// registered by one line in frontend/op_table.cc. The file comment of each defines the
// supported opsets and attributes, and the encoding.
#ifndef NN2MILP_FRONTEND_OPS_OPS_H_
#define NN2MILP_FRONTEND_OPS_OPS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "frontend/lowering_context.h"

namespace nn2milp::frontend {

absl::Status LowerAdd(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerSub(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerMul(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerDiv(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerConstant(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerDropout(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerFlatten(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerGemm(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerIdentity(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerMatMul(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerRelu(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerReshape(const OnnxNode& node, LoweringContext& ctx);

// Shared by MatMul and Gemm: numpy matmul of a and b (rank >= 1, batch dims broadcast) where at
// most one operand is variable. Unimplemented if both are variable (a bilinear product).
absl::StatusOr<Value> MatMulValues(const Value& a, const Value& b);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_OPS_OPS_H_
