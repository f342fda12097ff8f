// Lowers a checked ONNX model to an ir::Network: a topological walk over the graph that
// dispatches each node through the explicit op table (op_table.cc).
#ifndef NN2MILP_FRONTEND_IMPORTER_H_
#define NN2MILP_FRONTEND_IMPORTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "frontend/onnx_loader.h"
#include "ir/base/diagnostics.h"
#include "ir/network.h"

namespace nn2milp::frontend {

struct ImportOptions {
  // Treat a Softmax or LogSoftmax whose outputs are all graph outputs as the identity, so the
  // outputs are the logits (a softmax is not piecewise-linear; maximising a logit is what
  // adversarial and verification problems usually mean). Off by default: then such a node is
  // Unimplemented like any other unsupported op. When used, a warning says so.
  bool strip_trailing_softmax = false;
  // The network will be written as MPS or LP (linear rows only): smooth activations (Sigmoid,
  // Tanh, Softplus, Exp, Log, Softmax, LogSoftmax) are Unimplemented at their node, with a hint
  // to write AMPL .nl. Off: they lower to smooth neurons (ir/smooth.h).
  bool linear_only = false;
};

// Lowers `model`. Errors name the node: "node 'fc1' (Gemm): input 1 (B): ..."; an op that is
// not in the table, or a node of another domain, is Unimplemented; a node input that no earlier
// node, initializer or graph input defines is InvalidArgument.
absl::StatusOr<ir::Network> ImportOnnx(const LoadedModel& model, Diagnostics& diag,
                                       const ImportOptions& options = {});

// LoadOnnxModel + ImportOnnx; every error message starts with "<path>: ".
absl::StatusOr<ir::Network> LoadNetwork(const std::string& path, Diagnostics& diag,
                                        const ImportOptions& options = {});

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_IMPORTER_H_
