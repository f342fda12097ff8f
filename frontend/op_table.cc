#include "frontend/op_table.h"

#include <algorithm>
#include <array>

#include "frontend/ops/ops.h"

namespace nn2milp::frontend {
namespace {

constexpr std::array kOps = {
    OpEntry{"Abs", &LowerAbs, "-", "2 relu(x) - x: one ReLU"},
    OpEntry{"Add", &LowerAdd, "-", "a + b, broadcast; both operands may be variable"},
    OpEntry{"AveragePool", &LowerAveragePool, "auto_pad, ceil_mode, count_include_pad, dilations (19+), kernel_shape, pads, strides", "affine: window sum / count (count_include_pad selects the count)"},
    OpEntry{"BatchNormalization", &LowerBatchNormalization, "epsilon, momentum, spatial (1), training_mode (0)", "affine per channel: scale / sqrt(var + eps) * (x - mean) + B; inference only"},
    OpEntry{"Cast", &LowerCast, "to, saturate (19+)", "constants: converted; variables: identity to float/double only"},
    OpEntry{"Clip", &LowerClip, "min, max (opsets < 11); constant min/max inputs", "lo + relu(x - lo) - relu(x - hi): at most two ReLUs, none on a side stable over the box"},
    OpEntry{"Concat", &LowerConcat, "axis", "moves elements; mixed constant/variable inputs"},
    OpEntry{"Constant", &LowerConstant, "value, value_float(s), value_int(s)", "constant"},
    OpEntry{"ConstantOfShape", &LowerConstantOfShape, "value", "constant; shape input constant"},
    OpEntry{"Conv", &LowerConv, "auto_pad, dilations, group, kernel_shape, pads, strides", "affine; W and B constant; 1-D/2-D/3-D, grouped and depthwise"},
    OpEntry{"ConvTranspose", &LowerConvTranspose, "auto_pad, dilations, group, kernel_shape, output_padding, output_shape, pads, strides", "affine; W and B constant; odd generated padding unsupported"},
    OpEntry{"Div", &LowerDiv, "-", "a / c, c constant and nonzero"},
    OpEntry{"Dropout", &LowerDropout, "ratio, seed", "identity (inference); training_mode must be false"},
    OpEntry{"Exp", &LowerExp, "-", ".nl only: y = exp(x), one smooth row y - exp(z) = 0"},
    OpEntry{"Expand", &LowerExpand, "-", "broadcast copy; shape constant"},
    OpEntry{"Flatten", &LowerFlatten, "axis", "reshape to 2-D"},
    OpEntry{"Gather", &LowerGather, "axis", "moves elements; indices constant (negative allowed)"},
    OpEntry{"Gemm", &LowerGemm, "alpha, beta, transA, transB", "affine; A or B constant; C optional"},
    OpEntry{"GlobalAveragePool", &LowerGlobalAveragePool, "-", "affine: mean over the spatial dims"},
    OpEntry{"GlobalMaxPool", &LowerGlobalMaxPool, "-", "tree of max(a, b) = b + relu(a - b)"},
    OpEntry{"Identity", &LowerIdentity, "-", "identity"},
    OpEntry{"LeakyRelu", &LowerLeakyRelu, "alpha", "alpha x + (1 - alpha) relu(x): one ReLU"},
    OpEntry{"Log", &LowerLog, "-", ".nl only: y = log(x), one smooth row; x > 0 over the box"},
    OpEntry{"LogSoftmax", &LowerLogSoftmax, "axis", ".nl only: -log(1 + sum_{j != i} exp(z_j - z_i)) over a constant axis; --strip-softmax drops a trailing one"},
    OpEntry{"MatMul", &LowerMatMul, "-", "affine; one operand constant; numpy broadcasting"},
    OpEntry{"Max", &LowerMax, "-", "max(a, b) = b + relu(a - b), variadic, broadcast"},
    OpEntry{"MaxPool", &LowerMaxPool, "auto_pad, ceil_mode, dilations, kernel_shape, pads, storage_order, strides", "tree of max(a, b) = b + relu(a - b) per window; Indices output unsupported"},
    OpEntry{"Min", &LowerMin, "-", "min(a, b) = a - relu(a - b), variadic, broadcast"},
    OpEntry{"Mul", &LowerMul, "-", "c * a, one operand constant"},
    OpEntry{"Neg", &LowerNeg, "-", "-x"},
    OpEntry{"PRelu", &LowerPRelu, "- (constant slope)", "s x + (1 - s) relu(x): one ReLU"},
    OpEntry{"Pad", &LowerPad, "mode (constant), pads, value; inputs pads, constant_value, axes (18+)", "moves elements; padding is constant; negative pads crop"},
    OpEntry{"ReduceMean", &LowerReduceMean, "axes, keepdims, noop_with_empty_axes", "affine: mean over constant axes"},
    OpEntry{"ReduceSum", &LowerReduceSum, "axes, keepdims, noop_with_empty_axes", "affine: sum over constant axes"},
    OpEntry{"Relu", &LowerRelu, "-", "big-M with the neuron's own bounds; no binary if stable"},
    OpEntry{"Reshape", &LowerReshape, "allowzero (0)", "reshape; constant shape with 0 and -1"},
    OpEntry{"Shape", &LowerShape, "start, end (15+)", "constant INT64 dims"},
    OpEntry{"Sigmoid", &LowerSigmoid, "-", ".nl only: y = 1 / (1 + exp(-x)), one smooth row"},
    OpEntry{"Slice", &LowerSlice, "starts, ends, axes (< 10); inputs starts, ends, axes, steps (10+)", "moves elements; constant starts/ends/axes/steps"},
    OpEntry{"Softmax", &LowerSoftmax, "axis", ".nl only: 1 / (1 + sum_{j != i} exp(z_j - z_i)) over a constant axis; --strip-softmax drops a trailing one"},
    OpEntry{"Softplus", &LowerSoftplus, "-", ".nl only: y = log(1 + exp(x)), one smooth row"},
    OpEntry{"Split", &LowerSplit, "axis, split (< 13), num_outputs (18+)", "moves elements; constant split sizes"},
    OpEntry{"Squeeze", &LowerSqueeze, "axes (< 13; input from 13)", "reshape"},
    OpEntry{"Sub", &LowerSub, "-", "a - b, broadcast; both operands may be variable"},
    OpEntry{"Sum", &LowerSum, "-", "x_1 + ... + x_k, broadcast; any operand may be variable"},
    OpEntry{"Tanh", &LowerTanh, "-", ".nl only: y = tanh(x), one smooth row"},
    OpEntry{"Transpose", &LowerTranspose, "perm", "moves elements"},
    OpEntry{"Unsqueeze", &LowerUnsqueeze, "axes (< 13; input from 13)", "reshape"},
};

}  // namespace

absl::Span<const OpEntry> OpTable() { return kOps; }

const OpEntry* FindOp(absl::string_view op_type) {
  auto it = std::lower_bound(kOps.begin(), kOps.end(), op_type,
                             [](const OpEntry& e, absl::string_view t) { return e.op_type < t; });
  return it != kOps.end() && it->op_type == op_type ? &*it : nullptr;
}

}  // namespace nn2milp::frontend
