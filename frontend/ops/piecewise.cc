// Piecewise-linear activations, each rewritten exactly as affine maps of ReLUs, so that they get
// the same bounds, stability analysis and big-M encoding as Relu (one binary per ReLU that is
// unstable over the input box, none otherwise):
//
//   LeakyRelu (opsets 6-21, alpha default 0.01):  y = alpha z + (1 - alpha) relu(z)
//   PRelu (opsets 7-21, slope s constant, broadcast to X):  y = s z + (1 - s) relu(z)
//     (z >= 0: s z + (1 - s) z = z; z < 0: s z.)
//   Abs (opsets 6-21):  y = 2 relu(z) - z
//   Clip (opsets 6-21; min/max attributes before opset 11, optional constant scalar inputs from
//     11; a missing side is unbounded):  y = lo + relu(z - lo) - relu(z - hi)  (lo <= hi),
//     y = lo + relu(z - lo) (no max), y = hi - relu(hi - z) (no min); min > max gives max,
//     as the spec says. A side whose ReLU is stable over the box costs no binary.
//   Max, Min (opsets 8-21, variadic, multidirectional broadcasting), folded left to right:
//     max(a, b) = b + relu(a - b),  min(a, b) = a - relu(a - b)
//     An input whose upper bound is below another's lower bound makes that ReLU stable.
// Constant inputs are folded.
#include <algorithm>
#include <functional>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

// out = a * x + b * relu(x + shift), elementwise, for a variable or constant x. `slope(i)` gives
// the coefficient a for element i (b = 1 - a) in the LeakyRelu / PRelu form.
struct ReluForm {
  double linear = 0;    // coefficient of x
  double relu = 1;      // coefficient of relu(x * sign + shift)
  double sign = 1;      // relu argument: sign * x + shift
  double shift = 0;
  double constant = 0;  // added to the result
};

absl::StatusOr<Value> ApplyReluForms(LoweringContext& ctx, const OnnxNode& node, const Value& x,
                                     const std::function<std::vector<ReluForm>(int64_t)>& forms,
                                     absl::string_view suffix) {
  Value y;
  y.shape = x.shape;
  y.is_constant = x.is_constant;
  const int64_t n = x.num_elements();
  if (x.is_constant) {
    y.constants.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      const double v = x.constants[static_cast<size_t>(i)];
      double out = 0;
      for (const ReluForm& f : forms(i)) {
        out += f.linear * v + f.relu * std::max(0.0, f.sign * v + f.shift) + f.constant;
      }
      y.constants[static_cast<size_t>(i)] = out;
    }
    return y;
  }
  std::vector<ir::TensorId> pre, relu;  // one naming pair per form index, created on first use
  y.exprs.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const LinExpr& z = x.exprs[static_cast<size_t>(i)];
    LinExpr& out = y.exprs[static_cast<size_t>(i)];
    const std::vector<ReluForm> fs = forms(i);
    for (size_t k = 0; k < fs.size(); ++k) {
      const ReluForm& f = fs[k];
      if (pre.size() <= k) {
        const std::string tag = fs.size() == 1 ? std::string(suffix) : absl::StrCat(suffix, k);
        pre.push_back(ctx.NewTensor(node.output(0), absl::StrCat(tag, "_in"), x.shape));
        relu.push_back(ctx.NewTensor(node.output(0), tag, x.shape));
      }
      out.AddScaled(z, f.linear);
      out.constant += f.constant;
      if (f.relu == 0.0) continue;
      LinExpr arg;
      arg.AddScaled(z, f.sign);
      arg.constant += f.shift;
      NN2MILP_ASSIGN_OR_RETURN(LinExpr r, ctx.AddRelu(arg, pre[k], relu[k], i));
      out.AddScaled(r, f.relu);
    }
    ir::CanonicalizeTerms(out.terms);
  }
  return y;
}

absl::Status LowerSlopeRelu(const OnnxNode& node, LoweringContext& ctx, const Value& x,
                            const std::function<double(int64_t)>& slope) {
  NN2MILP_ASSIGN_OR_RETURN(
      Value y, ApplyReluForms(ctx, node, x,
                              [&](int64_t i) {
                                const double s = slope(i);
                                return std::vector<ReluForm>{{.linear = s, .relu = 1 - s}};
                              },
                              "relu"));
  return ctx.SetOutput(node, 0, std::move(y));
}

// A side of Clip: absent (unbounded) or a value. (Not std::optional: g++ 12 reports a false
// maybe-uninitialized on it.)
struct Side {
  bool present = false;
  double value = 0;
};

// The constant scalar of optional input `i`. Absent, or the harmless infinity (`unbounded`:
// -inf for min, +inf for max), means no bound; the other infinity is kept.
absl::StatusOr<Side> OptionalScalar(const OnnxNode& node, LoweringContext& ctx, int i,
                                    absl::string_view what, double unbounded) {
  if (!LoweringContext::HasInput(node, i)) return Side{};
  NN2MILP_ASSIGN_OR_RETURN(const Value* v, ctx.ConstantInput(node, i, what));
  if (v->constants.size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat("input ", i, " (", what, ") must be a scalar"));
  }
  if (std::isnan(v->constants[0])) {
    return absl::InvalidArgumentError(absl::StrCat("input ", i, " (", what, ") is NaN"));
  }
  if (v->constants[0] == unbounded) return Side{};
  return Side{true, v->constants[0]};
}

absl::Status LowerMaxMin(const OnnxNode& node, LoweringContext& ctx, bool is_max) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  if (node.input_size() < 1) return absl::InvalidArgumentError("needs at least one input");
  NN2MILP_ASSIGN_OR_RETURN(Value * first, ctx.Input(node, 0));
  Value acc = *first;
  for (int k = 1; k < node.input_size(); ++k) {
    NN2MILP_ASSIGN_OR_RETURN(Value * b, ctx.Input(node, k));
    NN2MILP_RETURN_IF_ERROR(RequireFinite(acc, "an input"));
    NN2MILP_RETURN_IF_ERROR(RequireFinite(*b, absl::StrCat("input ", k)));
    NN2MILP_ASSIGN_OR_RETURN(std::vector<int64_t> shape, BroadcastShapes(acc.shape, b->shape));
    const BroadcastIndexer a_at(acc.shape, shape), b_at(b->shape, shape);
    const int64_t n = CheckedNumElements(shape);
    Value out;
    out.shape = shape;
    out.is_constant = acc.is_constant && b->is_constant;
    if (out.is_constant) {
      out.constants.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) {
        const double p = acc.constants[static_cast<size_t>(a_at(i))], q = b->constants[static_cast<size_t>(b_at(i))];
        out.constants[static_cast<size_t>(i)] = is_max ? std::max(p, q) : std::min(p, q);
      }
    } else {
      const std::string tag = absl::StrCat(is_max ? "max" : "min", k);
      const ir::TensorId pre = ctx.NewTensor(node.output(0), absl::StrCat(tag, "_in"), shape);
      const ir::TensorId relu = ctx.NewTensor(node.output(0), tag, shape);
      out.exprs.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) {
        const LinExpr a = acc.ExprAt(a_at(i)), c = b->ExprAt(b_at(i));
        LinExpr diff = a;  // a - b
        diff.AddScaled(c, -1.0);
        ir::CanonicalizeTerms(diff.terms);
        NN2MILP_ASSIGN_OR_RETURN(LinExpr r, ctx.AddRelu(diff, pre, relu, i));
        LinExpr& e = out.exprs[static_cast<size_t>(i)];
        e = is_max ? c : a;  // max = b + relu(a - b), min = a - relu(a - b)
        e.AddScaled(r, is_max ? 1.0 : -1.0);
        ir::CanonicalizeTerms(e.terms);
      }
    }
    acc = std::move(out);
  }
  return ctx.SetOutput(node, 0, std::move(acc));
}

}  // namespace

MaxTree::MaxTree(LoweringContext& ctx, absl::string_view onnx_name, int64_t comparisons)
    : ctx_(ctx),
      pre_(ctx.NewTensor(onnx_name, "max_in", {comparisons})),
      relu_(ctx.NewTensor(onnx_name, "max", {comparisons})) {}

absl::StatusOr<LinExpr> MaxTree::Max(std::vector<LinExpr> items) {
  if (items.empty()) return absl::InvalidArgumentError("maximum of no elements");
  while (items.size() > 1) {  // one level of pairwise maxima
    std::vector<LinExpr> next;
    for (size_t i = 0; i + 1 < items.size(); i += 2) {
      LinExpr diff = items[i];  // a - b
      diff.AddScaled(items[i + 1], -1.0);
      ir::CanonicalizeTerms(diff.terms);
      NN2MILP_ASSIGN_OR_RETURN(LinExpr r, ctx_.AddRelu(diff, pre_, relu_, next_index_++));
      LinExpr m = items[i + 1];  // max(a, b) = b + relu(a - b)
      m.AddScaled(r, 1.0);
      ir::CanonicalizeTerms(m.terms);
      next.push_back(std::move(m));
    }
    if (items.size() % 2 == 1) next.push_back(std::move(items.back()));
    items = std::move(next);
  }
  return std::move(items[0]);
}

absl::Status LowerLeakyRelu(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"alpha"}));
  // The default is the float attribute value 0.01f, as in the spec and onnxruntime.
  NN2MILP_ASSIGN_OR_RETURN(const double alpha, ctx.FloatAttr(node, "alpha", static_cast<double>(0.01f)));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  return LowerSlopeRelu(node, ctx, *x, [alpha](int64_t) { return alpha; });
}

absl::Status LowerPRelu(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(const Value* slope, ctx.ConstantInput(node, 1, "slope"));
  NN2MILP_RETURN_IF_ERROR(RequireFinite(*slope, "input 1 (slope)"));
  NN2MILP_ASSIGN_OR_RETURN(std::vector<int64_t> shape, BroadcastShapes(x->shape, slope->shape));
  if (shape != x->shape) {
    return absl::InvalidArgumentError(absl::StrCat("slope of shape ", ShapeToString(slope->shape),
                                                   " does not broadcast to X ", ShapeToString(x->shape)));
  }
  const BroadcastIndexer at(slope->shape, x->shape);
  return LowerSlopeRelu(node, ctx, *x, [&](int64_t i) { return slope->constants[static_cast<size_t>(at(i))]; });
}

absl::Status LowerAbs(const OnnxNode& node, LoweringContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  NN2MILP_ASSIGN_OR_RETURN(
      Value y, ApplyReluForms(ctx, node, *x,
                              [](int64_t) { return std::vector<ReluForm>{{.linear = -1, .relu = 2}}; },
                              "relu"));
  return ctx.SetOutput(node, 0, std::move(y));
}

absl::Status LowerClip(const OnnxNode& node, LoweringContext& ctx) {
  Side lo, hi;
  if (ctx.opset() < 11) {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"min", "max"}));
    // The spec's defaults are the float extremes: treat them as "no bound".
    constexpr double kFloatMax = std::numeric_limits<float>::max();
    NN2MILP_ASSIGN_OR_RETURN(const double a, ctx.FloatAttr(node, "min", -kFloatMax));
    NN2MILP_ASSIGN_OR_RETURN(const double b, ctx.FloatAttr(node, "max", kFloatMax));
    lo = {a > -kFloatMax, a};
    hi = {b < kFloatMax, b};
  } else {
    NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {}));
    constexpr double kInf = std::numeric_limits<double>::infinity();
    NN2MILP_ASSIGN_OR_RETURN(lo, OptionalScalar(node, ctx, 1, "min", -kInf));
    NN2MILP_ASSIGN_OR_RETURN(hi, OptionalScalar(node, ctx, 2, "max", kInf));
  }
  // min = +inf with a finite max is "min > max": every value becomes max (below). An infinite
  // result (max = -inf, or min = +inf with no max) cannot be a MILP value.
  if ((hi.present && std::isinf(hi.value)) || (lo.present && std::isinf(lo.value) && !hi.present)) {
    return absl::InvalidArgumentError("the bounds make every output infinite");
  }
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  std::vector<ReluForm> forms;
  if (lo.present && hi.present && lo.value > hi.value) {
    forms = {{.linear = 0, .relu = 0, .constant = hi.value}};  // every value becomes max
  } else if (lo.present && hi.present) {
    forms = {{.relu = 1, .shift = -lo.value, .constant = lo.value}, {.relu = -1, .shift = -hi.value}};
  } else if (lo.present) {
    forms = {{.relu = 1, .shift = -lo.value, .constant = lo.value}};
  } else if (hi.present) {
    forms = {{.relu = -1, .sign = -1, .shift = hi.value, .constant = hi.value}};
  } else {
    forms = {{.linear = 1, .relu = 0}};  // no bound: identity
  }
  NN2MILP_ASSIGN_OR_RETURN(Value y, ApplyReluForms(ctx, node, *x, [&](int64_t) { return forms; }, "clip"));
  return ctx.SetOutput(node, 0, std::move(y));
}

absl::Status LowerMax(const OnnxNode& node, LoweringContext& ctx) { return LowerMaxMin(node, ctx, true); }
absl::Status LowerMin(const OnnxNode& node, LoweringContext& ctx) { return LowerMaxMin(node, ctx, false); }

}  // namespace nn2milp::frontend
