// The .nl writer on models with smooth nonlinear rows (issue 6), against the AMPL Solver Library:
//   (1) nldump_asl (fg_read) reads exactly the model: counts, nonlinear counts, variable kinds,
//       bounds and names, rows, Jacobian coefficients (with the nonlinear variables' zero entries)
//       and the objective, computed here from the MilpModel alone; text and binary give identical
//       dumps;
//   (2) gjh_asl_json evaluates every constraint body at random points (an "x" segment appended
//       to the file) and agrees with the body computed here from the model with ir::ApplySmooth
//       (relative error <= 1e-9; gjh prints 15 significant digits), text and binary;
//   (3) the same for the encoding of random networks mixing ReLU and smooth layers.
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "backends/nl_writer.h"
#include "backends/number_format.h"
#include "gmock/gmock.h"
#include "tests/backends/nl_test_util.h"
#include "gtest/gtest.h"
#include "ir/problem.h"
#include "ir/smooth.h"
#include "passes/encode_milp.h"
#include "passes/pass_manager.h"
#include "tests/testing/random_network.h"
#include "tests/testing/solvers.h"

namespace nn2milp::backends {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr double kInf = std::numeric_limits<double>::infinity();

#ifdef NN2MILP_NLDUMP_ASL
constexpr const char* kNlDump = NN2MILP_NLDUMP_ASL;
#else
constexpr const char* kNlDump = "";
#endif

using nl_testing::CanonicalDump;
using nl_testing::Num;
using nl_testing::ReadFile;
using nl_testing::RunCapture;
using nl_testing::TempDir;
using nl_testing::WriteFile;
using nl_testing::WriteStub;

// The .nl orders, derived here from the .nl rules (not from the writer): variables inside
// nonlinear terms first, then continuous, binary, general integer; nonlinear rows first.
struct Orders {
  std::vector<int32_t> var_pos;  // per VarId
  std::vector<int32_t> row_pos;  // per RowId
  int nonlinear_vars = 0;
  int binaries = 0, integers = 0;
};
Orders ComputeOrders(const ir::MilpModel& m) {
  Orders o;
  std::vector<bool> nonlinear(static_cast<size_t>(m.num_vars()), false);
  for (int32_t r = 0; r < m.num_rows(); ++r) {
    for (const ir::NonlinearTerm& nl : m.row_nonlinear(ir::RowId(r))) nonlinear[static_cast<size_t>(nl.var.value())] = true;
  }
  std::vector<std::vector<int32_t>> buckets(4);
  for (int32_t v = 0; v < m.num_vars(); ++v) {
    const ir::Variable& var = m.var(ir::VarId(v));
    const int b = nonlinear[static_cast<size_t>(v)] ? 0 : !var.is_integer ? 1 : (var.lower == 0 && var.upper == 1) ? 2 : 3;
    buckets[static_cast<size_t>(b)].push_back(v);
  }
  o.nonlinear_vars = static_cast<int>(buckets[0].size());
  o.binaries = static_cast<int>(buckets[2].size());
  o.integers = static_cast<int>(buckets[3].size());
  o.var_pos.resize(static_cast<size_t>(m.num_vars()));
  int32_t next = 0;
  for (const auto& b : buckets) for (int32_t v : b) o.var_pos[static_cast<size_t>(v)] = next++;
  o.row_pos.resize(static_cast<size_t>(m.num_rows()));
  next = 0;
  for (const bool want_nl : {true, false}) {
    for (int32_t r = 0; r < m.num_rows(); ++r) {
      if (!m.row_nonlinear(ir::RowId(r)).empty() == want_nl) o.row_pos[static_cast<size_t>(r)] = next++;
    }
  }
  return o;
}

std::vector<std::string> ExpectedDump(const ir::MilpModel& m) {
  const NameTable names = NameTable::Build(m);
  const Orders o = ComputeOrders(m);
  std::vector<std::string> lines;
  int equalities = 0, jacobian = 0;
  for (int32_t r = 0; r < m.num_rows(); ++r) {
    const ir::RowId row(r);
    equalities += m.row_sense(row) == ir::RowSense::kEqual;
    const double rhs = m.row_rhs(row);
    double lo = rhs, hi = rhs;
    if (m.row_sense(row) == ir::RowSense::kLessEqual) lo = -kInf;
    if (m.row_sense(row) == ir::RowSense::kGreaterEqual) hi = kInf;
    const int32_t i = o.row_pos[static_cast<size_t>(r)];
    lines.push_back(absl::StrCat("con ", i, " ", names.RowName(row), " ", Num(lo), " ", Num(hi)));
    std::set<int32_t> listed;
    for (const ir::VarTerm& t : m.row_terms(row)) {
      lines.push_back(absl::StrCat("A ", i, " ", o.var_pos[static_cast<size_t>(t.var.value())], " ", Num(t.coef)));
      ++jacobian;
      listed.insert(t.var.value());
    }
    // Variables only inside nonlinear terms: a zero Jacobian entry each.
    for (const ir::NonlinearTerm& nl : m.row_nonlinear(row)) {
      if (!listed.insert(nl.var.value()).second) continue;
      lines.push_back(absl::StrCat("A ", i, " ", o.var_pos[static_cast<size_t>(nl.var.value())], " 0"));
      ++jacobian;
    }
  }
  lines.push_back(absl::StrCat("counts ", m.num_vars(), " ", m.num_rows(), " 1 0 ", equalities, " ",
                               o.binaries, " ", o.integers, " ", jacobian, " ", m.objective().size()));
  lines.push_back(absl::StrCat("nonlinear ", m.num_nonlinear_rows(), " 0 0 ", o.nonlinear_vars, " 0 0"));
  for (int32_t v = 0; v < m.num_vars(); ++v) {
    const int32_t j = o.var_pos[static_cast<size_t>(v)];
    const char* kind = j >= m.num_vars() - o.integers ? "int"
                       : j >= m.num_vars() - o.integers - o.binaries ? "bin" : "cont";
    lines.push_back(absl::StrCat("var ", j, " ", names.VarName(ir::VarId(v)), " ", kind, " ",
                                 Num(m.var(ir::VarId(v)).lower), " ", Num(m.var(ir::VarId(v)).upper)));
  }
  lines.push_back(absl::StrCat("obj 0 obj min ", Num(m.objective_constant())));
  for (const ir::VarTerm& t : m.objective()) {
    lines.push_back(absl::StrCat("G 0 ", o.var_pos[static_cast<size_t>(t.var.value())], " ", Num(t.coef)));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

void ExpectAslReadsModel(const ir::MilpModel& model, const std::string& label) {
  if (*kNlDump == '\0' || ::access(kNlDump, X_OK) != 0) {
    GTEST_FAIL() << "needs the ASL (Debian libamplsolver-dev) for the nldump_asl reader";
  }
  const TempDir tmp;
  const std::string text = WriteStub(tmp.path(), label, *NlToString(model));
  const std::string binary = WriteStub(tmp.path(), label + "b", *NlToString(model, {.binary = true}));
  const std::string text_dump = RunCapture(absl::StrCat(kNlDump, " ", text, " 2>&1"));
  const std::string binary_dump = RunCapture(absl::StrCat(kNlDump, " ", binary, " 2>&1"));
  ASSERT_THAT(text_dump, Not(HasSubstr("<exit"))) << text_dump;
  ASSERT_THAT(binary_dump, Not(HasSubstr("<exit"))) << binary_dump;
  EXPECT_EQ(text_dump, binary_dump);
  const std::vector<std::string> got = CanonicalDump(text_dump), want = ExpectedDump(model);
  std::vector<std::string> missing, extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  EXPECT_TRUE(missing.empty() && extra.empty())
      << "expected but not read by the ASL:\n  " << absl::StrJoin(missing, "\n  ")
      << "\nread by the ASL but not expected:\n  " << absl::StrJoin(extra, "\n  ");
}

// A random model: continuous variables (some in (0.5, 4) so that log and 1/x are defined),
// binaries and general integers, linear rows of every sense, and nonlinear rows
// a^T x + c f(x_v) (sense) b with every function, c = -1, 1 and other values, x_v sometimes also
// in the linear part.
ir::MilpModel RandomSmoothMilp(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> real(-3, 3);
  ir::MilpBuilder b;
  const ir::NameGroupId vg = b.AddNameGroup("v"), rg = b.AddNameGroup("r"), ng = b.AddNameGroup("nl");
  std::vector<ir::VarId> vars;
  for (int v = 0; v < 24; ++v) {
    if (v % 8 == 6) {
      vars.push_back(*b.AddVar(0, 1, true, {vg, v}));
    } else if (v % 8 == 7) {
      vars.push_back(*b.AddVar(-2, 5, true, {vg, v}));
    } else if (v % 3 == 0) {
      vars.push_back(*b.AddVar(0.5, 4, false, {vg, v}));
    } else {
      vars.push_back(*b.AddVar(v % 4 == 1 ? -kInf : -3, v % 5 == 2 ? kInf : 3, false, {vg, v}));
    }
  }
  std::uniform_int_distribution<int> pick(0, 23);
  for (int r = 0; r < 14; ++r) {
    std::vector<ir::VarTerm> terms;
    for (int k = 0; k < 1 + r % 4; ++k) terms.push_back({vars[static_cast<size_t>(pick(rng))], real(rng)});
    const ir::RowSense sense = static_cast<ir::RowSense>(r % 3);
    if (r % 2 == 0) {
      EXPECT_TRUE(b.AddRow(std::move(terms), sense, real(rng), {rg, r}).ok());
      continue;
    }
    const ir::SmoothFunction f = static_cast<ir::SmoothFunction>((r / 2) % 6);
    // A continuous variable with bounds [0.5, 4] (index multiple of 3, not 6 or 7 mod 8).
    constexpr int kPositive[] = {0, 3, 9, 12, 18, 21};
    const int v = kPositive[(r / 2) % 6];
    const double coef = r % 3 == 0 ? -1.0 : r % 3 == 1 ? 1.0 : real(rng);
    if (r == 5) terms.push_back({vars[static_cast<size_t>(v)], 0.75});  // x_v also linear
    std::vector<ir::NonlinearTerm> nl = {{f, vars[static_cast<size_t>(v)], coef}};
    if (r % 4 == 3) {  // a sum of nonlinear terms (o54), one of them on the same variable again
      nl.push_back({static_cast<ir::SmoothFunction>((r / 2 + 1) % 6), vars[static_cast<size_t>(kPositive[(r / 2 + 1) % 6])], real(rng)});
      nl.push_back({ir::SmoothFunction::kTanh, vars[static_cast<size_t>(v)], 1.5});
    }
    EXPECT_TRUE(b.AddNonlinearRow(std::move(terms), std::move(nl), sense, real(rng), {ng, r}).ok());
  }
  EXPECT_TRUE(b.SetObjective({{vars[1], 2.0}, {vars[6], -1.0}}, 0.5).ok());
  return std::move(b).Build();
}

TEST(NlWriterSmoothAslTest, ReadsRandomSmoothModels) {
  for (uint64_t seed : {1, 2, 3}) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    const ir::MilpModel m = RandomSmoothMilp(seed);
    ASSERT_GT(m.num_nonlinear_rows(), 5);
    ExpectAslReadsModel(m, absl::StrCat("smooth", seed));
  }
}

// ---------------------------------------------------------------------------------------------
// (2) gjh_asl_json evaluates the constraint bodies at given points.

// Appends an "x" segment (initial primal values, in .nl order) to a text or binary .nl.
void AppendPoint(std::string& nl, bool binary, const std::vector<double>& x_nl) {
  if (!binary) {
    absl::StrAppend(&nl, "x", x_nl.size(), "\n");
    for (size_t j = 0; j < x_nl.size(); ++j) absl::StrAppend(&nl, j, " ", FormatDouble(x_nl[j]), "\n");
    return;
  }
  const auto put32 = [&](uint32_t u) { for (int s = 0; s < 32; s += 8) nl += static_cast<char>((u >> s) & 0xFF); };
  nl += 'x';
  put32(static_cast<uint32_t>(x_nl.size()));
  for (size_t j = 0; j < x_nl.size(); ++j) {
    put32(static_cast<uint32_t>(j));
    const uint64_t u = std::bit_cast<uint64_t>(x_nl[j]);
    for (int s = 0; s < 64; s += 8) nl += static_cast<char>((u >> s) & 0xFF);
  }
}

// gjh's "initial evaluations" -> "constraints": {"<i>": value, ...}, per .nl row index.
std::map<int, double> GjhConstraintValues(const std::string& stub) {
  std::map<int, double> out;
  const std::string json_path = stub + ".json";
  std::remove(json_path.c_str());
  if (std::system(absl::StrCat("timeout 60 gjh_asl_json ", stub, ".nl >/dev/null 2>&1").c_str()) != 0) {
    return out;
  }
  const std::string json = ReadFile(json_path);
  size_t at = json.find("\"initial evaluations\"");
  if (at == std::string::npos) return out;
  at = json.find("\"constraints\":", at);
  if (at == std::string::npos) return out;
  at = json.find('{', at);
  const size_t end = json.find('}', at);
  for (absl::string_view item : absl::StrSplit(json.substr(at + 1, end - at - 1), ',', absl::SkipEmpty())) {
    const std::vector<std::string> kv = absl::StrSplit(item, ':');
    if (kv.size() != 2) continue;
    int key = 0;
    double value = 0;
    std::string k(absl::StripAsciiWhitespace(kv[0]));
    k.erase(std::remove(k.begin(), k.end(), '"'), k.end());
    if (absl::SimpleAtoi(k, &key) && absl::SimpleAtod(absl::StripAsciiWhitespace(kv[1]), &value)) out[key] = value;
  }
  return out;
}

// Row bodies computed from the model: sum a_j x_j + c f(x_v), per RowId.
std::vector<double> ModelBodies(const ir::MilpModel& m, const std::vector<double>& x) {
  std::vector<double> body;
  for (int32_t r = 0; r < m.num_rows(); ++r) {
    double s = 0;
    for (const ir::VarTerm& t : m.row_terms(ir::RowId(r))) s += t.coef * x[static_cast<size_t>(t.var.value())];
    for (const ir::NonlinearTerm& nl : m.row_nonlinear(ir::RowId(r))) {
      s += nl.coef * ir::ApplySmooth(nl.function, x[static_cast<size_t>(nl.var.value())]);
    }
    body.push_back(s);
  }
  return body;
}

// Random points inside the variable bounds (clamped to [-3, 3]), evaluated by gjh and by
// ModelBodies; returns the number of nonlinear bodies compared.
int ExpectGjhAgrees(const ir::MilpModel& m, const std::string& label, uint64_t seed, int points) {
  const Orders o = ComputeOrders(m);
  const TempDir tmp;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  int compared = 0;
  for (int p = 0; p < points; ++p) {
    std::vector<double> x(static_cast<size_t>(m.num_vars())), x_nl(x.size());
    for (int32_t v = 0; v < m.num_vars(); ++v) {
      const ir::Variable& var = m.var(ir::VarId(v));
      const double lo = std::max(var.lower, -3.0), hi = std::min(var.upper, 3.0);
      double value = lo + u(rng) * (hi - lo);
      if (var.is_integer) value = std::round(value);
      x[static_cast<size_t>(v)] = value;
      x_nl[static_cast<size_t>(o.var_pos[static_cast<size_t>(v)])] = value;
    }
    const std::vector<double> want = ModelBodies(m, x);
    for (const bool binary : {false, true}) {
      SCOPED_TRACE(absl::StrCat(label, " point ", p, binary ? " binary" : " text"));
      NlFiles files = *NlToString(m, {.binary = binary});
      AppendPoint(files.nl, binary, x_nl);
      const std::map<int, double> got = GjhConstraintValues(WriteStub(tmp.path(), "gjh", files));
      if (got.size() != static_cast<size_t>(m.num_rows())) {
        ADD_FAILURE() << "gjh_asl_json failed or gave " << got.size() << " values for " << m.num_rows() << " rows";
        return compared;
      }
      for (int32_t r = 0; r < m.num_rows(); ++r) {
        const double g = got.at(o.row_pos[static_cast<size_t>(r)]), w = want[static_cast<size_t>(r)];
        EXPECT_LE(std::abs(g - w), 1e-9 * std::max(1.0, std::abs(w))) << "row " << r << ": gjh " << g << ", model " << w;
        compared += !m.row_nonlinear(ir::RowId(r)).empty();
      }
    }
  }
  return compared;
}

TEST(NlWriterSmoothGjhTest, ConstraintBodiesAtRandomPoints) {
  NN2MILP_REQUIRE_PROGRAM("gjh_asl_json");
  for (uint64_t seed : {1, 2}) {
    const ir::MilpModel m = RandomSmoothMilp(seed);
    EXPECT_GT(ExpectGjhAgrees(m, absl::StrCat("seed ", seed), seed, 4), 0);
  }
}

// ---------------------------------------------------------------------------------------------
// (3) Encoded networks mixing ReLU and smooth layers.

ir::MilpModel EncodeMixed(unsigned seed, const std::vector<std::optional<ir::SmoothFunction>>& acts,
                          bool reduced = false) {
  ir::Network net = testing::RandomMixedMlp({3, 6, 6, 5, 2}, seed, acts);
  ir::Problem problem;
  problem.input_box.assign(3, {-1, 1});
  problem.sense = ir::ObjectiveSense::kMaximize;
  problem.objective_output = 1;
  absl::StatusOr<passes::PassManager> pm = passes::PassManager::Parse("bounds_interval,bounds_symbolic", {});
  EXPECT_TRUE(pm.ok());
  Diagnostics diag;
  passes::PassContext ctx{problem, diag};
  EXPECT_TRUE(pm->Run(net, ctx).ok());
  absl::StatusOr<passes::Encoding> enc = passes::EncodeMilp(net, problem, {.nl_reduced = reduced});
  EXPECT_TRUE(enc.ok()) << enc.status();
  return std::move(enc->model);
}

const std::vector<std::vector<std::optional<ir::SmoothFunction>>> kMixes = {
    {ir::SmoothFunction::kSigmoid, std::nullopt, ir::SmoothFunction::kTanh},
    {std::nullopt, ir::SmoothFunction::kSoftplus, ir::SmoothFunction::kExp},
};

TEST(NlWriterSmoothAslTest, ReadsEncodedMixedNetworks) {
  for (size_t i = 0; i < kMixes.size(); ++i) {
    SCOPED_TRACE(absl::StrCat("mix ", i));
    for (const bool reduced : {false, true}) {
      SCOPED_TRACE(reduced ? "reduced space" : "full space");
      const ir::MilpModel m = EncodeMixed(7 + static_cast<unsigned>(i), kMixes[i], reduced);
      ASSERT_GT(m.num_nonlinear_rows(), 0);
      ExpectAslReadsModel(m, absl::StrCat("mixed", i, reduced ? "r" : "f"));
    }
  }
}

TEST(NlWriterSmoothGjhTest, EncodedMixedNetworks) {
  NN2MILP_REQUIRE_PROGRAM("gjh_asl_json");
  for (size_t i = 0; i < kMixes.size(); ++i) {
    for (const bool reduced : {false, true}) {
      const ir::MilpModel m = EncodeMixed(7 + static_cast<unsigned>(i), kMixes[i], reduced);
      EXPECT_GT(ExpectGjhAgrees(m, absl::StrCat("mix ", i, reduced ? " reduced" : " full"), 30 + i, 3), 0);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// (4) Header and refusals.

TEST(NlWriterSmoothTest, HeaderCountsNonlinearRowsAndVariablesAndTheyComeFirst) {
  ir::MilpBuilder b;
  const ir::NameGroupId g = b.AddNameGroup("x");
  const ir::VarId z = *b.AddVar(-1, 1, false, {g, 0});
  const ir::VarId y = *b.AddVar(0, 1, false, {g, 1});
  const ir::VarId d = *b.AddVar(0, 1, true, {g, 2});
  ASSERT_TRUE(b.AddRow({{z, 1.0}, {d, 1.0}}, ir::RowSense::kLessEqual, 1.0, {g, 0}).ok());
  ASSERT_TRUE(b.AddNonlinearRow({{y, 1.0}}, {{ir::SmoothFunction::kSigmoid, z, -1.0}}, ir::RowSense::kEqual, 0.0, {g, 1}).ok());
  const NlFiles f = *NlToString(std::move(b).Build());
  const std::vector<std::string> lines = absl::StrSplit(f.nl, '\n');
  EXPECT_EQ(lines[2], " 1 0\t# nonlinear constraints, objectives");
  EXPECT_EQ(lines[4], " 1 0 0\t# nonlinear vars in constraints, objectives, both");
  EXPECT_EQ(lines[7], " 4 0\t# nonzeros in Jacobian, gradients");
  // C0 is the sigmoid row: -(1 / (1 + exp(-v0))), v0 = z.
  EXPECT_THAT(f.nl, HasSubstr("C0\no16\no3\nn1\no0\nn1\no44\no16\nv0\nC1\nn0\n"));
  EXPECT_THAT(f.nl, HasSubstr("J0 2\n0 0\n1 1\nJ1 2\n0 1\n2 1\n"));
  EXPECT_EQ(f.col, "x_0\nx_1\nx_2\n");
  EXPECT_EQ(f.row, "x_1\nx_0\nobj\n");
}

TEST(NlWriterSmoothTest, RefusesAnIntegerVariableInsideANonlinearTerm) {
  ir::MilpBuilder b;
  const ir::NameGroupId g = b.AddNameGroup("x");
  const ir::VarId d = *b.AddVar(0, 1, true, {g, 0});
  const ir::VarId y = *b.AddVar(0, 1, false, {g, 1});
  ASSERT_TRUE(b.AddNonlinearRow({{y, 1.0}}, {{ir::SmoothFunction::kExp, d, -1.0}}, ir::RowSense::kEqual, 0.0, {g, 0}).ok());
  const absl::StatusOr<NlFiles> f = NlToString(std::move(b).Build());
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(std::string(f.status().message()), HasSubstr("integer variable inside a nonlinear"));
}

}  // namespace
}  // namespace nn2milp::backends
