// Readers of the input box (LO:HI specs and bounds files) and of number lists.
#include "frontend/problem_reader.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using frontend::ParseBoundsSpec;
using frontend::ParseBoundsText;
using frontend::ParseNumberList;
using ir::Interval;

TEST(ParseBoundsSpecTest, AcceptsTwoFiniteOrderedNumbers) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(Interval a, ParseBoundsSpec("-1:1"));
  EXPECT_EQ(a, (Interval{-1, 1}));
  NN2MILP_ASSERT_OK_AND_ASSIGN(Interval b, ParseBoundsSpec("0:0.5"));
  EXPECT_EQ(b, (Interval{0, 0.5}));
  NN2MILP_ASSERT_OK_AND_ASSIGN(Interval c, ParseBoundsSpec("1e-3:2"));
  EXPECT_EQ(c, (Interval{0.001, 2}));
  NN2MILP_ASSERT_OK_AND_ASSIGN(Interval d, ParseBoundsSpec("3:3"));
  EXPECT_EQ(d, (Interval{3, 3}));
  NN2MILP_ASSERT_OK_AND_ASSIGN(Interval e, ParseBoundsSpec("-2.5e1:+1E2"));
  EXPECT_EQ(e, (Interval{-25, 100}));
}

TEST(ParseBoundsSpecTest, RejectsMalformedSpecs) {
  EXPECT_THAT(ParseBoundsSpec("1"),
              StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr("'1'"), HasSubstr("LO:HI"))));
  EXPECT_THAT(ParseBoundsSpec("a:b"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("finite numbers")));
  EXPECT_THAT(ParseBoundsSpec("2:1"),
              StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr("'2:1'"), HasSubstr("LO > HI"))));
  EXPECT_THAT(ParseBoundsSpec("nan:1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("finite numbers")));
  EXPECT_THAT(ParseBoundsSpec("inf:1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("finite numbers")));
  EXPECT_THAT(ParseBoundsSpec("-1:inf"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("finite numbers")));
  EXPECT_THAT(ParseBoundsSpec(":1"), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(ParseBoundsSpec("0:1:2"), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(ParseBoundsSpec(""), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
}

TEST(ParseBoundsTextTest, SkipsCommentsAndBlankLines) {
  constexpr char kText[] =
      "# input box for a 3-element input\n"
      "-1 1   # first\n"
      "\n"
      "   \t\n"
      "0\t0.5\r\n"
      "  1e-3   2  \n"
      "# trailing comment without newline";
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<Interval> box, ParseBoundsText(kText, 3));
  EXPECT_THAT(box, ElementsAre(Interval{-1, 1}, Interval{0, 0.5}, Interval{0.001, 2}));
}

TEST(ParseBoundsTextTest, WrongCountSaysHowManyWereExpected) {
  EXPECT_THAT(ParseBoundsText("0 1\n0 1\n", 3),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("expected 3"), HasSubstr("got 2"))));
  EXPECT_THAT(ParseBoundsText("0 1\n0 1\n", 1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("expected 1"), HasSubstr("got 2"))));
}

TEST(ParseBoundsTextTest, ErrorsCarryLineAndColumn) {
  // Line 3, column 5: the bad token "x".
  EXPECT_THAT(ParseBoundsText("0 1\n\n  0 x\n", 2),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("3:5: "), HasSubstr("'x'"))));
  // Three fields on line 2, starting at column 2.
  EXPECT_THAT(ParseBoundsText("0 1\n 0 1 2\n", 2),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("2:2: "), HasSubstr("3 fields"))));
  // One field.
  EXPECT_THAT(ParseBoundsText("5\n", 1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1:1: ")));
  // lo > hi on line 1.
  EXPECT_THAT(ParseBoundsText("2 1\n", 1),
              StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr("1:1: "), HasSubstr("lo > hi"))));
  // Non-finite numbers.
  EXPECT_THAT(ParseBoundsText("-inf 1\n", 1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1:1: '-inf'")));
  EXPECT_THAT(ParseBoundsText("0 nan\n", 1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1:3: 'nan'")));
}

TEST(ReadBoundsFileTest, ReadsAFileAndPrefixesErrorsWithThePath) {
  const std::string path = ::testing::TempDir() + "/nn2milp_problem_reader_bounds.txt";
  {
    std::ofstream out(path);
    out << "-1 1\n0 2\n";
  }
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<Interval> box, frontend::ReadBoundsFile(path, 2));
  EXPECT_THAT(box, ElementsAre(Interval{-1, 1}, Interval{0, 2}));
  EXPECT_THAT(frontend::ReadBoundsFile(path, 3),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(path + ": expected 3")));
  std::filesystem::remove(path);
  EXPECT_THAT(frontend::ReadBoundsFile(path, 2),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(path)));
}

TEST(ParseNumberListTest, SplitsOnWhitespaceAndCommas) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> v, ParseNumberList(" 1 2.5\n-3,4e-1\t+7 "));
  EXPECT_THAT(v, ElementsAre(1, 2.5, -3, 0.4, 7));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> empty, ParseNumberList("  \n"));
  EXPECT_THAT(empty, ::testing::IsEmpty());
}

TEST(ParseNumberListTest, RejectsNonNumbersAndNonFiniteValues) {
  EXPECT_THAT(ParseNumberList("1 x 3"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'x'")));
  EXPECT_THAT(ParseNumberList("1 nan"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'nan'")));
  EXPECT_THAT(ParseNumberList("inf"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'inf'")));
  EXPECT_THAT(ParseNumberList("1e999"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'1e999'")));
}

}  // namespace
}  // namespace nn2milp::testing
