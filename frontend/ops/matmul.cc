// MatMul (opsets 1-21): Y = A @ B with numpy semantics (1-D operands are promoted to a row /
// column and the added dim is removed again; leading batch dims broadcast).
//
// Encoding: exactly linear when at most one operand depends on the network input:
//   Y[..., m, n] = sum_k A[..., m, k] * B[..., k, n]
// Each output element becomes an affine expression; a variable operand whose elements are
// composite expressions is materialised first, so the cost is one term per product.
// Both operands variable (a bilinear product) is Unimplemented.
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::StatusOr<Value> MatMulValues(const Value& a_in, const Value& b_in) {
  if (!a_in.is_constant && !b_in.is_constant) {
    return absl::UnimplementedError(
        "both operands depend on the network input (a bilinear product is not linear)");
  }
  if (a_in.shape.empty() || b_in.shape.empty()) {
    return absl::InvalidArgumentError("MatMul operands must have rank >= 1");
  }
  std::vector<int64_t> a_shape = a_in.shape, b_shape = b_in.shape;
  const bool a_vector = a_shape.size() == 1, b_vector = b_shape.size() == 1;
  if (a_vector) a_shape.insert(a_shape.begin(), 1);
  if (b_vector) b_shape.push_back(1);
  const int64_t m = a_shape[a_shape.size() - 2], k = a_shape.back();
  const int64_t k2 = b_shape[b_shape.size() - 2], n = b_shape.back();
  if (k != k2) {
    return absl::InvalidArgumentError(absl::StrCat("inner dimensions differ: A is ",
                                                   ShapeToString(a_in.shape), ", B is ",
                                                   ShapeToString(b_in.shape)));
  }
  const std::vector<int64_t> a_batch(a_shape.begin(), a_shape.end() - 2);
  const std::vector<int64_t> b_batch(b_shape.begin(), b_shape.end() - 2);
  NN2MILP_ASSIGN_OR_RETURN(std::vector<int64_t> batch, BroadcastShapes(a_batch, b_batch));
  const int64_t num_batch = CheckedNumElements(batch);
  std::vector<int64_t> out_shape = batch;
  if (!a_vector) out_shape.push_back(m);
  if (!b_vector) out_shape.push_back(n);
  if (num_batch < 0 || CheckedNumElements(out_shape) < 0) {
    return absl::InvalidArgumentError("output shape is too large");
  }
  const BroadcastIndexer a_at(a_batch, batch), b_at(b_batch, batch);

  Value out;
  out.shape = out_shape;
  out.is_constant = a_in.is_constant && b_in.is_constant;
  const size_t total = static_cast<size_t>(num_batch * m * n);
  if (out.is_constant) {
    out.constants.assign(total, 0.0);
  } else {
    out.exprs.resize(total);
  }
  for (int64_t bi = 0; bi < num_batch; ++bi) {
    const int64_t a_base = a_at(bi) * m * k, b_base = b_at(bi) * k * n;
    for (int64_t row = 0; row < m; ++row) {
      for (int64_t col = 0; col < n; ++col) {
        const size_t o = static_cast<size_t>((bi * m + row) * n + col);
        if (out.is_constant) {
          double sum = 0;
          for (int64_t t = 0; t < k; ++t) {
            sum += a_in.constants[static_cast<size_t>(a_base + row * k + t)] *
                   b_in.constants[static_cast<size_t>(b_base + t * n + col)];
          }
          out.constants[o] = sum;
          continue;
        }
        LinExpr& e = out.exprs[o];
        for (int64_t t = 0; t < k; ++t) {
          const size_t ai = static_cast<size_t>(a_base + row * k + t);
          const size_t bi2 = static_cast<size_t>(b_base + t * n + col);
          if (a_in.is_constant) {
            const double c = a_in.constants[ai];
            if (c != 0.0) e.AddScaled(b_in.exprs[bi2], c);
          } else {
            const double c = b_in.constants[bi2];
            if (c != 0.0) e.AddScaled(a_in.exprs[ai], c);
          }
        }
        ir::CanonicalizeTerms(e.terms);
      }
    }
  }
  return out;
}

absl::Status LowerMatMul(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_ASSIGN_OR_RETURN(Value * a, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(Value * b, ctx.Input(node, 1));
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*a, "input 0 (A)"));
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*b, "input 1 (B)"));
  NN2MILP_RETURN_IF_ERROR(ctx.MaterializeComposite(*a));
  NN2MILP_RETURN_IF_ERROR(ctx.MaterializeComposite(*b));
  NN2MILP_ASSIGN_OR_RETURN(Value out, MatMulValues(*a, *b));
  return ctx.SetOutput(node, 0, std::move(out));
}

}  // namespace nn2milp::frontend
