// `nn2milp check MODEL.onnx --solution SOL --map MAP.json`: reads a solver's solution of a
// written model, re-evaluates the network at the solution's input, and reports the true outputs
// next to the solver's claim. Exit 7 when they differ by more than the tolerance.
// GLPK `glpsol -w` solutions list columns by position: `--model OUT.mps|OUT.lp` (the solved file,
// read with frontend's MPS/LP readers, which keep GLPK's column order) names them.
#ifndef NN2MILP_TOOLS_COMMANDS_CHECK_H_
#define NN2MILP_TOOLS_COMMANDS_CHECK_H_

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"

namespace nn2milp::tools {

struct CheckOptions {
  std::string model;
  std::string solution;
  std::string map;
  double tolerance = 1e-6;  // relative, with max(1, |value|)
  std::string col;  // --col: the .col file of an .nl model (AMPL .sol)
  bool strip_softmax = false;
  std::string written;  // --model FILE: the solved .mps/.lp (column order for GLPK raw solutions)
  std::string net;      // --net NAME: check the embedded network NAME of the map's "networks"
  std::string spec;     // --spec FILE.vnnlib: also decide whether the input is a counterexample
};

CLI::App* SetupCheck(CLI::App& app, CheckOptions& options);
// FailedPrecondition-free: a mismatch is returned as absl::AbortedError (exit 7).
absl::Status RunCheck(const CheckOptions& options);

}  // namespace nn2milp::tools

#endif  // NN2MILP_TOOLS_COMMANDS_CHECK_H_
