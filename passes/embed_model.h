// embed_model: one MILP from an existing model (ir::LinearModel read from MPS/LP) and the
// encodings of one or more networks (passes/encode_milp.h), identified through links.
//
// The merged model, in this order:
//   base columns   verbatim names (NameRef::kVerbatim), bounds and integrality as read; a column
//                  named OBJCONST or obj_const that is fixed to 1 and in no row (how nn2milp and
//                  the portable convention carry an objective constant) is folded back into the
//                  objective constant, so a written file reads back as the same model
//   base rows      l <= a x <= u becomes one row (E, L or G); a ranged row (both sides finite,
//                  l < u) becomes two rows "<name>_lo" (>= l) and "<name>_up" (<= u), since the
//                  LP format has no portable ranged rows; a row with no term is dropped when it
//                  holds (a note) and is an error when it cannot
//   per network    its encoding's variables and rows, name groups prefixed "<prefix>." when the
//                  network has a prefix (the --net name), then one row per link
//                  "<prefix>.link_<k>" (or "link_<k>"):  x_net - x_base = 0. Links are rows
//                  rather than substitutions so that the encoding (and its guarantees) stays
//                  exactly what EncodeMilp wrote; presolve removes them.
//   objective      either the base objective (negated when the base maximises: files always
//                  minimise; scale -1), or the objective of network 0's encoding (then the base
//                  objective is dropped and a warning says so).
// The input box of a network must already lie within the bounds of the base columns linked to
// its inputs (LinkedInputBox computes it); the link rows make the solver see the same.
#ifndef NN2MILP_PASSES_EMBED_MODEL_H_
#define NN2MILP_PASSES_EMBED_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ir/base/diagnostics.h"
#include "ir/interval.h"
#include "ir/linear_model.h"
#include "ir/milp_model.h"
#include "ir/network.h"
#include "ir/problem.h"
#include "passes/encode_milp.h"

namespace nn2milp::passes {

// Network element (flat index into the concatenated inputs or outputs) = base column.
struct EmbedLink {
  ir::ElementKind kind = ir::ElementKind::kInput;
  int64_t index = 0;
  int32_t column = 0;  // index into LinearModel::columns
};

struct EmbedNet {
  std::string prefix;  // "" or the network's name
  const ir::Network* net = nullptr;
  const Encoding* encoding = nullptr;
  std::vector<EmbedLink> links;
};

struct EmbeddedModel {
  ir::MilpModel model;
  // Per network, per graph input/output port, per element: the variable in `model`.
  std::vector<std::vector<std::vector<ir::VarId>>> input_vars;
  std::vector<std::vector<std::vector<ir::VarId>>> output_vars;
  bool network_objective = false;  // objective from network 0 (else the base's, if any)
  ir::VarId objective_var;         // network objective: the output variable
  double objective_scale = 1.0;    // the user's objective = scale * written objective
  int64_t base_columns = 0;        // written base columns (after folding OBJCONST)
  int64_t base_rows = 0;           // written base rows (a ranged row counts twice)
  int64_t link_rows = 0;
  std::vector<ir::VarId> base_column_var;  // per base column (invalid for a folded OBJCONST)
};

// The input box of `net` from the bounds of the linked base columns, intersected with `given`
// (one interval per input element) when present. FailedPrecondition naming the element (and
// its column) when a side stays infinite; InvalidArgument when the intersection is empty.
// `label` names the network in messages.
absl::StatusOr<std::vector<ir::Interval>> LinkedInputBox(
    const ir::LinearModel& base, const ir::Network& net, absl::Span<const EmbedLink> links,
    const std::optional<std::vector<ir::Interval>>& given, const std::string& label);

// InvalidArgument on an element index out of range, an element linked twice, or a base model
// that nn2milp cannot write (an integer column with an infinite bound: files carry explicit
// integer bounds); FailedPrecondition on a base row with no term that cannot hold. Errors about
// the base model start with `base_label` (its file name) when given.
absl::StatusOr<EmbeddedModel> EmbedNetworks(const ir::LinearModel& base,
                                            absl::Span<const EmbedNet> nets,
                                            bool network_objective, Diagnostics& diag,
                                            const std::string& base_label = "");

// The base model alone as a MilpModel (same rules as above): for round-trip tests and
// `check --model`.
absl::StatusOr<ir::MilpModel> LinearToMilp(const ir::LinearModel& base, Diagnostics& diag,
                                           const std::string& label = "");

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_EMBED_MODEL_H_
