#include "passes/bounds_symbolic.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

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

constexpr double kErrorScale = 0x1p-50;  // 8u, u = 2^-53 (see the header)
constexpr double kUnderflowSlack = 0x1p-1000;

double Magnitude(const ir::Interval& b) { return std::max(std::abs(b.lo), std::abs(b.hi)); }

// One linear form being back-substituted: dense coefficients indexed by neuron id (all zero
// between uses), a constant, and the rounding-error accumulator A of the header.
struct Form {
  std::vector<double> coef;
  double constant = 0;
  double error = 0;
  bool failed = false;  // a relaxation needed bounds that are not finite

  // coef[v] += p with the error bookkeeping for |v| <= mag.
  void Add(size_t v, double p, double mag) {
    const double old = coef[v];
    coef[v] = old + p;
    error += (std::abs(old) + 2 * std::abs(p) + kUnderflowSlack) * mag;
  }
  void AddConstant(double p) {
    const double old = constant;
    constant = old + p;
    error += std::abs(old) + 2 * std::abs(p) + kUnderflowSlack;
  }
};

class SymbolicBounder {
 public:
  explicit SymbolicBounder(ir::Network& net) : net_(net) {
    const size_t n = static_cast<size_t>(net.num_neurons());
    lower_.coef.assign(n, 0.0);
    upper_.coef.assign(n, 0.0);
    mag_.assign(n, 0.0);
  }

  // Called for every neuron in id order once its bounds are final, so that later forms can use
  // its magnitude.
  void Seal(NeuronId m) { mag_[static_cast<size_t>(m.value())] = Magnitude(net_.bounds(m)); }

  // Sound bounds of neuron n (affine) from back-substitution; see the header.
  ir::Interval Bound(NeuronId n) {
    const size_t top = static_cast<size_t>(n.value());
    lower_.coef[top] = 1.0;   // lower_ bounds  z_n from below
    upper_.coef[top] = -1.0;  // upper_ bounds -z_n from below
    lower_.constant = upper_.constant = lower_.error = upper_.error = 0;
    lower_.failed = upper_.failed = false;
    lower_inputs_.clear();
    upper_inputs_.clear();
    boxes_.clear();
    size_t low = top;
    for (size_t m = top + 1; m-- > low;) {
      const double a = lower_.coef[m], b = upper_.coef[m];
      if (a == 0 && b == 0) continue;
      lower_.coef[m] = upper_.coef[m] = 0;
      const NeuronId id(static_cast<int32_t>(m));
      switch (net_.kind(id)) {
        case NeuronKind::kSmooth: {
          // The secant of a convex (concave) stretch bounds it from above (below); where the
          // needed side has no line, the neuron is a fresh variable within its bounds.
          const NeuronId z = net_.smooth_input(id);
          const size_t zi = static_cast<size_t>(z.value());
          const bool lower_done = SubstituteSmooth(id, zi, a, lower_);
          const bool upper_done = SubstituteSmooth(id, zi, b, upper_);
          if (lower_done || upper_done) low = std::min(low, zi);
          if (!lower_done || !upper_done) {
            lower_inputs_.push_back(lower_done ? 0.0 : a);
            upper_inputs_.push_back(upper_done ? 0.0 : b);
            boxes_.push_back(net_.bounds(id));
          }
          break;
        }
        case NeuronKind::kInput:
          lower_inputs_.push_back(a);
          upper_inputs_.push_back(b);
          boxes_.push_back(net_.bounds(id));
          break;
        case NeuronKind::kAffine: {
          const double bias = net_.bias(id);
          if (a != 0 && bias != 0) lower_.AddConstant(a * bias);
          if (b != 0 && bias != 0) upper_.AddConstant(b * bias);
          for (const ir::Term& t : net_.terms(id)) {
            const size_t v = static_cast<size_t>(t.neuron.value());
            if (a != 0) lower_.Add(v, a * t.coef, mag_[v]);
            if (b != 0) upper_.Add(v, b * t.coef, mag_[v]);
            low = std::min(low, v);
          }
          break;
        }
        case NeuronKind::kRelu: {
          const NeuronId z = net_.relu_input(id);
          const size_t zi = static_cast<size_t>(z.value());
          low = std::min(low, zi);
          SubstituteRelu(net_.bounds(z), zi, a, lower_);
          SubstituteRelu(net_.bounds(z), zi, b, upper_);
          break;
        }
      }
    }
    const double lo = Concretise(lower_, lower_inputs_);
    const double neg_hi = Concretise(upper_, upper_inputs_);
    return {lo, -neg_hi};
  }

 private:
  // Replaces c * relu(z) in a lower-bounding form.
  static void SubstituteRelu(const ir::Interval& zb, size_t z, double c, Form& form) {
    if (c == 0 || zb.hi <= 0) return;
    const double mag = Magnitude(zb);
    if (zb.lo >= 0) {
      form.Add(z, c, mag);
      return;
    }
    if (!zb.bounded()) {
      form.failed = true;
      return;
    }
    if (c > 0) {
      if (zb.hi > -zb.lo) form.Add(z, c, mag);  // alpha = 1; alpha = 0 drops the term
      return;
    }
    const ReluUpperLine line = ReluUpperRelaxation(zb.lo, zb.hi);
    form.Add(z, c * line.slope, mag);
    form.AddConstant(c * line.intercept);
  }

  // Replaces c * f(z) (smooth neuron y) in a lower-bounding form by a line in z when one bounds
  // y from the needed side (c > 0: below, c < 0: above). False when there is none.
  bool SubstituteSmooth(NeuronId y, size_t z, double c, Form& form) {
    if (c == 0) return true;
    const ir::Interval zb = net_.bounds(NeuronId(static_cast<int32_t>(z)));
    const ir::SmoothFunction f = net_.smooth_function(y);
    const std::optional<ir::SmoothLine> line = c > 0 ? ir::SmoothLowerLine(f, zb) : ir::SmoothUpperLine(f, zb);
    if (!line) return false;
    form.Add(z, c * line->slope, mag_[z]);
    form.AddConstant(c * line->intercept);
    return true;
  }

  // min over the input box of the form, minus the rounding error, with directed rounding.
  double Concretise(const Form& form, std::vector<double>& coefs) {
    if (form.failed) return -std::numeric_limits<double>::infinity();
    const double e = kErrorScale * form.error;
    coefs.push_back(1.0);
    boxes_.push_back({-e, e});
    const double lo = ir::AffineBounds(form.constant, coefs, boxes_).lo;
    boxes_.pop_back();
    return std::isnan(lo) ? -std::numeric_limits<double>::infinity() : lo;
  }

  ir::Network& net_;
  Form lower_, upper_;
  std::vector<double> mag_;
  std::vector<double> lower_inputs_, upper_inputs_;
  std::vector<ir::Interval> boxes_;
};

}  // namespace

absl::StatusOr<PassResult> BoundsSymbolicPass::Run(ir::Network& net, PassContext& ctx) {
  NN2MILP_RETURN_IF_ERROR(CheckInputBox(net, ctx.problem));
  const std::vector<bool> feeds_relu = FeedsRelu(net);
  // Output bounds tighten the output variables (and big-M of output constraints); with very many
  // outputs (e.g. a pooling layer as the output) back-substituting each costs more than it helps.
  constexpr int64_t kMaxOutputTargets = 4096;
  std::vector<bool> is_output(feeds_relu.size(), false);
  if (net.num_output_elements() <= kMaxOutputTargets) {
    for (const ir::Port& p : net.outputs()) {
      for (NeuronId n : p.neurons) is_output[static_cast<size_t>(n.value())] = true;
    }
  }
  ClampInputsToBox(net, ctx.problem);

  PassResult result;
  SymbolicBounder bounder(net);
  int64_t unstable = 0, symbolic = 0;
  AffineScratch scratch;
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const NeuronId n(i);
    const ir::Interval before = net.bounds(n);
    ir::Interval b = before;
    switch (net.kind(n)) {
      case NeuronKind::kInput:
        break;
      case NeuronKind::kAffine: {
        b = Intersect(b, AffineInterval(net, n, scratch));
        const bool straddles = b.lo < 0 && b.hi > 0;
        if ((feeds_relu[static_cast<size_t>(i)] && straddles) ||
            (is_output[static_cast<size_t>(i)] && b.lo < b.hi)) {
          b = Intersect(b, bounder.Bound(n));
          ++symbolic;
        }
        break;
      }
      case NeuronKind::kRelu: {
        const ir::Interval z = net.bounds(net.relu_input(n));
        b = Intersect(b, ir::ReluImage(z));
        unstable += z.lo < 0 && z.hi > 0;
        break;
      }
      case NeuronKind::kSmooth:
        b = Intersect(b, ir::SmoothImage(net.smooth_function(n), net.bounds(net.smooth_input(n))));
        break;
    }
    if (!(b == before)) {
      ++result.rewrites;
      net.set_bounds(n, b);
    }
    bounder.Seal(n);
  }
  result.changed = result.rewrites > 0;
  result.summary = absl::StrCat(symbolic, " neurons back-substituted, ", result.rewrites,
                                " bounds tightened, ", unstable, " unstable ReLUs");
  return result;
}

}  // namespace nn2milp::passes
