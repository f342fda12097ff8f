// NetworkBuilder: the only way to create an ir::Network. Validates on insert, so that passes and
// writers never see NaN/Inf, dangling or forward references, or malformed terms.
//
//   NetworkBuilder b;
//   TensorId t = b.AddTensor("input", {1, 2});
//   NeuronId x0 = b.AddInput(t, 0), x1 = b.AddInput(t, 1);
//   NN2MILP_ASSIGN_OR_RETURN(NeuronId z, b.AddAffine(h, 0, {{x0, 0.5}, {x1, -1}}, 0.25));
//   NeuronId y = b.AddRelu(r, 0, z);
//   b.AddInputPort(...); b.AddOutputPort(...);
//   NN2MILP_ASSIGN_OR_RETURN(Network net, std::move(b).Build());
#ifndef NN2MILP_IR_NETWORK_BUILDER_H_
#define NN2MILP_IR_NETWORK_BUILDER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/network.h"

namespace nn2milp::ir {

class NetworkBuilder {
 public:
  // Registers a naming group. Any string is accepted (writers sanitise).
  TensorId AddTensor(std::string name, std::vector<int64_t> shape);

  NeuronId AddInput(TensorId tensor, int64_t index);

  // Adds bias + sum terms. Terms are sorted, duplicates merged, exact zeros dropped and -0.0
  // canonicalised; `terms` may be modified. InvalidArgument if a coefficient or the bias is not
  // finite (the message names the offending term) or a term refers to a neuron that does not
  // exist yet.
  absl::StatusOr<NeuronId> AddAffine(TensorId tensor, int64_t index, std::vector<Term>& terms,
                                     double bias);

  // Adds max(0, input). `input` must exist (checked: a bug otherwise).
  NeuronId AddRelu(TensorId tensor, int64_t index, NeuronId input);

  // Adds f(input) for a smooth function (ir/smooth.h). `input` must exist (checked).
  NeuronId AddSmooth(TensorId tensor, int64_t index, SmoothFunction f, NeuronId input);

  // Declares graph inputs/outputs. Every neuron listed must exist (checked).
  void AddInputPort(Port port);
  void AddOutputPort(Port port);

  int32_t num_neurons() const { return net_.num_neurons(); }
  const Network& network() const { return net_; }

  // Finishes the network. InvalidArgument when it has no output.
  absl::StatusOr<Network> Build() &&;

 private:
  NeuronId AddNeuron(NeuronKind kind, TensorId tensor, int64_t index, double bias, NeuronId arg);
  Network net_;
};

// Sorts `terms` by neuron id, merges duplicates, drops exact zeros and turns -0.0 into 0.0.
// Shared by every builder of sparse rows.
void CanonicalizeTerms(std::vector<Term>& terms);

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_NETWORK_BUILDER_H_
