#include "passes/bounds_in.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ir/base/status_macros.h"
#include "passes/bounds_common.h"
#include "passes/bounds_interval.h"

namespace nn2milp::passes {
namespace {

// Shortest round-trip text of a bound for error messages (the algorithm of
// backends/number_format.h, which this layer cannot include; infinities as -inf/inf).
std::string Num(double v) {
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), v == 0.0 ? 0.0 : v);
  return ec == std::errc() ? std::string(buffer, end) : "?";
}

std::string Text(ir::Interval b) { return absl::StrCat("[", Num(b.lo), ", ", Num(b.hi), "]"); }

std::string Where(const ir::Network& net, ir::NeuronId n) {
  return absl::StrCat("tensor '", net.tensor_info(net.tensor(n)).name, "' element ",
                      net.index_in_tensor(n));
}

bool Narrower(ir::Interval a, ir::Interval b) { return a.lo > b.lo || a.hi < b.hi; }

}  // namespace

absl::StatusOr<PassResult> BoundsInPass::Run(ir::Network& net, PassContext& ctx) {
  if (bounds_ == nullptr) {
    return absl::FailedPreconditionError("no bounds given (--bounds-in FILE)");
  }
  NN2MILP_RETURN_IF_ERROR(CheckInputBox(net, ctx.problem));
  // Tensor name -> tensor ids (names are unique in practice; all matches are searched).
  absl::flat_hash_map<std::string, std::vector<int32_t>> tensors_by_name;
  for (int32_t t = 0; t < net.num_tensors(); ++t) {
    tensors_by_name[net.tensor_info(ir::TensorId(t)).name].push_back(t);
  }
  // (tensor, index) -> neurons.
  absl::flat_hash_map<std::pair<int32_t, int64_t>, std::vector<ir::NeuronId>> neurons;
  std::vector<int64_t> input_slot(static_cast<size_t>(net.num_neurons()), -1);
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const ir::NeuronId n(i);
    neurons[{net.tensor(n).value(), net.index_in_tensor(n)}].push_back(n);
  }
  int64_t slot = 0;
  for (const ir::Port& port : net.inputs()) {
    for (ir::NeuronId n : port.neurons) input_slot[static_cast<size_t>(n.value())] = slot++;
  }

  int64_t used = 0, ignored = 0;
  std::vector<bool> tightened(static_cast<size_t>(net.num_neurons()), false);
  for (const ir::ExternalBound& e : *bounds_) {
    const auto named = tensors_by_name.find(e.tensor);
    if (named == tensors_by_name.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "bounds for tensor '", e.tensor,
          "', which the network does not have (names are ONNX tensor names, as --bounds-out writes them)"));
    }
    bool in_range = false, matched = false;
    int64_t elements = 0;
    for (int32_t t : named->second) {
      elements = 1;
      for (int64_t d : net.tensor_info(ir::TensorId(t)).shape) elements *= d;
      if (e.index >= elements) continue;
      in_range = true;
      const auto found = neurons.find({t, e.index});
      if (found == neurons.end()) continue;
      for (ir::NeuronId n : found->second) {
        matched = true;
        const ir::Interval cur = net.bounds(n);
        const int64_t s = input_slot[static_cast<size_t>(n.value())];
        if (s >= 0 && Narrower(e.bounds, ctx.problem.input_box[static_cast<size_t>(s)])) {
          return absl::InvalidArgumentError(absl::StrCat(
              Where(net, n), ": the given bounds ", Text(e.bounds),
              " are narrower than the input box ",
              Text(ctx.problem.input_box[static_cast<size_t>(s)]),
              ", but a graph input takes every value of the box"));
        }
        const ir::Interval next = Intersect(cur, e.bounds);
        if (next.lo > next.hi) {
          return absl::InvalidArgumentError(absl::StrCat(
              Where(net, n), ": the given bounds ", Text(e.bounds),
              " contradict nn2milp's sound bounds ", Text(cur),
              " (empty intersection): the given bounds are wrong"));
        }
        if (Narrower(next, cur)) {
          tightened[static_cast<size_t>(n.value())] = true;
          net.set_bounds(n, next);
        }
      }
    }
    if (!in_range) {
      return absl::InvalidArgumentError(absl::StrCat("bounds for element ", e.index, " of tensor '",
                                                     e.tensor, "', which has ", elements,
                                                     " elements"));
    }
    matched ? ++used : ++ignored;
  }

  // Forward sweep: neurons downstream of a tightened one.
  std::vector<ir::Interval> prior(static_cast<size_t>(net.num_neurons()));
  for (int32_t i = 0; i < net.num_neurons(); ++i) prior[static_cast<size_t>(i)] = net.bounds(ir::NeuronId(i));
  const std::vector<ir::Interval> swept = IntervalBounds(net, ctx.problem.input_box, prior);
  int64_t given_tightened = 0, propagated = 0;
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const ir::NeuronId n(i);
    const ir::Interval b = swept[static_cast<size_t>(i)];
    if (b.lo > b.hi) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the given bounds contradict nn2milp's sound bounds: propagated through the network "
          "they leave ",
          Where(net, n), " no possible value (", Text(prior[static_cast<size_t>(i)]),
          " before propagation)"));
    }
    given_tightened += tightened[static_cast<size_t>(i)];
    if (Narrower(b, net.bounds(n))) {
      propagated += !tightened[static_cast<size_t>(i)];
      net.set_bounds(n, b);
    }
  }

  PassResult result;
  result.rewrites = given_tightened + propagated;
  result.changed = result.rewrites > 0;
  result.metrics = {{"external_bounds", static_cast<double>(bounds_->size())},
                    {"external_used", static_cast<double>(used)},
                    {"external_tightened", static_cast<double>(given_tightened)},
                    {"external_ignored", static_cast<double>(ignored)},
                    {"propagated_tightened", static_cast<double>(propagated)}};
  result.summary = absl::StrCat(bounds_->size(), " given bounds: ", used, " used (", ignored,
                                " on elements that are not neurons, e.g. constant or merged away, ignored), ", given_tightened,
                                " neurons tightened by them, ", propagated,
                                " more by propagation");
  return result;
}

}  // namespace nn2milp::passes
