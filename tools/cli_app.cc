#include "tools/cli_app.h"

namespace nn2milp::tools {
namespace {

constexpr const char* kDescription =
    "nn2milp: compile a trained ONNX ReLU network into a MILP file (free MPS, CPLEX LP or AMPL "
    ".nl) that any MILP solver reads. Every neuron gets its own big-M from sound bounds over the "
    "input box.";

// One example per option of the compile command (tests/tools/cli_app_test.cc checks that each
// registered option appears here and in the man page).
constexpr const char* kCompileFooter = R"(Examples, one per option:
  model, -o, --output    nn2milp net.onnx -o net.mps --input-bounds=-1:1
  --format               nn2milp net.onnx -o net.milp --format lp --input-bounds=-1:1
  --nl-binary            nn2milp net.onnx -o net.nl --nl-binary --input-bounds=-1:1
  --nl-reduced           nn2milp sigmoid_net.onnx -o net.nl --nl-reduced --input-bounds=-1:1
  --input-bounds         nn2milp net.onnx -o net.mps --input-bounds=0:1   (or a file: --input-bounds box.txt)
  --spec                 nn2milp net.onnx -o prop.mps --spec prop.vnnlib   (feasible = property violated)
  --maximize             nn2milp net.onnx -o net.mps --input-bounds=-1:1 --maximize 0
  --minimize             nn2milp net.onnx -o net.mps --input-bounds=-1:1 --minimize 3
  --map                  nn2milp net.onnx -o net.mps --input-bounds=-1:1 --maximize 0 --map net.map.json
  --passes               nn2milp net.onnx -o net.mps --input-bounds=-1:1 --passes bounds_interval
  --bounds               nn2milp net.onnx -o net.mps --input-bounds=-1:1 --bounds lp
  --bound-time           nn2milp net.onnx -o net.mps --input-bounds=-1:1 --bounds lp --bound-time 60
  --bounds-out           nn2milp net.onnx -o net.mps --input-bounds=-1:1 --bounds lp --bounds-out net.bounds.json
  --bounds-in            nn2milp net.onnx -o net.mps --input-bounds=-1:1 --bounds-in verifier.bounds.json
  --formulation          nn2milp net.onnx -o net.mps --input-bounds=-1:1 --formulation bigm   (indicator: refused)
  --exact-coefficients   nn2milp net.onnx -o net.mps --input-bounds=-1:1 --exact-coefficients
  --strip-softmax        nn2milp classifier.onnx -o c.mps --input-bounds=0:1 --strip-softmax --maximize 3
  --max-binaries         nn2milp net.onnx -o net.mps --input-bounds=-1:1 --max-binaries 5000
  --max-rows             nn2milp net.onnx -o net.mps --input-bounds=-1:1 --max-rows 100000
  --report               nn2milp net.onnx -o net.mps --input-bounds=-1:1 --report net.report.json
  --report-svg           nn2milp net.onnx -o net.mps --input-bounds=-1:1 --bounds lp --report-svg net.svg
  --depfile              nn2milp net.onnx -o net.mps --input-bounds=-1:1 --depfile net.mps.d
  --embed, --link        nn2milp yield.onnx --embed plan.lp --link input:0=feed --link output:0=yield -o full.mps
  --links                nn2milp yield.onnx --embed plan.lp --links links.json -o full.mps
  --net                  nn2milp --embed plan.lp --net a=a.onnx --net b=b.onnx --link a.input:0=x --link b.output:0=y -o full.lp
  --split-disjuncts      nn2milp net.onnx --spec prop.vnnlib --split-disjuncts -o prop.mps   (prop.0.mps, prop.1.mps, ...)
  -v, --verbose          nn2milp net.onnx -o net.mps --input-bounds=-1:1 -v
  --version, -h, --help  nn2milp --version; nn2milp --help; nn2milp eval --help; nn2milp check --help
  eval                   nn2milp eval net.onnx --input point.txt
  check                  nn2milp check net.onnx --solution net.sol --map net.map.json

A --maximize model is written as "minimise -y_K": the network's maximum is minus the solver's
objective value (the map's "scale" says so).

Exit status:
  0  success
  1  internal error (a bug in nn2milp)
  2  bad command line
  3  the model or an input file is invalid (malformed protobuf, checker or shape error, NaN weight,
     bad bounds file)
  4  valid ONNX that nn2milp does not support (op, attribute value, opset)
  5  a file cannot be read or written
  6  a prerequisite is missing (no --input-bounds), or a --max-binaries/--max-rows guard tripped
  7  check: the solver's outputs are not the network's outputs at the solver's input)";

constexpr const char* kEvalFooter = R"(Examples:
  model, --input    nn2milp eval net.onnx --input point.txt    (prints one output per line)
                    echo "0.5 -0.25" | nn2milp eval net.onnx --input -
Exit status: 0 success, 3 invalid model or point, 4 unsupported ONNX, 5 file not readable.)";

constexpr const char* kCheckFooter = R"(Examples:
  model, --solution, --map
                       cbc net.mps -solve -solu net.sol && nn2milp check net.onnx --solution net.sol --map net.map.json
  --tolerance          nn2milp check net.onnx --solution net.sol --map net.map.json --tolerance 1e-4
  --model              glpsol --lp net.lp -w net.raw && nn2milp check net.onnx --solution net.raw --map net.map.json --model net.lp
  --spec               nn2milp check net.onnx --solution prop.sol --map prop.map.json --spec prop.vnnlib
  --net                nn2milp check b.onnx --solution full.sol --map full.map.json --net b
  --col                ipopt net.nl -AMPL && nn2milp check net.onnx --solution net.sol --map net.map.json --col net.col
  --strip-softmax      nn2milp check classifier.onnx --solution c.sol --map c.map.json --strip-softmax
Exit status: 0 the solution's outputs are the network's, 7 they differ by more than the
tolerance, 3/4/5 as for compiling.)";

}  // namespace

CliCommands SetupCli(CLI::App& app, CliOptions& o) {
  app.name("nn2milp");
  app.description(kDescription);
  app.footer(kCompileFooter);
  app.set_version_flag("--version", "nn2milp 0.1.0");
  SetupCompile(app, o.compile);
  CliCommands commands;
  commands.eval = SetupEval(app, o.eval);
  commands.eval->footer(kEvalFooter);
  commands.check = SetupCheck(app, o.check);
  commands.check->footer(kCheckFooter);
  app.require_subcommand(0, 1);
  return commands;
}

}  // namespace nn2milp::tools
