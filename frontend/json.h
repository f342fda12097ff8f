// A small JSON reader for nn2milp's own JSON inputs (the --map file read back by `check`).
// Accepts RFC 8259 JSON; numbers through ParseDouble; errors carry "<line>:<column>: ".
#ifndef NN2MILP_FRONTEND_JSON_H_
#define NN2MILP_FRONTEND_JSON_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nn2milp::frontend {

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::vector<std::pair<std::string, JsonValue>> object;  // in file order

  // The member `key` of an object, or nullptr.
  const JsonValue* Find(absl::string_view key) const;
};

absl::StatusOr<JsonValue> ParseJson(absl::string_view text);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_JSON_H_
