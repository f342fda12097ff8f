// Reader of VNN-LIB properties (the subset used by VNN-COMP, https://www.vnnlib.org/).
//
// A property file describes the UNSAFE set: inputs X_i in a box (plus, rarely, other linear
// constraints) whose network outputs Y_j satisfy some output condition. "sat" means an input of
// the set exists (the property is violated); the MILP nn2milp writes for a property is feasible
// exactly then.
//
// Accepted syntax (SMT-LIB s-expressions):
//   ; comment up to the end of the line
//   (declare-const X_<i> Real)   (declare-const Y_<j> Real)   X_0.. and Y_0.. without gaps;
//                                i and j index the flattened graph inputs / outputs
//   (assert F)                   every assertion must hold
//   F := (<= a b) | (>= a b) | (< a b) | (> a b) | (= a b) | (and F...) | (or F...)
//   a := number | X_i | Y_j | (+ a...) | (- a) | (- a b...) | (* a...)   (linear: every product
//        has at most one non-constant factor)
//   numbers: decimal or scientific, optionally negative ("-0.5", "1e-05")
//   (check-sat), (get-model), (exit), (set-info ...), (set-logic ...), (set-option ...) are
//   accepted and ignored.
// Strict comparisons are read as non-strict (a MILP cannot state a strict inequality; this is
// what VNN-COMP tools do: the closure of the unsafe set). Arithmetic on constants (e.g.
// (* 2 0.1)) is done in double precision.
//
// Result: every assertion is brought into disjunctive normal form. Assertions with a single
// conjunction (the box and, usually, nothing else) are split into
//   - the input box: atoms  c * X_i <= r  with one input variable (exact for c = +-1, the
//     VNN-COMP case; otherwise r / c rounded outwards and the atom also kept as a constraint);
//   - input constraints: other atoms over inputs only;
//   - output constraints: atoms involving some Y_j;
// and assertions with several conjunctions become disjunctions (typically "some other logit
// is >= the label's logit"). When every conjunction of a disjunction bounds X_i, the box of X_i
// is also narrowed to the hull of their bounds (VNN-COMP properties that put the input box
// inside (or (and ...))); the atoms stay in the disjuncts, where the encoder drops those the
// box implies.
#ifndef NN2MILP_FRONTEND_VNNLIB_H_
#define NN2MILP_FRONTEND_VNNLIB_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/interval.h"
#include "ir/problem.h"

namespace nn2milp::frontend {

struct VnnlibProperty {
  int64_t num_inputs = 0;   // X_0 .. X_{num_inputs - 1}
  int64_t num_outputs = 0;  // Y_0 .. Y_{num_outputs - 1}
  // One interval per input; a side no assertion bounds is infinite.
  std::vector<ir::Interval> input_box;
  std::vector<ir::LinearInequality> input_constraints;   // must hold; inputs only
  std::vector<ir::LinearInequality> output_constraints;  // must hold; involve some output
  std::vector<ir::Disjunction> disjunctions;             // each must hold
};

// Parses the text of a property. Errors carry "<line>:<column>: " (1-based; column in bytes):
// InvalidArgument for malformed input (unbalanced parentheses, bad numbers, undeclared or
// duplicate variables, non-linear terms, an empty box X_i in [lo, hi] with lo > hi),
// Unimplemented for valid SMT-LIB outside the subset above (e.g. `not`, `declare-fun`).
absl::StatusOr<VnnlibProperty> ParseVnnlib(absl::string_view text);

// Reads and parses a property file; errors are prefixed with the path ("prop.vnnlib: 3:9: ...",
// as the bounds-file reader does).
absl::StatusOr<VnnlibProperty> ReadVnnlibFile(const std::string& path);

// Puts the property into `problem`: sets the input box, appends the constraints and
// disjunctions. InvalidArgument if the property declares a different number of inputs or
// outputs than the network has (`num_inputs`, `num_outputs`); FailedPrecondition naming the
// first X_i whose box side is infinite (the big-M encoding needs finite bounds).
absl::Status ApplyVnnlib(const VnnlibProperty& property, int64_t num_inputs, int64_t num_outputs,
                         ir::Problem& problem);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_VNNLIB_H_
