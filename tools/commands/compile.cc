#include "tools/commands/compile.h"

#include <filesystem>
#include <iostream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "backends/lp_writer.h"
#include "backends/map_writer.h"
#include "backends/mps_writer.h"
#include "backends/name_table.h"
#include "backends/number_format.h"
#include "backends/sink.h"
#include "frontend/importer.h"
#include "frontend/problem_reader.h"
#include "ir/base/status_macros.h"
#include "passes/encode_milp.h"
#include "passes/pass_manager.h"
#include "tools/report.h"

namespace nn2milp::tools {
namespace fs = std::filesystem;

void SetupCompile(CLI::App& app, CompileOptions& o) {
  app.add_option("model", o.model, "ONNX model file (external data next to it is loaded)");
  app.add_option("-o,--output", o.output,
                 "output file; the format follows the extension (.mps, .lp) unless --format");
  app.add_option("--format", o.format, "output format: mps (free MPS) or lp (CPLEX LP)")
      ->check(CLI::IsMember({"mps", "lp"}));
  app.add_option("--input-bounds", o.input_bounds,
                 "box on the inputs: LO:HI for every element (e.g. -1:1), or a file with one "
                 "'lo hi' line per element in flattened input order (lo == hi fixes an input)");
  auto* max = app.add_option("--maximize", o.maximize,
                             "maximise flattened output element K (written as minimising -y_K)");
  auto* min = app.add_option("--minimize", o.minimize, "minimise flattened output element K");
  max->excludes(min);
  app.add_option("--map", o.map, "write a JSON map of input/output variable names to FILE");
  app.add_option("--passes", o.passes, "pass pipeline, comma separated")
      ->default_str(std::string(passes::kDefaultPipeline));
  app.add_flag("-v,--verbose", o.verbose, "print notes, pass timings and encoding statistics");
}

namespace {

absl::StatusOr<std::vector<ir::Interval>> ReadInputBox(const CompileOptions& o, int64_t count) {
  if (o.input_bounds.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no input bounds: the big-M encoding needs a finite box on every input element (", count,
        " here); give --input-bounds LO:HI (e.g. --input-bounds=-1:1) or --input-bounds FILE "
        "with one 'lo hi' line per element"));
  }
  std::error_code ec;
  if (fs::is_regular_file(o.input_bounds, ec)) return frontend::ReadBoundsFile(o.input_bounds, count);
  if (o.input_bounds.find(':') == std::string::npos) {
    return absl::NotFoundError(absl::StrCat("--input-bounds ", o.input_bounds,
                                            ": no such file (and not of the form LO:HI)"));
  }
  NN2MILP_ASSIGN_OR_RETURN(ir::Interval all, frontend::ParseBoundsSpec(o.input_bounds));
  return std::vector<ir::Interval>(static_cast<size_t>(count), all);
}

absl::StatusOr<std::string> ChooseFormat(const CompileOptions& o) {
  if (!o.format.empty()) return o.format;
  std::string ext = absl::AsciiStrToLower(fs::path(o.output).extension().string());
  if (ext == ".mps") return std::string("mps");
  if (ext == ".lp") return std::string("lp");
  return absl::InvalidArgumentError(absl::StrCat(
      o.output, ": cannot tell the format from the extension; use .mps or .lp, or --format"));
}

// Where the objective element lives: (output name, index within it).
std::pair<std::string, int64_t> LocateOutput(const ir::Network& net, int64_t flat) {
  for (const ir::Port& p : net.outputs()) {
    if (flat < static_cast<int64_t>(p.neurons.size())) return {p.name, flat};
    flat -= static_cast<int64_t>(p.neurons.size());
  }
  return {"", 0};
}

}  // namespace

absl::Status RunCompile(const CompileOptions& o) {
  if (o.model.empty()) return absl::InvalidArgumentError("no model given (nn2milp MODEL.onnx -o OUT.mps ...)");
  if (o.output.empty()) return absl::InvalidArgumentError("no output file given (-o OUT.mps or -o OUT.lp)");
  NN2MILP_ASSIGN_OR_RETURN(const std::string format, ChooseFormat(o));
  Diagnostics diag;
  NN2MILP_ASSIGN_OR_RETURN(ir::Network net, frontend::LoadNetwork(o.model, diag));

  ir::Problem problem;
  NN2MILP_ASSIGN_OR_RETURN(problem.input_box, ReadInputBox(o, net.num_input_elements()));
  if (o.maximize) {
    problem.sense = ir::ObjectiveSense::kMaximize;
    problem.objective_output = *o.maximize;
  } else if (o.minimize) {
    problem.sense = ir::ObjectiveSense::kMinimize;
    problem.objective_output = *o.minimize;
  }
  NN2MILP_RETURN_IF_ERROR(ir::ValidateProblem(net, problem));

  NN2MILP_ASSIGN_OR_RETURN(passes::PassManager pm,
                           passes::PassManager::Parse(o.passes.empty() ? passes::kDefaultPipeline : o.passes));
  passes::PassContext ctx{problem, diag};
  NN2MILP_ASSIGN_OR_RETURN(std::vector<passes::PassRun> runs, pm.Run(net, ctx));
  NN2MILP_ASSIGN_OR_RETURN(passes::Encoding enc, passes::EncodeMilp(net, problem));
  const ir::MilpModel& model = enc.model;
  const backends::NameTable names = backends::NameTable::Build(model, &diag);

  std::string comment = absl::StrCat("written by nn2milp from ", fs::path(o.model).filename().string(), "\n");
  if (problem.sense != ir::ObjectiveSense::kNone) {
    absl::StrAppend(&comment, "objective: ",
                    problem.sense == ir::ObjectiveSense::kMaximize ? "maximize" : "minimize",
                    " output element ", problem.objective_output, " (variable ",
                    names.VarName(enc.objective_var), "), written as minimize ",
                    enc.objective_scale < 0 ? "-" : "+", names.VarName(enc.objective_var), "\n");
    if (enc.objective_scale < 0) comment += "the network's optimum is MINUS the solver's objective value\n";
  }

  NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> out,
                           backends::AtomicFileSink::Open(o.output));
  if (format == "mps") {
    NN2MILP_RETURN_IF_ERROR(backends::WriteMps(model, names, {.comment = comment}, *out));
  } else {
    NN2MILP_RETURN_IF_ERROR(backends::WriteLp(model, names, {.comment = comment}, *out));
  }

  std::unique_ptr<backends::AtomicFileSink> map_out;
  if (!o.map.empty()) {
    backends::MapSpec spec;
    spec.format = format;
    for (size_t p = 0; p < net.inputs().size(); ++p) spec.inputs.emplace_back(net.inputs()[p].name, enc.input_vars[p]);
    for (size_t p = 0; p < net.outputs().size(); ++p) spec.outputs.emplace_back(net.outputs()[p].name, enc.output_vars[p]);
    if (problem.sense != ir::ObjectiveSense::kNone) {
      spec.has_objective = true;
      spec.sense = problem.sense == ir::ObjectiveSense::kMaximize ? "maximize" : "minimize";
      std::tie(spec.output_name, spec.index) = LocateOutput(net, problem.objective_output);
      spec.flat_index = problem.objective_output;
      spec.variable = enc.objective_var;
      spec.scale = enc.objective_scale;
    }
    NN2MILP_ASSIGN_OR_RETURN(map_out, backends::AtomicFileSink::Open(o.map));
    NN2MILP_RETURN_IF_ERROR(backends::WriteMapJson(spec, names, *map_out));
    NN2MILP_RETURN_IF_ERROR(map_out->Commit());
  }
  NN2MILP_RETURN_IF_ERROR(out->Commit());

  PrintDiagnostics(diag, o.verbose);
  const passes::EncodingStats& s = enc.stats;
  if (o.verbose) {
    for (const passes::PassRun& r : runs) {
      std::cerr << "nn2milp: pass " << r.name << ": " << r.result.summary << " ("
                << backends::FormatDouble(r.seconds) << " s)\n";
    }
  }
  std::cerr << "nn2milp: wrote " << o.output << " (" << format << "): " << model.num_vars()
            << " variables (" << model.num_integer_vars() << " binary), " << model.num_rows()
            << " rows, " << model.num_nonzeros() << " nonzeros; ReLUs: " << s.relus << " ("
            << s.stable_active << " stable active, " << s.stable_inactive << " stable inactive, "
            << s.unstable << " unstable); largest big-M " << backends::FormatDouble(s.max_big_m)
            << "\n";
  return absl::OkStatus();
}

}  // namespace nn2milp::tools
