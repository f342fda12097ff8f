// Status matchers for tests (Debian's abseil 20220623 ships none):
//   EXPECT_THAT(status_or_status, IsOk());
//   EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("node 'sin_node'")));
#ifndef NN2MILP_TESTS_TESTING_STATUS_MATCHERS_H_
#define NN2MILP_TESTS_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace nn2milp::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s.ToString();
  return s.ok();
}

MATCHER_P2(StatusIs, code, message_matcher, "") {
  const absl::Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code &&
         ::testing::Matches(message_matcher)(std::string(s.message().data(), s.message().size()));
}

}  // namespace nn2milp::testing

#define NN2MILP_ASSERT_OK_AND_ASSIGN(lhs, expr)                        \
  auto NN2MILP_STATUS_CONCAT_(nn2milp_t_, __LINE__) = (expr);          \
  ASSERT_TRUE(NN2MILP_STATUS_CONCAT_(nn2milp_t_, __LINE__).ok())       \
      << NN2MILP_STATUS_CONCAT_(nn2milp_t_, __LINE__).status();        \
  lhs = std::move(NN2MILP_STATUS_CONCAT_(nn2milp_t_, __LINE__)).value()

#include "ir/base/status_macros.h"

#endif  // NN2MILP_TESTS_TESTING_STATUS_MATCHERS_H_
