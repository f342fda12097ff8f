// Add, Sub, Mul, Div (opsets 7-21; multidirectional broadcasting, no attributes).
//
// Encoding, elementwise over the broadcast shape (a, b operands; c a constant):
//   Add:  a + b          any operands (a residual Add of two variable tensors stays linear)
//   Sub:  a - b          any operands
//   Mul:  c * b, a * c   at most one variable operand; otherwise Unimplemented (bilinear)
//   Div:  a / c          the divisor must be a constant with no zero element; dividing each
//                        coefficient by c keeps the result exact to one rounding per term
// Both operands constant: folded in double precision (integer-typed constants, such as shape
// arithmetic around Reshape, stay integer-valued; integer Div truncates toward zero).
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

enum class Op { kAdd, kSub, kMul, kDiv };

double Fold(Op op, double x, double y, bool integer) {
  switch (op) {
    case Op::kAdd: return x + y;
    case Op::kSub: return x - y;
    case Op::kMul: return x * y;
    case Op::kDiv: return integer ? std::trunc(x / y) : x / y;
  }
  return 0;
}

absl::Status LowerBinary(const OnnxNode& node, LoweringContext& ctx, Op op) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_ASSIGN_OR_RETURN(Value * a, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(Value * b, ctx.Input(node, 1));
  NN2MILP_ASSIGN_OR_RETURN(std::vector<int64_t> shape, BroadcastShapes(a->shape, b->shape));
  const int64_t n = CheckedNumElements(shape);
  if (n < 0) return absl::InvalidArgumentError("output shape is too large");
  const BroadcastIndexer a_at(a->shape, shape), b_at(b->shape, shape);

  Value out;
  out.shape = shape;
  out.is_constant = a->is_constant && b->is_constant;
  if (out.is_constant) {
    out.is_integer = a->is_integer && b->is_integer;
    out.constants.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      const double y = b->constants[static_cast<size_t>(b_at(i))];
      if (op == Op::kDiv && y == 0.0 && out.is_integer) {
        return absl::InvalidArgumentError("integer division by zero");
      }
      out.constants[static_cast<size_t>(i)] =
          Fold(op, a->constants[static_cast<size_t>(a_at(i))], y, out.is_integer);
    }
    return ctx.SetOutput(node, 0, std::move(out));
  }

  // At least one operand is variable: its constants must be finite.
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*a, "input 0 (A)"));
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*b, "input 1 (B)"));
  if ((op == Op::kMul || op == Op::kDiv) && !b->is_constant &&
      (op == Op::kDiv || !a->is_constant)) {
    return absl::UnimplementedError(
        op == Op::kMul ? "both operands depend on the network input (a product of variables is "
                         "not linear)"
                       : "the divisor depends on the network input (not linear)");
  }
  out.exprs.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    LinExpr& e = out.exprs[static_cast<size_t>(i)];
    const int64_t ai = a_at(i), bi = b_at(i);
    switch (op) {
      case Op::kAdd:
      case Op::kSub:
        e = a->ExprAt(ai);
        e.AddScaled(b->ExprAt(bi), op == Op::kAdd ? 1.0 : -1.0);
        if (!a->is_constant && !b->is_constant) ir::CanonicalizeTerms(e.terms);
        break;
      case Op::kMul: {
        const Value& var = a->is_constant ? *b : *a;
        const double c = (a->is_constant ? *a : *b).constants[static_cast<size_t>(a->is_constant ? ai : bi)];
        const LinExpr& x = var.exprs[static_cast<size_t>(a->is_constant ? bi : ai)];
        if (c != 0.0) e.AddScaled(x, c);
        break;
      }
      case Op::kDiv: {
        const double c = b->constants[static_cast<size_t>(bi)];
        if (c == 0.0) {
          return absl::InvalidArgumentError(
              absl::StrCat("division by zero: element ", bi, " of the divisor is 0"));
        }
        const LinExpr& x = a->exprs[static_cast<size_t>(ai)];
        for (const ir::Term& t : x.terms) e.terms.push_back({t.neuron, t.coef / c});
        e.constant = x.constant / c;
        break;
      }
    }
  }
  return ctx.SetOutput(node, 0, std::move(out));
}

}  // namespace

absl::Status LowerAdd(const OnnxNode& node, LoweringContext& ctx) { return LowerBinary(node, ctx, Op::kAdd); }
absl::Status LowerSub(const OnnxNode& node, LoweringContext& ctx) { return LowerBinary(node, ctx, Op::kSub); }
absl::Status LowerMul(const OnnxNode& node, LoweringContext& ctx) { return LowerBinary(node, ctx, Op::kMul); }
absl::Status LowerDiv(const OnnxNode& node, LoweringContext& ctx) { return LowerBinary(node, ctx, Op::kDiv); }

}  // namespace nn2milp::frontend
