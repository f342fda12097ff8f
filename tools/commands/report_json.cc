#include "tools/commands/report_json.h"

#include <algorithm>
#include <iostream>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "backends/map_writer.h"
#include "backends/number_format.h"
#include "ir/evaluate.h"

namespace nn2milp::tools {
namespace {

using backends::AppendDouble;

// Appends a JSON number, or null for an empty statistic.
void Number(std::string& out, const std::vector<double>& sorted, double q) {
  if (sorted.empty()) {
    out += "null";
    return;
  }
  AppendDouble(out, Quantile(sorted, q));
}

}  // namespace

double Quantile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5)];
}

std::vector<LayerStats> ComputeLayerStats(const ir::Network& net) {
  std::vector<LayerStats> layers;
  absl::flat_hash_map<int32_t, size_t> index;  // tensor id -> layer
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const ir::NeuronId n(i);
    if (net.kind(n) != ir::NeuronKind::kRelu) continue;
    auto [it, inserted] = index.try_emplace(net.tensor(n).value(), layers.size());
    if (inserted) {
      layers.emplace_back();
      layers.back().name = net.tensor_info(net.tensor(n)).name;
    }
    LayerStats& l = layers[it->second];
    const ir::Interval z = net.bounds(net.relu_input(n));
    ++l.neurons;
    if (z.lo >= 0) {
      ++l.stable_active;
    } else if (z.hi <= 0) {
      ++l.stable_inactive;
    } else {
      ++l.unstable;
      l.big_m.push_back(std::max(-z.lo, z.hi));
    }
    l.width.push_back(z.hi - z.lo);
  }
  for (LayerStats& l : layers) {
    std::sort(l.big_m.begin(), l.big_m.end());
    std::sort(l.width.begin(), l.width.end());
  }
  return layers;
}

int64_t CountActivationPatterns(const ir::Network& net, const ir::Problem& problem, int samples) {
  std::vector<ir::NeuronId> relus;
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    if (net.kind(ir::NeuronId(i)) == ir::NeuronKind::kRelu) relus.push_back(ir::NeuronId(i));
  }
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> unit(0, 1);
  absl::flat_hash_set<std::string> patterns;
  std::vector<double> x(problem.input_box.size());
  for (int s = 0; s < samples; ++s) {
    for (size_t k = 0; k < x.size(); ++k) {
      x[k] = problem.input_box[k].lo + unit(rng) * problem.input_box[k].width();
    }
    absl::StatusOr<std::vector<double>> v = ir::EvaluateNeurons(net, x);
    if (!v.ok()) return 0;
    std::string bits(relus.size(), '0');
    for (size_t r = 0; r < relus.size(); ++r) {
      if ((*v)[static_cast<size_t>(net.relu_input(relus[r]).value())] > 0) bits[r] = '1';
    }
    patterns.insert(std::move(bits));
  }
  return static_cast<int64_t>(patterns.size());
}

std::vector<ToleranceRow> ToleranceTable(const ir::Network& net, const ir::Problem& problem,
                                         const passes::ToleranceSensitivity& sensitivity) {
  std::vector<ir::NeuronId> outputs;
  for (const ir::Port& p : net.outputs()) outputs.insert(outputs.end(), p.neurons.begin(), p.neurons.end());
  std::vector<ToleranceRow> rows;
  if (outputs.empty()) return rows;
  for (const passes::SolverTolerances& t : passes::kDefaultSolverTolerances) {
    ToleranceRow r;
    r.tolerances = t;
    r.max_output_deviation = sensitivity.MaxDeviation(t);
    size_t k = 0;
    if (problem.sense != ir::ObjectiveSense::kNone) {
      k = static_cast<size_t>(problem.objective_output);
    } else {
      for (size_t i = 0; i < outputs.size(); ++i) {
        if (sensitivity.Deviation(i, t) > sensitivity.Deviation(k, t)) k = i;
      }
    }
    r.output = static_cast<int64_t>(k);
    r.deviation = sensitivity.Deviation(k, t);
    r.integrality_part = t.integrality * sensitivity.by_integrality[k];
    r.output_range = net.bounds(outputs[k]).width();
    rows.push_back(r);
  }
  return rows;
}

std::string ReportJson(const ir::Network& net, const ir::Problem& problem,
                       const std::vector<passes::PassRun>& runs, const ir::MilpModel& model,
                       const std::vector<ToleranceRow>& tolerances) {
  std::string out = "{\n  \"layers\": [";
  const std::vector<LayerStats> layers = ComputeLayerStats(net);
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerStats& l = layers[i];
    absl::StrAppend(&out, i == 0 ? "\n    " : ",\n    ", "{\"name\": ", backends::JsonString(l.name),
                    ", \"neurons\": ", l.neurons, ", \"stable_active\": ", l.stable_active,
                    ", \"stable_inactive\": ", l.stable_inactive, ", \"unstable\": ", l.unstable,
                    ", \"bigm\": {\"min\": ");
    Number(out, l.big_m, 0);
    out += ", \"median\": ";
    Number(out, l.big_m, 0.5);
    out += ", \"max\": ";
    Number(out, l.big_m, 1);
    out += "}, \"width\": {\"median\": ";
    Number(out, l.width, 0.5);
    out += ", \"max\": ";
    Number(out, l.width, 1);
    out += "}}";
  }
  out += layers.empty() ? "],\n" : "\n  ],\n";
  out += "  \"passes\": [";
  for (size_t i = 0; i < runs.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "\n    " : ",\n    ", "{\"name\": ", backends::JsonString(runs[i].name),
                    ", \"seconds\": ");
    AppendDouble(out, runs[i].seconds);
    absl::StrAppend(&out, ", \"changed\": ", runs[i].result.rewrites, ", \"metrics\": {");
    bool first = true;
    for (const auto& [key, value] : runs[i].result.metrics) {
      absl::StrAppend(&out, first ? "" : ", ", backends::JsonString(key), ": ");
      AppendDouble(out, value);
      first = false;
    }
    out += "}}";
  }
  out += runs.empty() ? "],\n" : "\n  ],\n";
  const ir::MilpNumerics n = ir::AnalyzeNumerics(model);
  absl::StrAppend(&out, "  \"milp\": {\"variables\": ", model.num_vars(), ", \"binaries\": ",
                  model.num_integer_vars(), ", \"rows\": ", model.num_rows(), ", \"nonzeros\": ",
                  model.num_nonzeros(), ", \"coefficients\": {\"min_abs\": ");
  AppendDouble(out, n.min_abs_coef);
  out += ", \"max_abs\": ";
  AppendDouble(out, n.max_abs_coef);
  out += "}, \"max_abs_rhs\": ";
  AppendDouble(out, n.max_abs_rhs);
  out += ", \"max_abs_bound\": ";
  AppendDouble(out, n.max_abs_bound);
  out += "},\n  \"numerics\": {\"coefficients\": {\"min_abs\": ";
  AppendDouble(out, n.min_abs_coef);
  out += ", \"max_abs\": ";
  AppendDouble(out, n.max_abs_coef);
  out += ", \"span\": ";
  AppendDouble(out, n.min_abs_coef > 0 ? n.max_abs_coef / n.min_abs_coef : 0.0);
  out += "}, \"max_abs_rhs\": ";
  AppendDouble(out, n.max_abs_rhs);
  out += ", \"max_abs_bound\": ";
  AppendDouble(out, n.max_abs_bound);
  for (const passes::PassRun& r : runs) {
    const auto it = r.result.metrics.find("max_output_deviation");
    if (r.name != "cleanup_coefficients" || it == r.result.metrics.end()) continue;
    out += ", \"cleanup_max_output_deviation\": ";
    AppendDouble(out, it->second);
  }
  out += ", \"solver_tolerances\": [";
  for (size_t i = 0; i < tolerances.size(); ++i) {
    const ToleranceRow& t = tolerances[i];
    absl::StrAppend(&out, i == 0 ? "\n    " : ",\n    ", "{\"solver\": ",
                    backends::JsonString(std::string(t.tolerances.solver)), ", \"integrality\": ");
    AppendDouble(out, t.tolerances.integrality);
    out += ", \"feasibility\": ";
    AppendDouble(out, t.tolerances.feasibility);
    out += ", \"max_output_deviation\": ";
    AppendDouble(out, t.max_output_deviation);
    absl::StrAppend(&out, ", \"output\": ", t.output, ", \"deviation\": ");
    AppendDouble(out, t.deviation);
    out += ", \"output_range\": ";
    AppendDouble(out, t.output_range);
    out += ", \"relative\": ";
    AppendDouble(out, t.output_range > 0 ? t.deviation / t.output_range : 0.0);
    out += "}";
  }
  out += tolerances.empty() ? "]" : "\n  ]";
  // Sampling costs one forward pass per sample: fewer samples on large networks.
  const int samples = net.num_terms() > 200000 ? 100 : 1000;
  absl::StrAppend(&out, "},\n  \"linear_regions\": {\"samples\": ", samples,
                  ", \"distinct_activation_patterns\": ", CountActivationPatterns(net, problem, samples),
                  "}\n}\n");
  return out;
}

void PrintLayerSummary(const std::vector<LayerStats>& layers) {
  for (const LayerStats& l : layers) {
    std::string line = absl::StrCat("nn2milp: layer ", l.name, ": ", l.neurons, " ReLUs, ", l.stable_active,
                                    " stable active, ", l.stable_inactive, " stable inactive, ",
                                    l.unstable, " unstable; big-M min/median/max ");
    Number(line, l.big_m, 0);
    line += "/";
    Number(line, l.big_m, 0.5);
    line += "/";
    Number(line, l.big_m, 1);
    std::cerr << line << "\n";
  }
}

}  // namespace nn2milp::tools
