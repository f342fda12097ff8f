#include "frontend/ops/op_util.h"

#include <cmath>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::StatusOr<std::vector<int64_t>> IntsAttr(const LoweringContext& ctx, const OnnxNode& node,
                                              absl::string_view name,
                                              std::vector<int64_t> fallback) {
  const onnx::AttributeProto* a = ctx.FindAttr(node, name);
  if (a == nullptr) return fallback;
  if (a->type() != onnx::AttributeProto::INTS) {
    return absl::InvalidArgumentError(absl::StrCat("attribute '", name, "' must be a list of ints"));
  }
  return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

absl::StatusOr<std::string> StringAttr(const LoweringContext& ctx, const OnnxNode& node,
                                       absl::string_view name, absl::string_view fallback) {
  const onnx::AttributeProto* a = ctx.FindAttr(node, name);
  if (a == nullptr) return std::string(fallback);
  if (a->type() != onnx::AttributeProto::STRING) {
    return absl::InvalidArgumentError(absl::StrCat("attribute '", name, "' must be a string"));
  }
  return a->s();
}

absl::StatusOr<std::vector<int64_t>> IntListInput(LoweringContext& ctx, const OnnxNode& node, int i,
                                                  absl::string_view what) {
  NN2MILP_ASSIGN_OR_RETURN(const Value* v, ctx.ConstantInput(node, i, what));
  if (v->shape.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("input ", i, " (", what, ") must be 1-D, got rank ", v->shape.size()));
  }
  std::vector<int64_t> out;
  out.reserve(v->constants.size());
  for (double c : v->constants) {
    if (!std::isfinite(c) || c != std::trunc(c)) {
      return absl::InvalidArgumentError(
          absl::StrCat("input ", i, " (", what, ") must hold integers"));
    }
    // int64 extremes (INT64_MAX is the usual "to the end" of Slice) do not survive the round
    // trip through double exactly: saturate.
    if (c >= 9.2e18) out.push_back(std::numeric_limits<int64_t>::max());
    else if (c <= -9.2e18) out.push_back(std::numeric_limits<int64_t>::min());
    else out.push_back(static_cast<int64_t>(c));
  }
  return out;
}

absl::StatusOr<int64_t> NormalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) {
    return absl::InvalidArgumentError(
        absl::StrCat("axis ", axis, " is out of range for rank ", rank));
  }
  return axis < 0 ? axis + rank : axis;
}

void NextIndex(std::vector<int64_t>& idx, const std::vector<int64_t>& dims) {
  for (size_t j = idx.size(); j-- > 0;) {
    if (++idx[j] < dims[j]) break;
    idx[j] = 0;
  }
}

std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
  return strides;
}

Value NewValue(std::vector<int64_t> shape, bool constant) {
  Value v;
  v.shape = std::move(shape);
  v.is_constant = constant;
  const size_t n = static_cast<size_t>(v.num_elements());
  if (constant) v.constants.assign(n, 0.0);
  else v.exprs.resize(n);
  return v;
}

Value SelectElements(const Value& x, std::vector<int64_t> shape, const std::vector<int64_t>& src,
                     double fill) {
  Value y = NewValue(std::move(shape), x.is_constant);
  y.is_integer = x.is_constant && x.is_integer;
  for (size_t k = 0; k < src.size(); ++k) {
    const int64_t s = src[k];
    if (x.is_constant) {
      y.constants[k] = s < 0 ? fill : x.constants[static_cast<size_t>(s)];
    } else if (s < 0) {
      y.exprs[k].constant = fill;
    } else {
      y.exprs[k] = x.exprs[static_cast<size_t>(s)];
    }
  }
  return y;
}

absl::Status LowerElementwiseActivation(
    const OnnxNode& node, LoweringContext& ctx, absl::FunctionRef<double(double)> fold,
    absl::FunctionRef<ir::NeuronId(ir::TensorId, int64_t, ir::NeuronId)> add) {
  NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
  Value y;
  y.shape = x->shape;
  y.is_constant = x->is_constant;
  if (x->is_constant) {
    y.constants = x->constants;
    for (double& c : y.constants) c = fold(c);
    NN2MILP_RETURN_IF_ERROR(RequireFinite(y, "the folded constant output"));
    return ctx.SetOutput(node, 0, std::move(y));
  }
  y.name = node.output(0);
  const ir::TensorId t = ctx.builder().AddTensor(y.name, y.shape);
  y.exprs.resize(x->exprs.size());
  for (int64_t i = 0; i < x->num_elements(); ++i) {
    LinExpr& out = y.exprs[static_cast<size_t>(i)];
    const LinExpr& in = x->exprs[static_cast<size_t>(i)];
    if (in.is_constant()) {
      out.constant = fold(in.constant);
      if (!std::isfinite(out.constant)) {
        return absl::InvalidArgumentError(absl::StrCat("the folded constant element ", i, " of '",
                                                       y.name, "' is not finite"));
      }
      continue;
    }
    NN2MILP_ASSIGN_OR_RETURN(ir::NeuronId z, ctx.Materialize(*x, i));
    out.terms.push_back({add(t, i, z), 1.0});
  }
  return ctx.SetOutput(node, 0, std::move(y));
}

}  // namespace nn2milp::frontend
