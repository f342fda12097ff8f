#include "tools/commands/compile.h"

#include <filesystem>
#include <iostream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "backends/lp_writer.h"
#include "backends/map_writer.h"
#include "backends/mps_writer.h"
#include "backends/name_table.h"
#include "backends/nl_writer.h"
#include "backends/number_format.h"
#include "backends/sink.h"
#include "frontend/importer.h"
#include "frontend/problem_reader.h"
#include "frontend/vnnlib.h"
#include "ir/base/status_macros.h"
#include "passes/encode_milp.h"
#include "passes/pass_manager.h"
#include "tools/commands/report_json.h"
#include "tools/report.h"

namespace nn2milp::tools {
namespace fs = std::filesystem;

void SetupCompile(CLI::App& app, CompileOptions& o) {
  app.add_option("model", o.model, "ONNX model file (external data next to it is loaded)");
  app.add_option("-o,--output", o.output,
                 "output file; the format follows the extension (.mps, .lp, .nl) unless --format");
  app.add_option("--format", o.format,
                 "output format: mps (free MPS), lp (CPLEX LP) or nl (AMPL .nl, plus <stem>.col and "
                 "<stem>.row with the names)")
      ->check(CLI::IsMember({"mps", "lp", "nl"}));
  app.add_flag("--nl-binary", o.nl_binary, "write the .nl file in binary form (format nl only)");
  app.add_flag("--nl-reduced", o.nl_reduced,
               "reduced space (format nl only): substitute smooth activations into the rows of the "
               "next layer instead of a variable and a row each");
  auto* input_bounds = app.add_option("--input-bounds", o.input_bounds,
                 "box on the inputs: LO:HI for every element (e.g. -1:1), or a file with one "
                 "'lo hi' line per element in flattened input order (lo == hi fixes an input)");
  app.add_option("--spec", o.spec,
                 "VNN-LIB property: its input box replaces --input-bounds, and the written model "
                 "is feasible exactly when the property is violated (a counterexample exists)")
      ->excludes(input_bounds);
  auto* max = app.add_option("--maximize", o.maximize,
                             "maximise flattened output element K (written as minimising -y_K)");
  auto* min = app.add_option("--minimize", o.minimize, "minimise flattened output element K");
  max->excludes(min);
  app.add_option("--map", o.map, "write a JSON map of input/output variable names to FILE");
  auto* pipeline = app.add_option("--passes", o.passes, "pass pipeline, comma separated")
                       ->default_str(*passes::BoundsPipeline("", false));
  app.add_option("--bounds", o.bounds,
                 "bound strength: ia (interval arithmetic), symbolic (+ back-substitution, the "
                 "default), lp (+ LP-based tightening with Clp, within --bound-time)")
      ->check(CLI::IsMember({"ia", "symbolic", "lp"}))
      ->excludes(pipeline);
  app.add_option("--bound-time", o.bound_time,
                 "wall-clock budget in seconds of the LP bound pass; when used up, the bounds "
                 "found so far are kept")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            double v = -1;
            return absl::SimpleAtod(text, &v) && v >= 0 ? "" : "must be a number of seconds >= 0";
          },
          "SECONDS"))
      ->default_val(10.0);
  app.add_flag("--exact-coefficients", o.exact_coefficients,
               "keep every weight, even float32 denormals and others too small to matter (by "
               "default they are removed and the resulting deviation bound is reported)");
  app.add_flag("--strip-softmax", o.strip_softmax,
               "treat a trailing Softmax/LogSoftmax (whose outputs are graph outputs) as the "
               "identity: the written outputs are then the logits (a warning says so)");
  app.add_option("--max-binaries", o.max_binaries,
                 "refuse to write a model with more than N binaries (a guard for build pipelines)");
  app.add_option("--max-rows", o.max_rows, "refuse to write a model with more than N rows");
  app.add_option("--report", o.report,
                 "write a JSON report to FILE: per ReLU layer the stable/unstable counts and big-M "
                 "min/median/max, pass timings, MILP size and numeric ranges, linear regions met");
  app.add_flag("-v,--verbose", o.verbose, "print notes, pass timings and encoding statistics");
}

namespace {

// The pipeline: --passes as given, or the bound passes named by --bounds (default symbolic),
// preceded by cleanup_coefficients unless --exact-coefficients.
absl::StatusOr<std::string> Pipeline(const CompileOptions& o) {
  if (!o.passes.empty()) return o.passes;
  return passes::BoundsPipeline(o.bounds, o.exact_coefficients);
}

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
  if (ext == ".nl") return std::string("nl");
  return absl::InvalidArgumentError(absl::StrCat(
      o.output, ": cannot tell the format from the extension; use .mps, .lp or .nl, or --format"));
}


// Pass timings (-v), the coefficient cleanup (always, when it removed anything) and the
// numeric ranges of the written model (-v; a warning when the coefficient range is wide).
void PrintPassReport(const std::vector<passes::PassRun>& runs, const ir::MilpModel& model,
                     bool verbose) {
  using backends::FormatDouble;
  for (const passes::PassRun& r : runs) {
    if (verbose) {
      std::cerr << "nn2milp: pass " << r.name << ": " << r.result.summary << " ("
                << FormatDouble(r.seconds) << " s)\n";
    }
    const auto removed = r.result.metrics.find("removed_weights");
    if (removed == r.result.metrics.end() || removed->second == 0) continue;
    const double deviation = r.result.metrics.at("max_output_deviation");
    if (deviation > 0) {
      std::cerr << "nn2milp: removed " << FormatDouble(removed->second)
                << " negligible weights; the written network differs from the ONNX network by at "
                   "most "
                << FormatDouble(deviation) << " at any output (--exact-coefficients keeps every weight)\n";
    } else if (verbose) {
      std::cerr << "nn2milp: removed " << FormatDouble(removed->second)
                << " weights of neurons that are 0 over the whole input box (exact)\n";
    }
  }
  const ir::MilpNumerics n = ir::AnalyzeNumerics(model);
  const double ratio = n.min_abs_coef > 0 ? n.max_abs_coef / n.min_abs_coef : 0;
  if (verbose) {
    std::cerr << "nn2milp: numerics: |coefficient| in [" << FormatDouble(n.min_abs_coef) << ", "
              << FormatDouble(n.max_abs_coef) << "], |rhs| <= " << FormatDouble(n.max_abs_rhs)
              << ", finite |bound| <= " << FormatDouble(n.max_abs_bound) << "\n";
  }
  if (ratio > 1e9) {
    std::cerr << "nn2milp: warning: the coefficients span " << FormatDouble(ratio)
              << " (from " << FormatDouble(n.min_abs_coef) << " to " << FormatDouble(n.max_abs_coef)
              << "); solvers may return inaccurate optima: check them with nn2milp eval\n";
  }
}

}  // namespace

absl::Status RunCompile(const CompileOptions& o) {
  if (o.model.empty()) return absl::InvalidArgumentError("no model given (nn2milp MODEL.onnx -o OUT.mps ...)");
  if (o.output.empty()) return absl::InvalidArgumentError("no output file given (-o OUT.mps or -o OUT.lp)");
  NN2MILP_ASSIGN_OR_RETURN(const std::string format, ChooseFormat(o));
  if (o.nl_reduced && format != "nl") {
    return absl::InvalidArgumentError("--nl-reduced needs the nl format (an .nl output or --format nl)");
  }
  if (o.nl_binary && format != "nl") {
    return absl::InvalidArgumentError("--nl-binary needs the nl format (an .nl output or --format nl)");
  }
  Diagnostics diag;
  NN2MILP_ASSIGN_OR_RETURN(
      ir::Network net,
      frontend::LoadNetwork(o.model, diag, {.strip_trailing_softmax = o.strip_softmax,
                                            .linear_only = format != "nl"}));

  ir::Problem problem;
  if (!o.spec.empty()) {
    NN2MILP_ASSIGN_OR_RETURN(const frontend::VnnlibProperty property, frontend::ReadVnnlibFile(o.spec));
    NN2MILP_RETURN_IF_ERROR(AnnotateStatus(
        frontend::ApplyVnnlib(property, net.num_input_elements(), net.num_output_elements(), problem),
        o.spec));
  } else {
    NN2MILP_ASSIGN_OR_RETURN(problem.input_box, ReadInputBox(o, net.num_input_elements()));
  }
  if (o.maximize) {
    problem.sense = ir::ObjectiveSense::kMaximize;
    problem.objective_output = *o.maximize;
  } else if (o.minimize) {
    problem.sense = ir::ObjectiveSense::kMinimize;
    problem.objective_output = *o.minimize;
  }
  NN2MILP_RETURN_IF_ERROR(ir::ValidateProblem(net, problem));

  passes::PassOptions pass_options;
  pass_options.bound_time_seconds = o.bound_time;
  NN2MILP_ASSIGN_OR_RETURN(const std::string pipeline, Pipeline(o));
  NN2MILP_ASSIGN_OR_RETURN(passes::PassManager pm, passes::PassManager::Parse(pipeline, pass_options));
  passes::PassContext ctx{problem, diag};
  NN2MILP_ASSIGN_OR_RETURN(std::vector<passes::PassRun> runs, pm.Run(net, ctx));
  absl::StatusOr<passes::Encoding> encoded = passes::EncodeMilp(net, problem, {.nl_reduced = o.nl_reduced});
  if (!encoded.ok()) return AnnotateStatus(encoded.status(), o.model);  // "model.onnx: element 0 of 'y': ..."
  passes::Encoding enc = *std::move(encoded);
  const ir::MilpModel& model = enc.model;
  if (o.max_binaries >= 0 && model.num_integer_vars() > o.max_binaries) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the model has ", model.num_integer_vars(), " binaries, more than --max-binaries ",
        o.max_binaries, " (tighter bounds, e.g. --bounds lp or a smaller input box, need fewer)"));
  }
  if (o.max_rows >= 0 && model.num_rows() > o.max_rows) {
    return absl::FailedPreconditionError(absl::StrCat("the model has ", model.num_rows(),
                                                      " rows, more than --max-rows ", o.max_rows));
  }
  const backends::NameTable names = backends::NameTable::Build(model, &diag);

  std::string comment = absl::StrCat("written by nn2milp from ", fs::path(o.model).filename().string(), "\n");
  if (!o.spec.empty()) {
    absl::StrAppend(&comment, "property ", fs::path(o.spec).filename().string(),
                    ": this model is feasible exactly when the property is violated (sat)\n");
  }
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
  std::unique_ptr<backends::AtomicFileSink> col_out, row_out;
  if (format == "mps") {
    NN2MILP_RETURN_IF_ERROR(backends::WriteMps(model, names, {.comment = comment}, *out));
  } else if (format == "lp") {
    NN2MILP_RETURN_IF_ERROR(backends::WriteLp(model, names, {.comment = comment}, *out));
  } else {
    // ASL readers look for <stub>.col and <stub>.row next to <stub>.nl.
    fs::path stub(o.output);
    if (absl::AsciiStrToLower(stub.extension().string()) == ".nl") stub.replace_extension();
    NN2MILP_ASSIGN_OR_RETURN(col_out, backends::AtomicFileSink::Open(stub.string() + ".col"));
    NN2MILP_ASSIGN_OR_RETURN(row_out, backends::AtomicFileSink::Open(stub.string() + ".row"));
    NN2MILP_RETURN_IF_ERROR(backends::WriteNl(
        model, names, {.binary = o.nl_binary, .problem_name = fs::path(o.model).stem().string()},
        *out, col_out.get(), row_out.get()));
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
      std::tie(spec.output_name, spec.index) = net.LocateOutput(problem.objective_output);
      spec.flat_index = problem.objective_output;
      spec.variable = enc.objective_var;
      spec.scale = enc.objective_scale;
    }
    NN2MILP_ASSIGN_OR_RETURN(map_out, backends::AtomicFileSink::Open(o.map));
    NN2MILP_RETURN_IF_ERROR(backends::WriteMapJson(spec, names, *map_out));
    NN2MILP_RETURN_IF_ERROR(map_out->Commit());
  }
  // The name files first and the .nl last, so a reader never sees a new .nl with old names.
  if (col_out) NN2MILP_RETURN_IF_ERROR(col_out->Commit());
  if (row_out) NN2MILP_RETURN_IF_ERROR(row_out->Commit());
  std::unique_ptr<backends::AtomicFileSink> report_out;
  if (!o.report.empty()) {
    NN2MILP_ASSIGN_OR_RETURN(report_out, backends::AtomicFileSink::Open(o.report));
    NN2MILP_RETURN_IF_ERROR(report_out->Write(ReportJson(net, problem, runs, model)));
    NN2MILP_RETURN_IF_ERROR(report_out->Commit());
  }
  NN2MILP_RETURN_IF_ERROR(out->Commit());

  PrintDiagnostics(diag, o.verbose);
  PrintPassReport(runs, model, o.verbose);
  if (o.verbose) PrintLayerSummary(ComputeLayerStats(net));
  const passes::EncodingStats& s = enc.stats;
  std::cerr << "nn2milp: wrote " << o.output << " (" << format << "): " << model.num_vars()
            << " variables (" << model.num_integer_vars() << " binary), " << model.num_rows()
            << " rows, " << model.num_nonzeros() << " nonzeros; ReLUs: " << s.relus << " ("
            << s.stable_active << " stable active, " << s.stable_inactive << " stable inactive, "
            << s.unstable << " unstable); largest big-M " << backends::FormatDouble(s.max_big_m);
  if (s.smooth > 0) {
    std::cerr << "; smooth activations: " << s.smooth << " (" << model.num_nonlinear_rows()
              << " nonlinear rows)";
  }
  std::cerr << "\n";
  if (!o.spec.empty()) {
    std::cerr << "nn2milp: property: " << s.spec_rows << " rows, " << s.spec_binaries
              << " binaries (" << s.spec_implied << " inequalities implied by the bounds, "
              << s.spec_dropped_disjuncts << " disjuncts impossible)"
              << (s.spec_infeasible_by_bounds
                      ? "; the bounds alone prove the property (unsat): the model is infeasible"
                      : "")
              << "\n";
  }
  return absl::OkStatus();
}

}  // namespace nn2milp::tools
