// Golden tests of the whole pipeline on tiny models: tests/golden/<case>/model.onnx.txt and
// problem.txt are compiled (bounds_interval + encode_milp) and the MPS and LP bytes compared with
// expected.mps / expected.lp (for a network with smooth activations: the text .nl, .col and .row
// with expected.nl / .col / .row). The models contain the round-trip canary 0.10000000000000002, names
// that need sanitising, a binary, and stable neurons. NN2MILP_UPDATE_GOLDEN=1 rewrites the
// expected files so that a change is reviewed as a git diff.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "backends/lp_writer.h"
#include "backends/mps_writer.h"
#include "backends/nl_writer.h"
#include "gtest/gtest.h"
#include "ir/base/number_parse.h"
#include "passes/bounds_interval.h"
#include "passes/encode_milp.h"
#include "passes/pass_manager.h"
#include "tests/testing/onnx_text.h"

namespace nn2milp {
namespace {

namespace fs = std::filesystem;
fs::path g_dir;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Renames tensor `from` to `to` everywhere in the graph.
void RenameTensor(onnx::ModelProto& model, const std::string& from, const std::string& to) {
  onnx::GraphProto& g = *model.mutable_graph();
  for (auto& v : *g.mutable_input()) if (v.name() == from) v.set_name(to);
  for (auto& v : *g.mutable_output()) if (v.name() == from) v.set_name(to);
  for (auto& t : *g.mutable_initializer()) if (t.name() == from) t.set_name(to);
  for (auto& n : *g.mutable_node()) {
    for (auto& i : *n.mutable_input()) if (i == from) i = to;
    for (auto& o : *n.mutable_output()) if (o == from) o = to;
  }
}

// problem.txt: "rename FROM TO", "bounds LO HI" per input element, "maximize K" / "minimize K",
// optionally "pipeline PASSES" (default: bounds_interval) and "deviation D": the cleanup's
// expected bound on |written network - ONNX network| (hand-computed in the case's comments).
struct GoldenProblem {
  ir::Problem problem;
  std::string pipeline = "bounds_interval";
  double deviation = -1;  // < 0: not checked
};

GoldenProblem ReadProblem(const fs::path& p, onnx::ModelProto& model) {
  GoldenProblem golden;
  ir::Problem& problem = golden.problem;
  for (absl::string_view line : absl::StrSplit(Read(p), '\n', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (f.empty() || f[0][0] == '#') continue;
    if (f[0] == "rename") RenameTensor(model, f[1], f[2]);
    if (f[0] == "bounds") problem.input_box.push_back({*ParseDouble(f[1]), *ParseDouble(f[2])});
    if (f[0] == "maximize" || f[0] == "minimize") {
      problem.sense = f[0] == "maximize" ? ir::ObjectiveSense::kMaximize : ir::ObjectiveSense::kMinimize;
      problem.objective_output = std::stoll(f[1]);
    }
    if (f[0] == "pipeline") golden.pipeline = f[1];
    if (f[0] == "deviation") golden.deviation = *ParseDouble(f[1]);
  }
  return golden;
}

// Compares bytes; on mismatch reports the first differing line with its number.
void ExpectSameText(const std::string& actual, const fs::path& expected_path) {
  if (std::getenv("NN2MILP_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << actual;
    return;
  }
  const std::string expected = Read(expected_path);
  if (actual == expected) return;
  std::vector<std::string> a = absl::StrSplit(actual, '\n'), e = absl::StrSplit(expected, '\n');
  for (size_t i = 0; i < std::max(a.size(), e.size()); ++i) {
    const std::string al = i < a.size() ? a[i] : "<eof>", el = i < e.size() ? e[i] : "<eof>";
    if (al != el) {
      ADD_FAILURE() << expected_path << ":" << i + 1 << ": expected\n  " << el << "\ngot\n  " << al
                    << "\n(NN2MILP_UPDATE_GOLDEN=1 rewrites the golden files)";
      return;
    }
  }
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpectedFiles) {
  const fs::path dir = g_dir / GetParam();
  const std::string text = Read(dir / "model.onnx.txt");
  absl::StatusOr<onnx::ModelProto> proto = testing::ParseOnnxText(text.c_str());
  ASSERT_TRUE(proto.ok()) << proto.status();
  const GoldenProblem golden = ReadProblem(dir / "problem.txt", *proto);
  const ir::Problem& problem = golden.problem;
  Diagnostics diag;
  absl::StatusOr<ir::Network> net = testing::NetworkFromModelProto(*std::move(proto), diag);
  ASSERT_TRUE(net.ok()) << net.status();
  passes::PassContext ctx{problem, diag};
  absl::StatusOr<passes::PassManager> pm = passes::PassManager::Parse(golden.pipeline);
  ASSERT_TRUE(pm.ok()) << pm.status();
  absl::StatusOr<std::vector<passes::PassRun>> runs = pm->Run(*net, ctx);
  ASSERT_TRUE(runs.ok()) << runs.status();
  if (golden.deviation >= 0) {
    bool found = false;
    for (const passes::PassRun& r : *runs) {
      if (r.name != "cleanup_coefficients") continue;
      found = true;
      const double reported = r.result.metrics.at("max_output_deviation");
      EXPECT_GE(reported, golden.deviation);
      EXPECT_LE(reported, golden.deviation * (1 + 1e-10));
    }
    EXPECT_TRUE(found) << "a 'deviation' case needs cleanup_coefficients in its pipeline";
  }
  absl::StatusOr<passes::Encoding> enc = passes::EncodeMilp(*net, problem);
  ASSERT_TRUE(enc.ok()) << enc.status();
  if (net->num_smooth() > 0) {
    // Smooth activations: only AMPL .nl (text) can hold them; MPS and LP refuse.
    EXPECT_FALSE(backends::MpsToString(enc->model).ok());
    const absl::StatusOr<backends::NlFiles> nl = backends::NlToString(enc->model, {.problem_name = GetParam()});
    ASSERT_TRUE(nl.ok()) << nl.status();
    ExpectSameText(nl->nl, dir / "expected.nl");
    ExpectSameText(nl->col, dir / "expected.col");
    ExpectSameText(nl->row, dir / "expected.row");
    if (absl::StrContains(text, "0.10000000000000002")) {
      EXPECT_TRUE(absl::StrContains(nl->nl, "0.10000000000000002"));
    }
    return;
  }
  const std::string mps = *backends::MpsToString(enc->model, {.comment = GetParam()});
  const std::string lp = *backends::LpToString(enc->model, {.comment = GetParam()});
  ExpectSameText(mps, dir / "expected.mps");
  ExpectSameText(lp, dir / "expected.lp");
  if (golden.deviation >= 0) {
    // No tiny weight survives: every number in the files is a normal double far above 1e-20.
    for (const std::string& text : {mps, lp}) {
      for (const absl::string_view token : absl::StrSplit(text, absl::ByAnyChar(" \n\t"), absl::SkipEmpty())) {
        const std::optional<double> v = ParseDouble(token);
        if (v && *v != 0) {
          EXPECT_GE(std::abs(*v), 1e-20) << token;
        }
      }
    }
  }
  if (absl::StrContains(text, "0.10000000000000002")) {
    // The canary: a writer that bypassed the shortest round-trip formatter would print 0.1.
    EXPECT_TRUE(absl::StrContains(mps, "0.10000000000000002"));
    EXPECT_TRUE(absl::StrContains(lp, "0.10000000000000002"));
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, ::testing::Values("relu_canary", "smooth_canary",
                                                                  "stable_and_dead", "denormal_cleanup"));

}  // namespace
}  // namespace nn2milp

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  nn2milp::g_dir = argc > 1 ? argv[1] : NN2MILP_GOLDEN_DIR;
  return RUN_ALL_TESTS();
}
