// A pass transforms or annotates an ir::Network in place and reports what it did.
#ifndef NN2MILP_PASSES_PASS_H_
#define NN2MILP_PASSES_PASS_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "ir/base/diagnostics.h"
#include "ir/network.h"
#include "ir/problem.h"

namespace nn2milp::passes {

// What a pass may read besides the network.
struct PassContext {
  const ir::Problem& problem;
  Diagnostics& diagnostics;
};

struct PassResult {
  bool changed = false;
  int64_t rewrites = 0;         // neurons whose bounds or structure changed
  bool bounds_valid = true;     // the neuron bounds still hold after this pass
  std::string summary;          // one line for -v logs
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
