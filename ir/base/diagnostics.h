// Diagnostics: warnings and notes collected by library code and reported by tools/.
// Library code never prints. Repeated messages of one kind are throttled (HiGHS style): the
// first kMaxPerKind are kept verbatim, the rest only counted.
#ifndef NN2MILP_IR_BASE_DIAGNOSTICS_H_
#define NN2MILP_IR_BASE_DIAGNOSTICS_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace nn2milp {

class Diagnostics {
 public:
  enum class Severity { kNote, kWarning };
  struct Message {
    Severity severity;
    std::string kind;  // short stable key, e.g. "rename", "batch-dim"
    std::string text;
  };
  static constexpr int kMaxPerKind = 5;

  void Note(std::string kind, std::string text) { Add(Severity::kNote, std::move(kind), std::move(text)); }
  void Warn(std::string kind, std::string text) { Add(Severity::kWarning, std::move(kind), std::move(text)); }

  const std::vector<Message>& messages() const { return messages_; }
  // How many messages of each kind were dropped by throttling, in kind order.
  const std::map<std::string, int>& suppressed() const { return suppressed_; }

 private:
  void Add(Severity s, std::string kind, std::string text) {
    int& seen = seen_[kind];
    if (++seen > kMaxPerKind) {
      ++suppressed_[kind];
      return;
    }
    messages_.push_back({s, std::move(kind), std::move(text)});
  }
  std::vector<Message> messages_;
  std::map<std::string, int> seen_;
  std::map<std::string, int> suppressed_;
};

}  // namespace nn2milp

#endif  // NN2MILP_IR_BASE_DIAGNOSTICS_H_
