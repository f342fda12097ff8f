// MPS and LP readers (frontend/mps_reader.h, frontend/lp_reader.h):
//  - the samples of ../shared/format-samples read into the documented model, and solved by CBC
//    after nn2milp rewrites them, give their known optima;
//  - files nn2milp writes (MPS and LP of the tiny MILP and of encoded random networks) read back
//    into the same model, coefficient for coefficient and bound for bound;
//  - malformed inputs give located errors "<file>:<line>:<column>: ..." (table of cases).
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <limits>
#include <string>
#include <vector>

#include "backends/lp_writer.h"
#include "backends/mps_writer.h"
#include "backends/name_table.h"
#include "frontend/lp_reader.h"
#include "frontend/mps_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/problem.h"
#include "passes/bounds_interval.h"
#include "passes/embed_model.h"
#include "passes/encode_milp.h"
#include "tests/testing/random_network.h"
#include "tests/testing/solvers.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/tiny_milp.h"

namespace nn2milp::frontend {
namespace {

using ::nn2milp::testing::StatusIs;
using ::testing::HasSubstr;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Tests on ../shared/format-samples (the workspace's solver-format samples, read in place):
// compiled in only when CMake found that folder, so a plain clone runs the rest and skips none.
#ifdef NN2MILP_FORMAT_SAMPLES
std::string Sample(const std::string& name) {
  return std::string(NN2MILP_SOURCE_DIR) + "/../shared/format-samples/" + name;
}

const ir::LinearModel::Column& Col(const ir::LinearModel& m, const std::string& name) {
  const int32_t c = m.FindColumn(name);
  EXPECT_GE(c, 0) << name;
  return m.columns[static_cast<size_t>(std::max(c, 0))];
}

const ir::LinearModel::Row* FindRow(const ir::LinearModel& m, const std::string& name) {
  for (const auto& r : m.rows) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

// Rewrites `m` with nn2milp's MPS writer and returns CBC's optimum in the model's own sense.
std::optional<double> SolveWithCbc(const ir::LinearModel& m) {
  Diagnostics diag;
  absl::StatusOr<ir::MilpModel> milp = passes::LinearToMilp(m, diag);
  EXPECT_TRUE(milp.ok()) << milp.status();
  if (!milp.ok()) return std::nullopt;
  absl::StatusOr<std::string> text = backends::MpsToString(*milp);
  EXPECT_TRUE(text.ok());
  std::optional<double> v = testing::CbcOptimum(testing::WriteTempFile(*text, ".mps"));
  if (v && m.maximize) *v = -*v;
  return v;
}

TEST(ModelReadersTest, TinySamplesReadAsDocumented) {
  for (const std::string file : {"tiny.free.mps", "tiny.fixed.mps", "tiny_objrhs.fixed.mps", "tiny.lp"}) {
    SCOPED_TRACE(file);
    Diagnostics diag;
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::LinearModel m, ReadModelFile(Sample(file), diag));
    const bool upper = file.find("fixed") != std::string::npos;  // fixed samples use X, Y, B
    const std::string x = upper ? "X" : "x", y = upper ? "Y" : "y", b = upper ? "B" : "b";
    EXPECT_EQ(Col(m, x).lower, -5);
    EXPECT_EQ(Col(m, x).upper, 10);
    EXPECT_EQ(Col(m, y).lower, -kInf);
    EXPECT_EQ(Col(m, y).upper, kInf);
    EXPECT_TRUE(Col(m, b).is_integer);
    EXPECT_EQ(Col(m, b).upper, 1);
    EXPECT_FALSE(m.maximize);
    if (file == "tiny_objrhs.fixed.mps") {
      EXPECT_EQ(m.objective_constant, 10);  // RHS -10 on the N row, CPLEX convention
    }
    if (file != "tiny.lp") {
      const ir::LinearModel::Row* c4 = FindRow(m, upper ? "C4" : "c4");
      ASSERT_NE(c4, nullptr);
      EXPECT_EQ(c4->lower, -3);  // G row, rhs -3, range 11
      EXPECT_EQ(c4->upper, 8);
    }
    NN2MILP_REQUIRE_PROGRAM("cbc");
    const std::optional<double> opt = SolveWithCbc(m);
    ASSERT_TRUE(opt.has_value());
    EXPECT_NEAR(*opt, testing::kTinyOptimum, 1e-9);
    // The constant is carried portably in the rewritten file: GLPK, which reads the original
    // tiny_objrhs file as -16.5, reads 3.5 too.
    NN2MILP_REQUIRE_PROGRAM("glpsol");
    Diagnostics d2;
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::MilpModel milp, passes::LinearToMilp(m, d2));
    const std::optional<double> glpk = testing::GlpkOptimum(testing::WriteTempFile(*backends::MpsToString(milp), ".mps"));
    ASSERT_TRUE(glpk.has_value());
    EXPECT_NEAR(*glpk, testing::kTinyOptimum, 1e-9);
  }
}

struct QuirkCase {
  std::string file;
  double optimum;           // in the file's own sense
  std::string diagnostic;   // a warning kind expected, or ""
};

TEST(ModelReadersTest, QuirkFixturesSolveToTheirDocumentedOptima) {
  const std::vector<QuirkCase> cases = {
      {"quirks/mps/q9_liui.mps", -4, ""},
      {"quirks/mps/objsense_twoline.mps", 2, ""},
      {"quirks/mps/objsense_oneline.mps", 2, ""},
      {"quirks/mps/free_col15_trap.mps", 0, ""},  // optimum filled in below from the FREE twin
      {"quirks/lp/abbrev_keywords.lp", -5, ""},
      {"quirks/lp/l1_bounds.lp", -9, ""},
      {"quirks/lp/l3_general_neg.lp", -5, ""},
      {"quirks/lp/wrap.lp", 7, ""},  // its comment says 6; CBC and GLPK give 7 (3 + 2 * 2)
      {"quirks/lp/no_spaces.lp", 7, ""},
      {"quirks/lp/objconst.lp", 3.5, ""},
  };
  NN2MILP_REQUIRE_PROGRAM("cbc");
  for (QuirkCase c : cases) {
    SCOPED_TRACE(c.file);
    Diagnostics diag;
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::LinearModel m, ReadModelFile(Sample(c.file), diag));
    if (c.file == "quirks/mps/free_col15_trap.mps") {
      // Blank-separated fields: the trap that CoinMpsIO falls into does not exist here, so the
      // file reads as its FREE twin does.
      Diagnostics d2;
      NN2MILP_ASSERT_OK_AND_ASSIGN(ir::LinearModel twin, ReadModelFile(Sample("quirks/mps/free_col15_trap_FREE.mps"), d2));
      const std::optional<double> t = SolveWithCbc(twin);
      ASSERT_TRUE(t.has_value());
      c.optimum = *t;
    }
    const std::optional<double> opt = SolveWithCbc(m);
    ASSERT_TRUE(opt.has_value());
    EXPECT_NEAR(*opt, c.optimum, 1e-9);
  }
}

TEST(ModelReadersTest, AmbiguousBoundsFollowTheDocumentedConventionWithAWarning) {
  auto warned = [](const Diagnostics& d, const std::string& kind) {
    for (const auto& m : d.messages()) {
      if (m.kind == kind) return true;
    }
    return false;
  };
  {
    Diagnostics d;
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::LinearModel m, ReadModelFile(Sample("quirks/mps/q1_upneg.mps"), d));
    EXPECT_EQ(m.columns[0].lower, -kInf);
    EXPECT_EQ(m.columns[0].upper, -2);
    EXPECT_TRUE(warned(d, "mps-negative-upper"));
  }
  {
    Diagnostics d;
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::LinearModel m, ReadModelFile(Sample("quirks/mps/q2_intnob.mps"), d));
    EXPECT_TRUE(m.columns[0].is_integer);
    EXPECT_EQ(m.columns[0].lower, 0);
    EXPECT_EQ(m.columns[0].upper, 1);
    EXPECT_TRUE(warned(d, "mps-integer-default"));
  }
  {
    Diagnostics d;
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::LinearModel m, ReadModelFile(Sample("tiny_objrhs.fixed.mps"), d));
    EXPECT_TRUE(warned(d, "mps-objective-rhs"));
  }
}
#endif  // NN2MILP_FORMAT_SAMPLES

// Files nn2milp writes read back into the same MilpModel (same written names, bounds,
// integrality, rows, objective and constant: exact doubles, thanks to the round-trip formatter).
void ExpectSameModel(const ir::MilpModel& a, const ir::MilpModel& b) {
  const backends::NameTable na = backends::NameTable::Build(a), nb = backends::NameTable::Build(b);
  ASSERT_EQ(a.num_vars(), b.num_vars());
  ASSERT_EQ(a.num_rows(), b.num_rows());
  // The reader orders columns as the file does; map them by name.
  std::map<std::string, ir::VarId> by_name;
  for (int32_t v = 0; v < b.num_vars(); ++v) by_name[nb.VarName(ir::VarId(v))] = ir::VarId(v);
  std::vector<ir::VarId> map(static_cast<size_t>(a.num_vars()));
  for (int32_t v = 0; v < a.num_vars(); ++v) {
    const std::string name = na.VarName(ir::VarId(v));
    ASSERT_TRUE(by_name.count(name)) << name;
    const ir::VarId w = by_name[name];
    map[static_cast<size_t>(v)] = w;
    EXPECT_EQ(a.var(ir::VarId(v)).lower, b.var(w).lower) << name;
    EXPECT_EQ(a.var(ir::VarId(v)).upper, b.var(w).upper) << name;
    EXPECT_EQ(a.var(ir::VarId(v)).is_integer, b.var(w).is_integer) << name;
  }
  std::map<std::string, ir::RowId> rows;
  for (int32_t r = 0; r < b.num_rows(); ++r) rows[nb.RowName(ir::RowId(r))] = ir::RowId(r);
  auto terms = [&](absl::Span<const ir::VarTerm> t, bool remap) {
    std::map<int32_t, double> out;
    for (const ir::VarTerm& x : t) out[(remap ? map[static_cast<size_t>(x.var.value())] : x.var).value()] = x.coef;
    return out;
  };
  for (int32_t r = 0; r < a.num_rows(); ++r) {
    const std::string name = na.RowName(ir::RowId(r));
    ASSERT_TRUE(rows.count(name)) << name;
    const ir::RowId s = rows[name];
    EXPECT_EQ(a.row_sense(ir::RowId(r)), b.row_sense(s)) << name;
    EXPECT_EQ(a.row_rhs(ir::RowId(r)), b.row_rhs(s)) << name;
    EXPECT_EQ(terms(a.row_terms(ir::RowId(r)), true), terms(b.row_terms(s), false)) << name;
  }
  EXPECT_EQ(terms(a.objective(), true), terms(b.objective(), false));
  EXPECT_EQ(a.objective_constant(), b.objective_constant());
}

// A model read back: the names are verbatim now, so build a MilpModel and compare.
void RoundTrip(const ir::MilpModel& model, const std::string& what) {
  SCOPED_TRACE(what);
  Diagnostics diag;
  NN2MILP_ASSERT_OK_AND_ASSIGN(const std::string mps, backends::MpsToString(model));
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::LinearModel from_mps, ParseMps(mps, "written.mps", diag));
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::MilpModel back_mps, passes::LinearToMilp(from_mps, diag));
  ExpectSameModel(model, back_mps);
  NN2MILP_ASSERT_OK_AND_ASSIGN(const std::string lp, backends::LpToString(model));
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::LinearModel from_lp, ParseLp(lp, "written.lp", diag));
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::MilpModel back_lp, passes::LinearToMilp(from_lp, diag));
  ExpectSameModel(model, back_lp);
  // And writing the read model again gives the same bytes.
  EXPECT_EQ(*backends::MpsToString(back_mps), mps);
}

TEST(ModelReadersTest, WrittenFilesReadBackAsTheSameModel) {
  RoundTrip(testing::TinyMilp(), "tiny MILP (objective constant, infinite and negative bounds, binary, canary)");
  for (unsigned seed : {1u, 2u, 3u}) {
    ir::Network net = testing::RandomMlp({3, 6, 5, 2}, seed);
    ir::Problem problem;
    problem.input_box.assign(3, {-1.0, 1.0});
    problem.sense = seed == 2 ? ir::ObjectiveSense::kMinimize : ir::ObjectiveSense::kMaximize;
    problem.objective_output = 1;
    Diagnostics diag;
    passes::PassContext ctx{problem, diag};
    ASSERT_TRUE(passes::BoundsIntervalPass().Run(net, ctx).ok());
    NN2MILP_ASSERT_OK_AND_ASSIGN(passes::Encoding enc, passes::EncodeMilp(net, problem));
    RoundTrip(enc.model, "random network " + std::to_string(seed));
  }
#ifdef NN2MILP_FORMAT_SAMPLES
  // An embedded model: verbatim base names next to generated network names.
  Diagnostics diag;
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::LinearModel base, ReadModelFile(Sample("tiny.lp"), diag));
  ir::Network net = testing::RandomMlp({2, 4, 1}, 5);
  ir::Problem problem;
  problem.input_box.assign(2, {-1.0, 1.0});
  passes::PassContext ctx{problem, diag};
  ASSERT_TRUE(passes::BoundsIntervalPass().Run(net, ctx).ok());
  NN2MILP_ASSERT_OK_AND_ASSIGN(passes::Encoding enc, passes::EncodeMilp(net, problem));
  const std::vector<passes::EmbedNet> nets = {
      {"n", &net, &enc, {{ir::ElementKind::kInput, 0, base.FindColumn("x")}}}};
  NN2MILP_ASSERT_OK_AND_ASSIGN(passes::EmbeddedModel em, passes::EmbedNetworks(base, nets, false, diag));
  RoundTrip(em.model, "tiny.lp with a network embedded");
#endif  // NN2MILP_FORMAT_SAMPLES
}

struct BadCase {
  std::string name;
  std::string text;
  std::string location;  // "<line>:<column>" expected after the file name
  std::string message;   // substring
  absl::StatusCode code = absl::StatusCode::kInvalidArgument;
};

TEST(ModelReadersTest, MalformedMpsGivesLocatedErrors) {
  const std::string head = "NAME t\nROWS\n N obj\n L c1\nCOLUMNS\n";
  const std::vector<BadCase> cases = {
      {"unknown row", head + " x obj 1 c9 1\nENDATA\n", "6:10", "row 'c9' is not defined"},
      {"bad number", head + " x obj 1 c1 1.2.3\nENDATA\n", "6:13", "expected a finite number"},
      {"nan", head + " x obj nan\nENDATA\n", "6:8", "expected a finite number"},
      {"duplicate entry", head + " x c1 1 c1 2\nENDATA\n", "6:9", "a second entry"},
      {"no ENDATA", head + " x obj 1\n", "7:1", "missing ENDATA"},
      {"unknown section", head + " x obj 1\nFOO\nENDATA\n", "7:1", "unknown section"},
      {"unknown row type", "NAME t\nROWS\n Q r\nCOLUMNS\nENDATA\n", "3:2", "unknown row type"},
      {"row twice", "NAME t\nROWS\n N obj\n L r\n G r\nCOLUMNS\nENDATA\n", "5:4", "defined twice"},
      {"unknown bound type", head + " x obj 1\nBOUNDS\n XX BND x 1\nENDATA\n", "8:2", "unknown bound type"},
      {"bound on unknown column", head + " x obj 1\nBOUNDS\n UP BND y 1\nENDATA\n", "8:9", "column 'y' is not defined"},
      {"second bound vector", head + " x obj 1\nBOUNDS\n UP B1 x 1\n LO B2 x 0\nENDATA\n", "9:5", "a second bound vector"},
      {"second rhs vector", head + " x c1 1\nRHS\n R1 c1 1\n R2 c1 2\nENDATA\n", "9:2", "a second vector"},
      {"columns before rows", "NAME t\nCOLUMNS\nENDATA\n", "2:1", "COLUMNS must follow ROWS"},
      {"marker without end", head + " M 'MARKER' 'INTORG'\n x obj 1\nENDATA\n", "8:1", "'INTORG' without 'INTEND'"},
      {"unknown marker", head + " M 'MARKER' 'FOO'\nENDATA\n", "6:13", "unknown marker"},
      {"non-contiguous column", head + " x obj 1\n y obj 1\n x c1 1\nENDATA\n", "8:2", "not contiguous"},
      {"bad objsense", "NAME t\nOBJSENSE\n UP\nROWS\n", "3:2", "expected MAX or MIN"},
      {"sos", head + " x obj 1\nSOS\nENDATA\n", "7:1", "not supported", absl::StatusCode::kUnimplemented},
      {"semi-continuous", head + " x obj 1\nBOUNDS\n SC BND x 1\nENDATA\n", "8:2", "semi-continuous", absl::StatusCode::kUnimplemented},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    Diagnostics diag;
    EXPECT_THAT(ParseMps(c.text, "bad.mps", diag).status(),
                StatusIs(c.code, ::testing::AllOf(HasSubstr("bad.mps:" + c.location + ": "), HasSubstr(c.message))));
  }
}

TEST(ModelReadersTest, MalformedLpGivesLocatedErrors) {
  const std::vector<BadCase> cases = {
      {"no objective section", "Subject To\n c: x >= 1\nEnd\n", "1:1", "expected Minimize or Maximize"},
      {"missing rhs", "Minimize\n obj: x\nSubject To\n c: x <=\n d: x >= 1\nEnd\n", "5:2", "right-hand side"},
      {"missing sense", "Minimize\n obj: x\nSubject To\n c: x + y\nEnd\n", "5:1", "expected '<=', '>=' or '='"},
      {"constant on the left", "Minimize\n obj: x\nSubject To\n c: x + 3 >= 1\nEnd\n", "4:9", "constant on the left"},
      {"duplicate variable", "Minimize\n obj: x + 1.5 y + 1.5 y\nEnd\n", "2:23", "appears twice"},
      {"double sign is fine, missing sign is not", "Minimize\n obj: x y\nEnd\n", "2:9", "expected '+' or '-'"},
      {"no End", "Minimize\n obj: x\nSubject To\n c: x >= 1\n", "5:1", "missing End"},
      {"ranged row", "Minimize\n obj: x\nSubject To\n r: -2 <= x + y <= 3\nEnd\n", "4:5", "ranged rows", absl::StatusCode::kUnimplemented},
      {"ranged row, upper side", "Minimize\n obj: x\nSubject To\n r: x + y >= -2 <= 3\nEnd\n", "4:17", "ranged rows", absl::StatusCode::kUnimplemented},
      {"indicator", "Maximize\n obj: x\nSubject To\n c: b = 1 -> x <= 1\nEnd\n", "4:11", "indicator", absl::StatusCode::kUnimplemented},
      {"sos", "Maximize\n obj: x\nSOS\n s1: S1:: x:1\nEnd\n", "3:1", "not supported", absl::StatusCode::kUnimplemented},
      {"bad bound", "Minimize\n obj: x\nBounds\n x <> 3\nEnd\n", "4:4", "expected"},
      {"bound value missing", "Minimize\n obj: x\nBounds\n x <= y\nEnd\n", "4:7", "expected a number"},
      {"infinite rhs", "Minimize\n obj: x\nSubject To\n c: x <= inf\nEnd\n", "4:7", "infinite right-hand side"},
      {"number as a name in Generals", "Minimize\n obj: x\nGenerals\n 3\nEnd\n", "4:2", "expected a variable name"},
      {"row defined twice", "Minimize\n obj: x\nSubject To\n c: x >= 1\n c: x <= 2\nEnd\n", "5:2", "defined twice"},
      {"stray character", "Minimize\n obj: x * y\nEnd\n", "2:9", "unexpected '*'"},
      {"inf as a name", "Minimize\n obj: x + inf\nEnd\n", "2:11", "cannot be a variable name"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    Diagnostics diag;
    EXPECT_THAT(ParseLp(c.text, "bad.lp", diag).status(),
                StatusIs(c.code, ::testing::AllOf(HasSubstr("bad.lp:" + c.location + ": "), HasSubstr(c.message))));
  }
}

#ifdef NN2MILP_FORMAT_SAMPLES
TEST(ModelReadersTest, QuirkFilesThatAreRefusedSayWhere) {
  const std::vector<std::pair<std::string, absl::StatusCode>> cases = {
      {"quirks/mps/two_bound_vectors.mps", absl::StatusCode::kInvalidArgument},
      {"quirks/mps/bad_undefined_row.mps", absl::StatusCode::kInvalidArgument},
      {"quirks/mps/sos_cplex.mps", absl::StatusCode::kUnimplemented},
      {"quirks/lp/l6_sos.lp", absl::StatusCode::kUnimplemented},
      {"quirks/lp/l7_indicator.lp", absl::StatusCode::kUnimplemented},
      {"quirks/lp/l8_ranged.lp", absl::StatusCode::kUnimplemented},
      {"quirks/lp/no_end.lp", absl::StatusCode::kInvalidArgument},
      {"quirks/lp/bad_missing_rhs.lp", absl::StatusCode::kInvalidArgument},
      {"quirks/lp/dup_var.lp", absl::StatusCode::kInvalidArgument},
      {"quirks/lp/l2_upneg.lp", absl::StatusCode::kInvalidArgument},
  };
  for (const auto& [file, code] : cases) {
    SCOPED_TRACE(file);
    Diagnostics diag;
    const absl::Status s = ReadModelFile(Sample(file), diag).status();
    EXPECT_THAT(s, StatusIs(code, ::testing::MatchesRegex(".*" + file.substr(file.rfind('/') + 1) + ":[0-9]+:[0-9]+: .*")));
  }
  Diagnostics diag;
  EXPECT_THAT(ReadModelFile(Sample("missing.mps"), diag).status(), StatusIs(absl::StatusCode::kNotFound, HasSubstr("cannot open")));
  EXPECT_THAT(ReadModelFile(Sample("tiny.nl"), diag).status(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("extension")));
}

// Never a crash: every prefix of the samples, and the samples with single bytes replaced by
// characters that matter to the parsers, either read or give a located error.
TEST(ModelReadersTest, TruncatedAndMutatedSamplesNeverCrash) {
  const std::string located = ".*:[0-9]+:[0-9]+: .*|.*: (column|variable|OBJNAME) .*";
  for (const std::string file : {"tiny.free.mps", "tiny.fixed.mps", "tiny.lp", "quirks/lp/wrap.lp"}) {
    std::ifstream in(Sample(file));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_FALSE(text.empty()) << file;
    const bool lp = file.find(".lp") != std::string::npos;
    auto parse = [&](const std::string& t) {
      Diagnostics diag;
      return lp ? ParseLp(t, "f", diag).status() : ParseMps(t, "f", diag).status();
    };
    for (size_t n = 0; n < text.size(); ++n) {
      const absl::Status s = parse(text.substr(0, n));
      if (!s.ok()) {
        EXPECT_THAT(std::string(s.message()), ::testing::MatchesRegex(located)) << file << " prefix " << n;
      }
    }
    for (size_t i = 0; i < text.size(); ++i) {
      for (char c : {' ', '\n', ':', '-', '+', '<', '=', '0', 'e', '*', '\\', '$', '\''}) {
        std::string t = text;
        t[i] = c;
        const absl::Status s = parse(t);
        if (!s.ok()) {
          EXPECT_THAT(std::string(s.message()), ::testing::MatchesRegex(located)) << file << " byte " << i;
        }
      }
    }
  }
}

#endif  // NN2MILP_FORMAT_SAMPLES

}  // namespace
}  // namespace nn2milp::frontend
