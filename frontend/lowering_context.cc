#include "frontend/lowering_context.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {

absl::StatusOr<Value*> LoweringContext::Input(const OnnxNode& node, int i) {
  if (!HasInput(node, i)) {
    return absl::InvalidArgumentError(absl::StrCat("input ", i, " is missing"));
  }
  Value* v = Find(node.input(i));
  if (v == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "input ", i, " ('", node.input(i),
        "') is not produced by an earlier node, an initializer or a graph input"));
  }
  return v;
}

absl::StatusOr<const Value*> LoweringContext::ConstantInput(const OnnxNode& node, int i,
                                                            absl::string_view what) {
  NN2MILP_ASSIGN_OR_RETURN(Value * v, Input(node, i));
  if (!v->is_constant) {
    return absl::UnimplementedError(absl::StrCat("input ", i, " (", what, ", '", node.input(i),
                                                 "') must be a constant, but it depends on the "
                                                 "network input"));
  }
  return v;
}

absl::Status LoweringContext::SetOutput(const OnnxNode& node, int i, Value value) {
  if (i >= node.output_size() || node.output(i).empty()) return absl::OkStatus();  // unused
  value.name = node.output(i);
  value.tensor = ir::TensorId();
  if (values_.count(value.name) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("output '", value.name, "' is already defined (tensor names must be unique)"));
  }
  values_.emplace(value.name, std::move(value));
  return absl::OkStatus();
}

void LoweringContext::Define(Value value) {
  std::string name = value.name;
  values_.insert_or_assign(std::move(name), std::move(value));
}

Value* LoweringContext::Find(const std::string& name) {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

const onnx::AttributeProto* LoweringContext::FindAttr(const OnnxNode& node,
                                                      absl::string_view name) const {
  for (const onnx::AttributeProto& a : node.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

absl::Status LoweringContext::CheckAttributes(const OnnxNode& node,
                                              std::initializer_list<absl::string_view> supported) {
  for (const onnx::AttributeProto& a : node.attribute()) {
    bool known = false;
    for (absl::string_view s : supported) known = known || a.name() == s;
    if (!known) {
      return absl::UnimplementedError(
          absl::StrCat("attribute '", a.name(), "' is not supported for ", node.op_type()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> LoweringContext::IntAttr(const OnnxNode& node, absl::string_view name,
                                                 int64_t fallback) {
  const onnx::AttributeProto* a = FindAttr(node, name);
  if (a == nullptr) return fallback;
  if (a->type() != onnx::AttributeProto::INT) {
    return absl::InvalidArgumentError(absl::StrCat("attribute '", name, "' must be an int"));
  }
  return a->i();
}

absl::StatusOr<double> LoweringContext::FloatAttr(const OnnxNode& node, absl::string_view name,
                                                  double fallback) {
  const onnx::AttributeProto* a = FindAttr(node, name);
  if (a == nullptr) return fallback;
  if (a->type() != onnx::AttributeProto::FLOAT) {
    return absl::InvalidArgumentError(absl::StrCat("attribute '", name, "' must be a float"));
  }
  if (!std::isfinite(a->f())) {
    return absl::InvalidArgumentError(absl::StrCat("attribute '", name, "' is not finite"));
  }
  return static_cast<double>(a->f());
}

ir::TensorId LoweringContext::TensorFor(Value& value) {
  if (!value.tensor.valid()) value.tensor = builder_.AddTensor(value.name, value.shape);
  return value.tensor;
}

absl::StatusOr<ir::NeuronId> LoweringContext::Materialize(Value& value, int64_t i) {
  if (value.is_constant) {
    // A constant that must exist as a neuron (a graph output): an affine neuron with no terms.
    std::vector<ir::Term> none;
    return builder_.AddAffine(TensorFor(value), i, none, value.constants[static_cast<size_t>(i)]);
  }
  LinExpr& e = value.exprs[static_cast<size_t>(i)];
  if (e.terms.size() == 1 && e.terms[0].coef == 1.0 && e.constant == 0.0) return e.terms[0].neuron;
  NN2MILP_ASSIGN_OR_RETURN(ir::NeuronId n,
                           builder_.AddAffine(TensorFor(value), i, e.terms, e.constant));
  std::vector<ir::Term>{{n, 1.0}}.swap(e.terms);  // also frees the long expression
  e.constant = 0;
  return n;
}

absl::Status LoweringContext::MaterializeComposite(Value& value) {
  if (value.is_constant) return absl::OkStatus();
  for (int64_t i = 0; i < value.num_elements(); ++i) {
    if (value.exprs[static_cast<size_t>(i)].terms.size() > 1) {
      NN2MILP_RETURN_IF_ERROR(Materialize(value, i).status());
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<LinExpr> LoweringContext::AddRelu(const LinExpr& z, ir::TensorId pre_tensor,
                                                 ir::TensorId relu_tensor, int64_t index) {
  if (z.is_constant()) return LinExpr{{}, std::max(0.0, z.constant)};
  ir::NeuronId pre;
  if (z.terms.size() == 1 && z.terms[0].coef == 1.0 && z.constant == 0.0) {
    pre = z.terms[0].neuron;
  } else {
    std::vector<ir::Term> terms = z.terms;
    NN2MILP_ASSIGN_OR_RETURN(pre, builder_.AddAffine(pre_tensor, index, terms, z.constant));
  }
  return LinExpr{{{builder_.AddRelu(relu_tensor, index, pre), 1.0}}, 0.0};
}

absl::Status LoweringContext::RequireSmoothAllowed(const OnnxNode& node, absl::string_view hint) const {
  if (!linear_only_) return absl::OkStatus();
  return absl::UnimplementedError(absl::StrCat(
      "'", node.op_type(), "' is not piecewise-linear, so MPS and LP files cannot hold it; write "
      "AMPL .nl instead (-o model.nl), which carries it exactly", hint));
}

ir::TensorId LoweringContext::NewTensor(absl::string_view onnx_name, absl::string_view suffix,
                                        const std::vector<int64_t>& shape) {
  return builder_.AddTensor(suffix.empty() ? std::string(onnx_name) : absl::StrCat(onnx_name, ".", suffix),
                            shape);
}

namespace {

template <typename T>
void ReadRaw(const std::string& raw, std::vector<double>& out) {
  const size_t n = raw.size() / sizeof(T);
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));  // ONNX raw data is little-endian
    out[i] = static_cast<double>(v);
  }
}

double HalfToDouble(uint16_t h) {
  const int sign = (h >> 15) & 1;
  const int exponent = (h >> 10) & 0x1f;
  const int mantissa = h & 0x3ff;
  double v;
  if (exponent == 0) {
    v = std::ldexp(mantissa, -24);
  } else if (exponent == 31) {
    v = mantissa == 0 ? INFINITY : NAN;
  } else {
    v = std::ldexp(mantissa + 1024, exponent - 25);
  }
  return sign ? -v : v;
}

}  // namespace

absl::StatusOr<Value> TensorToValue(const onnx::TensorProto& tensor) {
  Value v;
  v.name = tensor.name();
  v.shape.assign(tensor.dims().begin(), tensor.dims().end());
  const int64_t n = CheckedNumElements(v.shape);
  if (n < 0) {
    return absl::InvalidArgumentError(absl::StrCat("tensor '", tensor.name(),
                                                   "' has an invalid shape ", ShapeToString(v.shape)));
  }
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    return absl::InternalError(absl::StrCat("tensor '", tensor.name(), "': external data was not resolved"));
  }
  const bool raw = tensor.has_raw_data();
  const std::string& bytes = tensor.raw_data();
  using TP = onnx::TensorProto;
  size_t elem_size = 0;
  switch (tensor.data_type()) {
    case TP::FLOAT:
      elem_size = 4;
      if (raw) ReadRaw<float>(bytes, v.constants);
      else v.constants.assign(tensor.float_data().begin(), tensor.float_data().end());
      break;
    case TP::DOUBLE:
      elem_size = 8;
      if (raw) ReadRaw<double>(bytes, v.constants);
      else v.constants.assign(tensor.double_data().begin(), tensor.double_data().end());
      break;
    case TP::FLOAT16: {
      elem_size = 2;
      std::vector<double> bits;
      if (raw) ReadRaw<uint16_t>(bytes, bits);
      else bits.assign(tensor.int32_data().begin(), tensor.int32_data().end());
      v.constants.resize(bits.size());
      for (size_t i = 0; i < bits.size(); ++i) v.constants[i] = HalfToDouble(static_cast<uint16_t>(bits[i]));
      break;
    }
    case TP::INT64:
      elem_size = 8;
      v.is_integer = true;
      if (raw) ReadRaw<int64_t>(bytes, v.constants);
      else v.constants.assign(tensor.int64_data().begin(), tensor.int64_data().end());
      break;
    case TP::INT32:
    case TP::INT8:
    case TP::UINT8:
    case TP::BOOL:
      v.is_integer = true;
      if (tensor.data_type() == TP::INT32) {
        elem_size = 4;
        if (raw) ReadRaw<int32_t>(bytes, v.constants);
      } else if (tensor.data_type() == TP::INT8) {
        elem_size = 1;
        if (raw) ReadRaw<int8_t>(bytes, v.constants);
      } else {
        elem_size = 1;
        if (raw) ReadRaw<uint8_t>(bytes, v.constants);
      }
      if (!raw) v.constants.assign(tensor.int32_data().begin(), tensor.int32_data().end());
      break;
    default:
      return absl::UnimplementedError(absl::StrCat("tensor '", tensor.name(), "' has data type ",
                                                   TP::DataType_Name(static_cast<TP::DataType>(tensor.data_type())),
                                                   ", which is not supported"));
  }
  if (raw && bytes.size() != static_cast<size_t>(n) * elem_size) {
    return absl::InvalidArgumentError(absl::StrCat("tensor '", tensor.name(), "' has ", bytes.size(),
                                                   " bytes of data for shape ", ShapeToString(v.shape)));
  }
  if (static_cast<int64_t>(v.constants.size()) != n) {
    return absl::InvalidArgumentError(absl::StrCat("tensor '", tensor.name(), "' has ",
                                                   v.constants.size(), " elements for shape ",
                                                   ShapeToString(v.shape)));
  }
  return v;
}

absl::Status RequireFinite(const Value& value, absl::string_view what) {
  if (!value.is_constant) return absl::OkStatus();
  for (size_t i = 0; i < value.constants.size(); ++i) {
    if (!std::isfinite(value.constants[i])) {
      return absl::InvalidArgumentError(absl::StrCat(what, " ('", value.name, "') is ",
                                                     std::isnan(value.constants[i]) ? "NaN" : "infinite",
                                                     " at element ", i));
    }
  }
  return absl::OkStatus();
}

}  // namespace nn2milp::frontend
