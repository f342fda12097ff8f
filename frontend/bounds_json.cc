#include "frontend/bounds_json.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontend/json.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The array member `key` of `obj`, or nullptr when absent; InvalidArgument if not an array.
absl::StatusOr<const JsonValue*> ArrayMember(const JsonValue& obj, absl::string_view key,
                                             bool required) {
  const JsonValue* v = obj.Find(key);
  if (v == nullptr) {
    if (!required) return nullptr;
    return absl::InvalidArgumentError(absl::StrCat("missing member \"", key, "\""));
  }
  if (v->kind != JsonValue::Kind::kArray) {
    return absl::InvalidArgumentError(absl::StrCat("\"", key, "\" must be an array"));
  }
  return v;
}

// A bound entry: a number, or null for an infinite side (`null_value`).
absl::StatusOr<double> BoundValue(const JsonValue& v, double null_value, absl::string_view key,
                                  size_t k) {
  if (v.kind == JsonValue::Kind::kNull) return null_value;
  if (v.kind != JsonValue::Kind::kNumber) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", key, "\"[", k, "] must be a number or null"));
  }
  return v.number;
}

absl::Status ParseTensor(const JsonValue& t, ir::ExternalBounds& out) {
  if (t.kind != JsonValue::Kind::kObject) return absl::InvalidArgumentError("must be an object");
  const JsonValue* name = t.Find("name");
  if (name == nullptr || name->kind != JsonValue::Kind::kString) {
    return absl::InvalidArgumentError("missing string member \"name\"");
  }
  const auto in_tensor = [&](absl::Status s) {
    return AnnotateStatus(s, absl::StrCat("tensor '", name->string, "'"));
  };
  absl::StatusOr<const JsonValue*> lo = ArrayMember(t, "lo", true);
  if (!lo.ok()) return in_tensor(lo.status());
  absl::StatusOr<const JsonValue*> hi = ArrayMember(t, "hi", true);
  if (!hi.ok()) return in_tensor(hi.status());
  absl::StatusOr<const JsonValue*> index = ArrayMember(t, "index", false);
  if (!index.ok()) return in_tensor(index.status());
  const size_t n = (*lo)->array.size();
  if ((*hi)->array.size() != n || (*index != nullptr && (*index)->array.size() != n)) {
    return in_tensor(absl::InvalidArgumentError(
        absl::StrCat("\"lo\" has ", n, " entries, \"hi\" ", (*hi)->array.size(),
                     *index != nullptr ? absl::StrCat(", \"index\" ", (*index)->array.size()) : "",
                     ": they must have the same length")));
  }
  for (size_t k = 0; k < n; ++k) {
    ir::ExternalBound b;
    b.tensor = name->string;
    b.index = static_cast<int64_t>(k);
    if (*index != nullptr) {
      const JsonValue& iv = (*index)->array[k];
      if (iv.kind != JsonValue::Kind::kNumber || !(iv.number >= 0) || iv.number > 9e15 ||
          iv.number != std::floor(iv.number)) {
        return in_tensor(absl::InvalidArgumentError(
            absl::StrCat("\"index\"[", k, "] must be a non-negative integer")));
      }
      b.index = static_cast<int64_t>(iv.number);
    }
    absl::StatusOr<double> l = BoundValue((*lo)->array[k], -kInf, "lo", k);
    if (!l.ok()) return in_tensor(l.status());
    absl::StatusOr<double> h = BoundValue((*hi)->array[k], kInf, "hi", k);
    if (!h.ok()) return in_tensor(h.status());
    if (*l > *h) {
      return in_tensor(absl::InvalidArgumentError(
          absl::StrCat("element ", b.index, ": lo > hi (entry ", k, ")")));
    }
    b.bounds = {*l, *h};
    out.push_back(std::move(b));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ir::ExternalBounds> ParseBoundsJson(absl::string_view text) {
  NN2MILP_ASSIGN_OR_RETURN(const JsonValue doc, ParseJson(text));
  if (doc.kind != JsonValue::Kind::kObject) {
    return absl::InvalidArgumentError("a bounds file must be a JSON object");
  }
  const JsonValue* version = doc.Find("nn2milp_bounds");
  if (version == nullptr || version->kind != JsonValue::Kind::kNumber || version->number != 1) {
    return absl::InvalidArgumentError(
        "missing \"nn2milp_bounds\": 1 (the schema version; see nn2milp's README)");
  }
  NN2MILP_ASSIGN_OR_RETURN(const JsonValue* tensors, ArrayMember(doc, "tensors", true));
  ir::ExternalBounds out;
  for (size_t i = 0; i < tensors->array.size(); ++i) {
    NN2MILP_RETURN_IF_ERROR(
        AnnotateStatus(ParseTensor(tensors->array[i], out), absl::StrCat("tensors[", i, "]")));
  }
  return out;
}

absl::StatusOr<ir::ExternalBounds> ReadBoundsJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open file"));
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<ir::ExternalBounds> bounds = ParseBoundsJson(text.str());
  if (!bounds.ok()) return AnnotateStatus(bounds.status(), path);
  return bounds;
}

}  // namespace nn2milp::frontend
