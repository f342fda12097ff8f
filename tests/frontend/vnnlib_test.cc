#include "frontend/vnnlib.h"

#include <cmath>
#include <random>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::frontend {
namespace {

using ::nn2milp::testing::IsOk;
using ::nn2milp::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ir::ElementKind;
using ir::Interval;
using ir::LinearInequality;
using ir::LinearTerm;

constexpr ElementKind kX = ElementKind::kInput;
constexpr ElementKind kY = ElementKind::kOutput;

constexpr char kDecls[] =
    "(declare-const X_0 Real)\n(declare-const X_1 Real)\n"
    "(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n(declare-const Y_2 Real)\n";

// The VNN-COMP classification property: box, then "some other logit >= the label's".
TEST(VnnlibTest, ClassificationProperty) {
  const std::string text = absl::StrCat(
      "; Mnist property with label: 1.\n", kDecls,
      "(assert (<= X_0 0.029999999329447746))\n(assert (>= X_0 0.0))\n"
      "(assert (<= X_1 1))\n(assert (>= X_1 -1e-05))\n"
      "(assert (or\n    (and (>= Y_0 Y_1))\n    (and (>= Y_2 Y_1))\n))\n");
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty p, ParseVnnlib(text));
  EXPECT_EQ(p.num_inputs, 2);
  EXPECT_EQ(p.num_outputs, 3);
  EXPECT_THAT(p.input_box, ElementsAre(Interval{0.0, 0.029999999329447746}, Interval{-1e-05, 1.0}));
  EXPECT_TRUE(p.input_constraints.empty());
  EXPECT_TRUE(p.output_constraints.empty());
  ASSERT_EQ(p.disjunctions.size(), 1u);
  // Y_1 - Y_0 <= 0 and Y_1 - Y_2 <= 0, terms sorted by element.
  EXPECT_THAT(p.disjunctions[0].disjuncts,
              ElementsAre(ElementsAre(LinearInequality{{{kY, 0, -1.0}, {kY, 1, 1.0}}, 0.0}),
                          ElementsAre(LinearInequality{{{kY, 1, 1.0}, {kY, 2, -1.0}}, 0.0})));
}

TEST(VnnlibTest, LinearTermsAndTopLevelOutputConstraints) {
  const std::string text = absl::StrCat(
      kDecls,
      "(assert (and (<= X_0 1) (>= X_0 0) (<= X_1 2) (>= X_1 (- 2))))\n"
      // 2 Y_0 - (Y_1 + 0.5) + 3 <= Y_2 - 1   ->  2 Y_0 - Y_1 - Y_2 <= -3.5
      "(assert (<= (+ (* 2 Y_0) (- (+ Y_1 0.5)) 3) (- Y_2 1)))\n"
      // input-only, not a box: X_0 + X_1 >= 0.5  ->  -X_0 - X_1 <= -0.5
      "(assert (>= (+ X_0 X_1) 0.5))\n"
      // (* Y_0 3 0.5) and an equality: 1.5 Y_0 = X_1  -> two inequalities
      "(assert (= (* Y_0 3 0.5) X_1))\n");
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty p, ParseVnnlib(text));
  EXPECT_THAT(p.input_box, ElementsAre(Interval{0, 1}, Interval{-2, 2}));
  EXPECT_THAT(p.input_constraints,
              ElementsAre(LinearInequality{{{kX, 0, -1.0}, {kX, 1, -1.0}}, -0.5}));
  EXPECT_THAT(p.output_constraints,
              ElementsAre(LinearInequality{{{kY, 0, 2.0}, {kY, 1, -1.0}, {kY, 2, -1.0}}, -3.5},
                          LinearInequality{{{kX, 1, -1.0}, {kY, 0, 1.5}}, 0.0},
                          LinearInequality{{{kX, 1, 1.0}, {kY, 0, -1.5}}, 0.0}));
  EXPECT_TRUE(p.disjunctions.empty());
}

TEST(VnnlibTest, StrictComparisonsAreReadAsNonStrict) {
  const std::string text = absl::StrCat(kDecls, "(assert (< X_0 1))(assert (> X_0 0))",
                                        "(assert (<= X_1 1))(assert (>= X_1 0))(assert (< Y_0 Y_1))");
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty p, ParseVnnlib(text));
  EXPECT_THAT(p.input_box, ElementsAre(Interval{0, 1}, Interval{0, 1}));
  EXPECT_THAT(p.output_constraints, ElementsAre(LinearInequality{{{kY, 0, 1.0}, {kY, 1, -1.0}}, 0.0}));
}

TEST(VnnlibTest, ScaledBoundIsRoundedOutwardsAndKept) {
  const std::string text = absl::StrCat(kDecls, "(assert (<= (* 3 X_0) 1))(assert (>= X_0 0))",
                                        "(assert (<= X_1 1))(assert (>= X_1 0))");
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty p, ParseVnnlib(text));
  EXPECT_GE(p.input_box[0].hi, 1.0 / 3.0);
  EXPECT_LT(p.input_box[0].hi, 1.0 / 3.0 + 1e-15);
  EXPECT_THAT(p.input_constraints, ElementsAre(LinearInequality{{{kX, 0, 3.0}}, 1.0}));
}

TEST(VnnlibTest, SingleDisjunctOrIsFlattened) {
  const std::string text = absl::StrCat(
      kDecls, "(assert (or (and (<= X_0 1) (>= X_0 0) (<= X_1 1) (>= X_1 0) (<= Y_0 Y_2))))");
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty p, ParseVnnlib(text));
  EXPECT_THAT(p.input_box, ElementsAre(Interval{0, 1}, Interval{0, 1}));
  EXPECT_THAT(p.output_constraints, ElementsAre(LinearInequality{{{kY, 0, 1.0}, {kY, 2, -1.0}}, 0.0}));
  EXPECT_TRUE(p.disjunctions.empty());
}

// Input boxes inside disjunctions: the box is the hull, the atoms stay in the disjuncts.
TEST(VnnlibTest, BoxesInsideDisjunctionsGiveTheHull) {
  const std::string text = absl::StrCat(
      kDecls,
      "(assert (or\n"
      "  (and (>= X_0 0) (<= X_0 1) (>= X_1 0) (<= X_1 1) (>= Y_0 Y_1))\n"
      "  (and (>= X_0 2) (<= X_0 3) (>= X_1 -1) (<= X_1 0.5) (>= Y_2 Y_1))))\n");
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty p, ParseVnnlib(text));
  EXPECT_THAT(p.input_box, ElementsAre(Interval{0, 3}, Interval{-1, 1}));
  ASSERT_EQ(p.disjunctions.size(), 1u);
  ASSERT_EQ(p.disjunctions[0].disjuncts.size(), 2u);
  EXPECT_EQ(p.disjunctions[0].disjuncts[0].size(), 5u);
}

TEST(VnnlibTest, AndOfOrsIsExpanded) {
  const std::string text = absl::StrCat(
      kDecls, "(assert (<= X_0 1))(assert (>= X_0 0))(assert (<= X_1 1))(assert (>= X_1 0))",
      "(assert (and (or (<= Y_0 0) (<= Y_1 0)) (or (<= Y_2 0) (>= Y_2 1))))");
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty p, ParseVnnlib(text));
  ASSERT_EQ(p.disjunctions.size(), 1u);
  EXPECT_EQ(p.disjunctions[0].disjuncts.size(), 4u);
  for (const auto& c : p.disjunctions[0].disjuncts) EXPECT_EQ(c.size(), 2u);
}

TEST(VnnlibTest, ConstantAtoms) {
  const std::string base =
      absl::StrCat(kDecls, "(assert (<= X_0 1))(assert (>= X_0 0))(assert (<= X_1 1))(assert (>= X_1 0))");
  // A true constant atom vanishes; a disjunct with a false one disappears.
  NN2MILP_ASSERT_OK_AND_ASSIGN(
      VnnlibProperty p, ParseVnnlib(absl::StrCat(base, "(assert (or (and (<= 2 1) (<= Y_0 0)) (and (<= 1 2) (<= Y_1 0))))")));
  EXPECT_THAT(p.output_constraints, ElementsAre(LinearInequality{{{kY, 1, 1.0}}, 0.0}));
  // An assertion that is always false: a disjunction without disjuncts.
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty q, ParseVnnlib(absl::StrCat(base, "(assert (>= 0 1))")));
  ASSERT_EQ(q.disjunctions.size(), 1u);
  EXPECT_TRUE(q.disjunctions[0].disjuncts.empty());
  // X_0 - X_0 cancels.
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty r, ParseVnnlib(absl::StrCat(base, "(assert (<= (- X_0 X_0) 1))")));
  EXPECT_TRUE(r.input_constraints.empty());
  EXPECT_TRUE(r.disjunctions.empty());
}

TEST(VnnlibTest, IgnoredCommandsAndCrLf) {
  const std::string text =
      "(set-logic QF_LRA)\r\n(declare-const X_0 Real)\r\n(declare-const Y_0 Real)\r\n"
      "(assert (<= X_0 1)) ; upper\r\n(assert (>= X_0 -1))\r\n(assert (>= Y_0 3))\r\n(check-sat)\r\n";
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty p, ParseVnnlib(text));
  EXPECT_THAT(p.input_box, ElementsAre(Interval{-1, 1}));
  EXPECT_THAT(p.output_constraints, ElementsAre(LinearInequality{{{kY, 0, -1.0}}, -3.0}));
}

struct ErrorCase {
  const char* text;
  absl::StatusCode code;
  const char* message;  // substring, including "line:column: "
};

TEST(VnnlibTest, ErrorsCarryLineAndColumn) {
  const ErrorCase cases[] = {
      {"(declare-const X_0 Real)\n(assert (<= X_0 1)", absl::StatusCode::kInvalidArgument, "2:1: '(' is not closed"},
      {"(declare-const X_0 Real))", absl::StatusCode::kInvalidArgument, "1:25: unexpected ')'"},
      {"(declare-const X_0 Real)\n(assert (<= X_0 1.2.3))", absl::StatusCode::kInvalidArgument,
       "2:17: '1.2.3' is neither a number"},
      {"(declare-const X_0 Real)\n(assert (<= X_1 1))", absl::StatusCode::kInvalidArgument, "2:13: 'X_1' is not declared"},
      {"(declare-const X_0 Real)\n(declare-const X_0 Real)", absl::StatusCode::kInvalidArgument, "2:16: 'X_0' is declared twice"},
      {"(declare-const Z Real)", absl::StatusCode::kInvalidArgument, "1:16: 'Z': variables must be named"},
      {"(declare-const X_0 Int)", absl::StatusCode::kUnimplemented, "1:20: sort 'Int'"},
      {"(declare-const X_0 Real)\n  (assert (<= (* X_0 X_0) 1))", absl::StatusCode::kUnimplemented,
       "2:22: a product of two non-constant terms"},
      {"(declare-const X_0 Real)\n(assert (not (<= X_0 1)))", absl::StatusCode::kUnimplemented, "2:10: 'not' is not supported"},
      {"(declare-const X_0 Real)\n(assert (<= X_0 1 2))", absl::StatusCode::kInvalidArgument, "2:9: '<=' takes exactly two"},
      {"(declare-const X_0 Real)\n(assert (<= X_0 1))\n(assert (>= X_0 2))", absl::StatusCode::kInvalidArgument,
       "3:9: the bounds of X_0 are empty"},
      {"(declare-fun f () Real)", absl::StatusCode::kUnimplemented, "1:2: command 'declare-fun'"},
      {"(declare-cnst X_0 Real)", absl::StatusCode::kInvalidArgument, "1:2: unknown command 'declare-cnst'"},
      {"(declare-const X_1 Real)", absl::StatusCode::kInvalidArgument, "X_0 is not declared, but X_1 is"},
      {"assert", absl::StatusCode::kInvalidArgument, "1:1: expected '('"},
      {"(declare-const X_0 Real)(assert (<= X_0 1e999))", absl::StatusCode::kInvalidArgument, "'1e999' is neither"},
      {"(declare-const X_0 Real)(assert (foo X_0 1))", absl::StatusCode::kInvalidArgument, "1:34: unknown operator 'foo'"},
      {"(declare-const X_0 Real)(assert (<= (/ X_0 2) 1))", absl::StatusCode::kUnimplemented, "operator '/'"},
      {"(declare-const X_0 Real)(assert)", absl::StatusCode::kInvalidArgument, "1:25: assert takes exactly one formula"},
  };
  for (const ErrorCase& c : cases) {
    EXPECT_THAT(ParseVnnlib(c.text), StatusIs(c.code, HasSubstr(c.message))) << c.text;
  }
}

TEST(VnnlibTest, DeepNestingIsAnErrorNotACrash) {
  std::string text = "(declare-const X_0 Real)(assert ";
  for (int i = 0; i < 100000; ++i) text += "(and ";
  EXPECT_THAT(ParseVnnlib(text), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("nested deeper")));
}

TEST(VnnlibTest, HugeIndexIsRejectedWithoutAllocating) {
  EXPECT_THAT(ParseVnnlib("(declare-const X_99999999999 Real)"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("variables must be named")));
  EXPECT_THAT(ParseVnnlib("(declare-const X_2000000000 Real)"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("X_0 is not declared")));
}

TEST(VnnlibTest, ExponentialDnfIsRefused) {
  std::string text = absl::StrCat(kDecls, "(assert (and");
  for (int i = 0; i < 40; ++i) text += " (or (<= Y_0 0) (<= Y_1 0))";
  text += "))";
  EXPECT_THAT(ParseVnnlib(text), StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("disjunctive normal form")));
}

TEST(VnnlibTest, ApplyChecksCountsAndBounds) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(
      VnnlibProperty p,
      ParseVnnlib(absl::StrCat(kDecls, "(assert (<= X_0 1))(assert (>= X_0 0))(assert (>= X_1 0))(assert (<= Y_0 Y_1))")));
  ir::Problem problem;
  EXPECT_THAT(ApplyVnnlib(p, 3, 3, problem), StatusIs(absl::StatusCode::kInvalidArgument,
                                                       HasSubstr("declares 2 inputs (X_i) and 3 outputs")));
  EXPECT_THAT(ApplyVnnlib(p, 2, 3, problem),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("X_1 has no upper bound")));
  p.input_box[1].hi = 4;
  ASSERT_THAT(ApplyVnnlib(p, 2, 3, problem), IsOk());
  EXPECT_THAT(problem.input_box, ElementsAre(Interval{0, 1}, Interval{0, 4}));
  EXPECT_EQ(problem.constraints.size(), 1u);
}

// Every prefix and many random corruptions of a real property: an error or a result, never a crash.
TEST(VnnlibTest, MalformedInputNeverCrashes) {
  const std::string good = absl::StrCat(
      "; property\n", kDecls,
      "(assert (<= X_0 0.5))\n(assert (>= X_0 -0.5e-1))\n(assert (<= X_1 1))\n(assert (>= X_1 0))\n"
      "(assert (or (and (>= Y_0 Y_1) (<= (+ (* 2 X_0) (- Y_2)) 3)) (and (>= Y_2 Y_1))))\n");
  ASSERT_THAT(ParseVnnlib(good), IsOk());
  for (size_t n = 0; n <= good.size(); ++n) (void)ParseVnnlib(good.substr(0, n));
  std::mt19937 rng(7);
  const std::string alphabet = "()XY_-+*.e0123456789 ;\n<=>andor\x01\xff";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s = good;
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % s.size();
      switch (rng() % 3) {
        case 0: s[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: s.erase(at, 1 + rng() % 8); break;
        default: s.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      }
      if (s.empty()) s.push_back('(');  // not s = "(": g++ 12 -Wrestrict false positive
    }
    absl::StatusOr<VnnlibProperty> p = ParseVnnlib(s);
    if (!p.ok()) {
      const std::string msg(p.status().message());
      // Every error has a location except the end-of-file declaration check.
      EXPECT_TRUE(msg.find(':') != std::string::npos) << msg;
    }
  }
}

// A real VNN-COMP property from ../shared/nets (another project's file, read in place, never
// copied): compiled in only when CMake found that folder, so it never skips.
#ifdef NN2MILP_SHARED_NETS
TEST(VnnlibTest, ReadsTheSharedMnistProperty) {
  const std::string path = std::string(NN2MILP_SHARED_NETS) + "/mnist_fc/vnnlib/prop_0_0.03.vnnlib";
  NN2MILP_ASSERT_OK_AND_ASSIGN(VnnlibProperty p, ReadVnnlibFile(path));
  EXPECT_EQ(p.num_inputs, 784);
  EXPECT_EQ(p.num_outputs, 10);
  ASSERT_EQ(p.disjunctions.size(), 1u);
  EXPECT_EQ(p.disjunctions[0].disjuncts.size(), 9u);
  for (const Interval& b : p.input_box) EXPECT_TRUE(b.bounded());
}
#endif  // NN2MILP_SHARED_NETS

TEST(VnnlibTest, FileErrorsArePrefixedWithThePath) {
  EXPECT_THAT(ReadVnnlibFile("/nonexistent/p.vnnlib"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/p.vnnlib")));
}

}  // namespace
}  // namespace nn2milp::frontend
