#include "backends/lp_writer.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/solvers.h"
#include "tests/testing/tiny_milp.h"

namespace nn2milp::backends {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string TinyLp() { return *LpToString(testing::TinyMilp(), {.comment = "tiny"}); }

TEST(LpWriterTest, UsesThePortableSubset) {
  const std::string lp = TinyLp();
  EXPECT_TRUE(absl::StartsWith(lp, "\\ tiny\nMinimize\n"));
  // No constant in the objective (rule 3): it rides on obj_const fixed to 1.
  EXPECT_THAT(lp, HasSubstr(" obj: + 2 x_0 + 3 y_0 - 2 b_on_0 + 10 obj_const\n"));
  EXPECT_THAT(lp, HasSubstr("Subject To\n c_1: + 1 x_0 + 1 y_0 >= -2\n"));
  EXPECT_THAT(lp, HasSubstr(" -5 <= x_0 <= 10\n"));
  EXPECT_THAT(lp, HasSubstr(" y_0 free\n"));
  EXPECT_THAT(lp, HasSubstr(" -inf <= onnx__z_0 <= -1\n"));  // rule 8: both sides
  EXPECT_THAT(lp, HasSubstr(" 0 <= b_on_0 <= 1\n"));
  EXPECT_THAT(lp, HasSubstr(" obj_const = 1\n"));
  EXPECT_THAT(lp, HasSubstr("Binaries\n b_on_0\n"));
  EXPECT_THAT(lp, HasSubstr("0.10000000000000002"));
  EXPECT_THAT(lp, Not(HasSubstr("infinity")));
  EXPECT_TRUE(absl::EndsWith(lp, "End\n"));  // rule 2: CBC hangs without it
}

TEST(LpWriterTest, WrapsLongRowsBelow255Characters) {
  ir::MilpBuilder b;
  const ir::NameGroupId g = b.AddNameGroup(std::string(70, 'v'));
  std::vector<ir::VarTerm> terms;
  for (int i = 0; i < 300; ++i) terms.push_back({*b.AddVar(0, 1, false, {g, i}), -0.1234567890123 * (i + 1)});
  (void)b.AddRow(terms, ir::RowSense::kLessEqual, 1, {g, 0});
  const std::string lp = *LpToString(std::move(b).Build());
  int lines = 0;
  for (absl::string_view line : absl::StrSplit(lp, '\n')) {
    EXPECT_LE(line.size(), 255u);
    ++lines;
  }
  EXPECT_GT(lines, 50);
  // A term is never split: every continuation line starts with " - <coef> <name>".
  EXPECT_THAT(lp, Not(HasSubstr("-\n")));
}

TEST(LpWriterTest, EmptyObjectiveIsWrittenAsZeroTimesAVariable) {
  ir::MilpBuilder b;
  (void)b.AddVar(0, 1, false, {b.AddNameGroup("x"), 0});
  EXPECT_THAT(*LpToString(std::move(b).Build()), HasSubstr("Minimize\n obj: + 0 x_0\n"));
}

// Regression (external convx1_gemmx1): CoinLpIO fails with "Hash table: too many names" when
// many variables appear only in Bounds; every such variable gets a 0 objective term, and CBC
// then reads the model.
TEST(LpWriterTest, VariablesInNoRowAppearInTheObjective) {
  ir::MilpBuilder b;
  const ir::NameGroupId g = b.AddNameGroup("input");
  for (int i = 0; i < 50; ++i) (void)b.AddVar(0.25, 0.25, false, {g, i});
  const std::string lp = *LpToString(std::move(b).Build());
  EXPECT_THAT(lp, HasSubstr(" obj: + 0 input_0 + 0 input_1 + 0 input_2"));
  NN2MILP_REQUIRE_PROGRAM("cbc");
  EXPECT_EQ(testing::CbcOptimum(testing::WriteTempFile(lp, ".lp")), 0.0);
}

TEST(LpWriterTest, SolversFindTheKnownOptimum) {
  const std::string path = testing::WriteTempFile(TinyLp(), ".lp");
  NN2MILP_REQUIRE_PROGRAM("cbc");
  NN2MILP_REQUIRE_PROGRAM("glpsol");
  EXPECT_EQ(testing::CbcOptimum(path), testing::kTinyOptimum);
  EXPECT_EQ(testing::GlpkOptimum(path), testing::kTinyOptimum);
}

}  // namespace
}  // namespace nn2milp::backends
