#include "passes/merge_duplicates.h"

#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "ir/base/status_macros.h"
#include "ir/network_builder.h"
#include "passes/bounds_common.h"

namespace nn2milp::passes {
namespace {

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}

uint64_t AffineKey(absl::Span<const ir::Term> terms, double bias) {
  uint64_t h = Mix(1, std::bit_cast<uint64_t>(bias));
  for (const ir::Term& t : terms) {
    h = Mix(h, static_cast<uint64_t>(t.neuron.value()));
    h = Mix(h, std::bit_cast<uint64_t>(t.coef));
  }
  return h;
}

bool SameAffine(const ir::Network& net, ir::NeuronId a, absl::Span<const ir::Term> terms, double bias) {
  if (std::bit_cast<uint64_t>(net.bias(a)) != std::bit_cast<uint64_t>(bias)) return false;
  const absl::Span<const ir::Term> ta = net.terms(a);
  if (ta.size() != terms.size()) return false;
  for (size_t k = 0; k < ta.size(); ++k) {
    if (ta[k].neuron != terms[k].neuron ||
        std::bit_cast<uint64_t>(ta[k].coef) != std::bit_cast<uint64_t>(terms[k].coef)) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<PassResult> MergeDuplicatesPass::Run(ir::Network& net, PassContext& /*ctx*/) {
  const int32_t count = net.num_neurons();
  std::vector<bool> is_output(static_cast<size_t>(count), false);
  for (const ir::Port& p : net.outputs()) {
    for (ir::NeuronId n : p.neurons) is_output[static_cast<size_t>(n.value())] = true;
  }
  ir::NetworkBuilder b;
  for (int32_t t = 0; t < net.num_tensors(); ++t) {
    const ir::TensorInfo& info = net.tensor_info(ir::TensorId(t));
    b.AddTensor(info.name, info.shape);
  }
  std::vector<ir::NeuronId> map(static_cast<size_t>(count));  // old id -> new id
  std::vector<ir::Interval> bounds;                            // per new neuron
  absl::flat_hash_map<uint64_t, std::vector<ir::NeuronId>> affine_seen;  // key -> new ids
  absl::flat_hash_map<int32_t, ir::NeuronId> relu_seen;                  // new input -> new relu
  int64_t merged_affine = 0, merged_relu = 0;
  std::vector<ir::Term> terms;
  for (int32_t i = 0; i < count; ++i) {
    const ir::NeuronId n(i);
    const bool keep = is_output[static_cast<size_t>(i)];
    ir::NeuronId to;
    switch (net.kind(n)) {
      case ir::NeuronKind::kInput:
        to = b.AddInput(net.tensor(n), net.index_in_tensor(n));
        break;
      case ir::NeuronKind::kAffine: {
        terms.clear();
        for (const ir::Term& t : net.terms(n)) terms.push_back({map[static_cast<size_t>(t.neuron.value())], t.coef});
        ir::CanonicalizeTerms(terms);
        const double bias = net.bias(n) == 0.0 ? 0.0 : net.bias(n);
        std::vector<ir::NeuronId>& same = affine_seen[AffineKey(terms, bias)];
        if (!keep) {
          for (ir::NeuronId cand : same) {
            if (SameAffine(b.network(), cand, terms, bias)) to = cand;
          }
        }
        if (to.valid()) {
          ++merged_affine;
        } else {
          NN2MILP_ASSIGN_OR_RETURN(to, b.AddAffine(net.tensor(n), net.index_in_tensor(n), terms, bias));
          same.push_back(to);
        }
        break;
      }
      case ir::NeuronKind::kRelu: {
        const ir::NeuronId in = map[static_cast<size_t>(net.relu_input(n).value())];
        const auto found = relu_seen.find(in.value());
        if (!keep && found != relu_seen.end()) {
          to = found->second;
          ++merged_relu;
        } else {
          to = b.AddRelu(net.tensor(n), net.index_in_tensor(n), in);
          relu_seen.emplace(in.value(), to);
        }
        break;
      }
      case ir::NeuronKind::kSmooth:  // copied, not merged
        to = b.AddSmooth(net.tensor(n), net.index_in_tensor(n), net.smooth_function(n),
                         map[static_cast<size_t>(net.smooth_input(n).value())]);
        break;
    }
    map[static_cast<size_t>(i)] = to;
    if (static_cast<size_t>(to.value()) == bounds.size()) {
      bounds.push_back(net.bounds(n));
    } else {
      bounds[static_cast<size_t>(to.value())] = Intersect(bounds[static_cast<size_t>(to.value())], net.bounds(n));
    }
  }
  PassResult result;
  result.rewrites = merged_affine + merged_relu;
  result.changed = result.rewrites > 0;
  result.metrics = {{"merged_affine", static_cast<double>(merged_affine)},
                    {"merged_relu", static_cast<double>(merged_relu)}};
  result.summary = absl::StrCat(merged_affine, " affine and ", merged_relu, " ReLU neurons merged into duplicates");
  if (!result.changed) return result;  // keep the network as it is (same ids)

  for (const ir::Port& p : net.inputs()) {
    ir::Port q{p.name, p.shape, {}};
    for (ir::NeuronId n : p.neurons) q.neurons.push_back(map[static_cast<size_t>(n.value())]);
    b.AddInputPort(std::move(q));
  }
  for (const ir::Port& p : net.outputs()) {
    ir::Port q{p.name, p.shape, {}};
    for (ir::NeuronId n : p.neurons) q.neurons.push_back(map[static_cast<size_t>(n.value())]);
    b.AddOutputPort(std::move(q));
  }
  NN2MILP_ASSIGN_OR_RETURN(ir::Network merged, std::move(b).Build());
  for (size_t i = 0; i < bounds.size(); ++i) merged.set_bounds(ir::NeuronId(static_cast<int32_t>(i)), bounds[i]);
  net = std::move(merged);
  return result;
}

}  // namespace nn2milp::passes
