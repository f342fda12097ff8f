// Runs installed solvers on a model file and returns the optimal objective value (tests only).
// CBC exits 0 even on read errors, so the value is taken from its solution file, never from the
// exit code (../shared/docs/formats.md §5.2).
#ifndef NN2MILP_TESTS_TESTING_SOLVERS_H_
#define NN2MILP_TESTS_TESTING_SOLVERS_H_

#include <optional>
#include <string>

namespace nn2milp::testing {

bool HaveProgram(const std::string& name);

// Fails the current test (rather than skipping it) when `name` is not on the PATH:
// scripts/setup.sh installs every solver the tests use, so a missing one is a broken set-up
// that must not turn into a silently passing suite.
#define NN2MILP_REQUIRE_PROGRAM(name)                                                    \
  if (!::nn2milp::testing::HaveProgram(name))                                           \
  GTEST_FAIL() << (name) << " is not installed (scripts/setup.sh installs it)"
// Writes `contents` to a fresh temporary file with the given suffix and returns its path.
std::string WriteTempFile(const std::string& contents, const std::string& suffix);
// Optimal objective from `cbc FILE -solve -solu SOL`, or nullopt if not optimal / unreadable.
std::optional<double> CbcOptimum(const std::string& path);
// Optimal objective from glpsol (--freemps or --lp by extension), or nullopt on any error.
std::optional<double> GlpkOptimum(const std::string& path);

}  // namespace nn2milp::testing

#endif  // NN2MILP_TESTS_TESTING_SOLVERS_H_
