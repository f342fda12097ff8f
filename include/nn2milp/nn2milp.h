// nn2milp public C++ API: compile an ONNX ReLU network, together with a problem around it (a box
// on the inputs and optionally an objective on one output element), to a mixed-integer linear
// program, and write that as free MPS, CPLEX LP or AMPL .nl, plus a JSON map of variable names.
// It runs the same pipeline as `nn2milp compile` and writes the same bytes for the same options.
//
//   absl::StatusOr<nn2milp::Network> net = nn2milp::LoadNetwork("model.onnx");
//   if (!net.ok()) return net.status();
//   nn2milp::Problem problem;
//   problem.input_box.assign(net->num_input_elements(), {-1.0, 1.0});
//   problem.sense = nn2milp::Problem::kMaximize;
//   problem.objective_output = 0;
//   absl::StatusOr<nn2milp::CompiledModel> milp = nn2milp::Compile(*net, problem);
//   if (!milp.ok()) return milp.status();
//   return milp->WriteMps("model.mps");
//
// Errors. Every function that can fail returns absl::Status or absl::StatusOr; nothing throws and
// nothing prints (warnings are returned by warnings()). The codes mean:
//   InvalidArgument     malformed or inconsistent input: a broken ONNX model, a box of the wrong
//                       length, an objective index out of range, an unknown option value
//   Unimplemented       valid ONNX that nn2milp does not support (op, attribute value, opset)
//   FailedPrecondition  a missing prerequisite, e.g. no finite bound where a big-M needs one
//   NotFound, PermissionDenied  files that cannot be read or written
//   Internal            a bug in nn2milp
// Messages start in lower case, most specific context first:
//   "model.onnx: node 'fc1' (Gemm): input 1 (B): expected rank 2, got 3".
//
// Element order. Inputs (and outputs) are numbered as one flat sequence: the graph inputs in
// graph order, each flattened row-major. Problem::input_box, Problem::objective_output,
// input_variable_names() and output_variable_names() all use that order.
//
// The library keeps no global mutable state: distinct objects may be used from distinct threads.
// A moved-from Network or CompiledModel may only be assigned to or destroyed.
#ifndef NN2MILP_NN2MILP_H_
#define NN2MILP_NN2MILP_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace nn2milp {

class CompiledModel;
struct CompileOptions;
struct Problem;

// The version of the library (the CMake package version), e.g. "0.1.0".
const char* Version();

// How LoadNetwork reads a model.
struct LoadOptions {
  // Treat a trailing Softmax or LogSoftmax (whose outputs are all graph outputs) as the identity,
  // so that the outputs are the logits; a warning says so. Off by default: such a node is then
  // Unimplemented, like any op nn2milp does not support (a softmax is not piecewise-linear).
  bool strip_trailing_softmax = false;
  // Accept smooth activations (Sigmoid, Tanh, Softplus, Exp, Log, Softmax, LogSoftmax), written
  // exactly as nonlinear rows by CompiledModel::WriteNl; WriteMps and WriteLp then return
  // Unimplemented naming the first nonlinear row. Off by default: such ops are Unimplemented at
  // load time, naming the node and suggesting .nl.
  bool smooth_activations = false;
};

// A graph input or output of a loaded network.
struct PortInfo {
  std::string name;            // the ONNX value name, verbatim
  std::vector<int64_t> shape;  // static shape; a symbolic leading batch dimension is fixed to 1
  int64_t num_elements = 0;    // the product of `shape`
};

// A loaded network: the ONNX graph lowered to nn2milp's internal form. Immutable; copies are
// cheap and share the data.
class Network {
 public:
  Network(const Network&) = default;
  Network& operator=(const Network&) = default;
  Network(Network&&) noexcept = default;
  Network& operator=(Network&&) noexcept = default;
  ~Network();

  // The graph inputs and outputs, in graph order.
  const std::vector<PortInfo>& inputs() const;
  const std::vector<PortInfo>& outputs() const;
  // Sum of num_elements over inputs() (resp. outputs()): the length Problem::input_box must
  // have, and the bound on Problem::objective_output.
  int64_t num_input_elements() const;
  int64_t num_output_elements() const;
  // The file the network was loaded from, as given to LoadNetwork.
  const std::string& path() const;
  // Warnings raised while loading (e.g. an ignored attribute, a stripped softmax), in order;
  // repeated warnings of one kind are kept only a few times.
  const std::vector<std::string>& warnings() const;

 private:
  struct Impl;
  explicit Network(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
  friend absl::StatusOr<Network> LoadNetwork(const std::string&, const LoadOptions&);
  friend absl::StatusOr<CompiledModel> Compile(const Network&, const Problem&,
                                               const CompileOptions&);
};

// Reads the ONNX model at `onnx_path` (external data files next to it are read too), checks it
// with the ONNX checker and shape inference, and lowers it. Errors, each prefixed with
// "<onnx_path>: ": NotFound / PermissionDenied if the file cannot be read; InvalidArgument if it
// is not a valid ONNX model or is inconsistent (the message names the node); Unimplemented for
// an op, attribute value or opset nn2milp does not support.
absl::StatusOr<Network> LoadNetwork(const std::string& onnx_path, const LoadOptions& options = {});

// What to compile: a box on every input element and an optional objective.
struct Problem {
  // A fixed underlying type, so that any int converted to Sense is a valid value that Compile
  // can reject (InvalidArgument) rather than undefined behaviour.
  enum Sense : int { kNone, kMinimize, kMaximize };
  // One closed interval {lo, hi} per input element, in flat input order (see the file comment);
  // finite, lo <= hi (lo == hi fixes the input). Its length must be num_input_elements().
  std::vector<std::pair<double, double>> input_box;
  // kNone writes a feasibility model (objective 0). kMaximize is written as minimising the
  // negated output, since every written model minimises: see CompiledModel::objective_scale().
  Sense sense = kNone;
  // Flat index of the output element to optimise, in [0, num_output_elements()); ignored when
  // sense is kNone.
  int64_t objective_output = 0;
};

// How Compile bounds and encodes the network. Defaults are those of `nn2milp compile`.
struct CompileOptions {
  // Strength of the neuron bounds, which become the big-M constants (tighter bounds mean fewer
  // binaries and a smaller M): "ia" (interval arithmetic), "symbolic" (interval arithmetic, then
  // symbolic back-substitution), "lp" (then LP-based tightening with Clp, within
  // bound_time_seconds). Any other value is InvalidArgument.
  std::string bounds = "symbolic";
  // Wall-clock budget in seconds of the LP bound pass (bounds == "lp"); when it is used up, the
  // bounds found so far are kept (each is sound). Must be finite and >= 0.
  double bound_time_seconds = 10;
  // Keep every weight, even float32 denormals and others too small to matter. By default they
  // are removed and CompileStats::max_output_deviation bounds the effect on any output.
  bool exact_coefficients = false;
  // Expert: the pass pipeline as a comma-separated list of pass names (as `nn2milp compile
  // --passes`). When non-empty it replaces the pipeline chosen by `bounds` and
  // `exact_coefficients`. An unknown pass name is InvalidArgument.
  std::string passes;
  // Smooth activations in reduced space (as `--nl-reduced`): an activation used only by the next
  // affine layer is substituted into that layer's rows instead of getting a variable and a row.
  // Only affects networks loaded with LoadOptions::smooth_activations (written with WriteNl).
  bool nl_reduced = false;
};

// Size of the compiled MILP and what the bounds achieved.
struct CompileStats {
  int64_t variables = 0;        // columns, binaries included
  int64_t binaries = 0;         // integer columns (all binary)
  int64_t rows = 0;             // constraints
  int64_t nonzeros = 0;         // constraint-matrix entries
  int64_t relus = 0;            // ReLU neurons an output depends on
  int64_t stable_active = 0;    // ReLUs with lower bound >= 0 (encoded as the identity)
  int64_t stable_inactive = 0;  // ReLUs with upper bound <= 0 (encoded as 0)
  int64_t unstable = 0;         // ReLUs encoded with one binary each
  double max_big_m = 0;         // largest big-M constant over the unstable ReLUs (0 if none)
  int64_t removed_weights = 0;  // weights removed as negligible (0 with exact_coefficients)
  // Bound on how far any network output of the written model can differ from the ONNX
  // network's because of removed_weights (0 if nothing that matters was removed).
  double max_output_deviation = 0;
};

// A compiled MILP, ready to be written. Written models always minimise; for Problem::kMaximize
// the written objective is minus the network output (objective_scale() == -1). Move-only.
class CompiledModel {
 public:
  CompiledModel(CompiledModel&&) noexcept;
  CompiledModel& operator=(CompiledModel&&) noexcept;
  ~CompiledModel();

  const CompileStats& stats() const;
  // Warnings raised while compiling (e.g. renamed variables), in order; repeated warnings of one
  // kind are kept only a few times.
  const std::vector<std::string>& warnings() const;

  // The variable names used in every written file, per element in flat order (see the file
  // comment): input_variable_names()[i] holds input element i, output_variable_names()[j] output
  // element j. Names are unique and valid in MPS, LP and .nl files.
  const std::vector<std::string>& input_variable_names() const;
  const std::vector<std::string>& output_variable_names() const;
  // The variable the written objective minimises (objective_scale() times it), or "" for
  // Problem::kNone.
  const std::string& objective_variable_name() const;
  // The network's optimum = objective_scale() * (the solver's objective value): -1 for
  // kMaximize, +1 otherwise.
  double objective_scale() const;

  // Each writer writes the whole file or nothing: the data goes to a temporary file in the same
  // directory, renamed to `path` at the end. Output is deterministic (the same model, the same
  // bytes) and numbers are exact (shortest round-trip decimal). Errors: NotFound /
  // PermissionDenied / Internal naming the path when a file cannot be created or written.
  //
  // Free MPS (a "NAME nn2milp FREE" header; see the nn2milp README for the subset written).
  absl::Status WriteMps(const std::string& path) const;
  // CPLEX LP.
  absl::Status WriteLp(const std::string& path) const;
  // AMPL .nl (text, or binary if `binary`), plus the names in "<stub>.col" and "<stub>.row",
  // where <stub> is `path` without its ".nl" extension. InvalidArgument for a model without
  // variables (the .nl format cannot express it).
  absl::Status WriteNl(const std::string& path, bool binary = false) const;
  // The JSON map of `nn2milp compile --map`: input and output variable names per graph input and
  // output, and the objective with its sense and scale. `format` ("mps", "lp" or "nl", else
  // InvalidArgument) is recorded in the map as the format of the model file it accompanies.
  absl::Status WriteMap(const std::string& path, const std::string& format = "mps") const;

 private:
  struct Impl;
  explicit CompiledModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend absl::StatusOr<CompiledModel> Compile(const Network&, const Problem&,
                                               const CompileOptions&);
};

// Bounds every neuron over `problem.input_box` and encodes the network and the problem as a
// MILP (big-M per unstable ReLU, with that neuron's own bounds). `network` is not changed.
// Errors: InvalidArgument for a problem that does not fit the network (box length, non-finite
// or empty interval, objective index out of range) or an invalid option; FailedPrecondition if
// some neuron feeding an unstable ReLU has no finite bound (only possible with a custom
// `options.passes`); Internal for a bug.
absl::StatusOr<CompiledModel> Compile(const Network& network, const Problem& problem,
                                      const CompileOptions& options = {});

}  // namespace nn2milp

#endif  // NN2MILP_NN2MILP_H_
