// `nn2milp MODEL.onnx -o OUT.{mps,lp,nl} --input-bounds ... [--maximize K | --minimize K]`
#ifndef NN2MILP_TOOLS_COMMANDS_COMPILE_H_
#define NN2MILP_TOOLS_COMMANDS_COMPILE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"

namespace nn2milp::tools {

struct CompileOptions {
  std::string model;
  std::string output;
  std::string format;        // "mps", "lp", "nl", or "" = from the output's extension
  std::string input_bounds;  // "LO:HI" or a file
  std::string spec;          // --spec FILE.vnnlib: box and property (excludes --input-bounds)
  std::optional<int64_t> maximize;
  std::optional<int64_t> minimize;
  std::string map;           // --map FILE
  std::string passes;        // pipeline ("" = from --bounds, or the default)
  std::string bounds;        // --bounds ia|symbolic|lp: a named bound pipeline ("" = default)
  double bound_time = 10.0;  // --bound-time SECONDS: budget of the LP bound pass
  bool exact_coefficients = false;  // --exact-coefficients: no cleanup_coefficients pass
  bool nl_binary = false;    // --nl-binary
  bool nl_reduced = false;   // --nl-reduced
  std::string report;        // --report FILE.json
  std::string report_svg;    // --report-svg FILE.svg (tools/report_svg.h)
  std::string depfile;       // --depfile FILE: Make/Ninja dependencies (tools/depfile.h)
  std::string bounds_in;     // --bounds-in FILE.json: bounds computed elsewhere (bounds_in pass)
  std::string bounds_out;    // --bounds-out FILE.json: the final pre-activation bounds
  std::string formulation = "bigm";  // --formulation bigm|indicator (indicator is refused)
  bool strip_softmax = false;  // --strip-softmax
  int64_t max_binaries = -1;   // --max-binaries N (-1: no limit)
  int64_t max_rows = -1;       // --max-rows N (-1: no limit)
  bool verbose = false;
  // Embedding (README "Embedding into an existing model").
  std::string embed;               // --embed BASE.mps|BASE.lp
  std::vector<std::string> links;  // --link [NAME.]input:K=VAR / [NAME.]output:K=VAR
  std::string links_file;          // --links FILE.json: {"[NAME.]input:K": "VAR", ...}
  std::vector<std::string> nets;   // --net NAME=MODEL.onnx
  bool split_disjuncts = false;    // --split-disjuncts: one file per disjunct (with --spec)
};

// Adds the compile options to `app` (the top-level command).
void SetupCompile(CLI::App& app, CompileOptions& options);
absl::Status RunCompile(const CompileOptions& options);

}  // namespace nn2milp::tools

#endif  // NN2MILP_TOOLS_COMMANDS_COMPILE_H_
