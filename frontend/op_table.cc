#include "frontend/op_table.h"

#include <algorithm>
#include <array>

#include "frontend/ops/ops.h"

namespace nn2milp::frontend {
namespace {

constexpr std::array kOps = {
    OpEntry{"Add", &LowerAdd, "-", "a + b, broadcast; both operands may be variable"},
    OpEntry{"Constant", &LowerConstant, "value, value_float(s), value_int(s)", "constant"},
    OpEntry{"Div", &LowerDiv, "-", "a / c, c constant and nonzero"},
    OpEntry{"Dropout", &LowerDropout, "ratio, seed", "identity (inference); training_mode must be false"},
    OpEntry{"Flatten", &LowerFlatten, "axis", "reshape to 2-D"},
    OpEntry{"Gemm", &LowerGemm, "alpha, beta, transA, transB", "affine; A or B constant; C optional"},
    OpEntry{"Identity", &LowerIdentity, "-", "identity"},
    OpEntry{"MatMul", &LowerMatMul, "-", "affine; one operand constant; numpy broadcasting"},
    OpEntry{"Mul", &LowerMul, "-", "c * a, one operand constant"},
    OpEntry{"Relu", &LowerRelu, "-", "big-M with the neuron's own bounds; no binary if stable"},
    OpEntry{"Reshape", &LowerReshape, "allowzero (0)", "reshape; constant shape with 0 and -1"},
    OpEntry{"Sub", &LowerSub, "-", "a - b, broadcast; both operands may be variable"},
};

}  // namespace

absl::Span<const OpEntry> OpTable() { return kOps; }

const OpEntry* FindOp(absl::string_view op_type) {
  auto it = std::lower_bound(kOps.begin(), kOps.end(), op_type,
                             [](const OpEntry& e, absl::string_view t) { return e.op_type < t; });
  return it != kOps.end() && it->op_type == op_type ? &*it : nullptr;
}

}  // namespace nn2milp::frontend
