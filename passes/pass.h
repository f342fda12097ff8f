// A pass transforms or annotates an ir::Network in place and reports what it did.
#ifndef NN2MILP_PASSES_PASS_H_
#define NN2MILP_PASSES_PASS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "ir/base/diagnostics.h"
#include "ir/external_bounds.h"
#include "ir/network.h"
#include "ir/problem.h"

namespace nn2milp::passes {

// What a pass may read besides the network.
struct PassContext {
  const ir::Problem& problem;
  Diagnostics& diagnostics;
};

// Settings a pass may be constructed with (PassManager::Parse hands them to every pass that
// has a constructor taking them). Defaults are the CLI's defaults.
struct PassOptions {
  // Wall-clock budget of the optimisation-based bound passes (bounds_lp). When it is used up the
  // pass stops and keeps the bounds found so far (each is sound on its own). Must be >= 0.
  double bound_time_seconds = 10.0;
  // Optional progress report of long passes: (pass name, items done, items planned). Called from
  // the pass's thread; library code never prints, so a tool may show it.
  std::function<void(absl::string_view pass, int64_t done, int64_t total)> progress;
  // Bounds computed elsewhere, for the bounds_in pass (--bounds-in FILE); null when none.
  std::shared_ptr<const ir::ExternalBounds> external_bounds;
};

struct PassResult {
  bool changed = false;
  int64_t rewrites = 0;         // neurons whose bounds or structure changed
  bool bounds_valid = true;     // the neuron bounds still hold after this pass
  std::string summary;          // one line for -v logs (no doubles: tools format those)
  // Named measurements for reports, e.g. {"max_output_deviation", 3e-39}; sorted by name.
  std::map<std::string, double> metrics;
};

class Pass {
 public:
  virtual ~Pass() = default;
  // The token used in --passes lists; equals the file stem.
  virtual absl::string_view name() const = 0;
  virtual absl::StatusOr<PassResult> Run(ir::Network& net, PassContext& ctx) = 0;
};

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_PASS_H_
