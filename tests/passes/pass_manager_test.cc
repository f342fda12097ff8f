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
  EXPECT_THAT(PassManager::Parse("bounds_interval,fold"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown pass 'fold' (known: cleanup_coefficients, bounds_interval")));
}

}  // namespace
}  // namespace nn2milp::passes
