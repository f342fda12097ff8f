// Forward evaluation of an ir::Network: the project's own reference forward pass, used by
// `nn2milp eval`, by bound soundness tests and by solution checking.
#ifndef NN2MILP_IR_EVALUATE_H_
#define NN2MILP_IR_EVALUATE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ir/network.h"

namespace nn2milp::ir {

// Evaluates every neuron for `input` (the flattened concatenation of all graph inputs, in
// input order). Returns one value per neuron, indexed by NeuronId. InvalidArgument if the input
// has the wrong length.
absl::StatusOr<std::vector<double>> EvaluateNeurons(const Network& net,
                                                    absl::Span<const double> input);

// The flattened concatenation of all graph outputs for `input`.
absl::StatusOr<std::vector<double>> Evaluate(const Network& net, absl::Span<const double> input);

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_EVALUATE_H_
