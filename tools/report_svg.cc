#include "tools/report_svg.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/number_format.h"
#include "backends/sink.h"
#include "frontend/importer.h"
#include "ir/base/status_macros.h"
#include "passes/pass_manager.h"

namespace nn2milp::tools {
namespace {

using backends::FormatDouble;

// Geometry in pixels.
constexpr double kLeft = 78, kRight = 24, kSlot = 20, kGroupPad = 16, kMinPlotWidth = 640;
constexpr double kLogPanelHeight = 190, kSplitPanelHeight = 150, kPanelGap = 62;
constexpr double kFirstPanelTop = 112, kNameLine = 15;

constexpr const char* kUnstableColor = "#fd8d3c";
constexpr const char* kInactiveColor = "#bdbdbd";
constexpr const char* kActiveColor = "#74c476";

const char* LevelColor(absl::string_view level) {
  if (level == "ia") return "#d62728";
  if (level == "symbolic") return "#1f77b4";
  if (level == "lp") return "#2ca02c";
  return "#9467bd";
}

// A statistic for a data attribute or a tooltip: exact, or "inf" for an unbounded neuron.
std::string Stat(double v) {
  if (std::isfinite(v)) return FormatDouble(v);
  return v > 0 ? "inf" : v < 0 ? "-inf" : "nan";
}

// A coordinate, rounded to 0.1 px.
std::string Px(double v) { return FormatDouble(std::round(v * 10) / 10 + 0.0); }

std::string Escape(absl::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

// "1000", "0.01", "1e-07": the label of the decade 10^k.
std::string DecadeLabel(int k) {
  if (k >= 0 && k <= 5) return absl::StrCat("1", std::string(static_cast<size_t>(k), '0'));
  if (k < 0 && k >= -4) return absl::StrCat("0.", std::string(static_cast<size_t>(-k - 1), '0'), "1");
  return absl::StrCat("1e", k);
}

// A log10 axis over whole decades [lo, hi], mapped onto [top + height, top].
struct LogAxis {
  int lo = -1, hi = 1;
  double top = 0, height = 1;
  double Y(double v) const {
    if (!(v > 0)) return top + height;
    const double t = (std::log10(v) - lo) / (hi - lo);
    return top + height - std::clamp(t, 0.0, 1.0) * height;
  }
};

LogAxis MakeLogAxis(const std::vector<const std::vector<double>*>& series, double top, double height) {
  double min_pos = 0, max_v = 0;
  for (const std::vector<double>* s : series) {
    for (const double v : *s) {
      if (!std::isfinite(v)) continue;  // drawn on the top or bottom edge
      if (v > 0 && (min_pos == 0 || v < min_pos)) min_pos = v;
      max_v = std::max(max_v, v);
    }
  }
  LogAxis axis;
  axis.top = top;
  axis.height = height;
  if (max_v > 0) {
    axis.lo = static_cast<int>(std::floor(std::log10(min_pos)));
    axis.hi = static_cast<int>(std::ceil(std::log10(max_v)));
    if (axis.hi <= axis.lo) axis.hi = axis.lo + 1;
  }
  return axis;
}

struct Layout {
  double width = 0, plot_width = 0, group_width = 0;
  size_t levels = 0;
  // Center of the slot of level `v` in layer group `g`.
  double SlotX(size_t g, size_t v) const {
    const double inner = static_cast<double>(levels) * kSlot;
    return kLeft + static_cast<double>(g) * group_width + (group_width - inner) / 2 +
           (static_cast<double>(v) + 0.5) * kSlot;
  }
  double GroupX(size_t g) const { return kLeft + (static_cast<double>(g) + 0.5) * group_width; }
};

const LayerStats* FindLayer(const BoundLevel& level, const std::string& name) {
  for (const LayerStats& l : level.layers) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

void PanelTitle(std::string& out, double top, absl::string_view text) {
  absl::StrAppend(&out, "<text x=\"", Px(kLeft), "\" y=\"", Px(top - 10),
                  "\" font-size=\"13\" font-weight=\"bold\">", Escape(text), "</text>\n");
}

// Layer labels "L1", "L2", ... under a panel whose bottom edge is at `bottom`.
void LayerLabels(std::string& out, const Layout& lay, size_t layers, double bottom) {
  for (size_t g = 0; g < layers; ++g) {
    absl::StrAppend(&out, "<text x=\"", Px(lay.GroupX(g)), "\" y=\"", Px(bottom + 16),
                    "\" font-size=\"11\" text-anchor=\"middle\">L", g + 1, "</text>\n");
  }
}

void LogGrid(std::string& out, const Layout& lay, const LogAxis& axis, absl::string_view unit) {
  const int decades = axis.hi - axis.lo;
  const int step = decades > 8 ? (decades + 7) / 8 : 1;
  for (int k = axis.lo; k <= axis.hi; ++k) {
    const double y = axis.Y(std::pow(10.0, k));
    absl::StrAppend(&out, "<line x1=\"", Px(kLeft), "\" y1=\"", Px(y), "\" x2=\"",
                    Px(kLeft + lay.plot_width), "\" y2=\"", Px(y), "\" stroke=\"#e0e0e0\"/>\n");
    if ((k - axis.lo) % step == 0) {
      absl::StrAppend(&out, "<text x=\"", Px(kLeft - 6), "\" y=\"", Px(y + 4),
                      "\" font-size=\"11\" text-anchor=\"end\">", DecadeLabel(k), "</text>\n");
    }
  }
  absl::StrAppend(&out, "<rect x=\"", Px(kLeft), "\" y=\"", Px(axis.top), "\" width=\"",
                  Px(lay.plot_width), "\" height=\"", Px(axis.height),
                  "\" fill=\"none\" stroke=\"#808080\"/>\n");
  absl::StrAppend(&out, "<text transform=\"translate(", Px(16), " ", Px(axis.top + axis.height / 2),
                  ") rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">", Escape(unit),
                  "</text>\n");
}

// One box plot of `sorted` (may be empty) at x.
void BoxPlot(std::string& out, absl::string_view panel, const std::string& layer, size_t layer_index,
             absl::string_view level, const std::vector<double>& sorted, const LogAxis& axis, double x) {
  absl::StrAppend(&out, "<g class=\"box\" data-panel=\"", panel, "\" data-layer=\"", Escape(layer),
                  "\" data-level=\"", level, "\" data-count=\"", sorted.size(), "\"");
  if (sorted.empty()) {
    out += "/>\n";
    return;
  }
  const double q[5] = {Quantile(sorted, 0), Quantile(sorted, 0.25), Quantile(sorted, 0.5),
                       Quantile(sorted, 0.75), Quantile(sorted, 1)};
  const char* names[5] = {"min", "q1", "median", "q3", "max"};
  for (int i = 0; i < 5; ++i) absl::StrAppend(&out, " data-", names[i], "=\"", Stat(q[i]), "\"");
  const char* color = LevelColor(level);
  absl::StrAppend(&out, ">\n<title>L", layer_index + 1, " ", Escape(layer), ", ", level, ": ",
                  sorted.size(), " values, min ", Stat(q[0]), ", median ", Stat(q[2]), ", max ",
                  Stat(q[4]), "</title>\n");
  absl::StrAppend(&out, "<line x1=\"", Px(x), "\" y1=\"", Px(axis.Y(q[4])), "\" x2=\"", Px(x),
                  "\" y2=\"", Px(axis.Y(q[0])), "\" stroke=\"", color, "\" stroke-width=\"1.5\"/>\n");
  const double top = axis.Y(q[3]), bottom = axis.Y(q[1]);
  absl::StrAppend(&out, "<rect x=\"", Px(x - 5), "\" y=\"", Px(top), "\" width=\"10\" height=\"",
                  Px(std::max(bottom - top, 1.0)), "\" fill=\"", color,
                  "\" fill-opacity=\"0.35\" stroke=\"", color, "\"/>\n");
  absl::StrAppend(&out, "<line x1=\"", Px(x - 7), "\" y1=\"", Px(axis.Y(q[2])), "\" x2=\"", Px(x + 7),
                  "\" y2=\"", Px(axis.Y(q[2])), "\" stroke=\"#202020\" stroke-width=\"2\"/>\n</g>\n");
}

void LogPanel(std::string& out, const std::vector<BoundLevel>& levels, const Layout& lay, double top,
              bool big_m) {
  const std::vector<LayerStats>& order = levels.front().layers;
  std::vector<const std::vector<double>*> series;
  for (const BoundLevel& level : levels) {
    for (const LayerStats& l : level.layers) series.push_back(big_m ? &l.big_m : &l.width);
  }
  const LogAxis axis = MakeLogAxis(series, top, kLogPanelHeight);
  PanelTitle(out, top,
             big_m ? "big-M max(-l, u) of the unstable ReLUs (log scale; no box: no unstable ReLU)"
                   : "pre-activation bound width u - l (log scale; whisker min-max, box quartiles, "
                     "bar median)");
  LogGrid(out, lay, axis, big_m ? "big-M" : "u - l");
  for (size_t g = 0; g < order.size(); ++g) {
    for (size_t v = 0; v < levels.size(); ++v) {
      const LayerStats* l = FindLayer(levels[v], order[g].name);
      if (l == nullptr) continue;
      BoxPlot(out, big_m ? "bigm" : "width", l->name, g, levels[v].name, big_m ? l->big_m : l->width,
              axis, lay.SlotX(g, v));
    }
  }
  LayerLabels(out, lay, order.size(), top + kLogPanelHeight);
}

void SplitPanel(std::string& out, const std::vector<BoundLevel>& levels, const Layout& lay, double top) {
  const double h = kSplitPanelHeight;
  PanelTitle(out, top, "ReLUs per layer: unstable (binary) / stable inactive / stable active, share of the layer");
  for (int pct = 0; pct <= 100; pct += 25) {
    const double y = top + h - h * pct / 100.0;
    absl::StrAppend(&out, "<line x1=\"", Px(kLeft), "\" y1=\"", Px(y), "\" x2=\"",
                    Px(kLeft + lay.plot_width), "\" y2=\"", Px(y), "\" stroke=\"#e0e0e0\"/>\n",
                    "<text x=\"", Px(kLeft - 6), "\" y=\"", Px(y + 4),
                    "\" font-size=\"11\" text-anchor=\"end\">", pct, "%</text>\n");
  }
  absl::StrAppend(&out, "<rect x=\"", Px(kLeft), "\" y=\"", Px(top), "\" width=\"", Px(lay.plot_width),
                  "\" height=\"", Px(h), "\" fill=\"none\" stroke=\"#808080\"/>\n");
  const std::vector<LayerStats>& order = levels.front().layers;
  for (size_t g = 0; g < order.size(); ++g) {
    for (size_t v = 0; v < levels.size(); ++v) {
      const LayerStats* l = FindLayer(levels[v], order[g].name);
      if (l == nullptr || l->neurons == 0) continue;
      const double x = lay.SlotX(g, v);
      absl::StrAppend(&out, "<g class=\"split\" data-layer=\"", Escape(l->name), "\" data-level=\"",
                      levels[v].name, "\" data-neurons=\"", l->neurons, "\" data-stable-active=\"",
                      l->stable_active, "\" data-stable-inactive=\"", l->stable_inactive,
                      "\" data-unstable=\"", l->unstable, "\">\n<title>L", g + 1, " ", Escape(l->name),
                      ", ", levels[v].name, ": ", l->neurons, " ReLUs, ", l->unstable, " unstable, ",
                      l->stable_inactive, " stable inactive, ", l->stable_active,
                      " stable active</title>\n");
      // Bottom to top: unstable, stable inactive, stable active.
      double y = top + h;
      const std::pair<int64_t, const char*> parts[3] = {
          {l->unstable, kUnstableColor}, {l->stable_inactive, kInactiveColor}, {l->stable_active, kActiveColor}};
      for (const auto& [count, color] : parts) {
        if (count == 0) continue;
        const double part = h * static_cast<double>(count) / static_cast<double>(l->neurons);
        absl::StrAppend(&out, "<rect x=\"", Px(x - 6), "\" y=\"", Px(y - part), "\" width=\"12\" height=\"",
                        Px(part), "\" fill=\"", color, "\"/>\n");
        y -= part;
      }
      // The level's colour under its bar.
      absl::StrAppend(&out, "<rect x=\"", Px(x - 6), "\" y=\"", Px(top + h + 2),
                      "\" width=\"12\" height=\"4\" fill=\"", LevelColor(levels[v].name), "\"/>\n</g>\n");
    }
  }
  LayerLabels(out, lay, order.size(), top + h + 4);
}

void Swatch(std::string& out, double& x, double y, const char* color, absl::string_view label) {
  absl::StrAppend(&out, "<rect x=\"", Px(x), "\" y=\"", Px(y - 10), "\" width=\"12\" height=\"12\" fill=\"",
                  color, "\"/>\n<text x=\"", Px(x + 16), "\" y=\"", Px(y), "\" font-size=\"12\">",
                  Escape(label), "</text>\n");
  x += 16 + 7.2 * static_cast<double>(label.size()) + 18;
}

}  // namespace

std::string RenderReportSvg(const std::vector<BoundLevel>& levels, absl::string_view title) {
  static const std::vector<LayerStats> kNoLayers;
  const std::vector<LayerStats>& order = levels.empty() ? kNoLayers : levels.front().layers;
  const size_t num_layers = order.size();
  Layout lay;
  lay.levels = std::max<size_t>(levels.size(), 1);
  const double natural_group = static_cast<double>(lay.levels) * kSlot + kGroupPad;
  lay.plot_width = std::max(kMinPlotWidth, natural_group * static_cast<double>(num_layers));
  lay.group_width = num_layers == 0 ? 0 : lay.plot_width / static_cast<double>(num_layers);
  lay.width = kLeft + lay.plot_width + kRight;
  const double width_top = kFirstPanelTop;
  const double bigm_top = width_top + kLogPanelHeight + kPanelGap;
  const double split_top = bigm_top + kLogPanelHeight + kPanelGap;
  const double names_top = split_top + kSplitPanelHeight + 52;
  const double height = num_layers == 0 ? 120
                                        : names_top + kNameLine * static_cast<double>(num_layers) + 10;

  int64_t relus = 0;
  for (const LayerStats& l : order) relus += l.neurons;
  std::vector<std::string> level_names;
  for (const BoundLevel& level : levels) level_names.push_back(level.name);

  std::string out = absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"", Px(lay.width),
      "\" height=\"", Px(height), "\" viewBox=\"0 0 ", Px(lay.width), " ", Px(height),
      "\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n",
      "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
      "<text x=\"", Px(kLeft), "\" y=\"26\" font-size=\"16\" font-weight=\"bold\">", Escape(title),
      "</text>\n", "<text x=\"", Px(kLeft), "\" y=\"46\" font-size=\"12\">", num_layers,
      " ReLU layers, ", relus, " ReLUs; bound levels, weakest first: ",
      Escape(absl::StrJoin(level_names, ", ")), "</text>\n");
  if (num_layers == 0) {
    absl::StrAppend(&out, "<text x=\"", Px(kLeft), "\" y=\"80\" font-size=\"12\">no ReLU: nothing to draw</text>\n</svg>\n");
    return out;
  }
  absl::StrAppend(&out, "<text x=\"", Px(kLeft), "\" y=\"72\" font-size=\"12\">bound level:</text>\n");
  double x = kLeft + 84;
  for (const BoundLevel& level : levels) Swatch(out, x, 72, LevelColor(level.name), level.name);
  absl::StrAppend(&out, "<text x=\"", Px(x + 12), "\" y=\"72\" font-size=\"12\">ReLUs:</text>\n");
  x += 62;
  Swatch(out, x, 72, kUnstableColor, "unstable");
  Swatch(out, x, 72, kInactiveColor, "stable inactive");
  Swatch(out, x, 72, kActiveColor, "stable active");

  LogPanel(out, levels, lay, width_top, /*big_m=*/false);
  LogPanel(out, levels, lay, bigm_top, /*big_m=*/true);
  SplitPanel(out, levels, lay, split_top);
  for (size_t g = 0; g < num_layers; ++g) {
    absl::StrAppend(&out, "<text x=\"", Px(kLeft), "\" y=\"",
                    Px(names_top + kNameLine * static_cast<double>(g)), "\" font-size=\"11\">L", g + 1,
                    ": ", Escape(order[g].name), " (", order[g].neurons, " ReLUs)</text>\n");
  }
  out += "</svg>\n";
  return out;
}

absl::StatusOr<std::vector<BoundLevel>> ComputeBoundLevels(const CompileOptions& o,
                                                           const ir::Problem& problem,
                                                           const ir::Network& final_net) {
  // The named levels weaker than the chosen one ("" = the default, symbolic).
  std::vector<std::string> weaker;
  std::string final_name;
  if (!o.passes.empty()) {
    weaker = {"ia"};
    final_name = "pipeline";
  } else if (o.bounds == "ia") {
    final_name = "ia";
  } else if (o.bounds == "lp") {
    weaker = {"ia", "symbolic"};
    final_name = "lp";
  } else {
    weaker = {"ia"};
    final_name = "symbolic";
  }
  std::vector<BoundLevel> levels;
  if (!weaker.empty()) {
    Diagnostics diag;  // the compile already reported the model's diagnostics
    NN2MILP_ASSIGN_OR_RETURN(
        const ir::Network loaded,
        frontend::LoadNetwork(o.model, diag, {.strip_trailing_softmax = o.strip_softmax}));
    passes::PassOptions pass_options;
    pass_options.bound_time_seconds = o.bound_time;
    for (const std::string& name : weaker) {
      ir::Network net = loaded;
      NN2MILP_ASSIGN_OR_RETURN(const std::string pipeline,
                               passes::BoundsPipeline(name, o.exact_coefficients));
      NN2MILP_ASSIGN_OR_RETURN(const passes::PassManager pm, passes::PassManager::Parse(pipeline, pass_options));
      passes::PassContext ctx{problem, diag};
      NN2MILP_RETURN_IF_ERROR(pm.Run(net, ctx).status());
      levels.push_back({name, ComputeLayerStats(net)});
    }
  }
  levels.push_back({final_name, ComputeLayerStats(final_net)});
  return levels;
}

absl::Status WriteReportSvg(const CompileOptions& o, const ir::Problem& problem,
                            const ir::Network& final_net) {
  NN2MILP_ASSIGN_OR_RETURN(const std::vector<BoundLevel> levels,
                           ComputeBoundLevels(o, problem, final_net));
  const std::string svg = RenderReportSvg(
      levels, absl::StrCat("nn2milp bounds: ", std::filesystem::path(o.model).filename().string()));
  NN2MILP_ASSIGN_OR_RETURN(std::unique_ptr<backends::AtomicFileSink> out,
                           backends::AtomicFileSink::Open(o.report_svg));
  NN2MILP_RETURN_IF_ERROR(out->Write(svg));
  return out->Commit();
}

}  // namespace nn2milp::tools
