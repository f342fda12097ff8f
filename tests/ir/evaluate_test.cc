#include "ir/evaluate.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/network_builder.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::ir {
namespace {

using ::nn2milp::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// y = relu(x0 - x1), out = [y, 2y + 1]
Network TwoOutputNet() {
  NetworkBuilder b;
  const TensorId in = b.AddTensor("x", {2});
  const NeuronId x0 = b.AddInput(in, 0), x1 = b.AddInput(in, 1);
  std::vector<Term> t1 = {{x0, 1.0}, {x1, -1.0}};
  const NeuronId z = *b.AddAffine(b.AddTensor("z", {1}), 0, t1, 0.0);
  const NeuronId y = b.AddRelu(b.AddTensor("y", {1}), 0, z);
  std::vector<Term> t2 = {{y, 2.0}};
  const NeuronId o = *b.AddAffine(b.AddTensor("o", {1}), 0, t2, 1.0);
  b.AddInputPort({"x", {2}, {x0, x1}});
  b.AddOutputPort({"y", {1}, {y}});
  b.AddOutputPort({"o", {1}, {o}});
  return *std::move(b).Build();
}

TEST(EvaluateTest, ForwardPass) {
  const Network net = TwoOutputNet();
  EXPECT_THAT(*Evaluate(net, {3.0, 1.0}), ElementsAre(2.0, 5.0));
  EXPECT_THAT(*Evaluate(net, {1.0, 3.0}), ElementsAre(0.0, 1.0));
}

TEST(EvaluateTest, WrongInputLength) {
  EXPECT_THAT(Evaluate(TwoOutputNet(), {1.0}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("expected 2 input values")));
}

}  // namespace
}  // namespace nn2milp::ir
