// The network IR: a neural network lowered to scalar neurons.
//
// Every ONNX tensor that carries a variable quantity is lowered, element by element, to
// neurons. A neuron is one of
//   kInput   an element of a graph input,               x
//   kAffine  bias + sum_i coef_i * (earlier neuron)_i,   z = b + a^T v
//   kRelu    max(0, (earlier neuron)),                   y = max(0, z)
//   kSmooth  f(earlier neuron) for a smooth monotone f,  y = f(z)   (ir/smooth.h: sigmoid, tanh,
//            softplus, exp, log, reciprocal; only the AMPL .nl writer can carry these)
// Neurons are stored in topological order: every neuron refers only to neurons with smaller
// ids, so one forward sweep evaluates or bounds the whole network.
//
// Numbers: an ONNX float32 weight w becomes the double static_cast<double>(w), exactly. The
// MILP therefore encodes precisely the exported network (0.1f is 0.10000000149011612, not 0.1).
// Coefficients are finite, never -0.0 and never 0 (the builder drops exact zeros).
//
// Names: each neuron belongs to a tensor (an ONNX tensor name and a shape) and has a flat
// row-major index in it; writers derive readable, stable variable names from the pair.
//
// Bounds: `bounds(n)` is an interval containing every value neuron n takes over the input box;
// it is filled by the bound passes (unbounded until then).
//
// A Network is created only through NetworkBuilder (network_builder.h), which validates every
// insertion; the ids and invariants above therefore always hold.
#ifndef NN2MILP_IR_NETWORK_H_
#define NN2MILP_IR_NETWORK_H_

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "ir/base/check.h"
#include "ir/base/strong_id.h"
#include "ir/interval.h"
#include "ir/smooth.h"

namespace nn2milp::ir {

NN2MILP_DEFINE_STRONG_ID(NeuronId);
NN2MILP_DEFINE_STRONG_ID(TensorId);

enum class NeuronKind : uint8_t { kInput, kAffine, kRelu, kSmooth };

// One term coef * neuron of an affine neuron.
struct Term {
  NeuronId neuron;
  double coef = 0;
  friend bool operator==(const Term&, const Term&) = default;
};

// A named group of neurons: an ONNX tensor that was materialised.
struct TensorInfo {
  std::string name;            // ONNX tensor name, verbatim (may need sanitising for files)
  std::vector<int64_t> shape;  // the tensor's shape; product = number of elements
};

// A graph input or output: its ONNX name, shape, and one neuron per element (row-major).
struct Port {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<NeuronId> neurons;
};

class Network {
 public:
  int32_t num_neurons() const { return static_cast<int32_t>(kind_.size()); }
  int32_t num_tensors() const { return static_cast<int32_t>(tensors_.size()); }

  NeuronKind kind(NeuronId n) const { return kind_[Index(n)]; }
  TensorId tensor(NeuronId n) const { return tensor_[Index(n)]; }
  int64_t index_in_tensor(NeuronId n) const { return index_[Index(n)]; }
  const TensorInfo& tensor_info(TensorId t) const { return tensors_[t.value()]; }

  // kAffine only: the terms (sorted by neuron id, unique, nonzero) and the bias.
  absl::Span<const Term> terms(NeuronId n) const {
    NN2MILP_CHECK(kind(n) == NeuronKind::kAffine);
    const size_t i = Index(n);
    return absl::MakeConstSpan(terms_.data() + term_begin_[i], term_begin_[i + 1] - term_begin_[i]);
  }
  double bias(NeuronId n) const { return bias_[Index(n)]; }
  // kAffine only: writable access for passes that rescale weights (passes/scale.cc). The caller
  // keeps every coefficient and the bias finite and every coefficient nonzero (the neuron ids of
  // the terms must not change), so the canonical form above still holds.
  absl::Span<Term> mutable_terms(NeuronId n) {
    NN2MILP_CHECK(kind(n) == NeuronKind::kAffine);
    const size_t i = Index(n);
    return absl::MakeSpan(terms_.data() + term_begin_[i], term_begin_[i + 1] - term_begin_[i]);
  }
  void set_bias(NeuronId n, double b) {
    NN2MILP_CHECK(kind(n) == NeuronKind::kAffine && std::isfinite(b));
    bias_[Index(n)] = b == 0.0 ? 0.0 : b;
  }
  // kRelu only: the neuron it rectifies.
  NeuronId relu_input(NeuronId n) const {
    NN2MILP_CHECK(kind(n) == NeuronKind::kRelu);
    return arg_[Index(n)];
  }
  // kSmooth only: the function and the neuron it is applied to.
  SmoothFunction smooth_function(NeuronId n) const {
    NN2MILP_CHECK(kind(n) == NeuronKind::kSmooth);
    return function_[Index(n)];
  }
  NeuronId smooth_input(NeuronId n) const {
    NN2MILP_CHECK(kind(n) == NeuronKind::kSmooth);
    return arg_[Index(n)];
  }
  // The number of kSmooth neurons (0 for a piecewise-linear network).
  int32_t num_smooth() const { return num_smooth_; }

  const std::vector<Port>& inputs() const { return inputs_; }
  const std::vector<Port>& outputs() const { return outputs_; }
  int64_t num_input_elements() const;
  int64_t num_output_elements() const;
  int64_t num_terms() const { return static_cast<int64_t>(terms_.size()); }
  // Element `flat` of the concatenated outputs as (output name, index within it); ("", 0) if
  // out of range.
  std::pair<std::string, int64_t> LocateOutput(int64_t flat) const;

  // Bounds of each neuron's value; see the file comment.
  const Interval& bounds(NeuronId n) const { return bounds_[Index(n)]; }
  void set_bounds(NeuronId n, Interval b) { bounds_[Index(n)] = b; }
  // Forgets every bound (after a pass that changed what the neurons compute).
  void ResetBounds() { bounds_.assign(bounds_.size(), Interval::Unbounded()); }

  // Removes the affine terms for which drop(owner, term_index, term) is true, where term_index
  // counts all terms of the network in neuron order. The remaining terms keep their order, so
  // the canonical form (sorted, unique, nonzero) is preserved. Returns how many were removed.
  template <typename Pred>
  int64_t RemoveTermsIf(Pred drop) {
    size_t out = 0;
    for (size_t n = 0; n < kind_.size(); ++n) {
      const size_t begin = term_begin_[n], end = term_begin_[n + 1];
      term_begin_[n] = out;
      for (size_t k = begin; k < end; ++k) {
        if (!drop(NeuronId(static_cast<int32_t>(n)), k, terms_[k])) terms_[out++] = terms_[k];
      }
    }
    const int64_t removed = static_cast<int64_t>(terms_.size() - out);
    term_begin_.back() = out;
    terms_.resize(out);
    return removed;
  }

 private:
  friend class NetworkBuilder;
  size_t Index(NeuronId n) const {
    NN2MILP_CHECK(n.valid() && n.value() < num_neurons()) << "neuron id " << n.value();
    return static_cast<size_t>(n.value());
  }

  // Per neuron (structure of arrays, so a million-neuron network stays compact).
  std::vector<NeuronKind> kind_;
  std::vector<TensorId> tensor_;
  std::vector<int64_t> index_;
  std::vector<double> bias_;
  std::vector<NeuronId> arg_;
  std::vector<SmoothFunction> function_;  // meaningful for kSmooth only
  int32_t num_smooth_ = 0;
  std::vector<Interval> bounds_;
  std::vector<size_t> term_begin_{0};  // CSR offsets into terms_, size num_neurons + 1
  std::vector<Term> terms_;

  std::vector<TensorInfo> tensors_;
  std::vector<Port> inputs_;
  std::vector<Port> outputs_;
};

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_NETWORK_H_
