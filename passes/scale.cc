#include "passes/scale.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "passes/encode_milp.h"

namespace nn2milp::passes {
namespace {

using ir::NeuronId;
using ir::NeuronKind;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxExponent = 60;  // candidates k in [-60, 60]
constexpr int kSweeps = 2;

// 2^k v is exact (no overflow, no subnormal result).
bool ExactScale(double v, int k) { return std::ldexp(std::ldexp(v, k), -k) == v; }

struct Range {
  double lo = kInf, hi = 0;
  void Add(double v) {
    v = std::abs(v);
    if (v == 0) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
};

// Where each neuron is read: the (consumer, term index) pairs of affine terms, and other uses.
struct Uses {
  std::vector<std::vector<std::pair<NeuronId, size_t>>> terms;
  std::vector<int> relus;  // ReLUs reading it
  std::vector<bool> output;
};

Uses FindUses(const ir::Network& net) {
  const size_t n = static_cast<size_t>(net.num_neurons());
  Uses u{std::vector<std::vector<std::pair<NeuronId, size_t>>>(n), std::vector<int>(n, 0),
         std::vector<bool>(n, false)};
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const NeuronId id(i);
    if (net.kind(id) == NeuronKind::kAffine) {
      const auto terms = net.terms(id);
      for (size_t k = 0; k < terms.size(); ++k) u.terms[static_cast<size_t>(terms[k].neuron.value())].push_back({id, k});
    } else if (net.kind(id) == NeuronKind::kRelu) {
      ++u.relus[static_cast<size_t>(net.relu_input(id).value())];
    } else if (net.kind(id) == NeuronKind::kSmooth) {
      // f(s y) != s f(y): a neuron a smooth activation reads is never rescaled (counted with
      // the ReLU readers, which exclude it from the candidates).
      ++u.relus[static_cast<size_t>(net.smooth_input(id).value())];
    }
  }
  for (const ir::Port& p : net.outputs()) {
    for (NeuronId o : p.neurons) u.output[static_cast<size_t>(o.value())] = true;
  }
  return u;
}

// The coefficient range of the written model besides its +-1: |weights| of live affine neurons
// and big-M values of live unstable ReLUs.
Range CoefficientRange(const ir::Network& net, const std::vector<bool>& live) {
  Range r;
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const NeuronId n(i);
    if (!live[static_cast<size_t>(i)]) continue;
    if (net.kind(n) == NeuronKind::kAffine) {
      for (const ir::Term& t : net.terms(n)) r.Add(t.coef);
    } else if (net.kind(n) == NeuronKind::kRelu) {
      const ir::Interval z = net.bounds(net.relu_input(n));
      if (z.lo < 0 && z.hi > 0 && z.bounded()) {
        r.Add(z.lo);
        r.Add(z.hi);
      }
    }
  }
  return r;
}

double Ratio(const Range& r) { return r.hi > 0 ? r.hi / r.lo : 1.0; }

// A coefficient of the written model and the (up to two) scaled neurons it moves with.
struct Entry {
  double value;
  int32_t owner_a, owner_b;  // ReLU neuron ids, or -1
};

struct ByValue {
  bool operator()(const Entry& a, const Entry& b) const { return a.value < b.value; }
};
using EntrySet = std::multiset<Entry, ByValue>;

// The smallest and largest coefficient not owned by `y` (the unit entry has no owner, so both
// exist).
std::pair<double, double> OthersRange(const EntrySet& sorted, int32_t y) {
  const auto other = [y](const Entry& e) { return e.owner_a != y && e.owner_b != y; };
  double lo = 1, hi = 1;
  for (const Entry& e : sorted) {
    if (other(e)) {
      lo = e.value;
      break;
    }
  }
  for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) {
    if (other(*it)) {
      hi = it->value;
      break;
    }
  }
  return {lo, hi};
}

// The exponent minimising the model's span max/min when the neuron's incoming coefficients
// (range `in`) are multiplied by 2^k and its outgoing ones (`out`) by 2^-k, the others (range
// [others_lo, others_hi]) staying; ties go to the k that brings max(-l, u) 2^k nearest 1.
int ChooseExponent(const Range& in, const Range& out, double big_m, double others_lo, double others_hi) {
  int best = 0;
  double best_span = kInf, best_tie = kInf;
  for (int k = -kMaxExponent; k <= kMaxExponent; ++k) {
    const double s = std::ldexp(1.0, k);
    const double hi = std::max({in.hi * s, out.hi / s, others_hi});
    const double lo = std::min({in.lo * s, out.lo / s, others_lo});
    const double span = hi / lo;
    const double tie = std::abs(std::log2(big_m * s));
    if (span < best_span * (1 - 1e-12) || (span <= best_span * (1 + 1e-12) && tie < best_tie)) {
      best = k;
      best_span = span;
      best_tie = tie;
    }
  }
  return best;
}

}  // namespace

absl::StatusOr<PassResult> ScalePass::Run(ir::Network& net, PassContext&) {
  const std::vector<bool> live = LiveNeurons(net);
  const Range before = CoefficientRange(net, live);
  const Uses uses = FindUses(net);
  // Candidates (see the header): scaled_input[z] = the ReLU y that z feeds, for each candidate y.
  std::vector<NeuronId> candidates;
  std::vector<int32_t> owner_of_input(static_cast<size_t>(net.num_neurons()), -1);
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const NeuronId y(i);
    if (net.kind(y) != NeuronKind::kRelu) continue;
    const NeuronId z = net.relu_input(y);
    const ir::Interval zb = net.bounds(z);
    if (!zb.bounded()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "element ", net.index_in_tensor(y), " of '", net.tensor_info(net.tensor(y)).name,
          "': the ReLU's input has no finite bounds (run a bounds pass before scale)"));
    }
    const size_t zi = static_cast<size_t>(z.value()), yi = static_cast<size_t>(i);
    if (!live[yi] || zb.hi <= 0 || net.kind(z) != NeuronKind::kAffine ||
        uses.output[zi] || !uses.terms[zi].empty() || uses.relus[zi] != 1 || uses.output[yi] ||
        uses.relus[yi] != 0 || uses.terms[yi].empty()) {
      continue;
    }
    candidates.push_back(y);
    owner_of_input[zi] = i;
  }
  std::vector<int32_t> is_candidate(static_cast<size_t>(net.num_neurons()), 0);
  for (NeuronId y : candidates) is_candidate[static_cast<size_t>(y.value())] = 1;

  const ir::Network original = net;  // restored if scaling would widen the span
  // The model's coefficients with their owners, kept sorted as neurons are rescaled.
  EntrySet entries;
  entries.insert({1.0, -1, -1});
  std::vector<size_t> term_offset(static_cast<size_t>(net.num_neurons()) + 1, 0);
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const NeuronId n(i);
    term_offset[static_cast<size_t>(i) + 1] =
        term_offset[static_cast<size_t>(i)] + (net.kind(n) == NeuronKind::kAffine ? net.terms(n).size() : 0);
  }
  std::vector<EntrySet::iterator> term_entry(term_offset.back(), entries.end());
  std::vector<std::pair<EntrySet::iterator, EntrySet::iterator>> big_m_entry(
      static_cast<size_t>(net.num_neurons()), {entries.end(), entries.end()});
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const NeuronId n(i);
    if (!live[static_cast<size_t>(i)]) continue;
    if (net.kind(n) == NeuronKind::kAffine) {
      const auto terms = net.terms(n);
      for (size_t j = 0; j < terms.size(); ++j) {
        const int32_t src = terms[j].neuron.value();
        term_entry[term_offset[static_cast<size_t>(i)] + j] =
            entries.insert({std::abs(terms[j].coef), owner_of_input[static_cast<size_t>(i)],
                            is_candidate[static_cast<size_t>(src)] ? src : -1});
      }
    } else if (net.kind(n) == NeuronKind::kRelu) {
      const ir::Interval z = net.bounds(net.relu_input(n));
      if (z.lo < 0 && z.hi > 0) {
        const int32_t owner = is_candidate[static_cast<size_t>(i)] ? i : -1;
        big_m_entry[static_cast<size_t>(i)] = {entries.insert({-z.lo, owner, -1}), entries.insert({z.hi, owner, -1})};
      }
    }
  }
  const auto update = [&entries](EntrySet::iterator& it, double value) {
    Entry e = *it;
    entries.erase(it);
    e.value = std::abs(value);
    it = entries.insert(e);
  };

  std::vector<bool> scaled(static_cast<size_t>(net.num_neurons()), false);
  int64_t inexact = 0;
  for (int sweep = 0; sweep < kSweeps; ++sweep) {
    for (NeuronId y : candidates) {
      const NeuronId z = net.relu_input(y);
      const ir::Interval zb = net.bounds(z);
      const size_t yi = static_cast<size_t>(y.value()), zi = static_cast<size_t>(z.value());
      Range in, out;
      const bool unstable = zb.lo < 0;  // else stable active: no big-M rows
      for (const ir::Term& t : net.terms(z)) in.Add(t.coef);
      if (unstable) {
        in.Add(zb.lo);
        in.Add(zb.hi);
      }
      for (const auto& [consumer, j] : uses.terms[yi]) {
        if (live[static_cast<size_t>(consumer.value())]) out.Add(net.terms(consumer)[j].coef);
      }
      const auto [others_lo, others_hi] = OthersRange(entries, y.value());
      const int k = ChooseExponent(in, out, std::max(-zb.lo, zb.hi), others_lo, others_hi);
      if (k == 0) continue;
      bool exact = ExactScale(net.bias(z), k) && ExactScale(zb.lo, k) && ExactScale(zb.hi, k) &&
                   ExactScale(net.bounds(y).lo, k) && ExactScale(net.bounds(y).hi, k);
      for (const ir::Term& t : net.terms(z)) exact = exact && ExactScale(t.coef, k);
      for (const auto& [consumer, j] : uses.terms[yi]) exact = exact && ExactScale(net.terms(consumer)[j].coef, -k);
      if (!exact) {
        ++inexact;
        continue;
      }
      net.set_bias(z, std::ldexp(net.bias(z), k));
      const auto in_terms = net.mutable_terms(z);
      for (size_t j = 0; j < in_terms.size(); ++j) {
        in_terms[j].coef = std::ldexp(in_terms[j].coef, k);
        update(term_entry[term_offset[zi] + j], in_terms[j].coef);
      }
      for (const auto& [consumer, j] : uses.terms[yi]) {
        ir::Term& t = net.mutable_terms(consumer)[j];
        t.coef = std::ldexp(t.coef, -k);
        const size_t ci = static_cast<size_t>(consumer.value());
        if (live[ci]) update(term_entry[term_offset[ci] + j], t.coef);
      }
      net.set_bounds(z, {std::ldexp(zb.lo, k), std::ldexp(zb.hi, k)});
      net.set_bounds(y, {std::ldexp(net.bounds(y).lo, k), std::ldexp(net.bounds(y).hi, k)});
      if (unstable) {
        update(big_m_entry[yi].first, net.bounds(z).lo);
        update(big_m_entry[yi].second, net.bounds(z).hi);
      }
      scaled[yi] = true;
    }
  }
  Range after = CoefficientRange(net, live);
  const auto span = [](const Range& r) { return Ratio({std::min(r.lo, 1.0), std::max(r.hi, 1.0)}); };
  bool restored = false;
  if (span(after) > span(before)) {  // the per-sweep estimates went stale: keep the original
    net = original;
    after = before;
    std::fill(scaled.begin(), scaled.end(), false);
    restored = true;
  }
  const int64_t neurons = std::count(scaled.begin(), scaled.end(), true);
  PassResult result;
  result.changed = neurons > 0;
  result.rewrites = neurons;
  result.bounds_valid = true;
  result.summary = absl::StrCat("scaled ", neurons, " of ", candidates.size(),
                                " ReLUs by powers of two (", inexact,
                                " choices skipped: not exact", restored ? "; undone: the span grew" : "", ")");
  result.metrics["neurons_scaled"] = static_cast<double>(neurons);
  result.metrics["coefficient_span_before"] = span(before);
  result.metrics["coefficient_span_after"] = span(after);
  result.metrics["max_coefficient_before"] = std::max(before.hi, 1.0);
  result.metrics["max_coefficient_after"] = std::max(after.hi, 1.0);
  result.metrics["min_coefficient_before"] = std::min(before.lo, 1.0);
  result.metrics["min_coefficient_after"] = std::min(after.lo, 1.0);
  return result;
}

}  // namespace nn2milp::passes
