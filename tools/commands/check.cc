#include "tools/commands/check.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/number_format.h"
#include "frontend/ampl_sol.h"
#include "frontend/importer.h"
#include "frontend/json.h"
#include "frontend/mps_reader.h"
#include "frontend/solution_reader.h"
#include "frontend/vnnlib.h"
#include "ir/base/status_macros.h"
#include "ir/evaluate.h"
#include "tools/report.h"

namespace nn2milp::tools {
namespace {

using backends::FormatDouble;

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open file"));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The variable names of port `name` in the map's "inputs" or "outputs" object.
absl::StatusOr<std::vector<std::string>> PortVariables(const frontend::JsonValue& map,
                                                       absl::string_view section,
                                                       const std::string& name, size_t expected) {
  const frontend::JsonValue* ports = map.Find(section);
  const frontend::JsonValue* vars = ports == nullptr ? nullptr : ports->Find(name);
  if (vars == nullptr || vars->kind != frontend::JsonValue::Kind::kArray) {
    return absl::InvalidArgumentError(absl::StrCat("the map has no ", section, " entry for '", name,
                                                   "' (was it written for this model?)"));
  }
  if (vars->array.size() != expected) {
    return absl::InvalidArgumentError(absl::StrCat("the map lists ", vars->array.size(), " variables for '",
                                                   name, "', the model has ", expected, " elements"));
  }
  std::vector<std::string> out;
  for (const frontend::JsonValue& v : vars->array) out.push_back(v.string);
  return out;
}

// How far (x, y) is from the set a VNN-LIB property calls unsafe: the largest amount by which an
// inequality of it fails (for a disjunction: of its least-failing disjunct), and the box. <= 0:
// the point is a counterexample; `what` names the worst condition.
double UnsafeSetMiss(const ir::Problem& p, const std::vector<double>& x, const std::vector<double>& y,
                     std::string& what) {
  double worst = -std::numeric_limits<double>::infinity();
  auto note = [&](double miss, const std::string& where) {
    if (miss > worst) {
      worst = miss;
      what = where;
    }
  };
  auto lhs = [&](const ir::LinearInequality& c) {
    double v = 0;
    for (const ir::LinearTerm& t : c.terms) {
      v += t.coef * (t.kind == ir::ElementKind::kInput ? x : y)[static_cast<size_t>(t.index)];
    }
    return v - c.rhs;
  };
  for (size_t i = 0; i < p.input_box.size(); ++i) {
    note(std::max(p.input_box[i].lo - x[i], x[i] - p.input_box[i].hi), absl::StrCat("the box of X_", i));
  }
  for (size_t k = 0; k < p.constraints.size(); ++k) {
    note(lhs(p.constraints[k]), absl::StrCat("assertion ", k + 1, " (of the conjunction)"));
  }
  for (size_t d = 0; d < p.disjunctions.size(); ++d) {
    double best = std::numeric_limits<double>::infinity();  // no disjunct: cannot hold
    for (const std::vector<ir::LinearInequality>& conj : p.disjunctions[d].disjuncts) {
      double m = -std::numeric_limits<double>::infinity();
      for (const ir::LinearInequality& c : conj) m = std::max(m, lhs(c));
      best = std::min(best, m);
    }
    note(best, absl::StrCat("disjunction ", d + 1));
  }
  return worst;
}

}  // namespace

CLI::App* SetupCheck(CLI::App& app, CheckOptions& o) {
  CLI::App* check = app.add_subcommand(
      "check", "re-evaluate the network at a solver's solution and compare with its outputs");
  check->add_option("model", o.model, "ONNX model file the solved file was written from")->required();
  check->add_option("--solution", o.solution,
                    "solution file: CBC -solu, HiGHS --solution_file, Gurobi/SCIP .sol, GLPK "
                    "glpsol -w, or the AMPL .sol of an .nl model (text or binary)")
      ->required();
  check->add_option("--col", o.col,
                    "for an AMPL .sol: the .col file written with the .nl (default: the .sol "
                    "path with extension .col)");
  check->add_option("--map", o.map, "the --map JSON written with the model")->required();
  check->add_option("--tolerance", o.tolerance,
                    "largest accepted |solver - network| / max(1, |network|)")
      ->default_val(1e-6);
  check->add_flag("--strip-softmax", o.strip_softmax, "as given when compiling");
  check->add_option("--model", o.written,
                    "the solved model file (.mps or .lp); needed for GLPK glpsol -w solutions, "
                    "which give columns by position");
  check->add_option("--spec", o.spec,
                    "the VNN-LIB property the model was compiled with: also say whether the "
                    "solution's input, with the network's true outputs, violates it (exit 7 if "
                    "it misses the unsafe set by more than --tolerance)");
  check->add_option("--net", o.net,
                    "with an --embed map: the --net network NAME to check (default: the "
                    "positional network)");
  return check;
}

absl::Status RunCheck(const CheckOptions& o) {
  NN2MILP_ASSIGN_OR_RETURN(const std::string map_text, ReadText(o.map));
  absl::StatusOr<frontend::JsonValue> map = frontend::ParseJson(map_text);
  if (!map.ok()) return AnnotateStatus(map.status(), o.map);
  NN2MILP_ASSIGN_OR_RETURN(const std::string sol_text, ReadText(o.solution));
  const frontend::JsonValue* format = map->Find("format");
  absl::StatusOr<frontend::Solution> sol;
  if (format != nullptr && format->string == "nl") {
    // An AMPL .sol: values in .nl variable order, named by the .col file.
    absl::StatusOr<frontend::AmplSolution> ampl = frontend::ParseAmplSol(sol_text);
    if (!ampl.ok()) return AnnotateStatus(ampl.status(), o.solution);
    const std::string col =
        !o.col.empty() ? o.col : std::filesystem::path(o.solution).replace_extension(".col").string();
    absl::StatusOr<std::string> col_text = ReadText(col);
    if (!col_text.ok()) {
      return AnnotateStatus(col_text.status(),
                            "the .col file written with the .nl names the .sol's values (--col)");
    }
    sol = frontend::NameAmplSolution(*ampl, *col_text);
    if (!sol.ok()) return AnnotateStatus(sol.status(), absl::StrCat(o.solution, " with ", col));
  } else {
    sol = frontend::ParseSolution(sol_text);
    if (!sol.ok()) return AnnotateStatus(sol.status(), o.solution);
    if (sol->format == "glpk") {
      if (o.written.empty()) {
        return absl::FailedPreconditionError(absl::StrCat(
            o.solution, ": a GLPK raw solution (glpsol -w) gives columns by position: give the solved "
                        "file with --model OUT.mps|OUT.lp"));
      }
      Diagnostics read_diag;
      NN2MILP_ASSIGN_OR_RETURN(const ir::LinearModel written, frontend::ReadModelFile(o.written, read_diag));
      std::vector<std::string> columns;
      for (const ir::LinearModel::Column& c : written.columns) columns.push_back(c.name);
      const absl::Status named = frontend::AssignColumnNames(*sol, columns);
      if (!named.ok()) return AnnotateStatus(named, o.solution);
    }
  }
  const frontend::JsonValue* section_root = &*map;
  if (!o.net.empty()) {
    const frontend::JsonValue* nets = map->Find("networks");
    section_root = nets == nullptr ? nullptr : nets->Find(o.net);
    if (section_root == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(o.map, ": no network '", o.net, "' under \"networks\""));
    }
  }
  Diagnostics diag;
  NN2MILP_ASSIGN_OR_RETURN(ir::Network net,
                           frontend::LoadNetwork(o.model, diag, {.strip_trailing_softmax = o.strip_softmax}));

  std::vector<double> x;
  for (const ir::Port& port : net.inputs()) {
    absl::StatusOr<std::vector<std::string>> vars = PortVariables(*section_root, "inputs", port.name, port.neurons.size());
    if (!vars.ok()) return AnnotateStatus(vars.status(), o.map);
    for (const std::string& v : *vars) x.push_back(sol->Value(v));
  }
  NN2MILP_ASSIGN_OR_RETURN(std::vector<double> y, ir::Evaluate(net, x));

  std::cout << "solution: " << sol->format << " format, status '" << sol->status << "'\n";
  double worst = 0;
  std::string worst_where = "-";
  size_t flat = 0;
  for (const ir::Port& port : net.outputs()) {
    absl::StatusOr<std::vector<std::string>> vars = PortVariables(*section_root, "outputs", port.name, port.neurons.size());
    if (!vars.ok()) return AnnotateStatus(vars.status(), o.map);
    for (size_t i = 0; i < vars->size(); ++i, ++flat) {
      const double claimed = sol->Value((*vars)[i]), truth = y[flat];
      const double err = std::abs(claimed - truth) / std::max(1.0, std::abs(truth));
      std::cout << "output " << port.name << "[" << i << "]: network " << FormatDouble(truth)
                << ", solver " << FormatDouble(claimed) << "\n";
      if (err > worst || worst_where == "-") {
        worst = std::max(worst, err);
        if (err >= worst) worst_where = absl::StrCat(port.name, "[", i, "]");
      }
    }
  }
  const frontend::JsonValue* objective = map->Find("objective");
  const frontend::JsonValue* objective_net = objective == nullptr ? nullptr : objective->Find("network");
  const bool same_net = objective_net == nullptr ? o.net.empty() : objective_net->string == o.net;
  if (objective != nullptr && objective->kind == frontend::JsonValue::Kind::kObject && same_net) {
    const frontend::JsonValue* k = objective->Find("flat_index");
    const frontend::JsonValue* scale = objective->Find("scale");
    if (k != nullptr && k->number >= 0 && k->number < static_cast<double>(y.size())) {
      std::cout << "objective: network " << FormatDouble(y[static_cast<size_t>(k->number)]);
      if (sol->objective && scale != nullptr) {
        std::cout << ", solver " << FormatDouble(scale->number * *sol->objective)
                  << " (its reported value times the map's scale " << FormatDouble(scale->number) << ")";
      }
      std::cout << "\n";
    }
  }
  std::cout << "largest relative difference: " << FormatDouble(worst) << " at " << worst_where << "\n";
  PrintDiagnostics(diag, false);
  if (!o.spec.empty()) {
    NN2MILP_ASSIGN_OR_RETURN(const frontend::VnnlibProperty property, frontend::ReadVnnlibFile(o.spec));
    ir::Problem problem;
    NN2MILP_RETURN_IF_ERROR(AnnotateStatus(
        frontend::ApplyVnnlib(property, net.num_input_elements(), net.num_output_elements(), problem),
        o.spec));
    std::string where;
    const double miss = UnsafeSetMiss(problem, x, y, where);
    if (miss <= 0) {
      std::cout << "property " << o.spec << ": violated: the solution's input is a counterexample "
                << "(every condition holds with the network's own outputs; margin " << FormatDouble(-miss) << ")\n";
    } else if (miss <= o.tolerance) {
      std::cout << "property " << o.spec << ": violated up to " << FormatDouble(miss) << " (" << where
                << " misses by that much, within --tolerance): a counterexample on the boundary\n";
    } else {
      return absl::AbortedError(absl::StrCat(
          "property ", o.spec, ": the solution's input is NOT a counterexample: with the network's "
          "own outputs, ", where, " misses by ", FormatDouble(miss)));
    }
  }
  if (worst > o.tolerance) {
    return absl::AbortedError(absl::StrCat("the solver's outputs differ from the network's at its input by ",
                                           FormatDouble(worst), " (relative) at ", worst_where,
                                           ", more than --tolerance ", FormatDouble(o.tolerance)));
  }
  return absl::OkStatus();
}

}  // namespace nn2milp::tools
