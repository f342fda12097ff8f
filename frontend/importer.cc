#include "frontend/importer.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/broadcast.h"
#include "frontend/lowering_context.h"
#include "frontend/op_table.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

absl::Status DefineGraphInput(const onnx::ValueInfoProto& input, LoweringContext& ctx) {
  Value v;
  v.name = input.name();
  v.is_constant = false;
  for (const auto& dim : input.type().tensor_type().shape().dim()) v.shape.push_back(dim.dim_value());
  const int64_t n = CheckedNumElements(v.shape);
  if (n <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("graph input '", input.name(),
                                                   "' has an invalid shape ", ShapeToString(v.shape)));
  }
  v.tensor = ctx.builder().AddTensor(v.name, v.shape);
  ir::Port port{v.name, v.shape, {}};
  v.exprs.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const ir::NeuronId x = ctx.builder().AddInput(v.tensor, i);
    v.exprs[static_cast<size_t>(i)].terms.push_back({x, 1.0});
    port.neurons.push_back(x);
  }
  ctx.builder().AddInputPort(std::move(port));
  ctx.Define(std::move(v));
  return absl::OkStatus();
}

// A Softmax / LogSoftmax node whose every output is a graph output.
bool IsTrailingSoftmax(const onnx::GraphProto& graph, const onnx::NodeProto& node) {
  if (node.op_type() != "Softmax" && node.op_type() != "LogSoftmax") return false;
  for (const std::string& out : node.output()) {
    bool is_graph_output = false;
    for (const onnx::ValueInfoProto& g : graph.output()) is_graph_output = is_graph_output || g.name() == out;
    if (!is_graph_output) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<ir::Network> ImportOnnx(const LoadedModel& model, Diagnostics& diag,
                                       const ImportOptions& options) {
  const onnx::GraphProto& graph = model.proto.graph();
  LoweringContext ctx(model.opset, diag);
  ctx.set_linear_only(options.linear_only);

  absl::flat_hash_set<std::string> initializers;
  for (const onnx::TensorProto& t : graph.initializer()) {
    NN2MILP_ASSIGN_OR_RETURN(Value v, TensorToValue(t));
    initializers.insert(t.name());
    ctx.Define(std::move(v));
  }
  // Graph inputs that also have an initializer (IR < 4 style) are constants.
  for (const onnx::ValueInfoProto& in : graph.input()) {
    if (!initializers.contains(in.name())) NN2MILP_RETURN_IF_ERROR(DefineGraphInput(in, ctx));
  }
  if (ctx.builder().network().inputs().empty()) {
    return absl::InvalidArgumentError("the graph has no (non-constant) input");
  }

  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto& node = graph.node(i);
    const std::string label = NodeLabel(node, i);
    if (options.strip_trailing_softmax && IsTrailingSoftmax(graph, node)) {
      NN2MILP_ASSIGN_OR_RETURN(Value * x, ctx.Input(node, 0));
      diag.Warn("softmax", absl::StrCat(label, " is stripped (--strip-softmax): the outputs are the "
                                               "logits, not probabilities"));
      NN2MILP_RETURN_IF_ERROR(AnnotateStatus(ctx.SetOutput(node, 0, *x), label));
      continue;
    }
    const OpEntry* op = FindOp(node.op_type());
    if (options.linear_only && IsTrailingSoftmax(graph, node)) {
      return absl::UnimplementedError(absl::StrCat(
          label, ": a softmax is not piecewise-linear, so MPS and LP files cannot hold it; write "
                 "AMPL .nl instead (-o model.nl), or --strip-softmax to write the logits"));
    }
    if (op == nullptr) {
      return absl::UnimplementedError(absl::StrCat(
          label, ": op type '", node.op_type(),
          "' is not supported (see the table of supported ops in the README)"));
    }
    NN2MILP_RETURN_IF_ERROR(AnnotateStatus(op->lower(node, ctx), label));
  }

  for (const onnx::ValueInfoProto& out : graph.output()) {
    Value* v = ctx.Find(out.name());
    if (v == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("graph output '", out.name(), "' is not produced by any node"));
    }
    ir::Port port{out.name(), v->shape, {}};
    for (int64_t i = 0; i < v->num_elements(); ++i) {
      absl::StatusOr<ir::NeuronId> n = ctx.Materialize(*v, i);
      if (!n.ok()) return AnnotateStatus(n.status(), absl::StrCat("graph output '", out.name(), "'"));
      port.neurons.push_back(*n);
    }
    ctx.builder().AddOutputPort(std::move(port));
  }
  return std::move(ctx.builder()).Build();
}

absl::StatusOr<ir::Network> LoadNetwork(const std::string& path, Diagnostics& diag,
                                        const ImportOptions& options) {
  absl::StatusOr<LoadedModel> model = LoadOnnxModel(path, diag);
  if (!model.ok()) return AnnotateStatus(model.status(), path);
  absl::StatusOr<ir::Network> net = ImportOnnx(*model, diag, options);
  if (!net.ok()) return AnnotateStatus(net.status(), path);
  return net;
}

}  // namespace nn2milp::frontend
