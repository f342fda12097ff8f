#include "ir/problem.h"

#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/network_builder.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::ir {
namespace {

using ::nn2milp::testing::IsOk;
using ::nn2milp::testing::StatusIs;
using ::testing::HasSubstr;

Network Identity2() {
  NetworkBuilder b;
  const TensorId in = b.AddTensor("x", {2});
  const NeuronId x0 = b.AddInput(in, 0), x1 = b.AddInput(in, 1);
  b.AddInputPort({"x", {2}, {x0, x1}});
  b.AddOutputPort({"x", {2}, {x0, x1}});
  return *std::move(b).Build();
}

TEST(ValidateProblemTest, AcceptsAFiniteBox) {
  Problem p{{{-1, 1}, {0, 0}}, ObjectiveSense::kMaximize, 1};
  EXPECT_THAT(ValidateProblem(Identity2(), p), IsOk());
}

TEST(ValidateProblemTest, RejectsBadBoxesAndIndices) {
  const Network net = Identity2();
  EXPECT_THAT(ValidateProblem(net, {{{-1, 1}}, ObjectiveSense::kNone, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2 input elements")));
  EXPECT_THAT(ValidateProblem(net, {{{-1, 1}, {2, 1}}, ObjectiveSense::kNone, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("element 1")));
  EXPECT_THAT(ValidateProblem(net, {{{-1, 1}, {0, std::numeric_limits<double>::infinity()}},
                                    ObjectiveSense::kNone, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("finite")));
  EXPECT_THAT(ValidateProblem(net, {{{-1, 1}, {0, 1}}, ObjectiveSense::kMinimize, 2}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("out of range")));
}

}  // namespace
}  // namespace nn2milp::ir
