// The tiny MILP of ../shared/format-samples (README there), built through MilpBuilder:
//   min 2x + 3y - 2b + 10,  x in [-5, 10], y free, b binary,
//   c1: x + y >= -2,  c2: x - y <= 4,  c3: y - 10b <= 0,  c4lo: x + 2y >= -3,  c4up: x + 2y <= 8,
//   c5: x + 3b <= 1.5.
// Known optimum: x = -1.5, y = -0.5, b = 1, objective 3.5 (LP relaxation 3.3333).
// Variables also carry a canary coefficient in an extra row (0.10000000000000002 x + z = 0, with
// z in (-inf, -1], a negative upper bound with an infinite lower bound) to exercise rounding and
// bound rules without changing the optimum.
#ifndef NN2MILP_TESTS_TESTING_TINY_MILP_H_
#define NN2MILP_TESTS_TESTING_TINY_MILP_H_

#include <limits>

#include "ir/milp_model.h"

namespace nn2milp::testing {

inline constexpr double kTinyOptimum = 3.5;

inline ir::MilpModel TinyMilp() {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  ir::MilpBuilder b;
  const ir::NameGroupId x_g = b.AddNameGroup("x"), y_g = b.AddNameGroup("y"),
                        b_g = b.AddNameGroup("b.on"), z_g = b.AddNameGroup("onnx::z"),
                        c_g = b.AddNameGroup("c");
  const ir::VarId x = *b.AddVar(-5, 10, false, {x_g, 0});
  const ir::VarId y = *b.AddVar(-kInf, kInf, false, {y_g, 0});
  const ir::VarId bin = *b.AddVar(0, 1, true, {b_g, 0});
  const ir::VarId z = *b.AddVar(-kInf, -1, false, {z_g, 0});
  (void)b.AddRow({{x, 1}, {y, 1}}, ir::RowSense::kGreaterEqual, -2, {c_g, 1});
  (void)b.AddRow({{x, 1}, {y, -1}}, ir::RowSense::kLessEqual, 4, {c_g, 2});
  (void)b.AddRow({{y, 1}, {bin, -10}}, ir::RowSense::kLessEqual, 0, {c_g, 3});
  (void)b.AddRow({{x, 1}, {y, 2}}, ir::RowSense::kGreaterEqual, -3, {c_g, 4});
  (void)b.AddRow({{x, 1}, {y, 2}}, ir::RowSense::kLessEqual, 8, {c_g, 5});
  (void)b.AddRow({{x, 1}, {bin, 3}}, ir::RowSense::kLessEqual, 1.5, {c_g, 6});
  // Canary row: z = -0.10000000000000002 x - 1.5 + ... keeps z <= -1 feasible for x in [-5, 5].
  (void)b.AddRow({{x, 0.10000000000000002}, {z, 1}}, ir::RowSense::kEqual, -1.5, {c_g, 7});
  (void)b.SetObjective({{x, 2}, {y, 3}, {bin, -2}}, 10);
  return std::move(b).Build();
}

}  // namespace nn2milp::testing

#endif  // NN2MILP_TESTS_TESTING_TINY_MILP_H_
