// libFuzzer target: the --bounds-in reader (JSON bounds keyed by tensor name and index).
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "frontend/bounds_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nn2milp::frontend::ParseBoundsJson(absl::string_view(reinterpret_cast<const char*>(data), size))
      .IgnoreError();
  return 0;
}
