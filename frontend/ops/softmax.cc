// Softmax and LogSoftmax (opsets 7-21) over a constant axis.
//   opsets 13+: attribute axis (default -1); the function is applied along that one axis.
//   opsets < 13: attribute axis (default 1); the input is coerced to 2-D [prod(dims[:axis]),
//                prod(dims[axis:])] and the function is applied to each row.
// Encoding, for a group z_1 .. z_K, with smooth neurons (ir/smooth.h) only:
//   softmax_i    = 1 / s_i,    s_i = 1 + sum_{j != i} exp(z_j - z_i)
//   logsoftmax_i = -log(s_i)
// which is exactly exp(z_i) / sum_j exp(z_j) and never overflows where the usual form would
// (every exponent of the largest element is <= 0). Each difference z_j - z_i and each s_i is an
// affine neuron, each exp, reciprocal and log a smooth neuron: K (K - 1) exponentials per group
// (the z_i are first materialised as one neuron each, so a difference has two terms), so groups
// are limited to kMaxExponentials in total. Constant differences fold. Written only as .nl: with
// ImportOptions::linear_only the node is Unimplemented (the importer adds the --strip-softmax
// hint for a trailing softmax).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "frontend/ops/op_util.h"
#include "frontend/ops/ops.h"
#include "ir/base/status_macros.h"
#include "ir/smooth.h"

namespace nn2milp::frontend {
namespace {

constexpr int64_t kMaxExponentials = 1'000'000;

absl::Status LowerSoftmaxFamily(const OnnxNode& node, LoweringContext& ctx, bool log) {
  NN2MILP_RETURN_IF_ERROR(ctx.CheckAttributes(node, {"axis"}));
  NN2MILP_RETURN_IF_ERROR(ctx.RequireSmoothAllowed(node));
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  const int64_t rank = static_cast<int64_t>(x->shape.size());
  const bool per_axis = ctx.opset() >= 13;
  NN2MILP_ASSIGN_OR_RETURN(const int64_t raw_axis, ctx.IntAttr(node, "axis", per_axis ? -1 : 1));
  if (rank == 0) return absl::InvalidArgumentError("the input is a scalar (rank 0)");
  NN2MILP_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(raw_axis, rank));
  int64_t outer = 1, k = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t dim = x->shape[static_cast<size_t>(d)];
    if (d < axis) {
      outer *= dim;
    } else if (d == axis || !per_axis) {
      k *= dim;
    } else {
      inner *= dim;
    }
  }
  const int64_t exponentials = outer * inner * k * (k - 1);
  if (exponentials > kMaxExponentials) {
    return absl::UnimplementedError(absl::StrCat("a softmax over groups of ", k, " elements needs ",
                                                 exponentials, " exponentials (limit ",
                                                 kMaxExponentials, ")"));
  }
  const std::string& name = node.output(0);
  Value y;
  y.shape = x->shape;
  y.is_constant = x->is_constant;
  if (!x->is_constant) {
    NN2MILP_RETURN_IF_ERROR(ctx.MaterializeComposite(*x));
    y.name = name;
    y.exprs.resize(static_cast<size_t>(x->num_elements()));
  } else {
    y.constants.resize(x->constants.size());
  }
  ir::TensorId diff_t, exp_t, sum_t, out_t;
  if (!x->is_constant) {
    diff_t = ctx.NewTensor(name, "diff", {exponentials});
    exp_t = ctx.NewTensor(name, "exp", {exponentials});
    sum_t = ctx.NewTensor(name, "sum", y.shape);
    out_t = ctx.NewTensor(name, log ? "log" : "", y.shape);
  }
  ir::NetworkBuilder& b = ctx.builder();
  int64_t next_exp = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t in = 0; in < inner; ++in) {
      const auto element = [&](int64_t j) { return (o * k + j) * inner + in; };
      for (int64_t i = 0; i < k; ++i) {
        const LinExpr zi = x->ExprAt(element(i));
        LinExpr s{{}, 1.0};
        for (int64_t j = 0; j < k; ++j) {
          if (j == i) continue;
          LinExpr d = x->ExprAt(element(j));
          d.AddScaled(zi, -1.0);
          ir::CanonicalizeTerms(d.terms);
          if (d.is_constant()) {
            s.constant += ir::ApplySmooth(ir::SmoothFunction::kExp, d.constant);
            continue;
          }
          NN2MILP_ASSIGN_OR_RETURN(const ir::NeuronId dn, b.AddAffine(diff_t, next_exp, d.terms, d.constant));
          s.terms.push_back({b.AddSmooth(exp_t, next_exp, ir::SmoothFunction::kExp, dn), 1.0});
          ++next_exp;
        }
        const int64_t e = element(i);
        if (s.is_constant()) {
          const double v = log ? -ir::ApplySmooth(ir::SmoothFunction::kLog, s.constant)
                               : ir::ApplySmooth(ir::SmoothFunction::kReciprocal, s.constant);
          if (x->is_constant) {
            y.constants[static_cast<size_t>(e)] = v;
          } else {
            y.exprs[static_cast<size_t>(e)].constant = v;
          }
          continue;
        }
        NN2MILP_ASSIGN_OR_RETURN(const ir::NeuronId sn, b.AddAffine(sum_t, e, s.terms, s.constant));
        const ir::NeuronId yn = b.AddSmooth(
            out_t, e, log ? ir::SmoothFunction::kLog : ir::SmoothFunction::kReciprocal, sn);
        y.exprs[static_cast<size_t>(e)].terms.push_back({yn, log ? -1.0 : 1.0});
      }
    }
  }
  if (x->is_constant) NN2MILP_RETURN_IF_ERROR(RequireFinite(y, "the folded constant output"));
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace

absl::Status LowerSoftmax(const OnnxNode& node, LoweringContext& ctx) {
  return LowerSoftmaxFamily(node, ctx, /*log=*/false);
}
absl::Status LowerLogSoftmax(const OnnxNode& node, LoweringContext& ctx) {
  return LowerSoftmaxFamily(node, ctx, /*log=*/true);
}

}  // namespace nn2milp::frontend
