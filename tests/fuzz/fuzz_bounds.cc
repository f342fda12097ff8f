// libFuzzer target: the --input-bounds readers (LO:HI specs, bounds files, number lists).
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "frontend/problem_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  nn2milp::frontend::ParseBoundsSpec(text).IgnoreError();
  nn2milp::frontend::ParseBoundsText(text, 4).IgnoreError();
  nn2milp::frontend::ParseNumberList(text).IgnoreError();
  return 0;
}
