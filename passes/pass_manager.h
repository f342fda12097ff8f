// PassManager: parses a pipeline ("bounds_interval,..."), prints it back, and runs it.
// The registry is an explicit list in pass_manager.cc (one line per pass).
#ifndef NN2MILP_PASSES_PASS_MANAGER_H_
#define NN2MILP_PASSES_PASS_MANAGER_H_

#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "passes/pass.h"

namespace nn2milp::passes {

// The default pipeline: interval bounds, then symbolic back-substitution (bounds_lp is opt-in:
// it is much slower and runs within a time budget).
inline constexpr absl::string_view kDefaultPipeline = "bounds_interval,bounds_symbolic";

// The pipeline of a named bound strength: "ia" (interval arithmetic), "symbolic" (+ symbolic
// back-substitution; "" means this default) or "lp" (+ LP-based tightening), preceded by
// cleanup_coefficients (unless `exact_coefficients`) and merge_duplicates. InvalidArgument for
// another name.
absl::StatusOr<std::string> BoundsPipeline(absl::string_view strength, bool exact_coefficients);

// The registered name of a --passes token: itself, or the pass an alias names ('-' reads as
// '_', so bounds-lp and merge-duplicates work; bounds-ia = bounds_interval, cleanup =
// cleanup_coefficients). InvalidArgument for an unknown token, and for fold and
// eliminate-stable, which are steps nn2milp always does outside the pass pipeline (the message
// says where).
absl::StatusOr<std::string> CanonicalPassName(absl::string_view token);

// Names of all registered passes, in registry order.
std::vector<absl::string_view> RegisteredPasses();

struct PassRun {
  std::string name;
  double seconds = 0;
  PassResult result;
};

class PassManager {
 public:
  // InvalidArgument naming the unknown pass and listing the known ones. `options` is handed to
  // every pass constructible from PassOptions.
  static absl::StatusOr<PassManager> Parse(absl::string_view pipeline,
                                           const PassOptions& options = {});
  std::string Print() const;
  // Runs every pass in order; stops at the first error, which is prefixed with the pass name.
  // A pass that leaves some neuron with empty bounds (lo > hi; only possible when bounds given
  // as data contradict the sound ones) is an InvalidArgument naming the neuron.
  absl::StatusOr<std::vector<PassRun>> Run(ir::Network& net, PassContext& ctx) const;

 private:
  std::vector<std::shared_ptr<Pass>> passes_;
};

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_PASS_MANAGER_H_
