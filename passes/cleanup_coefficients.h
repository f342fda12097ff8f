// cleanup_coefficients: removes weights too small to matter, soundly.
//
// Why: torch training with weight decay leaves weights of 1e-38 to 1e-45 (float32 denormals) on
// dead neurons and never-lit inputs. Written verbatim they make CBC 2.10.8's preprocessing
// declare feasible network MILPs infeasible or return wrong optima (../shared/docs/formats.md §9).
//
// Matches: every term a * v of an affine neuron z = b + sum a_i v_i whose largest possible
// contribution is negligible:  |a| * (M_v + D_v) <= max(relative * S, absolute),  where M_v
// bounds |v| over the input box (interval arithmetic on the original network), D_v bounds how
// much v itself moved through earlier removals, and S = |b| + sum_i |a_i| M_{v_i} is the
// neuron's own scale. Defaults: relative 1e-12, absolute 1e-20 — twelve orders of magnitude
// below solver tolerances; a float32 denormal weight (< 1.2e-38) on an input bounded by 1e17
// always qualifies.
// Rewrites: drops those terms. The encoded network then differs from the ONNX network; the pass
// propagates a rigorous bound on that difference,
//   D_z = sum_kept |a_i| D_{v_i} + sum_dropped |a_i| (M_{v_i} + D_{v_i}),   D_relu(z) = D_z,
// (times 1 + 1e-12 for rounding), and reports the largest D over the outputs.
// Invalidates: all neuron bounds (they are reset; run the bound passes after this one).
//
// Example: z = 2 x1 + 1e-40 x2 + 0.5, x in [-1, 1]^2. S = 2.5 + 1e-40; 1e-40 * 1 <= 2.5e-12, so
// the term is dropped: z' = 2 x1 + 0.5 and |z' - z| <= 1e-40, reported as the deviation.
#ifndef NN2MILP_PASSES_CLEANUP_COEFFICIENTS_H_
#define NN2MILP_PASSES_CLEANUP_COEFFICIENTS_H_

#include "passes/pass.h"

namespace nn2milp::passes {

class CleanupCoefficientsPass final : public Pass {
 public:
  static constexpr double kDefaultRelative = 1e-12;
  static constexpr double kDefaultAbsolute = 1e-20;

  CleanupCoefficientsPass(double relative = kDefaultRelative, double absolute = kDefaultAbsolute)
      : relative_(relative), absolute_(absolute) {}
  absl::string_view name() const override { return "cleanup_coefficients"; }
  absl::StatusOr<PassResult> Run(ir::Network& net, PassContext& ctx) override;

  // After Run: the bound on |encoded - ONNX| over all outputs and inputs in the box.
  double max_output_deviation() const { return max_output_deviation_; }

 private:
  double relative_;
  double absolute_;
  double max_output_deviation_ = 0;
};

}  // namespace nn2milp::passes

#endif  // NN2MILP_PASSES_CLEANUP_COEFFICIENTS_H_
