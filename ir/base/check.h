// NN2MILP_CHECK: aborts on broken invariants (bugs), never on bad input.
//
// Bad input is reported through absl::Status. A failed check means nn2milp itself is wrong,
// so it prints the condition, the location and an optional streamed message, then aborts:
//
//   NN2MILP_CHECK(id.value() < size) << "neuron " << id.value() << " out of range";
#ifndef NN2MILP_IR_BASE_CHECK_H_
#define NN2MILP_IR_BASE_CHECK_H_

#include <cstdlib>
#include <iostream>
#include <sstream>

namespace nn2milp::internal {

// Collects the streamed message; its destructor reports and aborts.
class CheckFailure {
 public:
  CheckFailure(const char* condition, const char* file, int line) {
    stream_ << file << ":" << line << ": NN2MILP_CHECK failed: " << condition << " ";
  }
  CheckFailure(const CheckFailure&) = delete;
  CheckFailure& operator=(const CheckFailure&) = delete;
  [[noreturn]] ~CheckFailure() {
    std::cerr << stream_.str() << std::endl;
    std::abort();
  }
  std::ostream& stream() { return stream_; }

 private:
  std::ostringstream stream_;
};

// Lets `cond ? (void)0 : Voidify() & CheckFailure(...).stream() << ...` type-check.
struct Voidify {
  void operator&(std::ostream&) {}
};

}  // namespace nn2milp::internal

#define NN2MILP_CHECK(condition)                                        \
  (condition) ? (void)0                                                 \
              : ::nn2milp::internal::Voidify() &                        \
                    ::nn2milp::internal::CheckFailure(#condition, __FILE__, \
                                                      __LINE__)         \
                        .stream()

#endif  // NN2MILP_IR_BASE_CHECK_H_
