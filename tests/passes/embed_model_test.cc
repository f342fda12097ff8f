// passes/embed_model: merging a base model with network encodings; names stay unique.
#include "passes/embed_model.h"

#include <limits>
#include <set>
#include <string>

#include "backends/name_table.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "passes/bounds_interval.h"
#include "tests/testing/random_network.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

using ::nn2milp::testing::StatusIs;
using ::testing::HasSubstr;
constexpr double kInf = std::numeric_limits<double>::infinity();

// A base model whose names could collide with a network's and with the writers' own names.
ir::LinearModel CollidingBase(const std::string& tensor) {
  ir::LinearModel m;
  m.maximize = true;
  m.columns = {{tensor + "_0", -1, 1, false}, {"OBJCONST", 0, 5, false}, {"free", 0, 2, true},
               {"u", -kInf, kInf, false}};
  m.rows = {{"r", -1, 3, {{0, 1.0}, {1, 2.0}}}, {"obj", 0, kInf, {{3, 1.0}}}, {"empty", -1, 1, {}}};
  m.objective = {{0, 2.0}, {2, 1.0}};
  m.objective_constant = 4;
  return m;
}

TEST(EmbedModelTest, NamesStayUniqueAndBaseNamesAreKept) {
  ir::Network net = testing::RandomMlp({2, 4, 1}, 7);
  const std::string input = net.tensor_info(net.tensor(net.inputs()[0].neurons[0])).name;
  const ir::LinearModel base = CollidingBase(input);
  ir::Problem problem;
  problem.input_box.assign(2, {-1.0, 1.0});
  Diagnostics diag;
  PassContext ctx{problem, diag};
  ASSERT_TRUE(BoundsIntervalPass().Run(net, ctx).ok());
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding enc, EncodeMilp(net, problem));
  const std::vector<EmbedNet> nets = {
      {"", &net, &enc, {{ir::ElementKind::kInput, 0, 0}, {ir::ElementKind::kOutput, 0, 3}}},
      {"n2", &net, &enc, {{ir::ElementKind::kInput, 1, 0}}}};
  NN2MILP_ASSERT_OK_AND_ASSIGN(EmbeddedModel em, EmbedNetworks(base, nets, false, diag));
  const backends::NameTable names = backends::NameTable::Build(em.model, &diag);
  std::set<std::string> vars, rows;
  for (int32_t v = 0; v < em.model.num_vars(); ++v) EXPECT_TRUE(vars.insert(names.VarName(ir::VarId(v))).second) << names.VarName(ir::VarId(v));
  for (int32_t r = 0; r < em.model.num_rows(); ++r) EXPECT_TRUE(rows.insert(names.RowName(ir::RowId(r))).second) << names.RowName(ir::RowId(r));
  EXPECT_EQ(names.VarName(ir::VarId(0)), input + "_0");  // the base keeps its name
  EXPECT_EQ(names.VarName(ir::VarId(1)), "t_OBJCONST");  // not fixed to 1: a variable, renamed
  EXPECT_EQ(names.VarName(ir::VarId(2)), "t_free");      // LP keyword
  EXPECT_NE(names.VarName(em.input_vars[0][0][0]), input + "_0");  // the network's got another base
  EXPECT_TRUE(rows.count("r_lo") && rows.count("r_up") && rows.count("t_obj") && !rows.count("empty"));
  EXPECT_TRUE(rows.count("link_0") && rows.count("link_1") && rows.count("n2_link_0"));
  EXPECT_EQ(em.link_rows, 3);
  // Maximise 2 x + free + 4  ->  minimise -2 x - free - 4, scale -1.
  EXPECT_EQ(em.objective_scale, -1);
  EXPECT_EQ(em.model.objective_constant(), -4);
  ASSERT_EQ(em.model.objective().size(), 2u);
  EXPECT_EQ(em.model.objective()[0].coef, -2);
}

TEST(EmbedModelTest, FoldsTheObjConstColumnAndRefusesUnboundedIntegers) {
  ir::LinearModel m;
  m.columns = {{"x", 0, 1, false}, {"OBJCONST", 1, 1, false}};
  m.objective = {{0, 1.0}, {1, 2.5}};
  Diagnostics diag;
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::MilpModel milp, LinearToMilp(m, diag));
  EXPECT_EQ(milp.num_vars(), 1);
  EXPECT_EQ(milp.objective_constant(), 2.5);
  m.columns.push_back({"n", 0, kInf, true});
  EXPECT_THAT(LinearToMilp(m, diag).status(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'n'")));
  ir::LinearModel infeasible;
  infeasible.rows = {{"c", 1, 2, {}}};
  EXPECT_THAT(LinearToMilp(infeasible, diag).status(), StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("'c'")));
}

TEST(EmbedModelTest, InputBoxComesFromLinkedBounds) {
  ir::Network net = testing::RandomMlp({2, 3, 1}, 3);
  ir::LinearModel base;
  base.columns = {{"a", -2, 5, false}, {"b", 0, kInf, false}};
  const std::vector<EmbedLink> links = {{ir::ElementKind::kInput, 0, 0}, {ir::ElementKind::kInput, 1, 1}};
  EXPECT_THAT(LinkedInputBox(base, net, links, std::nullopt, "net").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("linked to 'b', which has an infinite bound")));
  EXPECT_THAT(LinkedInputBox(base, net, {links[0]}, std::nullopt, "net").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("input element 1 is not linked")));
  const std::vector<ir::Interval> given(2, ir::Interval{-1, 1});
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<ir::Interval> box, LinkedInputBox(base, net, links, given, "net"));
  EXPECT_EQ(box[0].lo, -1);
  EXPECT_EQ(box[0].hi, 1);
  EXPECT_EQ(box[1].lo, 0);
  EXPECT_EQ(box[1].hi, 1);
  const std::vector<ir::Interval> apart(2, ir::Interval{6, 7});
  EXPECT_THAT(LinkedInputBox(base, net, links, apart, "net").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("do not intersect")));
}

}  // namespace
}  // namespace nn2milp::passes
