// `nn2milp eval MODEL.onnx --input FILE`: the project's own forward pass on the lowered IR.
#ifndef NN2MILP_TOOLS_COMMANDS_EVAL_H_
#define NN2MILP_TOOLS_COMMANDS_EVAL_H_

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"

namespace nn2milp::tools {

struct EvalOptions {
  std::string model;
  std::string input;  // file of whitespace-separated numbers, or "-" for stdin
};

CLI::App* SetupEval(CLI::App& app, EvalOptions& options);
absl::Status RunEval(const EvalOptions& options);

}  // namespace nn2milp::tools

#endif  // NN2MILP_TOOLS_COMMANDS_EVAL_H_
