// Gemm (opsets 7-21): Y = alpha * A' @ B' + beta * C, with A' = transA ? A^T : A and
// B' = transB ? B^T : B (both 2-D), and C (optional from opset 11) broadcast
// unidirectionally to Y's shape [M, N].
// Attributes: alpha (default 1), beta (default 1), transA, transB (default 0).
//
// Encoding: exactly linear when A or B is constant (the usual case, B = weights):
//   Y[m, n] = beta * C[m, n] + sum_k (alpha * A'[m, k] * B'[k, n])
// The constant operand is scaled by alpha, so each coefficient is one product of the exported
// float32 weight (as an exact double) with alpha (exact when alpha = 1).
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

// Returns the transpose of a 2-D value.
Value Transpose2D(const Value& v) {
  const int64_t rows = v.shape[0], cols = v.shape[1];
  Value t = v;
  t.shape = {cols, rows};
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      const size_t from = static_cast<size_t>(r * cols + c), to = static_cast<size_t>(c * rows + r);
      if (v.is_constant) t.constants[to] = v.constants[from];
      else t.exprs[to] = v.exprs[from];
    }
  }
  return t;
}

}  // namespace

absl::Status LowerGemm(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"alpha", "beta", "transA", "transB"}));
  NN2MILP_ASSIGN_OR_RETURN(const double alpha, ctx.FloatAttr(node, "alpha", 1.0));
  NN2MILP_ASSIGN_OR_RETURN(const double beta, ctx.FloatAttr(node, "beta", 1.0));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t trans_a, ctx.IntAttr(node, "transA", 0));
  NN2MILP_ASSIGN_OR_RETURN(const int64_t trans_b, ctx.IntAttr(node, "transB", 0));
  NN2MILP_ASSIGN_OR_RETURN(Value * a_in, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(Value * b_in, ctx.Input(node, 1));
  if (a_in->shape.size() != 2 || b_in->shape.size() != 2) {
    return absl::InvalidArgumentError(absl::StrCat("A and B must be 2-D, got ",
                                                   ShapeToString(a_in->shape), " and ",
                                                   ShapeToString(b_in->shape)));
  }
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*a_in, "input 0 (A)"));
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*b_in, "input 1 (B)"));
  NN2MILP_RETURN_IF_ERROR(ctx.MaterializeComposite(*a_in));
  NN2MILP_RETURN_IF_ERROR(ctx.MaterializeComposite(*b_in));
  Value a = trans_a != 0 ? Transpose2D(*a_in) : *a_in;
  Value b = trans_b != 0 ? Transpose2D(*b_in) : *b_in;
  if (a.shape[1] != b.shape[0]) {
    return absl::InvalidArgumentError(
        absl::StrCat("inner dimensions differ: A' is ", ShapeToString(a.shape), ", B' is ",
                     ShapeToString(b.shape), " (transA=", trans_a, ", transB=", trans_b, ")"));
  }
  // Fold alpha into the constant operand.
  if (alpha != 1.0) {
    Value& scaled = b.is_constant ? b : a;
    if (scaled.is_constant) {
      for (double& c : scaled.constants) c *= alpha;
    } else {
      for (LinExpr& e : scaled.exprs) {
        for (ir::Term& t : e.terms) t.coef *= alpha;
        e.constant *= alpha;
      }
    }
  }
  NN2MILP_ASSIGN_OR_RETURN(Value y, MatMulValues(a, b));

  if (LoweringContext::HasInput(node, 2) && beta != 0.0) {
    NN2MILP_ASSIGN_OR_RETURN(Value * c, ctx.Input(node, 2));
    NN2MILP_RETURN_IF_ERROR(RequireFinite(*c, "input 2 (C)"));
    NN2MILP_ASSIGN_OR_RETURN(std::vector<int64_t> bshape, BroadcastShapes(c->shape, y.shape));
    if (bshape != y.shape) {
      return absl::InvalidArgumentError(absl::StrCat("C of shape ", ShapeToString(c->shape),
                                                     " does not broadcast to ",
                                                     ShapeToString(y.shape)));
    }
    const BroadcastIndexer c_at(c->shape, y.shape);
    if (!c->is_constant && y.is_constant) {
      y.is_constant = false;
      y.exprs.resize(y.constants.size());
      for (size_t i = 0; i < y.constants.size(); ++i) y.exprs[i].constant = y.constants[i];
      y.constants.clear();
    }
    for (int64_t i = 0; i < y.num_elements(); ++i) {
      const int64_t ci = c_at(i);
      if (y.is_constant) {
        y.constants[static_cast<size_t>(i)] += beta * c->constants[static_cast<size_t>(ci)];
      } else {
        LinExpr& e = y.exprs[static_cast<size_t>(i)];
        e.AddScaled(c->ExprAt(ci), beta);
        if (!c->is_constant) ir::CanonicalizeTerms(e.terms);
      }
    }
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
