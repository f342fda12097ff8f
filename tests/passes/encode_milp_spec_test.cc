// The property constraints of encode_milp (Problem::constraints and ::disjunctions).
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/network_builder.h"
#include "passes/bounds_interval.h"
#include "passes/encode_milp.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

using ::nn2milp::testing::StatusIs;
using ::testing::HasSubstr;
using ir::ElementKind;
using ir::LinearInequality;

// Outputs = inputs: every variable of the MILP is an input, so a point fixes all but the binaries.
ir::Network Identity2() {
  ir::NetworkBuilder b;
  const ir::TensorId in = b.AddTensor("x", {2});
  const ir::NeuronId x0 = b.AddInput(in, 0), x1 = b.AddInput(in, 1);
  b.AddInputPort({"x", {2}, {x0, x1}});
  b.AddOutputPort({"x", {2}, {x0, x1}});
  return *std::move(b).Build();
}

// o = 2 relu(x + 0.25) + 0.5, x in [-1, 1]: o in [0.5, 3].
ir::Network OneRelu() {
  ir::NetworkBuilder b;
  const ir::NeuronId x = b.AddInput(b.AddTensor("x", {1}), 0);
  std::vector<ir::Term> t = {{x, 1.0}};
  const ir::NeuronId z = *b.AddAffine(b.AddTensor("z", {1}), 0, t, 0.25);
  const ir::NeuronId y = b.AddRelu(b.AddTensor("y", {1}), 0, z);
  std::vector<ir::Term> t2 = {{y, 2.0}};
  const ir::NeuronId o = *b.AddAffine(b.AddTensor("o", {1}), 0, t2, 0.5);
  b.AddInputPort({"x", {1}, {x}});
  b.AddOutputPort({"o", {1}, {o}});
  return *std::move(b).Build();
}

LinearInequality Le(std::vector<ir::LinearTerm> terms, double rhs) { return {std::move(terms), rhs}; }
ir::LinearTerm Y(int64_t i, double c) { return {ElementKind::kOutput, i, c}; }
ir::LinearTerm X(int64_t i, double c) { return {ElementKind::kInput, i, c}; }

absl::StatusOr<Encoding> Encode(ir::Network& net, const ir::Problem& p) {
  Diagnostics diag;
  PassContext ctx{p, diag};
  if (absl::Status s = BoundsIntervalPass().Run(net, ctx).status(); !s.ok()) return s;
  return EncodeMilp(net, p);
}

std::string GroupOf(const ir::MilpModel& m, ir::NameRef n) { return m.name_group(n.group); }

// Rows of name group `group`, in order.
std::vector<ir::RowId> RowsOf(const ir::MilpModel& m, const std::string& group) {
  std::vector<ir::RowId> rows;
  for (int32_t r = 0; r < m.num_rows(); ++r) {
    if (GroupOf(m, m.row_name(ir::RowId(r))) == group) rows.push_back(ir::RowId(r));
  }
  return rows;
}

double CoefOf(const ir::MilpModel& m, ir::RowId r, ir::VarId v) {
  for (const ir::VarTerm& t : m.row_terms(r)) {
    if (t.var == v) return t.coef;
  }
  return 0;
}

// Does some 0/1 assignment of the integer variables satisfy every row and bound, with the
// continuous variables set by `value`? (Exhaustive: for tiny models only.)
bool FeasibleAt(const ir::MilpModel& m, const std::function<double(ir::VarId)>& value) {
  std::vector<ir::VarId> ints;
  for (int32_t v = 0; v < m.num_vars(); ++v) {
    if (m.var(ir::VarId(v)).is_integer) ints.push_back(ir::VarId(v));
  }
  for (uint32_t mask = 0; mask < (1u << ints.size()); ++mask) {
    auto val = [&](ir::VarId v) {
      for (size_t k = 0; k < ints.size(); ++k) {
        if (ints[k] == v) return static_cast<double>((mask >> k) & 1u);
      }
      return value(v);
    };
    bool ok = true;
    for (int32_t v = 0; v < m.num_vars() && ok; ++v) {
      const double x = val(ir::VarId(v));
      ok = m.var(ir::VarId(v)).lower <= x && x <= m.var(ir::VarId(v)).upper;
    }
    for (int32_t r = 0; r < m.num_rows() && ok; ++r) {
      double lhs = 0;
      for (const ir::VarTerm& t : m.row_terms(ir::RowId(r))) lhs += t.coef * val(t.var);
      const double rhs = m.row_rhs(ir::RowId(r));
      switch (m.row_sense(ir::RowId(r))) {
        case ir::RowSense::kLessEqual: ok = lhs <= rhs + 1e-12; break;
        case ir::RowSense::kGreaterEqual: ok = lhs >= rhs - 1e-12; break;
        case ir::RowSense::kEqual: ok = std::abs(lhs - rhs) <= 1e-12; break;
      }
    }
    if (ok) return true;
  }
  return false;
}

TEST(EncodeMilpSpecTest, DisjunctionGetsOneBinaryPerDisjunctAndSoundBigM) {
  ir::Network net = Identity2();
  ir::Problem p{{{0, 1}, {0, 1}}};
  // (Y_0 >= Y_1 + 0.5) or (Y_1 >= 0.75)
  p.disjunctions.push_back({{{Le({Y(0, -1), Y(1, 1)}, -0.5)}, {Le({Y(1, -1)}, -0.75)}}});
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding e, Encode(net, p));
  const ir::MilpModel& m = e.model;
  EXPECT_EQ(m.num_integer_vars(), 2);
  EXPECT_EQ(e.stats.spec_binaries, 2);
  EXPECT_EQ(e.stats.spec_rows, 3);
  const std::vector<ir::RowId> d = RowsOf(m, "spec.d");
  const std::vector<ir::RowId> orow = RowsOf(m, "spec.or");
  ASSERT_EQ(d.size(), 2u);
  ASSERT_EQ(orow.size(), 1u);
  // spec.or_0: off_0 + off_1 <= 1
  EXPECT_EQ(m.row_sense(orow[0]), ir::RowSense::kLessEqual);
  EXPECT_EQ(m.row_rhs(orow[0]), 1.0);
  ASSERT_EQ(m.row_terms(orow[0]).size(), 2u);
  const ir::VarId off0 = m.row_terms(orow[0])[0].var, off1 = m.row_terms(orow[0])[1].var;
  EXPECT_EQ(GroupOf(m, m.var(off0).name), "spec.off");
  // -Y_0 + Y_1 - 1.5 off_0 <= -0.5  (max of -Y_0 + Y_1 + 0.5 over [0,1]^2 is 1.5)
  EXPECT_EQ(m.row_rhs(d[0]), -0.5);
  EXPECT_EQ(CoefOf(m, d[0], off0), -1.5);
  // -Y_1 - 0.75 off_1 <= -0.75
  EXPECT_EQ(m.row_rhs(d[1]), -0.75);
  EXPECT_EQ(CoefOf(m, d[1], off1), -0.75);
  EXPECT_EQ(e.stats.spec_max_big_m, 1.5);
}

// The model is feasible at a point exactly when the property holds there (exhaustive over
// binaries, on a grid that includes the boundaries).
TEST(EncodeMilpSpecTest, FeasibleExactlyWhereThePropertyHolds) {
  ir::Network net = Identity2();
  ir::Problem p{{{-1, 1}, {-1, 1}}};
  p.constraints.push_back(Le({X(0, 1), X(1, 1)}, 1.5));  // x0 + x1 <= 1.5
  // (y0 >= 0.5 and y1 <= 0) or (y1 >= y0 + 0.25) or (y0 <= -2: impossible, dropped)
  p.disjunctions.push_back({{{Le({Y(0, -1)}, -0.5), Le({Y(1, 1)}, 0)},
                             {Le({Y(0, 1), Y(1, -1)}, -0.25)},
                             {Le({Y(0, 1)}, -2)}}});
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding e, Encode(net, p));
  EXPECT_EQ(e.stats.spec_dropped_disjuncts, 1);
  EXPECT_EQ(e.stats.spec_binaries, 2);
  const ir::VarId v0 = e.input_vars[0][0], v1 = e.input_vars[0][1];
  for (int i = 0; i <= 8; ++i) {
    for (int j = 0; j <= 8; ++j) {
      const double x0 = -1 + 0.25 * i, x1 = -1 + 0.25 * j;
      const bool holds = x0 + x1 <= 1.5 && ((x0 >= 0.5 && x1 <= 0) || x1 >= x0 + 0.25);
      const bool feasible = FeasibleAt(e.model, [&](ir::VarId v) { return v == v0 ? x0 : v == v1 ? x1 : 0.0; });
      EXPECT_EQ(feasible, holds) << "x = (" << x0 << ", " << x1 << ")";
    }
  }
}

TEST(EncodeMilpSpecTest, ImpliedAndImpossibleByBounds) {
  ir::Network net = Identity2();
  ir::Problem p{{{0, 1}, {0, 1}}};
  p.constraints.push_back(Le({X(0, 1)}, 1));  // implied by the box: not written
  // second disjunct impossible -> one disjunct left -> a plain row, no binary
  p.disjunctions.push_back({{{Le({Y(0, 1), Y(1, 1)}, 0.5)}, {Le({Y(1, -1)}, -2)}}});
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding e, Encode(net, p));
  EXPECT_EQ(e.stats.spec_implied, 1);
  EXPECT_EQ(e.stats.spec_dropped_disjuncts, 1);
  EXPECT_EQ(e.model.num_integer_vars(), 0);
  const std::vector<ir::RowId> c = RowsOf(e.model, "spec.c");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(e.model.row_rhs(c[0]), 0.5);
  EXPECT_FALSE(e.stats.spec_infeasible_by_bounds);
}

TEST(EncodeMilpSpecTest, DisjunctImpliedByBoundsMakesTheDisjunctionVanish) {
  ir::Network net = Identity2();
  ir::Problem p{{{0, 1}, {0, 1}}};
  p.disjunctions.push_back({{{Le({Y(0, 1)}, 0.5)}, {Le({Y(1, 1)}, 1)}}});
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding e, Encode(net, p));
  EXPECT_EQ(e.model.num_rows(), 0);
  EXPECT_EQ(e.stats.spec_rows, 0);
}

TEST(EncodeMilpSpecTest, AllDisjunctsImpossibleGivesAnInfeasibleModel) {
  ir::Network net = Identity2();
  ir::Problem p{{{0, 1}, {0, 1}}};
  p.disjunctions.push_back({{{Le({Y(0, 1)}, -1)}, {Le({Y(1, -1)}, -3)}}});
  p.disjunctions.push_back({});  // a false assertion
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding e, Encode(net, p));
  EXPECT_TRUE(e.stats.spec_infeasible_by_bounds);
  EXPECT_EQ(RowsOf(e.model, "spec.or").size(), 2u);
  EXPECT_FALSE(FeasibleAt(e.model, [](ir::VarId) { return 0.5; }));
}

TEST(EncodeMilpSpecTest, BigMUsesTheOutputVariableBounds) {
  ir::Network net = OneRelu();
  ir::Problem p{{{-1, 1}}};
  // (o <= 1) or (x >= 0.5)
  p.disjunctions.push_back({{{Le({Y(0, 1)}, 1)}, {Le({X(0, -1)}, -0.5)}}});
  NN2MILP_ASSERT_OK_AND_ASSIGN(Encoding e, Encode(net, p));
  const ir::MilpModel& m = e.model;
  const ir::Variable& o = m.var(e.output_vars[0][0]);
  const std::vector<ir::RowId> d = RowsOf(m, "spec.d");
  ASSERT_EQ(d.size(), 2u);
  ASSERT_EQ(m.row_terms(d[0]).size(), 2u);
  const ir::VarId off0 = m.row_terms(d[0])[1].var;
  EXPECT_EQ(CoefOf(m, d[0], off0), -(o.upper - 1));  // M = max o - 1
  EXPECT_GE(o.upper, 3.0);
  // -x - M off_1 <= -0.5 with M = max(-x) + 0.5 = 1.5
  EXPECT_EQ(CoefOf(m, d[1], m.row_terms(d[1])[1].var), -1.5);
}

TEST(EncodeMilpSpecTest, OutOfRangeElementIsInvalid) {
  ir::Network net = Identity2();
  ir::Problem p{{{0, 1}, {0, 1}}};
  p.constraints.push_back(Le({Y(2, 1)}, 0));
  EXPECT_THAT(Encode(net, p), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("constraint 0: output element 2 is out of range")));
  p.constraints = {Le({X(0, NAN)}, 0)};
  EXPECT_THAT(Encode(net, p), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not finite")));
}

}  // namespace
}  // namespace nn2milp::passes
