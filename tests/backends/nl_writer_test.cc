#include "backends/nl_writer.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "backends/number_format.h"
#include "gmock/gmock.h"
#include "tests/backends/nl_test_util.h"
#include "gtest/gtest.h"
#include "tests/testing/solvers.h"
#include "tests/testing/tiny_milp.h"

namespace nn2milp::backends {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr double kInf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------
// Helpers: files, processes, and an expected ASL dump computed from the MilpModel alone.

using nl_testing::CanonicalDump;
using nl_testing::Num;
using nl_testing::ReadFile;
using nl_testing::RunCapture;
using nl_testing::TempDir;
using nl_testing::WriteFile;
using nl_testing::WriteStub;

// The dump the ASL must produce, computed from the model without the writer: variables in the
// order continuous, binary ([0, 1] integers), general integer; names from NameTable.
std::vector<std::string> ExpectedDump(const ir::MilpModel& m) {
  const NameTable names = NameTable::Build(m);
  std::vector<int32_t> cont, bin, gen;
  for (int32_t v = 0; v < m.num_vars(); ++v) {
    const ir::Variable& var = m.var(ir::VarId(v));
    if (!var.is_integer) cont.push_back(v);
    else if (var.lower == 0 && var.upper == 1) bin.push_back(v);
    else gen.push_back(v);
  }
  std::vector<int32_t> order = cont;
  order.insert(order.end(), bin.begin(), bin.end());
  order.insert(order.end(), gen.begin(), gen.end());
  std::vector<int32_t> pos(order.size());
  for (size_t j = 0; j < order.size(); ++j) pos[static_cast<size_t>(order[j])] = static_cast<int32_t>(j);

  int equalities = 0;
  for (int32_t r = 0; r < m.num_rows(); ++r) equalities += m.row_sense(ir::RowId(r)) == ir::RowSense::kEqual;
  std::vector<std::string> lines = {
      absl::StrCat("counts ", m.num_vars(), " ", m.num_rows(), " 1 0 ", equalities, " ", bin.size(),
                   " ", gen.size(), " ", m.num_nonzeros(), " ", m.objective().size()),
      "nonlinear 0 0 0 0 0 0"};
  for (size_t j = 0; j < order.size(); ++j) {
    const ir::VarId v(order[j]);
    const char* kind = j < cont.size() ? "cont" : j < cont.size() + bin.size() ? "bin" : "int";
    lines.push_back(absl::StrCat("var ", j, " ", names.VarName(v), " ", kind, " ",
                                 Num(m.var(v).lower), " ", Num(m.var(v).upper)));
  }
  for (int32_t r = 0; r < m.num_rows(); ++r) {
    const double rhs = m.row_rhs(ir::RowId(r));
    double lo = rhs, hi = rhs;
    if (m.row_sense(ir::RowId(r)) == ir::RowSense::kLessEqual) lo = -kInf;
    if (m.row_sense(ir::RowId(r)) == ir::RowSense::kGreaterEqual) hi = kInf;
    lines.push_back(absl::StrCat("con ", r, " ", names.RowName(ir::RowId(r)), " ", Num(lo), " ", Num(hi)));
    for (const ir::VarTerm& t : m.row_terms(ir::RowId(r))) {
      lines.push_back(absl::StrCat("A ", r, " ", pos[static_cast<size_t>(t.var.value())], " ", Num(t.coef)));
    }
  }
  lines.push_back(absl::StrCat("obj 0 obj min ", Num(m.objective_constant())));
  for (const ir::VarTerm& t : m.objective()) {
    lines.push_back(absl::StrCat("G 0 ", pos[static_cast<size_t>(t.var.value())], " ", Num(t.coef)));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// A random MILP with every bound kind, binaries, general integers, all row senses, an empty
// row, an unused column, full-precision coefficients (and extremes) in the rows, and an
// objective with dyadic coefficients (so its value at x = 1 is exact in any summation order).
ir::MilpModel RandomMilp(uint64_t seed, int num_vars = 40, int num_rows = 30) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> real(-10, 10);
  std::uniform_int_distribution<int> small(-5, 5);
  ir::MilpBuilder b;
  const ir::NameGroupId vg = b.AddNameGroup("layer/0:x"), rg = b.AddNameGroup("row");
  std::vector<ir::VarId> vars;
  for (int v = 0; v < num_vars; ++v) {
    double lo = 0, hi = 0;
    bool integer = false;
    const double a = std::floor(real(rng)), c = std::floor(real(rng));
    switch (v % 9) {
      case 0: lo = std::min(a, c) - 0.25, hi = std::max(a, c) + 0.5; break;  // [l, u]
      case 1: lo = -kInf, hi = kInf; break;                                      // free
      case 2: lo = a, hi = kInf; break;                                          // l only
      case 3: lo = -kInf, hi = -1.5; break;                                      // negative u only
      case 4: lo = hi = real(rng); break;                                        // fixed
      case 5: lo = 0, hi = 1, integer = true; break;                             // binary
      case 6: lo = std::min(a, c), hi = std::max(a, c) + 1, integer = true; break;  // general int
      case 7: lo = hi = 3, integer = true; break;                                // fixed integer
      case 8: lo = 0, hi = kInf; break;                                          // default-like
    }
    vars.push_back(*b.AddVar(lo, hi, integer, {vg, v}));
  }
  const double extremes[] = {0.10000000000000002, 1e-300, -1.7976931348623157e308, 4503599627370497,
                             5e-324};
  std::uniform_int_distribution<int> pick(0, num_vars - 2);  // the last column stays empty
  for (int r = 0; r < num_rows; ++r) {
    std::vector<ir::VarTerm> terms;
    const int n = r == 7 ? 0 : 1 + r % 8;  // row 7 has no terms
    for (int k = 0; k < n; ++k) {
      const double coef = (k == 0 && r < 5) ? extremes[r] : real(rng);
      terms.push_back({vars[static_cast<size_t>(pick(rng))], coef});
    }
    const ir::RowSense sense = r % 3 == 0   ? ir::RowSense::kLessEqual
                               : r % 3 == 1 ? ir::RowSense::kGreaterEqual
                                            : ir::RowSense::kEqual;
    const double rhs = r == 7 ? 0 : real(rng);
    EXPECT_TRUE(b.AddRow(std::move(terms), sense, rhs, {rg, r}).ok());
  }
  std::vector<ir::VarTerm> objective;
  for (int v = 0; v < num_vars; v += 2) objective.push_back({vars[static_cast<size_t>(v)], small(rng) / 8.0});
  EXPECT_TRUE(b.SetObjective(std::move(objective), 12.375).ok());
  return std::move(b).Build();
}

// ---------------------------------------------------------------------------------------------
// (1) The ASL reference reader reads exactly the model, in text and binary form.

#ifdef NN2MILP_NLDUMP_ASL
constexpr const char* kNlDump = NN2MILP_NLDUMP_ASL;
#else
constexpr const char* kNlDump = "";
#endif

void ExpectAslReadsModel(const ir::MilpModel& model, const std::string& label) {
  if (*kNlDump == '\0' || ::access(kNlDump, X_OK) != 0) {
    GTEST_FAIL() << "needs the ASL (Debian libamplsolver-dev, installed by scripts/setup.sh) for "
                    "the nldump_asl reader";
  }
  const TempDir tmp;
  const std::string& dir = tmp.path();
  const std::string text = WriteStub(dir, label, *NlToString(model));
  const std::string binary = WriteStub(dir, label + "b", *NlToString(model, {.binary = true}));
  const std::string text_dump = RunCapture(absl::StrCat(kNlDump, " ", text, " 2>&1"));
  const std::string binary_dump = RunCapture(absl::StrCat(kNlDump, " ", binary, " 2>&1"));
  ASSERT_THAT(text_dump, Not(HasSubstr("<exit"))) << text_dump;
  ASSERT_THAT(binary_dump, Not(HasSubstr("<exit"))) << binary_dump;
  EXPECT_EQ(text_dump, binary_dump);  // byte-identical dumps, hex floats included

  const std::vector<std::string> got = CanonicalDump(text_dump), want = ExpectedDump(model);
  std::vector<std::string> missing, extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  EXPECT_TRUE(missing.empty() && extra.empty())
      << "expected but not read by the ASL:\n  " << absl::StrJoin(missing, "\n  ")
      << "\nread by the ASL but not expected:\n  " << absl::StrJoin(extra, "\n  ");
}

TEST(NlWriterAslTest, ReadsTheTinyModel) { ExpectAslReadsModel(testing::TinyMilp(), "tiny"); }

TEST(NlWriterAslTest, ReadsARandomModel) {
  for (uint64_t seed : {1, 2, 3}) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    ExpectAslReadsModel(RandomMilp(seed), absl::StrCat("random", seed));
  }
}

TEST(NlWriterAslTest, ReadsAModelWithoutRowsOrObjective) {
  ir::MilpBuilder b;
  const ir::NameGroupId g = b.AddNameGroup("only");
  (void)b.AddVar(-1, 2, false, {g, 0});
  ExpectAslReadsModel(std::move(b).Build(), "norows");
}

TEST(NlWriterAslTest, ReadsTheVariableOrderItExposes) {
  const ir::MilpModel model = RandomMilp(4);
  const std::vector<int32_t> order = NlVariableOrder(model);
  const std::vector<std::string> col = absl::StrSplit(NlToString(model)->col, '\n', absl::SkipEmpty());
  const NameTable names = NameTable::Build(model);
  ASSERT_EQ(col.size(), order.size());
  for (int32_t v = 0; v < model.num_vars(); ++v) {
    EXPECT_EQ(col[static_cast<size_t>(order[static_cast<size_t>(v)])], names.VarName(ir::VarId(v)));
  }
}

// ---------------------------------------------------------------------------------------------
// (2) gjh_asl_json evaluates the objective at x = 1: sum of the coefficients plus the constant.

std::optional<double> GjhObjectiveAtOne(const std::string& stub) {
  const std::string json_path = stub + ".json";
  std::remove(json_path.c_str());
  if (std::system(absl::StrCat("timeout 60 gjh_asl_json ", stub, ".nl >/dev/null 2>&1").c_str()) != 0) {
    return std::nullopt;
  }
  // "objective function": { "0": { "value": 13, ...
  const std::string json = ReadFile(json_path);
  size_t at = json.find("\"objective function\"");
  if (at == std::string::npos) return std::nullopt;
  at = json.find("\"value\":", at);
  if (at == std::string::npos) return std::nullopt;
  at += 8;
  const size_t end = json.find_first_of(",\n}", at);
  std::string token(absl::StripAsciiWhitespace(json.substr(at, end - at)));
  return ParseDouble(token);
}

TEST(NlWriterGjhTest, ObjectiveAtOneIncludesTheConstant) {
  NN2MILP_REQUIRE_PROGRAM("gjh_asl_json");
  const TempDir tmp;
  const std::string& dir = tmp.path();
  for (const ir::MilpModel& model : {testing::TinyMilp(), RandomMilp(5)}) {
    double expected = model.objective_constant();
    for (const ir::VarTerm& t : model.objective()) expected += t.coef;
    for (const bool binary : {false, true}) {
      SCOPED_TRACE(binary ? "binary" : "text");
      const std::string stub = WriteStub(dir, binary ? "gjhb" : "gjh", *NlToString(model, {.binary = binary}));
      EXPECT_EQ(GjhObjectiveAtOne(stub), expected);
    }
  }
  EXPECT_EQ(GjhObjectiveAtOne(WriteStub(dir, "tiny", *NlToString(testing::TinyMilp()))), 13.0);
}

// ---------------------------------------------------------------------------------------------
// (3) Sections of the text form.

constexpr absl::string_view kTinyNl =
    "g3 1 1 0\t# problem nn2milp\n"
    " 4 7 1 0 1\t# vars, constraints, objectives, ranges, eqns\n"
    " 0 0\t# nonlinear constraints, objectives\n"
    " 0 0\t# network constraints: nonlinear, linear\n"
    " 0 0 0\t# nonlinear vars in constraints, objectives, both\n"
    " 0 0 0 0\t# linear network variables; functions; arith, flags\n"
    " 1 0 0 0 0\t# discrete variables: binary, integer, nonlinear (b,c,o)\n"
    " 14 3\t# nonzeros in Jacobian, gradients\n"
    " 3 9\t# max name lengths: constraints, variables\n"
    " 0 0 0 0 0\t# common exprs: b,c,o,c1,o1\n"
    "C0\nn0\nC1\nn0\nC2\nn0\nC3\nn0\nC4\nn0\nC5\nn0\nC6\nn0\n"
    "O0 0\nn10\n"
    "r\n2 -2\n1 4\n1 0\n2 -3\n1 8\n1 1.5\n4 -1.5\n"
    "b\n0 -5 10\n3\n1 -1\n0 0 1\n"
    "k3\n6\n11\n12\n"
    "J0 2\n0 1\n1 1\n"
    "J1 2\n0 1\n1 -1\n"
    "J2 2\n1 1\n3 -10\n"
    "J3 2\n0 1\n1 2\n"
    "J4 2\n0 1\n1 2\n"
    "J5 2\n0 1\n3 3\n"
    "J6 2\n0 0.10000000000000002\n2 1\n"
    "G0 3\n0 2\n1 3\n3 -2\n";

TEST(NlWriterTest, TinyModelText) {
  const NlFiles files = *NlToString(testing::TinyMilp());
  EXPECT_EQ(files.nl, kTinyNl);
  EXPECT_EQ(files.col, "x_0\ny_0\nonnx__z_0\nb_on_0\n");
  EXPECT_EQ(files.row, "c_1\nc_2\nc_3\nc_4\nc_5\nc_6\nc_7\nobj\n");
  EXPECT_EQ(NlVariableOrder(testing::TinyMilp()), (std::vector<int32_t>{0, 1, 3, 2}));
}

TEST(NlWriterTest, HeaderWithoutComments) {
  const std::string nl = NlToString(testing::TinyMilp(), {.header_comments = false})->nl;
  EXPECT_TRUE(absl::StartsWith(nl, "g3 1 1 0\n 4 7 1 0 1\n 0 0\n 0 0\n 0 0 0\n 0 0 0 0\n 1 0 0 0 0\n"
                                   " 14 3\n 3 9\n 0 0 0 0 0\nC0\nn0\n"));
  EXPECT_THAT(nl, Not(HasSubstr("#")));
}

// Lines of one segment of a text .nl: from the line starting with `key` up to the next line
// starting with a segment letter (not 'n', which starts a constant expression).
std::vector<std::string> Segment(const std::string& nl, absl::string_view key) {
  std::vector<std::string> out;
  bool in = false;
  for (absl::string_view line : absl::StrSplit(nl, '\n', absl::SkipEmpty())) {
    const bool letter = std::isalpha(static_cast<unsigned char>(line[0])) != 0 && line[0] != 'n';
    if (letter) {
      if (in) break;
      in = absl::StartsWith(line, key);
    }
    if (in) out.emplace_back(line);
  }
  return out;
}

TEST(NlWriterTest, SectionsOfASmallModel) {
  ir::MilpBuilder b;
  const ir::NameGroupId g = b.AddNameGroup("v"), rg = b.AddNameGroup("r");
  const ir::VarId gen = *b.AddVar(-2, 7, true, {g, 0});     // general integer -> last
  const ir::VarId fixed = *b.AddVar(2.5, 2.5, false, {g, 1});  // code 4
  const ir::VarId lower = *b.AddVar(-1, kInf, false, {g, 2});  // code 2
  const ir::VarId bin = *b.AddVar(0, 1, true, {g, 3});       // binary
  const ir::VarId unused = *b.AddVar(0, 0.5, false, {g, 4}); // empty column
  (void)unused;
  (void)*b.AddRow({{gen, 1}, {lower, 2}, {bin, 3}}, ir::RowSense::kEqual, 4, {rg, 0});
  (void)*b.AddRow({}, ir::RowSense::kLessEqual, 1, {rg, 1});  // no terms: no J1
  (void)*b.AddRow({{fixed, -1}, {gen, 5}}, ir::RowSense::kGreaterEqual, -0.5, {rg, 2});
  const ir::MilpModel model = std::move(b).Build();
  // .nl order: fixed 0, lower 1, unused 2, bin 3, gen 4.
  EXPECT_EQ(NlVariableOrder(model), (std::vector<int32_t>{4, 0, 1, 3, 2}));
  const std::string nl = NlToString(model, {.header_comments = false})->nl;
  EXPECT_THAT(nl, HasSubstr("\n 5 3 1 0 1\n"));     // NV NC NO NR NE
  EXPECT_THAT(nl, HasSubstr("\n 1 1 0 0 0\n"));     // NBV NIV
  EXPECT_THAT(nl, HasSubstr("\n 5 0\n 3 3\n"));     // NZJ NZG; name lengths (obj, v_0)
  EXPECT_EQ(Segment(nl, "O0"), (std::vector<std::string>{"O0 0", "n0"}));
  EXPECT_EQ(Segment(nl, "C1"), (std::vector<std::string>{"C1", "n0"}));
  EXPECT_EQ(Segment(nl, "r"), (std::vector<std::string>{"r", "4 4", "1 1", "2 -0.5"}));
  EXPECT_EQ(Segment(nl, "b"), (std::vector<std::string>{"b", "4 2.5", "2 -1", "0 0 0.5", "0 0 1", "0 -2 7"}));
  EXPECT_EQ(Segment(nl, "k"), (std::vector<std::string>{"k4", "1", "2", "2", "3"}));
  EXPECT_EQ(Segment(nl, "J0"), (std::vector<std::string>{"J0 3", "1 2", "3 3", "4 1"}));  // by .nl index
  EXPECT_EQ(Segment(nl, "J2"), (std::vector<std::string>{"J2 2", "0 -1", "4 5"}));
  EXPECT_THAT(nl, Not(HasSubstr("J1")));
  EXPECT_THAT(nl, Not(HasSubstr("\nG")));  // empty objective: no G segment
  EXPECT_THAT(nl, HasSubstr("C0\nn0\nC1\nn0\nC2\nn0\nO0 0\nn0\nr\n"));  // every C segment
}

TEST(NlWriterTest, KCountsAreCumulativeOnRandomModels) {
  for (uint64_t seed : {11, 12}) {
    const ir::MilpModel model = RandomMilp(seed);
    const std::vector<int32_t> order = NlVariableOrder(model);
    std::vector<int64_t> per_column(order.size(), 0);
    for (int32_t r = 0; r < model.num_rows(); ++r) {
      for (const ir::VarTerm& t : model.row_terms(ir::RowId(r))) ++per_column[static_cast<size_t>(order[static_cast<size_t>(t.var.value())])];
    }
    std::vector<std::string> want = {absl::StrCat("k", model.num_vars() - 1)};
    int64_t sum = 0;
    for (size_t j = 0; j + 1 < per_column.size(); ++j) want.push_back(absl::StrCat(sum += per_column[j]));
    EXPECT_EQ(Segment(NlToString(model)->nl, "k"), want);
    // No "J<i> 0" anywhere, and as many J segments as rows with terms.
    const std::string nl = NlToString(model)->nl;
    int j_segments = 0, nonempty_rows = 0;
    for (absl::string_view line : absl::StrSplit(nl, '\n')) {
      if (!absl::StartsWith(line, "J")) continue;
      ++j_segments;
      EXPECT_FALSE(absl::EndsWith(line, " 0")) << line;
    }
    for (int32_t r = 0; r < model.num_rows(); ++r) nonempty_rows += !model.row_terms(ir::RowId(r)).empty();
    EXPECT_EQ(j_segments, nonempty_rows);
  }
}

TEST(NlWriterTest, NeverWritesInfinity) {
  const std::string nl = NlToString(RandomMilp(7))->nl;
  EXPECT_THAT(nl, Not(HasSubstr("inf")));
  EXPECT_THAT(nl, Not(HasSubstr("e+30\n")));
  EXPECT_THAT(nl, HasSubstr("0.10000000000000002"));  // the formatter's canary
}

// Binary layout of the tiny model, byte by byte after the header (formats.md §4.5).
TEST(NlWriterTest, TinyModelBinaryLayout) {
  const std::string nl = NlToString(testing::TinyMilp(), {.binary = true})->nl;
  const std::string text_header(kTinyNl.substr(0, kTinyNl.find("C0\n")));
  std::string header = text_header;
  header[0] = 'b';
  header.replace(header.find(" 0 0 0 0\t# linear"), 8, " 0 0 1 0");
  ASSERT_TRUE(absl::StartsWith(nl, header));
  std::string want;
  const auto i32 = [&](int32_t v) { want.append(reinterpret_cast<const char*>(&v), 4); };
  const auto f64 = [&](double v) { want.append(reinterpret_cast<const char*>(&v), 8); };
  for (int32_t r = 0; r < 7; ++r) want += 'C', i32(r), want += 'n', f64(0);
  want += 'O', i32(0), i32(0), want += 'n', f64(10);
  want += 'r';
  want += '2', f64(-2), want += '1', f64(4), want += '1', f64(0), want += '2', f64(-3);
  want += '1', f64(8), want += '1', f64(1.5), want += '4', f64(-1.5);
  want += 'b';
  want += '0', f64(-5), f64(10), want += '3', want += '1', f64(-1), want += '0', f64(0), f64(1);
  want += 'k', i32(3), i32(6), i32(11), i32(12);
  const std::vector<std::vector<std::pair<int32_t, double>>> rows = {
      {{0, 1}, {1, 1}}, {{0, 1}, {1, -1}}, {{1, 1}, {3, -10}}, {{0, 1}, {1, 2}},
      {{0, 1}, {1, 2}}, {{0, 1}, {3, 3}},  {{0, 0.10000000000000002}, {2, 1}}};
  for (size_t r = 0; r < rows.size(); ++r) {
    want += 'J', i32(static_cast<int32_t>(r)), i32(2);
    for (const auto& [v, c] : rows[r]) i32(v), f64(c);
  }
  want += 'G', i32(0), i32(3), i32(0), f64(2), i32(1), f64(3), i32(3), f64(-2);
  static_assert(std::endian::native == std::endian::little, "the expected bytes assume x86-64");
  EXPECT_EQ(nl.substr(header.size()), want);
}

TEST(NlWriterTest, RejectsAModelWithoutVariables) {
  ir::MilpBuilder b;
  EXPECT_EQ(NlToString(std::move(b).Build()).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(NlWriterTest, IsDeterministic) {
  const ir::MilpModel model = RandomMilp(9, 3000, 40000);  // several parallel J chunks
  const NlFiles a = *NlToString(model), b = *NlToString(model);
  EXPECT_EQ(a.nl, b.nl);
  EXPECT_EQ(a.col, b.col);
  EXPECT_EQ(NlToString(model, {.binary = true})->nl, NlToString(model, {.binary = true})->nl);
}

}  // namespace
}  // namespace nn2milp::backends
