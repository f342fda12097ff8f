// The --report JSON and the -v per-layer summary: the indicators of how hard the written MILP is
// (share of stable neurons, big-M per layer, linear regions met), per ReLU layer in network order.
//
// {
//   "layers": [{"name": "<relu tensor>", "neurons": 32, "stable_active": 3, "stable_inactive": 5,
//               "unstable": 24, "bigm": {"min": .., "median": .., "max": ..},
//               "width": {"median": .., "max": ..}}, ...],
//   "passes": [{"name": "bounds_symbolic", "seconds": .., "changed": 41, "metrics": {..}}, ...],
//   "milp": {"variables": .., "binaries": .., "rows": .., "nonzeros": ..,
//            "coefficients": {"min_abs": .., "max_abs": ..}, "max_abs_rhs": .., "max_abs_bound": ..},
//   "numerics": {"coefficients": {"min_abs": .., "max_abs": .., "span": max/min}, "max_abs_rhs": ..,
//                "max_abs_bound": .., "cleanup_max_output_deviation": .. (when cleanup ran),
//                "solver_tolerances": [{"solver": "cbc", "integrality": 1e-7, "feasibility": 1e-7,
//                   "max_output_deviation": .., "output": k, "deviation": .., "output_range": ..,
//                   "relative": deviation / output_range}, ...]},
//   "linear_regions": {"samples": 1000, "distinct_activation_patterns": 812}
// }
// "solver_tolerances" bounds |solver's output - network at the solver's input| for each default
// tolerance set (passes/solver_tolerance.h); "cleanup_max_output_deviation" bounds |written
// network - ONNX network| (passes/cleanup_coefficients.h); the two add up.
// big-M values are max(-l, u) over the layer's unstable neurons (null when there are none); the
// width is u - l of the pre-activations. "distinct_activation_patterns" is a lower bound on the
// number of linear regions of the network inside the input box.
#ifndef NN2MILP_TOOLS_COMMANDS_REPORT_JSON_H_
#define NN2MILP_TOOLS_COMMANDS_REPORT_JSON_H_

#include <string>
#include <vector>

#include "ir/milp_model.h"
#include "ir/network.h"
#include "ir/problem.h"
#include "passes/pass_manager.h"
#include "passes/solver_tolerance.h"

namespace nn2milp::tools {

struct LayerStats {
  std::string name;
  int64_t neurons = 0, stable_active = 0, stable_inactive = 0, unstable = 0;
  std::vector<double> big_m;  // of the unstable neurons, sorted
  std::vector<double> width;  // of every pre-activation, sorted
};

// The statistic the report prints for quantile q in [0, 1] of a sorted, non-empty vector:
// sorted[round(q (n - 1))] (min, median and max are q = 0, 0.5, 1).
double Quantile(const std::vector<double>& sorted, double q);

// Per ReLU tensor, in order of first appearance.
std::vector<LayerStats> ComputeLayerStats(const ir::Network& net);

// Distinct ReLU activation patterns over `samples` uniform points of the box (seeded, so the
// count is reproducible).
int64_t CountActivationPatterns(const ir::Network& net, const ir::Problem& problem, int samples);

// The effect of one solver's default tolerances on the written model (passes/solver_tolerance.h),
// measured at one output: the objective's, or without an objective the output with the largest
// deviation.
struct ToleranceRow {
  passes::SolverTolerances tolerances;
  double max_output_deviation = 0;  // over all outputs
  int64_t output = 0;               // flattened index of the output measured below
  double deviation = 0;             // at that output
  double integrality_part = 0;      // the share of `deviation` due to eps_int (the rest: eps_feas)
  double output_range = 0;          // width of that output's bounds
};
std::vector<ToleranceRow> ToleranceTable(const ir::Network& net, const ir::Problem& problem,
                                         const passes::ToleranceSensitivity& sensitivity);

// `tolerances` fills the "numerics" section's "solver_tolerances" (see the file comment).
std::string ReportJson(const ir::Network& net, const ir::Problem& problem,
                       const std::vector<passes::PassRun>& runs, const ir::MilpModel& model,
                       const std::vector<ToleranceRow>& tolerances = {});

// One line per layer on stderr (for -v).
void PrintLayerSummary(const std::vector<LayerStats>& layers);

}  // namespace nn2milp::tools

#endif  // NN2MILP_TOOLS_COMMANDS_REPORT_JSON_H_
