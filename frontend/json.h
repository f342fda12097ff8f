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

struct JsonMember;

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::vector<JsonMember> object;  // in file order

  // The member `key` of an object, or nullptr.
  const JsonValue* Find(absl::string_view key) const;
};

// A member of an object. (Not a std::pair: a pair of an incomplete type cannot be a vector
// element with every standard library.)
struct JsonMember {
  std::string key;
  JsonValue value;
};

absl::StatusOr<JsonValue> ParseJson(absl::string_view text);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_JSON_H_
