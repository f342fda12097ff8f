#include "backends/name_table.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nn2milp::backends {
namespace {

TEST(SanitizeBaseTest, AppliesTheLpAndMpsRules) {
  EXPECT_EQ(SanitizeBase("onnx::Gemm_5"), "onnx__Gemm_5");
  EXPECT_EQ(SanitizeBase("input.1"), "input_1");
  EXPECT_EQ(SanitizeBase("/0/Gemm_output_0"), "_0_Gemm_output_0");
  EXPECT_EQ(SanitizeBase("9"), "t_9");        // LP names cannot start with a digit
  EXPECT_EQ(SanitizeBase("e12"), "t_e12");    // would read as an exponent in CPLEX
  EXPECT_EQ(SanitizeBase("e_1"), "e_1");
  EXPECT_EQ(SanitizeBase(""), "t");
  EXPECT_EQ(SanitizeBase("a b:c+d"), "a_b_c_d");
  EXPECT_EQ(SanitizeBase(std::string(300, 'x')).size(), 80u);
}

TEST(NameTableTest, NamesAreUniqueAfterSanitising) {
  ir::MilpBuilder b;
  // Three different ONNX names that sanitise to the same base, and one that equals a renamed one.
  std::vector<ir::NameGroupId> groups = {b.AddNameGroup("a.b"), b.AddNameGroup("a:b"),
                                         b.AddNameGroup("a_b"), b.AddNameGroup("a_b_1")};
  for (ir::NameGroupId g : groups) {
    for (int i = 0; i < 12; ++i) ASSERT_TRUE(b.AddVar(0, 1, false, {g, i}).ok());
  }
  const ir::MilpModel m = std::move(b).Build();
  Diagnostics diag;
  const NameTable names = NameTable::Build(m, &diag);
  std::set<std::string> seen;
  for (int v = 0; v < m.num_vars(); ++v) {
    const std::string n = names.VarName(ir::VarId(v));
    EXPECT_TRUE(seen.insert(n).second) << "duplicate name " << n;
    EXPECT_THAT(n, ::testing::MatchesRegex("[A-Za-z_][A-Za-z0-9_]*"));
  }
  EXPECT_EQ(names.VarName(ir::VarId(0)), "a_b_0");
  EXPECT_FALSE(diag.messages().empty());
}

TEST(NameTableTest, RowsAndVariablesHaveSeparateNamespaces) {
  ir::MilpBuilder b;
  const ir::NameGroupId g = b.AddNameGroup("h");
  const ir::VarId x = *b.AddVar(0, 1, false, {g, 0});
  const ir::RowId r = *b.AddRow({{x, 1.0}}, ir::RowSense::kEqual, 0, {g, 0});
  const ir::MilpModel m = std::move(b).Build();
  const NameTable names = NameTable::Build(m);
  EXPECT_EQ(names.VarName(x), "h_0");
  EXPECT_EQ(names.RowName(r), "h_0");
}

}  // namespace
}  // namespace nn2milp::backends
