#include "tools/report_svg.h"

#include <limits>
#include <map>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "frontend/importer.h"
#include "ir/base/number_parse.h"
#include "passes/pass_manager.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::tools {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::nn2milp::testing::IsOk;
using ::nn2milp::testing::StatusIs;

// The attributes of every <g class="KIND" ...> element, in document order.
std::vector<std::map<std::string, std::string>> Groups(const std::string& svg, const std::string& kind) {
  std::vector<std::map<std::string, std::string>> out;
  const std::regex group("<g class=\"" + kind + "\"([^>]*)>");
  const std::regex attr("([a-z0-9-]+)=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), group); it != std::sregex_iterator(); ++it) {
    std::map<std::string, std::string> attrs;
    const std::string body = (*it)[1];
    for (auto a = std::sregex_iterator(body.begin(), body.end(), attr); a != std::sregex_iterator(); ++a) {
      attrs[(*a)[1]] = (*a)[2];
    }
    out.push_back(attrs);
  }
  return out;
}

double Num(const std::map<std::string, std::string>& attrs, const std::string& key) {
  const auto it = attrs.find(key);
  EXPECT_NE(it, attrs.end()) << key;
  if (it == attrs.end()) return -1;
  const std::optional<double> v = ParseDouble(it->second);
  EXPECT_TRUE(v.has_value()) << key << "=" << it->second;
  return v.value_or(-1);
}

// deep_mlp (6 ReLU layers of 12) over [-1, 1]^4, bounds of the named strength.
ir::Network DeepMlp(const std::string& strength, const ir::Problem& problem) {
  Diagnostics diag;
  absl::StatusOr<ir::Network> net =
      frontend::LoadNetwork(NN2MILP_SOURCE_DIR "/tests/models/deep_mlp.onnx", diag);
  EXPECT_THAT(net.status(), IsOk());
  const passes::PassManager pm =
      *passes::PassManager::Parse(*passes::BoundsPipeline(strength, false), {});
  passes::PassContext ctx{problem, diag};
  EXPECT_THAT(pm.Run(*net, ctx).status(), IsOk());
  return *std::move(net);
}

TEST(ReportSvgTest, DrawnNumbersAreTheLayerStatsOfEachBoundLevel) {
  ir::Problem problem;
  problem.input_box.assign(4, {-1, 1});
  CompileOptions o;
  o.model = NN2MILP_SOURCE_DIR "/tests/models/deep_mlp.onnx";
  o.bounds = "lp";
  const ir::Network final_net = DeepMlp("lp", problem);
  NN2MILP_ASSERT_OK_AND_ASSIGN(const std::vector<BoundLevel> levels,
                               ComputeBoundLevels(o, problem, final_net));
  ASSERT_EQ(levels.size(), 3u);
  EXPECT_EQ(levels[0].name, "ia");
  EXPECT_EQ(levels[1].name, "symbolic");
  EXPECT_EQ(levels[2].name, "lp");

  // The truth: the stats of networks bounded here, independently of ComputeBoundLevels.
  const std::map<std::string, std::vector<LayerStats>> truth = {
      {"ia", ComputeLayerStats(DeepMlp("ia", problem))},
      {"symbolic", ComputeLayerStats(DeepMlp("symbolic", problem))},
      {"lp", ComputeLayerStats(final_net)}};
  ASSERT_EQ(truth.at("ia").size(), 6u);

  const std::string svg = RenderReportSvg(levels, "deep_mlp");
  EXPECT_EQ(svg, RenderReportSvg(levels, "deep_mlp"));  // deterministic
  const auto boxes = Groups(svg, "box");
  const auto splits = Groups(svg, "split");
  EXPECT_EQ(boxes.size(), 2u * 6 * 3);
  EXPECT_EQ(splits.size(), 6u * 3);
  std::map<std::tuple<std::string, std::string, std::string>, int> seen;
  for (const auto& b : boxes) {
    const std::string panel = b.at("data-panel"), level = b.at("data-level"), layer = b.at("data-layer");
    ++seen[{panel, level, layer}];
    const std::vector<LayerStats>& stats = truth.at(level);
    const auto l = std::find_if(stats.begin(), stats.end(), [&](const LayerStats& s) { return s.name == layer; });
    ASSERT_NE(l, stats.end()) << layer;
    const std::vector<double>& v = panel == "width" ? l->width : l->big_m;
    ASSERT_EQ(Num(b, "data-count"), static_cast<double>(v.size())) << panel << " " << level << " " << layer;
    if (v.empty()) continue;
    EXPECT_EQ(Num(b, "data-min"), v.front()) << panel << " " << level << " " << layer;
    EXPECT_EQ(Num(b, "data-max"), v.back()) << panel << " " << level << " " << layer;
    EXPECT_EQ(Num(b, "data-median"), v[v.size() / 2]) << panel << " " << level << " " << layer;
    EXPECT_LE(Num(b, "data-q1"), Num(b, "data-median"));
    EXPECT_LE(Num(b, "data-median"), Num(b, "data-q3"));
  }
  EXPECT_EQ(seen.size(), boxes.size());  // each (panel, level, layer) once
  std::map<std::string, std::vector<int64_t>> unstable_by_layer;
  for (const auto& s : splits) {
    const std::vector<LayerStats>& stats = truth.at(s.at("data-level"));
    const auto l = std::find_if(stats.begin(), stats.end(),
                                [&](const LayerStats& x) { return x.name == s.at("data-layer"); });
    ASSERT_NE(l, stats.end());
    EXPECT_EQ(Num(s, "data-neurons"), static_cast<double>(l->neurons));
    EXPECT_EQ(Num(s, "data-stable-active"), static_cast<double>(l->stable_active));
    EXPECT_EQ(Num(s, "data-stable-inactive"), static_cast<double>(l->stable_inactive));
    EXPECT_EQ(Num(s, "data-unstable"), static_cast<double>(l->unstable));
    EXPECT_EQ(l->stable_active + l->stable_inactive + l->unstable, l->neurons);
    unstable_by_layer[l->name].push_back(l->unstable);
  }
  // Stronger levels never have more unstable ReLUs, and the last layer has fewer with LP bounds
  // than with interval arithmetic (README: 70 -> 55 unstable over the network).
  int64_t ia_total = 0, lp_total = 0;
  for (const auto& [name, counts] : unstable_by_layer) {
    ASSERT_EQ(counts.size(), 3u);
    EXPECT_GE(counts[0], counts[1]) << name;
    EXPECT_GE(counts[1], counts[2]) << name;
    ia_total += counts[0];
    lp_total += counts[2];
  }
  EXPECT_GT(ia_total, lp_total);
}

TEST(ReportSvgTest, DefaultAndIaAndExplicitPipelinesNameTheirLevels) {
  ir::Problem problem;
  problem.input_box.assign(4, {-1, 1});
  const ir::Network final_net = DeepMlp("symbolic", problem);
  CompileOptions o;
  o.model = NN2MILP_SOURCE_DIR "/tests/models/deep_mlp.onnx";
  auto names = [&](const CompileOptions& opts) {
    std::vector<std::string> out;
    absl::StatusOr<std::vector<BoundLevel>> levels = ComputeBoundLevels(opts, problem, final_net);
    EXPECT_THAT(levels.status(), IsOk());
    if (!levels.ok()) return out;
    for (const BoundLevel& l : *levels) out.push_back(l.name);
    return out;
  };
  EXPECT_THAT(names(o), ElementsAre("ia", "symbolic"));
  o.bounds = "ia";
  EXPECT_THAT(names(o), ElementsAre("ia"));
  o.bounds = "";
  o.passes = "bounds_interval,bounds_symbolic";
  EXPECT_THAT(names(o), ElementsAre("ia", "pipeline"));
}

TEST(ReportSvgTest, NamesAreEscapedAndSizeIsDeclared) {
  LayerStats l;
  l.name = "a<b&\"c\"";
  l.neurons = 2;
  l.stable_active = 1;
  l.unstable = 1;
  l.width = {0, 3};  // a width of 0 is drawn on the axis floor
  l.big_m = {2};
  const std::string svg = RenderReportSvg({{"ia", {l}}}, "t<1>");
  EXPECT_THAT(svg, HasSubstr("data-layer=\"a&lt;b&amp;&quot;c&quot;\""));
  EXPECT_THAT(svg, HasSubstr(">t&lt;1&gt;</text>"));
  EXPECT_THAT(svg, ::testing::Not(HasSubstr("a<b")));
  EXPECT_TRUE(std::regex_search(svg, std::regex("<svg [^>]*width=\"[0-9]+\" height=\"[0-9]+\"")));
  const auto boxes = Groups(svg, "box");
  ASSERT_EQ(boxes.size(), 2u);
  EXPECT_EQ(Num(boxes[0], "data-min"), 0);
  EXPECT_EQ(Num(boxes[0], "data-max"), 3);
}

TEST(ReportSvgTest, UnboundedNeuronsAreDrawnOnTheEdge) {
  LayerStats l;
  l.name = "r";
  l.neurons = 2;
  l.unstable = 2;
  l.width = {1, std::numeric_limits<double>::infinity()};
  l.big_m = l.width;
  const std::string svg = RenderReportSvg({{"pipeline", {l}}}, "t");
  EXPECT_THAT(svg, HasSubstr("data-min=\"1\""));
  EXPECT_THAT(svg, HasSubstr("data-max=\"inf\""));
}

TEST(ReportSvgTest, NoReluLayers) {
  const std::string svg = RenderReportSvg({{"ia", {}}}, "linear");
  EXPECT_THAT(svg, HasSubstr("no ReLU"));
  EXPECT_THAT(svg, HasSubstr("</svg>"));
}

}  // namespace
}  // namespace nn2milp::tools
