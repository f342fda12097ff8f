// nn2milp: compiles ONNX ReLU networks to MILP files. See the README for usage and exit codes.
#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "tools/commands/check.h"
#include "tools/commands/compile.h"
#include "tools/commands/eval.h"
#include "tools/exit_codes.h"

int main(int argc, char** argv) {
  using namespace nn2milp::tools;
  CLI::App app{
      "nn2milp: compile a trained ONNX ReLU network into a MILP file (free MPS or CPLEX LP) that "
      "any MILP solver reads.\n\n"
      "  nn2milp model.onnx -o model.mps --input-bounds=-1:1 --maximize 0\n"
      "  nn2milp model.onnx -o model.lp --input-bounds box.txt --minimize 3 --map model.map.json\n"
      "  nn2milp surrogate.onnx --embed plan.lp --link input:0=feed --link output:0=yield -o full.mps\n"
      "  nn2milp model.onnx --spec prop.vnnlib --split-disjuncts -o prop.mps\n"
      "  nn2milp eval model.onnx --input point.txt\n"
      "  nn2milp check model.onnx --solution model.sol --map model.map.json\n\n"
      "Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid model or input file, "
      "4 unsupported ONNX construct, 5 file not readable/writable, 6 missing prerequisite "
      "(e.g. input bounds), 7 check: the solution does not match the network."};
  app.set_version_flag("--version", "nn2milp 0.1.0");
  CompileOptions compile;
  EvalOptions eval;
  SetupCompile(app, compile);
  CLI::App* eval_cmd = SetupEval(app, eval);
  CheckOptions check;
  CLI::App* check_cmd = SetupCheck(app, check);
  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  const bool compiling = !eval_cmd->parsed() && !check_cmd->parsed();
  if (compiling && ((compile.model.empty() && compile.nets.empty()) || compile.output.empty())) {
    std::cerr << "nn2milp: error: " << (compile.model.empty() ? "no model given" : "no output file given (-o)")
              << "\n" << "usage: nn2milp MODEL.onnx -o OUT.mps|OUT.lp --input-bounds LO:HI|FILE "
                          "[--maximize K | --minimize K]; see --help\n";
    return kExitUsage;
  }
  const absl::Status status = eval_cmd->parsed()    ? RunEval(eval)
                              : check_cmd->parsed() ? RunCheck(check)
                                                    : RunCompile(compile);
  if (!status.ok()) {
    std::cerr << "nn2milp: error: " << status.message() << "\n";
    return ExitCodeFor(status);
  }
  return kExitOk;
}
