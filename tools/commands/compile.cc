#include "tools/commands/compile.h"

#include <filesystem>
#include <iostream>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "backends/bounds_writer.h"
#include "backends/lp_writer.h"
#include "backends/map_writer.h"
#include "backends/mps_writer.h"
#include "backends/name_table.h"
#include "backends/nl_writer.h"
#include "backends/number_format.h"
#include "backends/sink.h"
#include "frontend/bounds_json.h"
#include "frontend/importer.h"
#include "frontend/json.h"
#include "frontend/mps_reader.h"
#include "frontend/text_file.h"
#include "frontend/problem_reader.h"
#include "frontend/vnnlib.h"
#include "ir/base/status_macros.h"
#include "passes/embed_model.h"
#include "passes/encode_milp.h"
#include "passes/pass_manager.h"
#include "passes/solver_tolerance.h"
#include "tools/commands/report_json.h"
#include "tools/depfile.h"
#include "tools/report.h"
#include "tools/report_svg.h"

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
  app.add_option("--report-svg", o.report_svg,
                 "draw per ReLU layer the pre-activation widths and big-Ms (log scale) of interval "
                 "arithmetic and of each stronger bound level, and the stable/unstable split, as "
                 "an SVG image");
  app.add_option("--depfile", o.depfile,
                 "write a Make/Ninja depfile 'OUT: MODEL [external data] [SPEC] [--bounds-in FILE] [BOUNDS FILE]' "
                 "naming every input file read (for build systems)");
  app.add_option("--bounds-in", o.bounds_in,
                 "JSON file of neuron bounds computed elsewhere (schema as --bounds-out writes); "
                 "intersected with nn2milp's own bounds by the bounds_in pass after the bound passes");
  app.add_option("--bounds-out", o.bounds_out,
                 "write the final bounds of every pre-activation neuron (the input of a ReLU) to "
                 "FILE as JSON, keyed by ONNX tensor name and element index");
  app.add_option("--formulation", o.formulation,
                 "ReLU formulation: bigm (the default and only one); indicator is refused, because "
                 "no reader nn2milp is tested with reads LP indicator constraints correctly")
      ->check(CLI::IsMember({"bigm", "indicator"}));
  app.add_flag("-v,--verbose", o.verbose, "print notes, pass timings and encoding statistics");
  app.add_option("--embed", o.embed,
                 "existing model (.mps free/fixed, or CPLEX .lp) to embed the network(s) into: the "
                 "output has its variables and rows plus the network encoding");
  app.add_option("--link", o.links,
                 "identify a network element with a base variable: input:K=VAR or output:K=VAR "
                 "(K a flat index as for --maximize; NAME.input:K=VAR for a --net network); "
                 "repeatable");
  app.add_option("--links", o.links_file,
                 "JSON file of links: {\"input:0\": \"feed_rate\", \"net2.output:1\": \"yield\"}");
  app.add_option("--net", o.nets,
                 "NAME=MODEL.onnx: a further network to embed (with --embed); its variables are "
                 "prefixed NAME. and its links written NAME.input:K=VAR; repeatable");
  app.add_flag("--split-disjuncts", o.split_disjuncts,
               "with --spec: write one model per disjunct of the property's disjunction, "
               "OUT.<k>.<ext> (k from 0), each feasible exactly when that disjunct is reachable");
}

namespace {

// The pipeline: --passes as given, or the bound passes named by --bounds (default symbolic),
// preceded by cleanup_coefficients unless --exact-coefficients.
// With --bounds-in, bounds_in is appended unless the pipeline already names it.
absl::StatusOr<std::string> Pipeline(const CompileOptions& o) {
  std::string pipeline = o.passes;
  if (pipeline.empty()) {
    NN2MILP_ASSIGN_OR_RETURN(pipeline, passes::BoundsPipeline(o.bounds, o.exact_coefficients));
  }
  if (o.bounds_in.empty()) return pipeline;
  for (absl::string_view token : absl::StrSplit(pipeline, ',', absl::SkipWhitespace())) {
    NN2MILP_ASSIGN_OR_RETURN(const std::string name, passes::CanonicalPassName(token));
    if (name == "bounds_in") return pipeline;
  }
  return absl::StrCat(pipeline, ",bounds_in");
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
      const auto before = r.result.metrics.find("coefficient_span_before");
      const auto after = r.result.metrics.find("coefficient_span_after");
      if (before != r.result.metrics.end() && after != r.result.metrics.end()) {
        std::cerr << "nn2milp: pass " << r.name << ": coefficient span max/min |a| "
                  << FormatDouble(before->second) << " -> " << FormatDouble(after->second) << "\n";
      }
    }
    // Always said: what the given bounds did, and merged duplicates (they change the model).
    if (r.name == "bounds_in" && !verbose) std::cerr << "nn2milp: --bounds-in: " << r.result.summary << "\n";
    if (r.name == "merge_duplicates" && r.result.changed && !verbose) {
      std::cerr << "nn2milp: " << r.result.summary << "\n";
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

// A solver's answer may be off by more than this share of the output's range (bounds width)
// before compile warns (0.01%: below that, a warning on nearly every model would be noise).
constexpr double kToleranceWarnRelative = 1e-4;

// -v: the deviation bound of every default tolerance set; a warning with advice for those whose
// deviation exceeds kToleranceWarnRelative of the output's range.
void PrintToleranceReport(const std::vector<ToleranceRow>& rows, bool objective,
                          absl::string_view pipeline, bool verbose) {
  using backends::FormatDouble;
  std::vector<const ToleranceRow*> bad;
  for (const ToleranceRow& r : rows) {
    if (verbose) {
      std::cerr << "nn2milp: solver tolerances of " << r.tolerances.solver << " (integrality "
                << FormatDouble(r.tolerances.integrality) << ", feasibility "
                << FormatDouble(r.tolerances.feasibility) << "): "
                << (objective ? "the optimum" : "output " + std::to_string(r.output))
                << " may differ from the network at the solver's input by up to "
                << FormatDouble(r.deviation) << " (output range " << FormatDouble(r.output_range)
                << "; any output: " << FormatDouble(r.max_output_deviation) << ")\n";
    }
    if (r.deviation > kToleranceWarnRelative * r.output_range) bad.push_back(&r);
  }
  if (bad.empty()) return;
  std::string solvers;
  bool integrality = false, feasibility = false;
  for (const ToleranceRow* r : bad) {
    absl::StrAppend(&solvers, solvers.empty() ? "" : ", ", r->tolerances.solver, " ",
                    FormatDouble(r->deviation));
    (2 * r->integrality_part >= r->deviation ? integrality : feasibility) = true;
  }
  std::string advice;
  if (integrality) {
    if (!absl::StrContains(pipeline, "bounds_lp")) advice += "; --bounds lp shrinks the big-M values";
    advice +=
        "; set the solver's integrality tolerance to 1e-9 (cbc -integerTolerance 1e-9, HiGHS "
        "mip_feasibility_tolerance=1e-9, Gurobi IntFeasTol=1e-9)";
  }
  if (feasibility) {
    advice +=
        "; tighten the solver's feasibility tolerance (cbc -primalTolerance 1e-9, HiGHS "
        "mip_feasibility_tolerance=1e-9, Gurobi FeasibilityTol=1e-9)";
  }
  std::cerr << "nn2milp: warning: with default solver tolerances "
            << (objective ? "the optimum" : "an output")
            << " may differ from the network at the solver's input by more than "
            << FormatDouble(kToleranceWarnRelative) << " of the output's range (" << solvers << ")"
            << advice << "; nn2milp check re-evaluates a solution\n";
}

// Files written but not yet committed: all of them are committed only when every file of the
// run was written, so an error leaves no partial output. `first` (name files, maps, report)
// are committed before `last` (the model files), so a reader never sees a new model with old names.
struct PendingFiles {
  std::vector<std::unique_ptr<backends::AtomicFileSink>> first;
  std::vector<std::unique_ptr<backends::AtomicFileSink>> last;
  absl::Status CommitAll() {
    for (auto& f : first) NN2MILP_RETURN_IF_ERROR(f->Commit());
    for (auto& f : last) NN2MILP_RETURN_IF_ERROR(f->Commit());
    return absl::OkStatus();
  }
};

// Writes `model` to `output` in `format` (plus the .nl name files) and the map to `map` (if not
// empty), into `pending`.
absl::Status WriteModelFiles(const CompileOptions& o, const std::string& format, const std::string& output,
                             const std::string& map, const ir::MilpModel& model,
                             const backends::NameTable& names, const std::string& comment,
                             const backends::MapSpec* spec, PendingFiles& pending) {
  NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> out,
                           backends::AtomicFileSink::Open(output));
  if (format == "mps") {
    NN2MILP_RETURN_IF_ERROR(backends::WriteMps(model, names, {.comment = comment}, *out));
  } else if (format == "lp") {
    NN2MILP_RETURN_IF_ERROR(backends::WriteLp(model, names, {.comment = comment}, *out));
  } else {
    // ASL readers look for <stub>.col and <stub>.row next to <stub>.nl.
    fs::path stub(output);
    if (absl::AsciiStrToLower(stub.extension().string()) == ".nl") stub.replace_extension();
    NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> col_out,
                             backends::AtomicFileSink::Open(stub.string() + ".col"));
    NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> row_out,
                             backends::AtomicFileSink::Open(stub.string() + ".row"));
    const std::string problem_name =
        fs::path(o.model.empty() ? o.embed : o.model).stem().string();
    NN2MILP_RETURN_IF_ERROR(backends::WriteNl(model, names, {.binary = o.nl_binary, .problem_name = problem_name},
                                              *out, col_out.get(), row_out.get()));
    pending.first.push_back(std::move(col_out));
    pending.first.push_back(std::move(row_out));
  }
  if (!map.empty() && spec != nullptr) {
    NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> map_out,
                             backends::AtomicFileSink::Open(map));
    NN2MILP_RETURN_IF_ERROR(backends::WriteMapJson(*spec, names, *map_out));
    pending.first.push_back(std::move(map_out));
  }
  pending.last.push_back(std::move(out));
  return absl::OkStatus();
}

void AppendObjectiveComment(const ir::Problem& problem, ir::VarId var, double scale,
                            const backends::NameTable& names, std::string& comment) {
  if (problem.sense == ir::ObjectiveSense::kNone) return;
  absl::StrAppend(&comment, "objective: ",
                  problem.sense == ir::ObjectiveSense::kMaximize ? "maximize" : "minimize",
                  " output element ", problem.objective_output, " (variable ", names.VarName(var),
                  "), written as minimize ", scale < 0 ? "-" : "+", names.VarName(var), "\n");
  if (scale < 0) comment += "the network's optimum is MINUS the solver's objective value\n";
}

void AddPorts(const ir::Network& net, const std::vector<std::vector<ir::VarId>>& in,
              const std::vector<std::vector<ir::VarId>>& out,
              std::vector<std::pair<std::string, std::vector<ir::VarId>>>& in_spec,
              std::vector<std::pair<std::string, std::vector<ir::VarId>>>& out_spec) {
  for (size_t p = 0; p < net.inputs().size(); ++p) in_spec.emplace_back(net.inputs()[p].name, in[p]);
  for (size_t p = 0; p < net.outputs().size(); ++p) out_spec.emplace_back(net.outputs()[p].name, out[p]);
}

void SetNetworkObjective(const ir::Network& net, const ir::Problem& problem, ir::VarId var, double scale,
                         backends::MapSpec& spec) {
  if (problem.sense == ir::ObjectiveSense::kNone) return;
  spec.has_objective = true;
  spec.sense = problem.sense == ir::ObjectiveSense::kMaximize ? "maximize" : "minimize";
  std::tie(spec.output_name, spec.index) = net.LocateOutput(problem.objective_output);
  spec.flat_index = problem.objective_output;
  spec.variable = var;
  spec.scale = scale;
}

backends::MapSpec PlainMapSpec(const std::string& format, const ir::Network& net,
                               const ir::Problem& problem, const passes::Encoding& enc) {
  backends::MapSpec spec;
  spec.format = format;
  AddPorts(net, enc.input_vars, enc.output_vars, spec.inputs, spec.outputs);
  SetNetworkObjective(net, problem, enc.objective_var, enc.objective_scale, spec);
  return spec;
}

}  // namespace

absl::Status CheckGuards(const CompileOptions& o, const ir::MilpModel& model) {
  if (o.max_binaries >= 0 && model.num_integer_vars() > o.max_binaries) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the model has ", model.num_integer_vars(), " binaries, more than --max-binaries ",
        o.max_binaries, " (tighter bounds, e.g. --bounds lp or a smaller input box, need fewer)"));
  }
  if (o.max_rows >= 0 && model.num_rows() > o.max_rows) {
    return absl::FailedPreconditionError(absl::StrCat("the model has ", model.num_rows(),
                                                      " rows, more than --max-rows ", o.max_rows));
  }
  return absl::OkStatus();
}

void PrintWrote(const std::string& output, const std::string& format, const ir::MilpModel& model,
                const passes::EncodingStats& s) {
  std::cerr << "nn2milp: wrote " << output << " (" << format << "): " << model.num_vars()
            << " variables (" << model.num_integer_vars() << " binary), " << model.num_rows()
            << " rows, " << model.num_nonzeros() << " nonzeros; ReLUs: " << s.relus << " ("
            << s.stable_active << " stable active, " << s.stable_inactive << " stable inactive, "
            << s.unstable << " unstable); largest big-M " << backends::FormatDouble(s.max_big_m);
  if (s.smooth > 0) {
    std::cerr << "; smooth activations: " << s.smooth << " (" << model.num_nonlinear_rows()
              << " nonlinear rows)";
  }
  std::cerr << "\n";
}

// "out.mps" -> "out.<k>.mps" (the extension stays last, so the format and the solvers' own
// detection still work; a path without extension gets ".<k>").
std::string SplitPath(const std::string& path, size_t k) {
  fs::path p(path);
  const std::string ext = p.extension().string();
  p.replace_extension();
  return absl::StrCat(p.string(), ".", k, ext);
}

absl::Status RunEmbed(const CompileOptions& o);
absl::Status RunSplit(const CompileOptions& o, const std::string& format, ir::Network& net,
                      const ir::Problem& problem, const std::vector<passes::PassRun>& runs,
                      Diagnostics& diag);

absl::Status RunCompile(const CompileOptions& o) {
  if (o.formulation == "indicator") {
    // Measured (../shared/docs/formats.md, tests/e2e/formulation.cjs): CBC and SYMPHONY read
    // `d = 1 -> y - z = 0` silently wrong, GLPK and HiGHS reject it, lp_solve reads no CPLEX LP,
    // and MPS and .nl have no portable indicator syntax. Only CPLEX, Gurobi and SCIP read it.
    return absl::UnimplementedError(
        "--formulation indicator: not supported; indicator constraints exist only in CPLEX LP, and "
        "of the solvers nn2milp is tested with CBC and SYMPHONY misread them silently while GLPK "
        "and HiGHS reject them (use the default big-M formulation: each ReLU gets its own tight M)");
  }
  if (!o.embed.empty() || !o.nets.empty()) return RunEmbed(o);
  if (!o.links.empty() || !o.links_file.empty()) {
    return absl::InvalidArgumentError("--link and --links need --embed BASE.mps|BASE.lp");
  }
  if (o.split_disjuncts && o.spec.empty()) {
    return absl::InvalidArgumentError("--split-disjuncts needs --spec FILE.vnnlib");
  }
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
  if (!o.bounds_in.empty()) {
    NN2MILP_ASSIGN_OR_RETURN(ir::ExternalBounds given, frontend::ReadBoundsJson(o.bounds_in));
    pass_options.external_bounds = std::make_shared<const ir::ExternalBounds>(std::move(given));
  }
  NN2MILP_ASSIGN_OR_RETURN(const std::string pipeline, Pipeline(o));
  NN2MILP_ASSIGN_OR_RETURN(passes::PassManager pm, passes::PassManager::Parse(pipeline, pass_options));
  passes::PassContext ctx{problem, diag};
  NN2MILP_ASSIGN_OR_RETURN(std::vector<passes::PassRun> runs, pm.Run(net, ctx));
  std::unique_ptr<backends::AtomicFileSink> bounds_out;
  if (!o.bounds_out.empty()) {
    NN2MILP_ASSIGN_OR_RETURN(bounds_out, backends::AtomicFileSink::Open(o.bounds_out));
    NN2MILP_RETURN_IF_ERROR(
        bounds_out->Write(backends::BoundsJson(net, fs::path(o.model).filename().string())));
  }
  if (o.split_disjuncts) {
    // The depfile names one target; the split files are several (refused, not ignored).
    if (!o.depfile.empty()) return absl::UnimplementedError("--depfile is not supported with --split-disjuncts");
    NN2MILP_RETURN_IF_ERROR(RunSplit(o, format, net, problem, runs, diag));
    // The split files share the bounds computed once.
    return bounds_out ? bounds_out->Commit() : absl::OkStatus();
  }
  absl::StatusOr<passes::Encoding> encoded = passes::EncodeMilp(net, problem, {.nl_reduced = o.nl_reduced});
  if (!encoded.ok()) return AnnotateStatus(encoded.status(), o.model);  // "model.onnx: element 0 of 'y': ..."
  passes::Encoding enc = *std::move(encoded);
  const ir::MilpModel& model = enc.model;
  const std::vector<ToleranceRow> tolerances =
      ToleranceTable(net, problem, passes::AnalyzeSolverTolerance(net, enc));
  NN2MILP_RETURN_IF_ERROR(CheckGuards(o, model));
  const backends::NameTable names = backends::NameTable::Build(model, &diag);

  std::string comment = absl::StrCat("written by nn2milp from ", fs::path(o.model).filename().string(), "\n");
  if (!o.spec.empty()) {
    absl::StrAppend(&comment, "property ", fs::path(o.spec).filename().string(),
                    ": this model is feasible exactly when the property is violated (sat)\n");
  }
  AppendObjectiveComment(problem, enc.objective_var, enc.objective_scale, names, comment);
  backends::MapSpec spec = PlainMapSpec(format, net, problem, enc);
  PendingFiles pending;
  NN2MILP_RETURN_IF_ERROR(WriteModelFiles(o, format, o.output, o.map, model, names, comment, &spec, pending));
  std::unique_ptr<backends::AtomicFileSink> report_out;
  if (!o.report.empty()) {
    NN2MILP_ASSIGN_OR_RETURN(report_out, backends::AtomicFileSink::Open(o.report));
    NN2MILP_RETURN_IF_ERROR(report_out->Write(ReportJson(net, problem, runs, model, tolerances)));
    pending.first.push_back(std::move(report_out));
  }
  if (!o.report_svg.empty()) NN2MILP_RETURN_IF_ERROR(WriteReportSvg(o, problem, net));
  if (!o.depfile.empty()) NN2MILP_RETURN_IF_ERROR(WriteCompileDepfile(o));
  if (bounds_out) pending.first.push_back(std::move(bounds_out));
  NN2MILP_RETURN_IF_ERROR(pending.CommitAll());

  PrintDiagnostics(diag, o.verbose);
  PrintPassReport(runs, model, o.verbose);
  PrintToleranceReport(tolerances, problem.sense != ir::ObjectiveSense::kNone, pipeline, o.verbose);
  if (o.verbose) PrintLayerSummary(ComputeLayerStats(net));
  const passes::EncodingStats& s = enc.stats;
  PrintWrote(o.output, format, model, s);
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

// --split-disjuncts: the first disjunction of the property with at least two disjuncts is
// replaced, in file k, by the plain constraints of its disjunct k. Every file shares the box and
// the bounds computed once for it. Without such a disjunction, one file OUT.0.<ext> is written.
absl::Status RunSplit(const CompileOptions& o, const std::string& format, ir::Network& net,
                      const ir::Problem& problem, const std::vector<passes::PassRun>& runs,
                      Diagnostics& diag) {
  size_t which = problem.disjunctions.size();
  for (size_t d = 0; d < problem.disjunctions.size(); ++d) {
    if (problem.disjunctions[d].disjuncts.size() >= 2) {
      which = d;
      break;
    }
  }
  std::vector<ir::Problem> parts;
  if (which == problem.disjunctions.size()) {
    parts.push_back(problem);
  } else {
    for (const std::vector<ir::LinearInequality>& disjunct : problem.disjunctions[which].disjuncts) {
      ir::Problem p = problem;
      p.disjunctions.erase(p.disjunctions.begin() + static_cast<std::ptrdiff_t>(which));
      p.constraints.insert(p.constraints.end(), disjunct.begin(), disjunct.end());
      parts.push_back(std::move(p));
    }
  }
  PendingFiles pending;
  std::vector<passes::Encoding> encodings;
  std::vector<std::string> outputs;
  std::vector<backends::NameTable> tables;
  for (size_t k = 0; k < parts.size(); ++k) {
    NN2MILP_ASSIGN_OR_RETURN(passes::Encoding enc, passes::EncodeMilp(net, parts[k], {.nl_reduced = o.nl_reduced}));
    NN2MILP_RETURN_IF_ERROR(CheckGuards(o, enc.model));
    const backends::NameTable names = backends::NameTable::Build(enc.model, k == 0 ? &diag : nullptr);
    std::string comment = absl::StrCat("written by nn2milp from ", fs::path(o.model).filename().string(), "\n");
    absl::StrAppend(&comment, "property ", fs::path(o.spec).filename().string(), ", disjunct ", k, " of ",
                    parts.size(), ": this model is feasible exactly when that disjunct is reachable\n");
    AppendObjectiveComment(parts[k], enc.objective_var, enc.objective_scale, names, comment);
    backends::MapSpec spec = PlainMapSpec(format, net, parts[k], enc);
    outputs.push_back(SplitPath(o.output, k));
    NN2MILP_RETURN_IF_ERROR(WriteModelFiles(o, format, outputs.back(), o.map.empty() ? "" : SplitPath(o.map, k),
                                            enc.model, names, comment, &spec, pending));
    encodings.push_back(std::move(enc));
  }
  if (!o.report.empty()) {
    NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> report_out,
                             backends::AtomicFileSink::Open(o.report));
    NN2MILP_RETURN_IF_ERROR(report_out->Write(ReportJson(net, problem, runs, encodings[0].model)));
    pending.first.push_back(std::move(report_out));
  }
  if (!o.report_svg.empty()) NN2MILP_RETURN_IF_ERROR(WriteReportSvg(o, problem, net));
  NN2MILP_RETURN_IF_ERROR(pending.CommitAll());
  PrintDiagnostics(diag, o.verbose);
  PrintPassReport(runs, encodings[0].model, o.verbose);
  for (size_t k = 0; k < encodings.size(); ++k) {
    PrintWrote(outputs[k], format, encodings[k].model, encodings[k].stats);
    if (encodings[k].stats.spec_infeasible_by_bounds) {
      std::cerr << "nn2milp: disjunct " << k << ": the bounds alone show it is unreachable: the model is infeasible\n";
    }
  }
  std::cerr << "nn2milp: property split into " << encodings.size()
            << " files: it is violated (sat) exactly when at least one of them is feasible\n";
  return absl::OkStatus();
}

namespace {

// One parsed --link: network name ("" = the positional model), element, base variable name.
struct LinkSpec {
  std::string network;
  ir::ElementKind kind = ir::ElementKind::kInput;
  int64_t index = 0;
  std::string variable;
};

absl::StatusOr<LinkSpec> ParseLinkTarget(absl::string_view lhs, absl::string_view variable,
                                         absl::string_view where) {
  LinkSpec l;
  l.variable = std::string(variable);
  const size_t colon = lhs.rfind(':');
  if (colon == absl::string_view::npos || variable.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": expected [NAME.]input:K=VARIABLE or [NAME.]output:K=VARIABLE"));
  }
  absl::string_view head = lhs.substr(0, colon);
  const absl::string_view number = lhs.substr(colon + 1);
  absl::string_view kind = head;
  const size_t dot = head.rfind('.');
  if (dot != absl::string_view::npos) {
    l.network = std::string(head.substr(0, dot));
    kind = head.substr(dot + 1);
  }
  if (kind == "input") {
    l.kind = ir::ElementKind::kInput;
  } else if (kind == "output") {
    l.kind = ir::ElementKind::kOutput;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(where, ": expected 'input' or 'output' before ':', got '", kind, "'"));
  }
  if (!absl::SimpleAtoi(number, &l.index) || l.index < 0) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": '", number, "' is not an element index (a flat index >= 0)"));
  }
  return l;
}

absl::StatusOr<std::vector<LinkSpec>> ParseLinks(const CompileOptions& o) {
  std::vector<LinkSpec> out;
  for (const std::string& text : o.links) {
    const size_t eq = text.find('=');
    if (eq == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("--link ", text, ": expected [NAME.]input:K=VARIABLE"));
    }
    NN2MILP_ASSIGN_OR_RETURN(LinkSpec l, ParseLinkTarget(absl::string_view(text).substr(0, eq),
                                                         absl::string_view(text).substr(eq + 1),
                                                         absl::StrCat("--link ", text)));
    out.push_back(std::move(l));
  }
  if (!o.links_file.empty()) {
    NN2MILP_ASSIGN_OR_RETURN(const std::string text, frontend::ReadTextFile(o.links_file));
    absl::StatusOr<frontend::JsonValue> json = frontend::ParseJson(text);
    if (!json.ok()) return AnnotateStatus(json.status(), o.links_file);
    if (json->kind != frontend::JsonValue::Kind::kObject) {
      return absl::InvalidArgumentError(absl::StrCat(o.links_file, ": expected an object {\"input:0\": \"variable\", ...}"));
    }
    for (const auto& [key, value] : json->object) {
      if (value.kind != frontend::JsonValue::Kind::kString) {
        return absl::InvalidArgumentError(absl::StrCat(o.links_file, ": the value of '", key, "' must be a variable name (a string)"));
      }
      NN2MILP_ASSIGN_OR_RETURN(LinkSpec l, ParseLinkTarget(key, value.string, absl::StrCat(o.links_file, ": '", key, "'")));
      out.push_back(std::move(l));
    }
  }
  return out;
}

struct NetEntry {
  std::string name;  // "" for the positional model
  std::string path;
  ir::Network net;
  ir::Problem problem;
  std::vector<passes::PassRun> runs;
  passes::Encoding encoding;
  std::vector<passes::EmbedLink> links;
};

bool IsNetName(absl::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

absl::Status RunEmbed(const CompileOptions& o) {
  if (o.embed.empty()) return absl::InvalidArgumentError("--net needs --embed BASE.mps|BASE.lp");
  if (o.output.empty()) return absl::InvalidArgumentError("no output file given (-o OUT.mps or -o OUT.lp)");
  if (!o.spec.empty()) return absl::InvalidArgumentError("--spec cannot be combined with --embed");
  if (o.split_disjuncts) return absl::InvalidArgumentError("--split-disjuncts needs --spec, not --embed");
  // Not implemented for embedded models yet: refused rather than silently ignored.
  for (const auto& [given, option] : {std::pair{!o.report.empty(), "--report"},
                                      std::pair{!o.report_svg.empty(), "--report-svg"},
                                      std::pair{!o.depfile.empty(), "--depfile"},
                                      std::pair{!o.bounds_in.empty(), "--bounds-in"},
                                      std::pair{!o.bounds_out.empty(), "--bounds-out"}}) {
    if (given) return absl::UnimplementedError(absl::StrCat(option, " is not supported with --embed yet"));
  }
  NN2MILP_ASSIGN_OR_RETURN(const std::string format, ChooseFormat(o));
  if (o.nl_binary && format != "nl") {
    return absl::InvalidArgumentError("--nl-binary needs the nl format (an .nl output or --format nl)");
  }
  Diagnostics diag;
  NN2MILP_ASSIGN_OR_RETURN(const ir::LinearModel base, frontend::ReadModelFile(o.embed, diag));

  std::vector<NetEntry> nets;
  if (!o.model.empty()) nets.push_back({"", o.model, {}, {}, {}, {}, {}});
  for (const std::string& spec : o.nets) {
    const size_t eq = spec.find('=');
    const std::string name = spec.substr(0, std::min(eq, spec.size()));
    if (eq == std::string::npos || !IsNetName(name) || eq + 1 == spec.size()) {
      return absl::InvalidArgumentError(absl::StrCat("--net ", spec, ": expected NAME=MODEL.onnx with NAME of letters, digits and '_'"));
    }
    for (const NetEntry& e : nets) {
      if (e.name == name) return absl::InvalidArgumentError(absl::StrCat("--net ", spec, ": the name '", name, "' is used twice"));
    }
    nets.push_back({name, spec.substr(eq + 1), {}, {}, {}, {}, {}});
  }
  if (nets.empty()) return absl::InvalidArgumentError("no network given (a MODEL.onnx argument or --net NAME=MODEL.onnx)");
  auto label = [](const NetEntry& e) {
    return e.name.empty() ? e.path : absl::StrCat("network '", e.name, "' (", e.path, ")");
  };

  NN2MILP_ASSIGN_OR_RETURN(const std::vector<LinkSpec> links, ParseLinks(o));
  for (const LinkSpec& l : links) {
    NetEntry* target = nullptr;
    for (NetEntry& e : nets) {
      if (e.name == l.network) target = &e;
    }
    if (target == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "link to ", l.network.empty() ? "the positional model" : absl::StrCat("network '", l.network, "'"),
          ", which is not given", l.network.empty() ? " (with --net, write NAME.input:K=VARIABLE)" : " (--net NAME=MODEL.onnx)"));
    }
    const int32_t col = base.FindColumn(l.variable);
    if (col < 0) {
      return absl::InvalidArgumentError(absl::StrCat(o.embed, ": the base model has no variable '", l.variable,
                                                     "' (linked to ", l.kind == ir::ElementKind::kInput ? "input" : "output",
                                                     " ", l.index, ")"));
    }
    target->links.push_back({l.kind, l.index, col});
  }

  passes::PassOptions pass_options;
  pass_options.bound_time_seconds = o.bound_time;
  NN2MILP_ASSIGN_OR_RETURN(const std::string pipeline, Pipeline(o));
  NN2MILP_ASSIGN_OR_RETURN(passes::PassManager pm, passes::PassManager::Parse(pipeline, pass_options));
  const bool network_objective = o.maximize.has_value() || o.minimize.has_value();
  for (size_t k = 0; k < nets.size(); ++k) {
    NetEntry& e = nets[k];
    NN2MILP_ASSIGN_OR_RETURN(e.net, frontend::LoadNetwork(e.path, diag, {.strip_trailing_softmax = o.strip_softmax}));
    std::optional<std::vector<ir::Interval>> given;
    if (!o.input_bounds.empty()) {
      absl::StatusOr<std::vector<ir::Interval>> box = ReadInputBox(o, e.net.num_input_elements());
      if (!box.ok()) return AnnotateStatus(box.status(), label(e));
      given = *std::move(box);
    }
    NN2MILP_ASSIGN_OR_RETURN(e.problem.input_box, passes::LinkedInputBox(base, e.net, e.links, given, label(e)));
    if (k == 0 && o.maximize) {
      e.problem.sense = ir::ObjectiveSense::kMaximize;
      e.problem.objective_output = *o.maximize;
    } else if (k == 0 && o.minimize) {
      e.problem.sense = ir::ObjectiveSense::kMinimize;
      e.problem.objective_output = *o.minimize;
    }
    {
      const absl::Status valid = ir::ValidateProblem(e.net, e.problem);
      if (!valid.ok()) return AnnotateStatus(valid, label(e));
    }
    passes::PassContext ctx{e.problem, diag};
    NN2MILP_ASSIGN_OR_RETURN(e.runs, pm.Run(e.net, ctx));
    NN2MILP_ASSIGN_OR_RETURN(e.encoding, passes::EncodeMilp(e.net, e.problem));
  }
  std::vector<passes::EmbedNet> parts;
  for (const NetEntry& e : nets) parts.push_back({e.name, &e.net, &e.encoding, e.links});
  NN2MILP_ASSIGN_OR_RETURN(passes::EmbeddedModel em, passes::EmbedNetworks(base, parts, network_objective, diag, o.embed));
  const ir::MilpModel& model = em.model;
  NN2MILP_RETURN_IF_ERROR(CheckGuards(o, model));
  const backends::NameTable names = backends::NameTable::Build(model, &diag);

  std::string comment = absl::StrCat("written by nn2milp: ", fs::path(o.embed).filename().string(), " with ");
  for (size_t k = 0; k < nets.size(); ++k) {
    absl::StrAppend(&comment, k == 0 ? "" : ", ", nets[k].name.empty() ? "" : absl::StrCat(nets[k].name, "="),
                    fs::path(nets[k].path).filename().string());
  }
  comment += " embedded\n";
  if (network_objective) {
    AppendObjectiveComment(nets[0].problem, em.objective_var, em.objective_scale, names, comment);
  } else if (!base.objective.empty()) {
    absl::StrAppend(&comment, "objective: the base model's (", base.maximize ? "maximize" : "minimize", ")",
                    base.maximize ? ", written as minimize its negation: the optimum is MINUS the solver's objective value" : "",
                    "\n");
  }

  backends::MapSpec spec;
  spec.format = format;
  spec.base = o.embed;
  for (size_t k = 0; k < nets.size(); ++k) {
    if (nets[k].name.empty()) {
      AddPorts(nets[k].net, em.input_vars[k], em.output_vars[k], spec.inputs, spec.outputs);
    } else {
      backends::MapNetwork& mn = spec.networks.emplace_back();
      mn.name = nets[k].name;
      mn.model = nets[k].path;
      AddPorts(nets[k].net, em.input_vars[k], em.output_vars[k], mn.inputs, mn.outputs);
    }
    // The base column's variable: base columns are added first, in file order, skipping a
    // folded OBJCONST column.
    for (const passes::EmbedLink& l : nets[k].links) {
      backends::MapLink& ml = spec.links.emplace_back();
      ml.network = nets[k].name;
      ml.input = l.kind == ir::ElementKind::kInput;
      ml.index = l.index;
      std::vector<ir::VarId> flat;
      for (const auto& p : ml.input ? em.input_vars[k] : em.output_vars[k]) flat.insert(flat.end(), p.begin(), p.end());
      ml.network_variable = flat[static_cast<size_t>(l.index)];
      ml.base_variable = em.base_column_var[static_cast<size_t>(l.column)];
    }
  }
  if (network_objective) {
    SetNetworkObjective(nets[0].net, nets[0].problem, em.objective_var, em.objective_scale, spec);
    spec.objective_source = "network";
    spec.objective_network = nets[0].name;
  } else if (!base.objective.empty()) {
    spec.has_objective = true;
    spec.objective_source = "base";
    spec.sense = base.maximize ? "maximize" : "minimize";
    spec.scale = em.objective_scale;
  }
  PendingFiles pending;
  NN2MILP_RETURN_IF_ERROR(WriteModelFiles(o, format, o.output, o.map, model, names, comment, &spec, pending));
  NN2MILP_RETURN_IF_ERROR(pending.CommitAll());

  PrintDiagnostics(diag, o.verbose);
  passes::EncodingStats total;
  for (const NetEntry& e : nets) {
    PrintPassReport(e.runs, model, o.verbose);
    const passes::EncodingStats& s = e.encoding.stats;
    total.relus += s.relus;
    total.stable_active += s.stable_active;
    total.stable_inactive += s.stable_inactive;
    total.unstable += s.unstable;
    total.max_big_m = std::max(total.max_big_m, s.max_big_m);
  }
  PrintWrote(o.output, format, model, total);
  std::cerr << "nn2milp: base model " << o.embed << ": " << em.base_columns << " variables, " << em.base_rows
            << " rows; " << nets.size() << (nets.size() == 1 ? " network, " : " networks, ") << em.link_rows
            << " link rows; objective: "
            << (network_objective ? "the network's (the base objective is dropped)"
                : base.objective.empty() ? "none (feasibility)" : "the base model's")
            << "\n";
  return absl::OkStatus();
}

}  // namespace nn2milp::tools
