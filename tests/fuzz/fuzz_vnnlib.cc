// libFuzzer target: the VNN-LIB parser, and applying a parsed property to a problem.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "frontend/vnnlib.h"
#include "ir/problem.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<nn2milp::frontend::VnnlibProperty> property = nn2milp::frontend::ParseVnnlib(text);
  if (!property.ok()) return 0;
  nn2milp::ir::Problem problem;
  // Any counts: a mismatch must be an error, never an out-of-range access.
  nn2milp::frontend::ApplyVnnlib(*property, property->num_inputs, property->num_outputs, problem)
      .IgnoreError();
  nn2milp::ir::Problem other;
  nn2milp::frontend::ApplyVnnlib(*property, 3, 2, other).IgnoreError();
  return 0;
}
