// BatchNormalization in inference mode (opsets 7-21):
//   X [N, C, D1..Dr] (rank >= 2), scale, B, input_mean, input_var all [C] and constant
//   Y[n, c, ...] = scale[c] * (X[n, c, ...] - mean[c]) / sqrt(var[c] + epsilon) + B[c]
// Attributes: epsilon (default 1e-5), momentum (training only: no effect on inference),
// spatial (opsets 7-8; spatial=0, per-element statistics, is Unimplemented), training_mode
// (opset 14+; 1 is Unimplemented). The optional outputs running_mean/running_var (and the
// saved statistics of opsets 7-13) exist only in training: requesting them is Unimplemented.
//
// Encoding: an elementwise affine map y = a[c] * x + b[c] with a = scale / sqrt(var + eps) and
// b = B - a * mean, both computed in double (epsilon is the attribute's float32 value widened to
// double). Constant X is folded.
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::Status LowerBatchNormalization(const OnnxNode& node, LoweringContext& ctx) {
  if (ctx.opset() >= 14) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"epsilon", "momentum", "training_mode"}));
  } else if (ctx.opset() >= 9) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"epsilon", "momentum"}));
  } else {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"epsilon", "momentum", "spatial"}));
  }
  NN2MILP_ASSIGN_OR_RETURN(const int64_t training, ctx.IntAttr(node, "training_mode", 0));
  if (training != 0) return absl::UnimplementedError("training_mode=1 (batch statistics)");
  NN2MILP_ASSIGN_OR_RETURN(const int64_t spatial, ctx.IntAttr(node, "spatial", 1));
  if (spatial != 1) return absl::UnimplementedError("spatial=0 (per-element statistics)");
  for (int i = 1; i < node.output_size(); ++i) {
    if (!node.output(i).empty()) {
      return absl::UnimplementedError(
          absl::StrCat("output ", i, " ('", node.output(i), "') exists only in training mode"));
    }
  }
  NN2MILP_ASSIGN_OR_RETURN(const double epsilon, ctx.FloatAttr(node, "epsilon", 1e-5));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  if (x->shape.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("input 0 (X) must have rank >= 2, got shape ", ShapeToString(x->shape)));
  }
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*x, "input 0 (X)"));
  const int64_t channels = x->shape[1];
  const char* kNames[] = {"scale", "B", "input_mean", "input_var"};
  const Value* params[4];
  for (int i = 0; i < 4; ++i) {
    NN2MILP_ASSIGN_OR_RETURN(params[i], ctx.ConstantInput(node, i + 1, kNames[i]));
    NN2MILP_RETURN_IF_ERROR(RequireFinite(*params[i], absl::StrCat("input ", i + 1, " (", kNames[i], ")")));
    if (params[i]->shape != std::vector<int64_t>{channels}) {
      return absl::InvalidArgumentError(absl::StrCat("input ", i + 1, " (", kNames[i], ") has shape ",
                                                     ShapeToString(params[i]->shape), ", expected [",
                                                     channels, "]"));
    }
  }
  std::vector<double> a(static_cast<size_t>(channels)), b(static_cast<size_t>(channels));
  for (size_t c = 0; c < a.size(); ++c) {
    const double var = params[3]->constants[c] + epsilon;
    if (!(var > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("input_var + epsilon is not positive for channel ", c));
    }
    a[c] = params[0]->constants[c] / std::sqrt(var);
    b[c] = params[1]->constants[c] - a[c] * params[2]->constants[c];
  }
  int64_t inner = 1;
  for (size_t j = 2; j < x->shape.size(); ++j) inner *= x->shape[j];
  Value y = NewValue(x->shape, x->is_constant);
  for (int64_t i = 0; i < x->num_elements(); ++i) {
    const size_t c = static_cast<size_t>((i / inner) % channels);
    const size_t k = static_cast<size_t>(i);
    if (x->is_constant) {
      y.constants[k] = a[c] * x->constants[k] + b[c];
    } else {
      LinExpr& e = y.exprs[k];
      e.AddScaled(x->exprs[k], a[c]);
      e.constant += b[c];
      ir::CanonicalizeTerms(e.terms);
    }
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
