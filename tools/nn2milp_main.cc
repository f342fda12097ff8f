// nn2milp: compiles ONNX ReLU networks to MILP files. See the README for usage and exit codes.
#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "tools/cli_app.h"
#include "tools/exit_codes.h"

int main(int argc, char** argv) {
  using namespace nn2milp::tools;
  CLI::App app;
  CliOptions options;
  const CliCommands commands = SetupCli(app, options);
  CompileOptions& compile = options.compile;
  CLI::App* eval_cmd = commands.eval;
  CLI::App* check_cmd = commands.check;
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
  const absl::Status status = eval_cmd->parsed()    ? RunEval(options.eval)
                              : check_cmd->parsed() ? RunCheck(options.check)
                                                    : RunCompile(compile);
  if (!status.ok()) {
    std::cerr << "nn2milp: error: " << status.message() << "\n";
    return ExitCodeFor(status);
  }
  return kExitOk;
}
