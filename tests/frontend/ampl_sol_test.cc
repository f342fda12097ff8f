// AMPL .sol reader: files written by the ASL's own write_sol (write_sol_asl, text and binary)
// from a .nl written by nn2milp read back to exactly the given values, named by the .col file;
// malformed files are errors.
#include "frontend/ampl_sol.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "backends/nl_writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/tiny_milp.h"

namespace nn2milp::frontend {
namespace {

using ::testing::ElementsAreArray;
using ::nn2milp::testing::StatusIs;
using ::testing::_;
using ::testing::HasSubstr;

#ifdef NN2MILP_WRITE_SOL_ASL
constexpr const char* kWriteSol = NN2MILP_WRITE_SOL_ASL;
#else
constexpr const char* kWriteSol = "";
#endif

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes the tiny model's .nl/.col in a temporary directory and a .sol with `values` (in .nl
// order) through write_sol_asl; returns {sol bytes, col text}.
std::pair<std::string, std::string> SolFromAsl(const std::vector<double>& values, bool binary) {
  const std::string dir = (std::filesystem::temp_directory_path() / absl::StrCat("nn2milp_sol_", ::getpid())).string();
  std::filesystem::create_directories(dir);
  const backends::NlFiles files = *backends::NlToString(testing::TinyMilp());
  const std::string stub = dir + "/m";
  std::ofstream(stub + ".nl", std::ios::binary) << files.nl;
  std::ofstream(stub + ".col", std::ios::binary) << files.col;
  {
    std::ofstream vals(stub + ".vals");
    for (size_t j = 0; j < values.size(); ++j) vals << j << " " << absl::StrCat(values[j]) << "\n";
  }
  const int rc = std::system(absl::StrCat(kWriteSol, binary ? " -b " : " ", stub, " ", stub, ".vals >/dev/null").c_str());
  EXPECT_EQ(rc, 0);
  std::pair<std::string, std::string> out{ReadFile(stub + ".sol"), files.col};
  std::filesystem::remove_all(dir);
  return out;
}

TEST(AmplSolTest, ReadsTextAndBinaryFilesOfTheAsl) {
  if (*kWriteSol == '\0' || ::access(kWriteSol, X_OK) != 0) {
    GTEST_FAIL() << "needs the ASL (Debian libamplsolver-dev) for write_sol_asl";
  }
  // Values exactly representable in StrCat's 6 digits, so the .vals file is exact.
  const std::vector<double> values = {1.5, -0.25, 0, 1};
  for (const bool binary : {false, true}) {
    SCOPED_TRACE(binary ? "binary" : "text");
    const auto [sol, col] = SolFromAsl(values, binary);
    EXPECT_EQ(IsBinaryAmplSol(sol), binary);
    NN2MILP_ASSERT_OK_AND_ASSIGN(AmplSolution s, ParseAmplSol(sol));
    EXPECT_EQ(s.binary, binary);
    EXPECT_EQ(s.num_variables, 4);
    EXPECT_EQ(s.num_constraints, 7);
    EXPECT_THAT(s.primals, ElementsAreArray(values));
    EXPECT_THAT(s.message, HasSubstr("write_sol_asl"));
    NN2MILP_ASSERT_OK_AND_ASSIGN(Solution named, NameAmplSolution(s, col));
    std::vector<std::string> names;
    for (absl::string_view n : absl::StrSplit(col, '\n', absl::SkipEmpty())) names.emplace_back(n);
    ASSERT_EQ(names.size(), 4u);
    for (size_t j = 0; j < names.size(); ++j) EXPECT_EQ(named.Value(names[j]), values[j]) << names[j];
    // A .col of another model does not fit.
    EXPECT_THAT(NameAmplSolution(s, "a\nb\n"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2 variables")));
    // Truncated files are errors, never partial solutions.
    EXPECT_THAT(ParseAmplSol(sol.substr(0, sol.size() - 9)), StatusIs(absl::StatusCode::kInvalidArgument, _));
  }
}

TEST(AmplSolTest, TextFormWithOptionsVbtolAndObjno) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(AmplSolution s, ParseAmplSol(
      "solver: optimal\nsecond line\n\nOptions\n3\n1\n3\n0\n1e-6\n2\n2\n3\n3\n0.5\n-1\n1\n2.5\n-3\nobjno 0 0\n"));
  EXPECT_EQ(s.message, "solver: optimal\nsecond line");
  EXPECT_THAT(s.duals, ElementsAreArray({0.5, -1.0}));
  EXPECT_THAT(s.primals, ElementsAreArray({1.0, 2.5, -3.0}));
  EXPECT_EQ(s.solve_result, 0);
}

TEST(AmplSolTest, MalformedTextIsAnErrorWithItsLine) {
  EXPECT_THAT(ParseAmplSol("msg\n\n2\n0\n2\n2\n1\nabc\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 8")));
  EXPECT_THAT(ParseAmplSol("msg\n\n2\n0\n2\n1\n1\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("primal values")));
  EXPECT_THAT(ParseAmplSol("msg\n\n2\n0\n2\n2\n1\n"), StatusIs(absl::StatusCode::kInvalidArgument, _));
  EXPECT_THAT(ParseAmplSol("msg\n\n0\n0\n1\n1\nnan\n"), StatusIs(absl::StatusCode::kInvalidArgument, _));
}

}  // namespace
}  // namespace nn2milp::frontend
