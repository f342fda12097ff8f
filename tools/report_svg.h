// --report-svg: an SVG picture of how hard the written MILP is, per ReLU layer (network order):
//   1. the widths u - l of the pre-activation bounds, on a log scale, one box plot per bound
//      level (whisker min..max, box first..third quartile, tick at the median);
//   2. the big-Ms max(-l, u) of the unstable ReLUs, the same way;
//   3. the split of the layer's ReLUs into stable active / stable inactive / unstable, as
//      stacked bars (share of the layer), one bar per bound level.
// The bound levels are interval arithmetic alone (the baseline every stronger pass starts
// from), the intermediate named levels, and the chosen pipeline's final bounds: `--bounds lp`
// draws ia, symbolic, lp; the default draws ia, symbolic; `--bounds ia` draws ia only; an
// explicit `--passes` draws ia and "pipeline".
//
// The drawing is plain SVG 1.1 text (no plotting dependency) and deterministic: the same
// levels give the same bytes. Every drawn statistic is also in data attributes, printed with
// the shortest round-trip formatter, so tests and scripts can read the numbers back:
//   <g class="box" data-panel="width|bigm" data-layer=".." data-level=".." data-count="n"
//      data-min=".." data-q1=".." data-median=".." data-q3=".." data-max="..">
//   <g class="split" data-layer=".." data-level=".." data-neurons=".." data-stable-active=".."
//      data-stable-inactive=".." data-unstable="..">
// and the root <svg> carries width and height in pixels. Quantiles are Quantile() of
// report_json.h, the same numbers as the --report JSON. Values <= 0 (a width of 0 for a
// neuron constant over the box) are drawn on the bottom edge of the log axis, infinite ones (no
// bound pass in an explicit --passes) on the top edge, with data value "inf".
#ifndef NN2MILP_TOOLS_REPORT_SVG_H_
#define NN2MILP_TOOLS_REPORT_SVG_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/network.h"
#include "ir/problem.h"
#include "tools/commands/compile.h"
#include "tools/commands/report_json.h"

namespace nn2milp::tools {

// The per-layer statistics of the network after one bound level.
struct BoundLevel {
  std::string name;  // "ia", "symbolic", "lp" or "pipeline"
  std::vector<LayerStats> layers;
};

// The SVG document. Layers are drawn in the order of levels.front().layers (matched by name in
// the other levels; a layer missing from a level has no box or bar for it). `title` is shown at
// the top (escaped).
std::string RenderReportSvg(const std::vector<BoundLevel>& levels, absl::string_view title);

// The levels for a compile with options `o` whose pipeline produced `final_net`: reloads the
// model (o.model, o.strip_softmax) and runs the weaker named pipelines on copies of it (see the
// file comment). Errors are those of loading and of the passes.
absl::StatusOr<std::vector<BoundLevel>> ComputeBoundLevels(const CompileOptions& o,
                                                           const ir::Problem& problem,
                                                           const ir::Network& final_net);

// ComputeBoundLevels + RenderReportSvg, written atomically to o.report_svg.
absl::Status WriteReportSvg(const CompileOptions& o, const ir::Problem& problem,
                            const ir::Network& final_net);

}  // namespace nn2milp::tools

#endif  // NN2MILP_TOOLS_REPORT_SVG_H_
