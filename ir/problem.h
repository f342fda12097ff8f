// The problem around the network: a box on every input element, an objective on one output
// element (or none: a feasibility model), and optionally linear constraints over input and
// output elements grouped as a conjunction of disjunctions of conjunctions (VNN-LIB properties,
// issue 7). Later issues extend this (embedding into existing models).
#ifndef NN2MILP_IR_PROBLEM_H_
#define NN2MILP_IR_PROBLEM_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "ir/interval.h"
#include "ir/network.h"

namespace nn2milp::ir {

enum class ObjectiveSense : uint8_t { kNone, kMinimize, kMaximize };

// What a term of a linear constraint refers to: an element of the flattened concatenation of
// all graph inputs, or of all graph outputs.
enum class ElementKind : uint8_t { kInput, kOutput };

struct LinearTerm {
  ElementKind kind = ElementKind::kInput;
  int64_t index = 0;  // flattened, 0-based
  double coef = 0;
  friend bool operator==(const LinearTerm&, const LinearTerm&) = default;
};

// sum_i terms[i].coef * element(terms[i])  <=  rhs. Every constraint is written in this one
// direction (a >= b is stored as b - a <= 0); a term list may repeat an element (the encoder
// merges them) and may be empty (then the inequality is 0 <= rhs, a constant truth value).
struct LinearInequality {
  std::vector<LinearTerm> terms;
  double rhs = 0;
  friend bool operator==(const LinearInequality&, const LinearInequality&) = default;
};

// Holds when at least one of its conjunctions holds entirely. No conjunction at all = false;
// an empty conjunction = true.
struct Disjunction {
  std::vector<std::vector<LinearInequality>> disjuncts;
  friend bool operator==(const Disjunction&, const Disjunction&) = default;
};

struct Problem {
  // One interval per input element, in the flattened concatenation of all graph inputs.
  std::vector<Interval> input_box;
  ObjectiveSense sense = ObjectiveSense::kNone;
  // Flattened index into the concatenation of all graph outputs; used unless sense is kNone.
  int64_t objective_output = 0;
  // Linear constraints that every feasible point satisfies, in addition to the box (a single
  // conjunction: the common case).
  std::vector<LinearInequality> constraints = {};
  // Each disjunction must hold as well (VNN-LIB: "some output condition of the unsafe set").
  std::vector<Disjunction> disjunctions = {};
};

// InvalidArgument if the box does not have one finite interval with lo <= hi per input element,
// the objective index is out of range, or a constraint refers to an element out of range or has
// a non-finite coefficient or right-hand side. The message says how to fix it.
absl::Status ValidateProblem(const Network& net, const Problem& problem);

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_PROBLEM_H_
