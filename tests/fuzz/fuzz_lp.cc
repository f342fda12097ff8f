// libFuzzer target: the Lp reader of --embed base models.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "frontend/lp_reader.h"
#include "ir/base/diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nn2milp::Diagnostics diag;
  nn2milp::frontend::ParseLp(absl::string_view(reinterpret_cast<const char*>(data), size),
                                "fuzz.lp", diag)
      .IgnoreError();
  return 0;
}
