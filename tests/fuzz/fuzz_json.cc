// libFuzzer target: the JSON reader (map files read back by `nn2milp check`).
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "frontend/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nn2milp::frontend::ParseJson(absl::string_view(reinterpret_cast<const char*>(data), size))
      .IgnoreError();
  return 0;
}
