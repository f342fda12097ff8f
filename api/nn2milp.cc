// The public API over the layers: the same pipeline as tools/commands/compile.cc (load, validate
// the problem, bound passes, EncodeMilp, NameTable, writers), without the CLI's option parsing,
// file-based boxes, VNN-LIB properties and printing.
#include "nn2milp/nn2milp.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "backends/lp_writer.h"
#include "backends/map_writer.h"
#include "backends/mps_writer.h"
#include "backends/name_table.h"
#include "backends/nl_writer.h"
#include "backends/sink.h"
#include "frontend/importer.h"
#include "ir/base/diagnostics.h"
#include "ir/base/status_macros.h"
#include "ir/network.h"
#include "ir/problem.h"
#include "passes/encode_milp.h"
#include "passes/pass_manager.h"

namespace nn2milp {
namespace fs = std::filesystem;

namespace {

// The warning texts of `diag` (notes are left out), plus one line per throttled warning kind.
std::vector<std::string> Warnings(const Diagnostics& diag) {
  std::vector<std::string> out;
  std::set<std::string> warning_kinds;
  for (const Diagnostics::Message& m : diag.messages()) {
    if (m.severity != Diagnostics::Severity::kWarning) continue;
    out.push_back(m.text);
    warning_kinds.insert(m.kind);
  }
  for (const auto& [kind, count] : diag.suppressed()) {
    if (warning_kinds.contains(kind)) {
      out.push_back(absl::StrCat(count, " more '", kind, "' warnings not shown"));
    }
  }
  return out;
}

std::vector<PortInfo> Ports(const std::vector<ir::Port>& ports) {
  std::vector<PortInfo> out;
  for (const ir::Port& p : ports) {
    out.push_back({p.name, p.shape, static_cast<int64_t>(p.neurons.size())});
  }
  return out;
}

// `passes` as given, or the bound passes named by `bounds` (as the CLI's --passes / --bounds).
absl::StatusOr<std::string> Pipeline(const CompileOptions& o) {
  if (!o.passes.empty()) return o.passes;
  return passes::BoundsPipeline(o.bounds, o.exact_coefficients);
}

}  // namespace

const char* Version() { return NN2MILP_VERSION; }

// ---------------------------------------------------------------------------------------------
// Network

struct Network::Impl {
  ir::Network net;
  std::string path;
  std::vector<PortInfo> inputs;
  std::vector<PortInfo> outputs;
  std::vector<std::string> warnings;
};

Network::~Network() = default;
const std::vector<PortInfo>& Network::inputs() const { return impl_->inputs; }
const std::vector<PortInfo>& Network::outputs() const { return impl_->outputs; }
int64_t Network::num_input_elements() const { return impl_->net.num_input_elements(); }
int64_t Network::num_output_elements() const { return impl_->net.num_output_elements(); }
const std::string& Network::path() const { return impl_->path; }
const std::vector<std::string>& Network::warnings() const { return impl_->warnings; }

absl::StatusOr<Network> LoadNetwork(const std::string& onnx_path, const LoadOptions& options) {
  Diagnostics diag;
  NN2MILP_ASSIGN_OR_RETURN(
      ir::Network net,
      frontend::LoadNetwork(onnx_path, diag,
                            {.strip_trailing_softmax = options.strip_trailing_softmax,
                             .linear_only = !options.smooth_activations}));
  auto impl = std::make_shared<Network::Impl>();
  impl->inputs = Ports(net.inputs());
  impl->outputs = Ports(net.outputs());
  impl->net = std::move(net);
  impl->path = onnx_path;
  impl->warnings = Warnings(diag);
  return Network(std::move(impl));
}

// ---------------------------------------------------------------------------------------------
// CompiledModel

struct CompiledModel::Impl {
  std::string model_path;  // the ONNX file (for the file comments and the .nl problem name)
  ir::Problem problem;
  passes::Encoding enc;
  // Refers to enc.model, so Impl never moves (it lives behind a unique_ptr).
  backends::NameTable names;
  backends::MapSpec map;  // everything but the format
  CompileStats stats;
  std::vector<std::string> warnings;
  std::vector<std::string> input_names;
  std::vector<std::string> output_names;
  std::string objective_name;

  // The comment `nn2milp compile` puts at the top of MPS and LP files.
  std::string Comment() const {
    std::string comment =
        absl::StrCat("written by nn2milp from ", fs::path(model_path).filename().string(), "\n");
    if (problem.sense != ir::ObjectiveSense::kNone) {
      absl::StrAppend(
          &comment,
          "objective: ", problem.sense == ir::ObjectiveSense::kMaximize ? "maximize" : "minimize",
          " output element ", problem.objective_output, " (variable ", objective_name,
          "), written as minimize ", enc.objective_scale < 0 ? "-" : "+", objective_name, "\n");
      if (enc.objective_scale < 0) {
        comment += "the network's optimum is MINUS the solver's objective value\n";
      }
    }
    return comment;
  }
};

CompiledModel::CompiledModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledModel::CompiledModel(CompiledModel&&) noexcept = default;
CompiledModel& CompiledModel::operator=(CompiledModel&&) noexcept = default;
CompiledModel::~CompiledModel() = default;

const CompileStats& CompiledModel::stats() const { return impl_->stats; }
const std::vector<std::string>& CompiledModel::warnings() const { return impl_->warnings; }
const std::vector<std::string>& CompiledModel::input_variable_names() const {
  return impl_->input_names;
}
const std::vector<std::string>& CompiledModel::output_variable_names() const {
  return impl_->output_names;
}
const std::string& CompiledModel::objective_variable_name() const { return impl_->objective_name; }
double CompiledModel::objective_scale() const { return impl_->enc.objective_scale; }

absl::Status CompiledModel::WriteMps(const std::string& path) const {
  NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> out,
                           backends::AtomicFileSink::Open(path));
  NN2MILP_RETURN_IF_ERROR(
      backends::WriteMps(impl_->enc.model, impl_->names, {.comment = impl_->Comment()}, *out));
  return out->Commit();
}

absl::Status CompiledModel::WriteLp(const std::string& path) const {
  NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> out,
                           backends::AtomicFileSink::Open(path));
  NN2MILP_RETURN_IF_ERROR(
      backends::WriteLp(impl_->enc.model, impl_->names, {.comment = impl_->Comment()}, *out));
  return out->Commit();
}

absl::Status CompiledModel::WriteNl(const std::string& path, bool binary) const {
  // ASL readers look for <stub>.col and <stub>.row next to <stub>.nl.
  fs::path stub(path);
  if (absl::AsciiStrToLower(stub.extension().string()) == ".nl") stub.replace_extension();
  NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> out,
                           backends::AtomicFileSink::Open(path));
  NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> col,
                           backends::AtomicFileSink::Open(stub.string() + ".col"));
  NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> row,
                           backends::AtomicFileSink::Open(stub.string() + ".row"));
  NN2MILP_RETURN_IF_ERROR(backends::WriteNl(
      impl_->enc.model, impl_->names,
      {.binary = binary, .problem_name = fs::path(impl_->model_path).stem().string()}, *out,
      col.get(), row.get()));
  // The name files first and the .nl last, so a reader never sees a new .nl with old names.
  NN2MILP_RETURN_IF_ERROR(col->Commit());
  NN2MILP_RETURN_IF_ERROR(row->Commit());
  return out->Commit();
}

absl::Status CompiledModel::WriteMap(const std::string& path, const std::string& format) const {
  if (format != "mps" && format != "lp" && format != "nl") {
    return absl::InvalidArgumentError(
        absl::StrCat("map format '", format, "': expected mps, lp or nl"));
  }
  backends::MapSpec spec = impl_->map;
  spec.format = format;
  NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> out,
                           backends::AtomicFileSink::Open(path));
  NN2MILP_RETURN_IF_ERROR(backends::WriteMapJson(spec, impl_->names, *out));
  return out->Commit();
}

// ---------------------------------------------------------------------------------------------
// Compile

absl::StatusOr<CompiledModel> Compile(const Network& network, const Problem& problem,
                                      const CompileOptions& options) {
  if (!std::isfinite(options.bound_time_seconds) || options.bound_time_seconds < 0) {
    return absl::InvalidArgumentError(
        "bound_time_seconds: must be a finite number of seconds >= 0");
  }
  NN2MILP_ASSIGN_OR_RETURN(const std::string pipeline, Pipeline(options));

  auto impl = std::make_unique<CompiledModel::Impl>();
  impl->model_path = network.impl_->path;
  ir::Problem& p = impl->problem;
  p.input_box.reserve(problem.input_box.size());
  for (const auto& [lo, hi] : problem.input_box) p.input_box.push_back({lo, hi});
  switch (problem.sense) {
    case Problem::kNone:
      p.sense = ir::ObjectiveSense::kNone;
      break;
    case Problem::kMinimize:
      p.sense = ir::ObjectiveSense::kMinimize;
      break;
    case Problem::kMaximize:
      p.sense = ir::ObjectiveSense::kMaximize;
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat("problem sense ",
                                                     static_cast<int>(problem.sense),
                                                     ": expected kNone, kMinimize or kMaximize"));
  }
  p.objective_output = problem.objective_output;
  ir::Network net = network.impl_->net;  // the passes annotate bounds in place
  NN2MILP_RETURN_IF_ERROR(ir::ValidateProblem(net, p));

  passes::PassOptions pass_options;
  pass_options.bound_time_seconds = options.bound_time_seconds;
  NN2MILP_ASSIGN_OR_RETURN(passes::PassManager pm,
                           passes::PassManager::Parse(pipeline, pass_options));
  Diagnostics diag;
  passes::PassContext ctx{p, diag};
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<passes::PassRun> runs, pm.Run(net, ctx));
  NN2MILP_ASSIGN_OR_RETURN(impl->enc, passes::EncodeMilp(net, p, {.nl_reduced = options.nl_reduced}));
  const ir::MilpModel& model = impl->enc.model;
  impl->names = backends::NameTable::Build(model, &diag);
  impl->warnings = Warnings(diag);

  CompileStats& s = impl->stats;
  const passes::EncodingStats& e = impl->enc.stats;
  s.variables = model.num_vars();
  s.binaries = model.num_integer_vars();
  s.rows = model.num_rows();
  s.nonzeros = model.num_nonzeros();
  s.relus = e.relus;
  s.stable_active = e.stable_active;
  s.stable_inactive = e.stable_inactive;
  s.unstable = e.unstable;
  s.max_big_m = e.max_big_m;
  for (const passes::PassRun& r : runs) {
    const auto removed = r.result.metrics.find("removed_weights");
    if (removed != r.result.metrics.end()) s.removed_weights += std::llround(removed->second);
    const auto deviation = r.result.metrics.find("max_output_deviation");
    if (deviation != r.result.metrics.end()) {
      s.max_output_deviation = std::max(s.max_output_deviation, deviation->second);
    }
  }

  backends::MapSpec& map = impl->map;
  const passes::Encoding& enc = impl->enc;
  for (size_t i = 0; i < net.inputs().size(); ++i) {
    map.inputs.emplace_back(net.inputs()[i].name, enc.input_vars[i]);
    for (ir::VarId v : enc.input_vars[i]) impl->input_names.push_back(impl->names.VarName(v));
  }
  for (size_t i = 0; i < net.outputs().size(); ++i) {
    map.outputs.emplace_back(net.outputs()[i].name, enc.output_vars[i]);
    for (ir::VarId v : enc.output_vars[i]) impl->output_names.push_back(impl->names.VarName(v));
  }
  if (p.sense != ir::ObjectiveSense::kNone) {
    map.has_objective = true;
    map.sense = p.sense == ir::ObjectiveSense::kMaximize ? "maximize" : "minimize";
    std::tie(map.output_name, map.index) = net.LocateOutput(p.objective_output);
    map.flat_index = p.objective_output;
    map.variable = enc.objective_var;
    map.scale = enc.objective_scale;
    impl->objective_name = impl->names.VarName(enc.objective_var);
  }
  return CompiledModel(std::move(impl));
}

}  // namespace nn2milp
