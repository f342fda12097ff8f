#include "tools/commands/eval.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/number_format.h"
#include "frontend/importer.h"
#include "frontend/problem_reader.h"
#include "ir/base/status_macros.h"
#include "ir/evaluate.h"
#include "tools/report.h"

namespace nn2milp::tools {

CLI::App* SetupEval(CLI::App& app, EvalOptions& o) {
  CLI::App* eval = app.add_subcommand(
      "eval", "evaluate the lowered network at an input point (the project's own forward pass)");
  eval->add_option("model", o.model, "ONNX model file")->required();
  eval->add_option("--input", o.input,
                   "file with the input point: numbers separated by blanks/newlines, flattened "
                   "input order; - reads standard input")
      ->required();
  return eval;
}

absl::Status RunEval(const EvalOptions& o) {
  std::string text;
  if (o.input == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(o.input, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat(o.input, ": cannot open file"));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = std::move(buffer).str();
  }
  absl::StatusOr<std::vector<double>> point = frontend::ParseNumberList(text);
  if (!point.ok()) return AnnotateStatus(point.status(), o.input);
  Diagnostics diag;
  NN2MILP_ASSIGN_OR_RETURN(ir::Network net, frontend::LoadNetwork(o.model, diag));
  absl::StatusOr<std::vector<double>> y = ir::Evaluate(net, *point);
  if (!y.ok()) return AnnotateStatus(y.status(), o.input);
  std::string out;
  for (double v : *y) {
    backends::AppendDouble(out, v);
    out += '\n';
  }
  std::cout << out;
  PrintDiagnostics(diag, false);
  return absl::OkStatus();
}

}  // namespace nn2milp::tools
