// Smooth elementwise activations (no attributes unless stated), lowered to smooth neurons
// y = f(z) (ir/smooth.h) that only the AMPL .nl writer can carry:
//   Sigmoid (opsets 7-21)   y = 1 / (1 + exp(-x))
//   Tanh (opsets 7-21)      y = tanh(x)
//   Softplus (opsets 7-21)  y = log(1 + exp(x))
//   Exp (opsets 7-21)       y = exp(x)
//   Log (opsets 7-21)       y = log(x); the MILP encoder requires x > 0 over the input box
// Encoding (passes/encode_milp): a variable y and the nonlinear row  y - f(z) = 0, where z is x's
// affine expression materialised as one neuron (reused when it already is 1 * neuron). A constant
// element folds to f(c). With ImportOptions::linear_only (MPS/LP output) each of these ops is
// Unimplemented at its node, with a hint to write .nl.
#include <utility>

#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"
#include "ir/smooth.h"

namespace nn2milp::frontend {
namespace {

absl::Status LowerSmooth(const OnnxNode& node, LoweringContext& ctx, ir::SmoothFunction f) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_RETURN_IF_ERROR(ctx.RequireSmoothAllowed(node));
  return LowerElementwiseActivation(
      node, ctx, [f](double c) { return ir::ApplySmooth(f, c); },
      [&](ir::TensorId t, int64_t i, ir::NeuronId z) { return ctx.builder().AddSmooth(t, i, f, z); });
}

}  // namespace

absl::Status LowerSigmoid(const OnnxNode& node, LoweringContext& ctx) {
  return LowerSmooth(node, ctx, ir::SmoothFunction::kSigmoid);
}
absl::Status LowerTanh(const OnnxNode& node, LoweringContext& ctx) {
  return LowerSmooth(node, ctx, ir::SmoothFunction::kTanh);
}
absl::Status LowerSoftplus(const OnnxNode& node, LoweringContext& ctx) {
  return LowerSmooth(node, ctx, ir::SmoothFunction::kSoftplus);
}
absl::Status LowerExp(const OnnxNode& node, LoweringContext& ctx) {
  return LowerSmooth(node, ctx, ir::SmoothFunction::kExp);
}
absl::Status LowerLog(const OnnxNode& node, LoweringContext& ctx) {
  return LowerSmooth(node, ctx, ir::SmoothFunction::kLog);
}

}  // namespace nn2milp::frontend
