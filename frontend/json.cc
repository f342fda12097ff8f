#include "frontend/json.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ir/base/number_parse.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

class Parser {
 public:
  explicit Parser(absl::string_view text) : text_(text) {}

  absl::StatusOr<JsonValue> Document() {
    NN2MILP_ASSIGN_OR_RETURN(JsonValue v, Value(0));
    SkipSpace();
    if (pos_ != text_.size()) return Error("unexpected text after the JSON value");
    return v;
  }

 private:
  static constexpr int kMaxDepth = 64;

  absl::Status Error(absl::string_view what) const {
    int line = 1, column = 1;
    for (size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return absl::InvalidArgumentError(absl::StrCat(line, ":", column, ": ", what));
  }
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) ++pos_;
  }
  bool Consume(absl::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  absl::StatusOr<JsonValue> Value(int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    SkipSpace();
    if (pos_ >= text_.size()) return Error("unexpected end of input");
    JsonValue v;
    const char c = text_[pos_];
    if (c == '{') return Object(depth);
    if (c == '[') return Array(depth);
    if (c == '"') {
      v.kind = JsonValue::Kind::kString;
      NN2MILP_ASSIGN_OR_RETURN(v.string, String());
      return v;
    }
    if (Consume("null")) return v;
    if (Consume("true") || Consume("false")) {
      v.kind = JsonValue::Kind::kBool;
      v.boolean = text_[pos_ - 4] == 't';  // "true" ends 4 characters back; "false" has 'a' there
      return v;
    }
    const size_t start = pos_;
    while (pos_ < text_.size() && absl::string_view("+-0123456789.eE").find(text_[pos_]) != absl::string_view::npos) ++pos_;
    std::optional<double> d = ParseDouble(text_.substr(start, pos_ - start));
    if (start == pos_ || !d) {
      pos_ = start;
      return Error("expected a JSON value");
    }
    v.kind = JsonValue::Kind::kNumber;
    v.number = *d;
    return v;
  }

  absl::StatusOr<std::string> String() {
    ++pos_;  // opening quote
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\') {
        if (pos_ >= text_.size()) break;
        const char e = text_[pos_++];
        switch (e) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'r': c = '\r'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'u': {
            if (pos_ + 4 > text_.size()) return Error("bad \\u escape");
            unsigned code = 0;
            for (int k = 0; k < 4; ++k) {
              const char h = text_[pos_++];
              code = code * 16 + static_cast<unsigned>(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0');
            }
            if (code >= 0x80) return Error("non-ASCII \\u escapes are not supported");
            c = static_cast<char>(code);
            break;
          }
          default: c = e;  // \" \\ \/
        }
      }
      out.push_back(c);
    }
    if (pos_ >= text_.size()) return Error("unterminated string");
    ++pos_;  // closing quote
    return out;
  }

  absl::StatusOr<JsonValue> Array(int depth) {
    ++pos_;
    JsonValue v;
    v.kind = JsonValue::Kind::kArray;
    SkipSpace();
    if (Consume("]")) return v;
    while (true) {
      NN2MILP_ASSIGN_OR_RETURN(JsonValue item, Value(depth + 1));
      v.array.push_back(std::move(item));
      SkipSpace();
      if (Consume("]")) return v;
      if (!Consume(",")) return Error("expected ',' or ']'");
    }
  }

  absl::StatusOr<JsonValue> Object(int depth) {
    ++pos_;
    JsonValue v;
    v.kind = JsonValue::Kind::kObject;
    SkipSpace();
    if (Consume("}")) return v;
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') return Error("expected a member name");
      NN2MILP_ASSIGN_OR_RETURN(std::string key, String());
      SkipSpace();
      if (!Consume(":")) return Error("expected ':'");
      NN2MILP_ASSIGN_OR_RETURN(JsonValue item, Value(depth + 1));
      v.object.push_back(JsonMember{std::move(key), std::move(item)});
      SkipSpace();
      if (Consume("}")) return v;
      if (!Consume(",")) return Error("expected ',' or '}'");
    }
  }

  absl::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const JsonValue* JsonValue::Find(absl::string_view key) const {
  for (const auto& [k, v] : object) {
    if (k == key) return &v;
  }
  return nullptr;
}

absl::StatusOr<JsonValue> ParseJson(absl::string_view text) { return Parser(text).Document(); }

}  // namespace nn2milp::frontend
