#include "passes/bounds_lp.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

#include "ClpSimplex.hpp"
#include "CoinError.hpp"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ir/interval.h"
#include "ir/base/status_macros.h"
#include "passes/bounds_common.h"
#include "passes/rigorous.h"

namespace nn2milp::passes {
namespace {

using ir::NeuronId;
using ir::NeuronKind;
using Clock = std::chrono::steady_clock;

constexpr int kConstantZero = -1;  // column of an inactive ReLU: the value is 0, no column
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string Label(const ir::Network& net, NeuronId n) {
  return absl::StrCat("element ", net.index_in_tensor(n), " of '",
                      net.tensor_info(net.tensor(n)).name, "'");
}

// The growing LP relaxation (see the header) and a row-wise copy of it for the safe bound.
class LpRelaxation {
 public:
  explicit LpRelaxation(const ir::Network& net)
      : net_(net), col_(static_cast<size_t>(net.num_neurons()), kConstantZero) {
    model_.setLogLevel(0);
  }

  // Adds every neuron with id <= last that is not in the model yet, with its current bounds.
  absl::Status AddUpTo(int32_t last) {
    std::vector<double> new_lo, new_up;
    const size_t first_row = row_lo_.size();
    const int first_col = static_cast<int>(col_lo_.size());
    for (; added_ <= last; ++added_) {
      const NeuronId n(added_);
      const ir::Interval b = net_.bounds(n);
      auto add_col = [&](ir::Interval box) -> absl::Status {
        if (!box.bounded()) {
          return absl::FailedPreconditionError(
              absl::StrCat(Label(net_, n), ": no finite bounds (run bounds_interval first)"));
        }
        col_[static_cast<size_t>(added_)] = static_cast<int>(col_lo_.size());
        col_lo_.push_back(box.lo);
        col_up_.push_back(box.hi);
        return absl::OkStatus();
      };
      switch (net_.kind(n)) {
        case NeuronKind::kInput:
          if (absl::Status s = add_col(b); !s.ok()) return s;
          break;
        case NeuronKind::kAffine: {
          if (absl::Status s = add_col(b); !s.ok()) return s;
          StartRow(net_.bias(n), net_.bias(n));
          Put(Col(n), 1.0);
          for (const ir::Term& t : net_.terms(n)) {
            if (Col(t.neuron) != kConstantZero) Put(Col(t.neuron), -t.coef);
          }
          break;
        }
        case NeuronKind::kSmooth: {  // a fresh column within its bounds (sound, no relaxation)
          const ir::Interval box = Intersect(
              b, ir::SmoothImage(net_.smooth_function(n), net_.bounds(net_.smooth_input(n))));
          if (!box.bounded()) {
            return absl::FailedPreconditionError(absl::StrCat(
                Label(net_, n), ": the ", ir::SmoothFunctionName(net_.smooth_function(n)),
                " activation has no finite bounds over the box (it overflows or leaves its "
                "domain); the LP bound pass needs finite bounds"));
          }
          if (absl::Status s = add_col(box); !s.ok()) return s;
          break;
        }
        case NeuronKind::kRelu: {
          const NeuronId zn = net_.relu_input(n);
          const ir::Interval z = net_.bounds(zn);
          if (z.hi <= 0 || Col(zn) == kConstantZero) break;  // constant 0
          if (absl::Status s = add_col(Intersect(b, ir::ReluImage(z))); !s.ok()) return s;
          if (z.lo >= 0) {
            StartRow(0, 0);
            Put(Col(n), 1.0);
            Put(Col(zn), -1.0);
            break;
          }
          StartRow(0, kInf);
          Put(Col(n), 1.0);
          Put(Col(zn), -1.0);
          const ReluUpperLine line = ReluUpperRelaxation(z.lo, z.hi);
          StartRow(-kInf, line.intercept);
          Put(Col(n), 1.0);
          Put(Col(zn), -line.slope);
          break;
        }
      }
    }
    // Columns first (empty), then the rows that refer to them.
    const int cols = static_cast<int>(col_lo_.size()) - first_col;
    if (cols > 0) {
      std::vector<CoinBigIndex> starts(static_cast<size_t>(cols) + 1, 0);
      const int dummy_row = 0;
      const double dummy_val = 0;
      std::vector<double> zero(static_cast<size_t>(cols), 0.0);
      model_.addColumns(cols, col_lo_.data() + first_col, col_up_.data() + first_col, zero.data(),
                        starts.data(), &dummy_row, &dummy_val);
    }
    const size_t rows = row_lo_.size() - first_row;
    if (rows > 0) {
      const int64_t base = row_start_[first_row];
      std::vector<CoinBigIndex> starts;
      starts.reserve(rows + 1);
      for (size_t r = first_row; r <= row_lo_.size(); ++r) {
        starts.push_back(static_cast<CoinBigIndex>(row_start_[r] - base));
      }
      model_.addRows(static_cast<int>(rows), row_lo_.data() + first_row, row_up_.data() + first_row,
                     starts.data(), row_col_.data() + base, row_val_.data() + base);
    }
    objective_.resize(col_lo_.size(), 0.0);
    return absl::OkStatus();
  }

  // Adds a row  sum coef * x_input <= rhs  per constraint of `problem` that involves inputs
  // only (e.g. a VNN-LIB assertion over X alone), after the input columns; returns how many.
  // Every input neuron must have been added (AddUpTo). Repeated elements are summed.
  absl::StatusOr<int64_t> AddInputConstraints(const ir::Problem& problem) {
    std::vector<NeuronId> inputs;
    for (const ir::Port& p : net_.inputs()) inputs.insert(inputs.end(), p.neurons.begin(), p.neurons.end());
    const size_t first_row = row_lo_.size();
    for (const ir::LinearInequality& c : problem.constraints) {
      const bool input_only =
          !c.terms.empty() && std::all_of(c.terms.begin(), c.terms.end(), [](const ir::LinearTerm& t) {
            return t.kind == ir::ElementKind::kInput;
          });
      if (!input_only) continue;
      std::map<int, double> merged;
      for (const ir::LinearTerm& t : c.terms) {
        const int col = Col(inputs[static_cast<size_t>(t.index)]);
        if (col == kConstantZero) {
          return absl::InternalError("an input of a constraint has no LP column");
        }
        merged[col] += t.coef;
      }
      StartRow(-kInf, c.rhs);
      for (const auto& [col, coef] : merged) {
        if (coef != 0) Put(col, coef);
      }
    }
    const size_t rows = row_lo_.size() - first_row;
    if (rows > 0) {
      const int64_t base = row_start_[first_row];
      std::vector<CoinBigIndex> starts;
      for (size_t r = first_row; r <= row_lo_.size(); ++r) {
        starts.push_back(static_cast<CoinBigIndex>(row_start_[r] - base));
      }
      model_.addRows(static_cast<int>(rows), row_lo_.data() + first_row, row_up_.data() + first_row,
                     starts.data(), row_col_.data() + base, row_val_.data() + base);
    }
    return static_cast<int64_t>(rows);
  }

  // Safe lower bound of sign * (b + a^T v) for affine neuron n; every source must be added.
  double LowerBound(NeuronId n, double sign, double seconds_left) {
    for (const ir::Term& t : net_.terms(n)) {
      const int c = Col(t.neuron);
      if (c == kConstantZero) continue;
      objective_[static_cast<size_t>(c)] = sign * t.coef;
      model_.setObjectiveCoefficient(c, sign * t.coef);
    }
    model_.setMaximumWallSeconds(std::max(seconds_left, 0.0));
    model_.dual();
    ++solves_;
    const LpView view{row_start_, row_col_, row_val_, row_lo_, row_up_, col_lo_, col_up_};
    const absl::Span<const double> y(model_.dualRowSolution(),
                                     static_cast<size_t>(model_.numberRows()));
    const double bound = SafeLpLowerBound(view, objective_, sign * net_.bias(n), y);
    for (const ir::Term& t : net_.terms(n)) {
      const int c = Col(t.neuron);
      if (c == kConstantZero) continue;
      objective_[static_cast<size_t>(c)] = 0;
      model_.setObjectiveCoefficient(c, 0.0);
    }
    return std::isnan(bound) ? -kInf : bound;
  }

  int64_t solves() const { return solves_; }

 private:
  int Col(NeuronId n) const { return col_[static_cast<size_t>(n.value())]; }
  void StartRow(double lo, double up) {
    row_lo_.push_back(lo);
    row_up_.push_back(up);
    row_start_.push_back(row_start_.back());
  }
  void Put(int col, double val) {
    row_col_.push_back(col);
    row_val_.push_back(val);
    ++row_start_.back();
  }

  const ir::Network& net_;
  ClpSimplex model_;
  std::vector<int> col_;  // per neuron
  int32_t added_ = 0;     // neurons [0, added_) are in the model
  std::vector<int64_t> row_start_{0};
  std::vector<int32_t> row_col_;
  std::vector<double> row_val_, row_lo_, row_up_, col_lo_, col_up_;
  std::vector<double> objective_;  // dense, zero outside a solve
  int64_t solves_ = 0;
};

absl::StatusOr<PassResult> RunLp(ir::Network& net, const ir::Problem& problem,
                                 const PassOptions& options) {
  const auto start = Clock::now();
  const std::vector<bool> feeds_relu = FeedsRelu(net);
  // Constraints over inputs alone cut the box: then even a neuron of the first layer, exact under
  // interval arithmetic over the box, can be tightened by the LP.
  const bool input_constraints = std::any_of(
      problem.constraints.begin(), problem.constraints.end(), [](const ir::LinearInequality& c) {
        return !c.terms.empty() && std::all_of(c.terms.begin(), c.terms.end(), [](const ir::LinearTerm& t) {
          return t.kind == ir::ElementKind::kInput;
        });
      });
  auto matched = [&](NeuronId n) {
    if (net.kind(n) != NeuronKind::kAffine || !feeds_relu[static_cast<size_t>(n.value())])
      return false;
    const ir::Interval b = net.bounds(n);
    if (!(b.lo < 0 && b.hi > 0)) return false;
    if (input_constraints) return true;
    for (const ir::Term& t : net.terms(n)) {
      if (net.kind(t.neuron) != NeuronKind::kInput) return true;
    }
    return false;
  };
  int64_t planned = 0;
  for (int32_t i = 0; i < net.num_neurons(); ++i) planned += matched(NeuronId(i));
  ClampInputsToBox(net, problem);

  PassResult result;
  LpRelaxation lp(net);
  int64_t input_rows = 0;
  if (input_constraints) {
    int32_t last_input = -1;
    for (const ir::Port& p : net.inputs()) {
      for (NeuronId x : p.neurons) last_input = std::max(last_input, x.value());
    }
    if (absl::Status s = lp.AddUpTo(last_input); !s.ok()) return s;
    NN2MILP_ASSIGN_OR_RETURN(input_rows, lp.AddInputConstraints(problem));
  }
  int64_t done = 0, stabilised = 0, unstable = 0;
  bool out_of_time = false;
  AffineScratch scratch;
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const NeuronId n(i);
    const ir::Interval before = net.bounds(n);
    ir::Interval b = before;
    if (net.kind(n) == NeuronKind::kAffine) {
      b = Intersect(b, AffineInterval(net, n, scratch));
      net.set_bounds(n, b);
      const double left =
          options.bound_time_seconds - std::chrono::duration<double>(Clock::now() - start).count();
      out_of_time = out_of_time || left <= 0;
      if (!out_of_time && matched(n)) {
        int32_t last = -1;
        for (const ir::Term& t : net.terms(n)) last = std::max(last, t.neuron.value());
        if (absl::Status s = lp.AddUpTo(last); !s.ok()) return s;
        // The side of smaller magnitude first: it is the one that can make the ReLU stable.
        const bool min_first = -b.lo < b.hi;
        for (int side = 0; side < 2 && b.lo < 0 && b.hi > 0; ++side) {
          const double seconds_left = options.bound_time_seconds -
                                      std::chrono::duration<double>(Clock::now() - start).count();
          if (seconds_left <= 0) break;
          if ((side == 0) == min_first) {
            b.lo = std::max(b.lo, lp.LowerBound(n, 1.0, seconds_left));
          } else {
            b.hi = std::min(b.hi, -lp.LowerBound(n, -1.0, seconds_left));
          }
        }
        stabilised += !(b.lo < 0 && b.hi > 0);
        ++done;
        if (options.progress) options.progress("bounds_lp", done, planned);
      }
    } else if (net.kind(n) == NeuronKind::kRelu) {
      const ir::Interval z = net.bounds(net.relu_input(n));
      b = Intersect(b, ir::ReluImage(z));
      unstable += z.lo < 0 && z.hi > 0;
    } else if (net.kind(n) == NeuronKind::kSmooth) {
      b = Intersect(b, ir::SmoothImage(net.smooth_function(n), net.bounds(net.smooth_input(n))));
    }
    if (!(b == before)) {
      ++result.rewrites;
      net.set_bounds(n, b);
    }
  }
  result.changed = result.rewrites > 0;
  result.summary = absl::StrCat(done, " of ", planned, " neurons optimised (", lp.solves(), " LPs",
                                out_of_time ? ", time budget used up" : "", "), ", stabilised,
                                " ReLUs made stable, ", result.rewrites, " bounds tightened, ",
                                unstable, " unstable ReLUs",
                                input_rows > 0 ? absl::StrCat("; ", input_rows, " input-only constraints used") : "");
  result.metrics["input_constraints"] = static_cast<double>(input_rows);
  return result;
}

}  // namespace

absl::StatusOr<PassResult> BoundsLpPass::Run(ir::Network& net, PassContext& ctx) {
  if (!(options_.bound_time_seconds >= 0)) {
    return absl::InvalidArgumentError("the bound time budget must be >= 0 seconds");
  }
  NN2MILP_RETURN_IF_ERROR(CheckInputBox(net, ctx.problem));
  // Clp reports internal failures by throwing CoinError; this is its one boundary.
  try {
    return RunLp(net, ctx.problem, options_);
  } catch (const CoinError& e) {
    return absl::InternalError(
        absl::StrCat("Clp: ", e.className(), "::", e.methodName(), ": ", e.message()));
  }
}

}  // namespace nn2milp::passes
