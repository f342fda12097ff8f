// Values flowing along ONNX edges during lowering.
//
// A Value is a tensor (shape, row-major elements) that is either
//   constant: every element is a known double (initializers, Constant nodes, folded shape
//             arithmetic), or
//   variable: every element is an affine expression  c + sum_i a_i * neuron_i  over neurons
//             already in the network.
// Keeping affine expressions (instead of creating a neuron per op) composes chains of linear ops
// such as (x - mean) / std -> Gemm -> Add(bias) into one affine neuron per output element, with
// coefficients computed in double precision (relative error ~1e-16, far below float32's).
// Neurons are created only where needed: at activations and graph outputs (see
// LoweringContext::Materialize).
#ifndef NN2MILP_FRONTEND_VALUE_H_
#define NN2MILP_FRONTEND_VALUE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ir/network.h"

namespace nn2milp::frontend {

// c + sum terms.
struct LinExpr {
  std::vector<ir::Term> terms;
  double constant = 0;

  bool is_constant() const { return terms.empty(); }
  // out += scale * e (terms appended; the caller canonicalises once at the end).
  void AddScaled(const LinExpr& e, double scale) {
    for (const ir::Term& t : e.terms) terms.push_back({t.neuron, t.coef * scale});
    constant += e.constant * scale;
  }
};

struct Value {
  std::string name;             // ONNX tensor name
  std::vector<int64_t> shape;   // dims; empty = scalar
  bool is_constant = true;
  bool is_integer = false;      // constant of an integer ONNX type (shapes, indices)
  std::vector<double> constants;  // if is_constant
  std::vector<LinExpr> exprs;     // if !is_constant
  ir::TensorId tensor;          // naming group once any element was materialised

  int64_t num_elements() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
  }
  // Element i as an expression (works for both kinds).
  LinExpr ExprAt(int64_t i) const {
    if (is_constant) return LinExpr{{}, constants[static_cast<size_t>(i)]};
    return exprs[static_cast<size_t>(i)];
  }
};

// Product of dims, or -1 if a dim is negative or the product exceeds 2^26 elements (a guard
// against hostile shapes before anything is allocated).
int64_t CheckedNumElements(const std::vector<int64_t>& shape);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_VALUE_H_
