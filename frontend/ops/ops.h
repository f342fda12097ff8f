// Declarations of every op lowering. Each is defined in its own file under frontend/ops/ and
// registered by one line in frontend/op_table.cc. The file comment of each defines the
// supported opsets and attributes, and the encoding.
#ifndef NN2MILP_FRONTEND_OPS_OPS_H_
#define NN2MILP_FRONTEND_OPS_OPS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "frontend/lowering_context.h"

namespace nn2milp::frontend {

absl::Status LowerAbs(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerClip(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerGlobalMaxPool(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerLeakyRelu(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerMax(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerMaxPool(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerMin(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerPRelu(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerAdd(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerAveragePool(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerBatchNormalization(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerCast(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerConcat(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerConstant(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerConstantOfShape(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerConv(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerConvTranspose(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerDiv(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerDropout(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerExpand(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerFlatten(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerGather(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerGemm(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerGlobalAveragePool(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerIdentity(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerMatMul(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerMul(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerNeg(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerPad(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerReduceMean(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerReduceSum(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerRelu(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerReshape(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerShape(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerSlice(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerSplit(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerSqueeze(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerSub(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerSum(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerTranspose(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerUnsqueeze(const OnnxNode& node, LoweringContext& ctx);
// Smooth activations (ops/smooth.cc, ops/softmax.cc): written only as AMPL .nl.
absl::Status LowerExp(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerLog(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerLogSoftmax(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerSigmoid(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerSoftmax(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerSoftplus(const OnnxNode& node, LoweringContext& ctx);
absl::Status LowerTanh(const OnnxNode& node, LoweringContext& ctx);

// Shared by MatMul and Gemm: numpy matmul of a and b (rank >= 1, batch dims broadcast) where at
// most one operand is variable. Unimplemented if both are variable (a bilinear product).
absl::StatusOr<Value> MatMulValues(const Value& a, const Value& b);

// Maxima of expressions as balanced trees of max(a, b) = b + relu(a - b) (ops/piecewise.cc).
// The ReLUs of one MaxTree are named "<onnx name>.max[_in]" with consecutive indices, in
// naming tensors of shape [comparisons]: the total number of pairwise maxima it will build
// (n - 1 for the maximum of n items).
class MaxTree {
 public:
  MaxTree(LoweringContext& ctx, absl::string_view onnx_name, int64_t comparisons);
  absl::StatusOr<LinExpr> Max(std::vector<LinExpr> items);

 private:
  LoweringContext& ctx_;
  ir::TensorId pre_, relu_;
  int64_t next_index_ = 0;
};

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_OPS_OPS_H_
