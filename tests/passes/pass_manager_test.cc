#include "passes/pass_manager.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

using ::nn2milp::testing::StatusIs;
using ::testing::HasSubstr;

TEST(PassManagerTest, ParsesAndPrintsThePipeline) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(PassManager pm, PassManager::Parse(" bounds_interval , "));
  EXPECT_EQ(pm.Print(), "bounds_interval");
  NN2MILP_ASSERT_OK_AND_ASSIGN(PassManager def, PassManager::Parse(kDefaultPipeline));
  EXPECT_EQ(def.Print(), kDefaultPipeline);
}

TEST(PassManagerTest, BoundPassesAreRegisteredAndTheDefaultIsSymbolic) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(PassManager pm,
                               PassManager::Parse("bounds_interval,bounds_symbolic,bounds_lp"));
  EXPECT_EQ(pm.Print(), "bounds_interval,bounds_symbolic,bounds_lp");
  EXPECT_EQ(kDefaultPipeline, "bounds_interval,bounds_symbolic");
}

TEST(PassManagerTest, UnknownPassListsTheKnownOnes) {
  EXPECT_THAT(PassManager::Parse("bounds_interval,folding"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown pass 'folding' (known: cleanup_coefficients, bounds_interval")));
}

TEST(PassManagerTest, AliasesNameTheRegisteredPasses) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(
      PassManager pm,
      PassManager::Parse("cleanup,merge-duplicates,bounds-ia,bounds-symbolic,bounds-lp,bounds-in"));
  EXPECT_EQ(pm.Print(),
            "cleanup_coefficients,merge_duplicates,bounds_interval,bounds_symbolic,bounds_lp,bounds_in");
  // Steps that are not passes say where they happen.
  EXPECT_THAT(PassManager::Parse("fold"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'fold' is not a pass: constant folding")));
  EXPECT_THAT(PassManager::Parse("eliminate-stable"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("stable ReLUs get no binary")));
}

TEST(PassManagerTest, NamedBoundPipelines) {
  EXPECT_EQ(*BoundsPipeline("", false), "cleanup_coefficients,merge_duplicates,bounds_interval,bounds_symbolic");
  EXPECT_EQ(*BoundsPipeline("ia", true), "merge_duplicates,bounds_interval");
  EXPECT_EQ(*BoundsPipeline("lp", false),
            "cleanup_coefficients,merge_duplicates,bounds_interval,bounds_symbolic,bounds_lp");
}

}  // namespace
}  // namespace nn2milp::passes
