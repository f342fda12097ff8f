// libFuzzer target: the Mps reader of --embed base models.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "frontend/mps_reader.h"
#include "ir/base/diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nn2milp::Diagnostics diag;
  nn2milp::frontend::ParseMps(absl::string_view(reinterpret_cast<const char*>(data), size),
                                "fuzz.mps", diag)
      .IgnoreError();
  return 0;
}
