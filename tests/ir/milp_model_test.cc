#include "ir/milp_model.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::ir {
namespace {

using ::nn2milp::testing::IsOk;
using ::nn2milp::testing::StatusIs;
using ::testing::HasSubstr;
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(MilpBuilderTest, ValidatesVariableBounds) {
  MilpBuilder b;
  const NameGroupId g = b.AddNameGroup("x");
  EXPECT_THAT(b.AddVar(0, 1, false, {g, 0}), IsOk());
  EXPECT_THAT(b.AddVar(-kInf, kInf, false, {g, 1}), IsOk());
  EXPECT_THAT(b.AddVar(2, 1, false, {g, 2}), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'x'")));
  EXPECT_THAT(b.AddVar(std::nan(""), 1, false, {g, 3}), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bounds")));
  EXPECT_THAT(b.AddVar(kInf, kInf, false, {g, 4}), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bounds")));
  EXPECT_THAT(b.AddVar(0, kInf, true, {g, 5}), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("integer")));
}

TEST(MilpBuilderTest, CanonicalizesRows) {
  MilpBuilder b;
  const NameGroupId g = b.AddNameGroup("v");
  NN2MILP_ASSERT_OK_AND_ASSIGN(VarId x, b.AddVar(0, 1, false, {g, 0}));
  NN2MILP_ASSERT_OK_AND_ASSIGN(VarId y, b.AddVar(0, 1, false, {g, 1}));
  NN2MILP_ASSERT_OK_AND_ASSIGN(RowId r, b.AddRow({{y, 2.0}, {x, 1.0}, {y, -2.0}, {x, 0.5}},
                                                 RowSense::kLessEqual, -0.0, {g, 0}));
  const MilpModel m = std::move(b).Build();
  ASSERT_EQ(m.row_terms(r).size(), 1u);
  EXPECT_EQ(m.row_terms(r)[0].var, x);
  EXPECT_EQ(m.row_terms(r)[0].coef, 1.5);
  EXPECT_FALSE(std::signbit(m.row_rhs(r)));
}

TEST(MilpBuilderTest, RejectsBadRows) {
  MilpBuilder b;
  const NameGroupId g = b.AddNameGroup("row");
  NN2MILP_ASSERT_OK_AND_ASSIGN(VarId x, b.AddVar(0, 1, false, {g, 0}));
  EXPECT_THAT(b.AddRow({{x, 1.0}}, RowSense::kEqual, kInf, {g, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rhs")));
  EXPECT_THAT(b.AddRow({{x, std::nan("")}}, RowSense::kEqual, 0, {g, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not finite")));
  EXPECT_THAT(b.AddRow({{VarId(9), 1.0}}, RowSense::kEqual, 0, {g, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown variable 9")));
  EXPECT_THAT(b.SetObjective({{x, 1.0}}, std::nan("")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("objective")));
}

}  // namespace
}  // namespace nn2milp::ir
