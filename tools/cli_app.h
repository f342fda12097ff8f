// The nn2milp command line: every option and subcommand, the --help text (an example per option
// and the exit codes, in footers), shared by main() and the tests that check the help and the
// man page generated from it (tools/man_page.cmake).
#ifndef NN2MILP_TOOLS_CLI_APP_H_
#define NN2MILP_TOOLS_CLI_APP_H_

#include "CLI/CLI.hpp"
#include "tools/commands/check.h"
#include "tools/commands/compile.h"
#include "tools/commands/eval.h"

namespace nn2milp::tools {

struct CliOptions {
  CompileOptions compile;
  EvalOptions eval;
  CheckOptions check;
};

struct CliCommands {
  CLI::App* eval = nullptr;
  CLI::App* check = nullptr;
};

// Registers everything on `app` (named "nn2milp"), with `options` as the parse targets, which
// must outlive `app`.
CliCommands SetupCli(CLI::App& app, CliOptions& options);

}  // namespace nn2milp::tools

#endif  // NN2MILP_TOOLS_CLI_APP_H_
