// libFuzzer target: the solver solution readers of `nn2milp check` (CBC, HiGHS, name/value lists).
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "frontend/solution_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nn2milp::frontend::ParseSolution(absl::string_view(reinterpret_cast<const char*>(data), size))
      .IgnoreError();
  return 0;
}
