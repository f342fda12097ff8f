#include "frontend/solution_reader.h"

#include "absl/strings/str_cat.h"
#include "frontend/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::frontend {
namespace {

using ::nn2milp::testing::StatusIs;
using ::testing::HasSubstr;

// The solution files of ../shared/format-samples/outputs (tiny model, optimum 3.5).
constexpr char kCbc[] = R"(Optimal - objective value 3.50000000
      0 X                   -1.5                       0
      1 Y                   -0.5                       0
      2 OBJCONST               1                      10
      3 B                      1                       1
)";
constexpr char kHighs[] = R"(Model status
Optimal

# Primal solution values
Feasible
Objective 3.5
# Columns 4
X -1.5
Y -0.5
OBJCONST 1
B 1
# Rows 5
C1 -2
)";
constexpr char kScip[] = R"(solution status: optimal solution found
objective value:                                  3.5
X                                                -1.5 	(obj:2)
Y                                                -0.5 	(obj:3)
B                                                   1 	(obj:-2)
)";

TEST(SolutionReaderTest, ReadsCbc) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(Solution s, ParseSolution(kCbc));
  EXPECT_EQ(s.format, "cbc");
  EXPECT_EQ(s.status, "Optimal");
  EXPECT_EQ(s.objective, 3.5);
  EXPECT_EQ(s.Value("X"), -1.5);
  EXPECT_EQ(s.Value("B"), 1.0);
  EXPECT_EQ(s.Value("absent"), 0.0);
}

TEST(SolutionReaderTest, ReadsHighs) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(Solution s, ParseSolution(kHighs));
  EXPECT_EQ(s.format, "highs");
  EXPECT_EQ(s.status, "Optimal");
  EXPECT_EQ(s.objective, 3.5);
  EXPECT_EQ(s.Value("Y"), -0.5);
  EXPECT_EQ(s.values.count("C1"), 0u);  // rows are not columns
}

TEST(SolutionReaderTest, ReadsNameValueLists) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(Solution s, ParseSolution(kScip));
  EXPECT_EQ(s.format, "list");
  EXPECT_EQ(s.status, "optimal solution found");
  EXPECT_EQ(s.objective, 3.5);
  EXPECT_EQ(s.Value("X"), -1.5);
}

TEST(SolutionReaderTest, ErrorsCarryTheLine) {
  EXPECT_THAT(ParseSolution("Optimal - objective value 1\n 0 x oops 0\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2: ")));
  EXPECT_THAT(ParseSolution("Model status\nOptimal\n# Columns 3\nx 1\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fewer columns")));
}

// Found by fuzz_solution: a HiGHS header with nothing after it was read past the last line.
TEST(SolutionReaderTest, TruncatedHighsFilesAreErrors) {
  EXPECT_THAT(ParseSolution("Model status"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("without '# Columns'")));
  for (const char* count : {"-2", "1e300", "1.5", "nan"}) {
    EXPECT_THAT(ParseSolution(absl::StrCat("Model status\nOptimal\n# Columns ", count, "\nx 1\n")),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("3: bad column count")))
        << count;
  }
}

TEST(JsonTest, ParsesTheMapFormat) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(JsonValue v, ParseJson(R"({"inputs": {"x": ["x_0", "x_1"]},
    "objective": {"scale": -1, "flat_index": 3, "ok": true, "none": null, "s": "a\"b\u0041"}})"));
  const JsonValue* x = v.Find("inputs")->Find("x");
  ASSERT_NE(x, nullptr);
  ASSERT_EQ(x->array.size(), 2u);
  EXPECT_EQ(x->array[1].string, "x_1");
  const JsonValue* o = v.Find("objective");
  EXPECT_EQ(o->Find("scale")->number, -1.0);
  EXPECT_TRUE(o->Find("ok")->boolean);
  EXPECT_EQ(o->Find("none")->kind, JsonValue::Kind::kNull);
  EXPECT_EQ(o->Find("s")->string, "a\"bA");
}

TEST(JsonTest, RejectsMalformedInputWithALocation) {
  for (const char* bad : {"", "{", "{\"a\" 1}", "[1, 2", "{\"a\": tru}", "\"open", "[1] x", "{\"a\": 1,}"}) {
    EXPECT_THAT(ParseJson(bad), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(":"))) << bad;
  }
  std::string deep(200, '[');
  EXPECT_THAT(ParseJson(deep), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("nested")));
}

}  // namespace
}  // namespace nn2milp::frontend
