#include "ir/network_builder.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::ir {
namespace {

using ::nn2milp::testing::IsOk;
using ::nn2milp::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CanonicalizeTermsTest, SortsMergesAndDropsZeros) {
  std::vector<Term> t = {{NeuronId(3), 1.0}, {NeuronId(1), 2.0}, {NeuronId(3), -1.0},
                         {NeuronId(2), -0.0}, {NeuronId(1), 0.5}};
  CanonicalizeTerms(t);
  EXPECT_THAT(t, ElementsAre(Term{NeuronId(1), 2.5}));
}

TEST(NetworkBuilderTest, BuildsAValidNetwork) {
  NetworkBuilder b;
  const TensorId in = b.AddTensor("x", {1, 2});
  const NeuronId x0 = b.AddInput(in, 0), x1 = b.AddInput(in, 1);
  std::vector<Term> terms = {{x1, -1.0}, {x0, 0.5}};
  NN2MILP_ASSERT_OK_AND_ASSIGN(NeuronId z, b.AddAffine(b.AddTensor("h", {1}), 0, terms, 0.25));
  const NeuronId y = b.AddRelu(b.AddTensor("r", {1}), 0, z);
  b.AddInputPort({"x", {1, 2}, {x0, x1}});
  b.AddOutputPort({"r", {1}, {y}});
  NN2MILP_ASSERT_OK_AND_ASSIGN(Network net, std::move(b).Build());
  EXPECT_EQ(net.num_neurons(), 4);
  EXPECT_EQ(net.kind(z), NeuronKind::kAffine);
  EXPECT_THAT(net.terms(z), ElementsAre(Term{x0, 0.5}, Term{x1, -1.0}));
  EXPECT_EQ(net.bias(z), 0.25);
  EXPECT_EQ(net.relu_input(y), z);
  EXPECT_EQ(net.tensor_info(net.tensor(y)).name, "r");
}

TEST(NetworkBuilderTest, RejectsNonFiniteWeightsAndBias) {
  NetworkBuilder b;
  const TensorId in = b.AddTensor("x", {1});
  const NeuronId x = b.AddInput(in, 0);
  const TensorId h = b.AddTensor("h", {1});
  std::vector<Term> nan_terms = {{x, std::nan("")}};
  EXPECT_THAT(b.AddAffine(h, 0, nan_terms, 0.0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'h'")));
  std::vector<Term> ok_terms = {{x, 1.0}};
  EXPECT_THAT(b.AddAffine(h, 0, ok_terms, std::numeric_limits<double>::infinity()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bias")));
}

TEST(NetworkBuilderTest, RejectsForwardAndDanglingReferences) {
  NetworkBuilder b;
  const TensorId h = b.AddTensor("h", {1});
  std::vector<Term> dangling = {{NeuronId(7), 1.0}};
  EXPECT_THAT(b.AddAffine(h, 0, dangling, 0.0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("undefined neuron 7")));
}

TEST(NetworkBuilderTest, NetworkWithoutOutputIsInvalid) {
  NetworkBuilder b;
  b.AddInput(b.AddTensor("x", {1}), 0);
  EXPECT_THAT(std::move(b).Build(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no output")));
}

TEST(NetworkBuilderTest, CanonicalizesNegativeZeroBias) {
  NetworkBuilder b;
  const NeuronId x = b.AddInput(b.AddTensor("x", {1}), 0);
  std::vector<Term> t = {{x, 1.0}};
  NN2MILP_ASSERT_OK_AND_ASSIGN(NeuronId z, b.AddAffine(b.AddTensor("h", {1}), 0, t, -0.0));
  EXPECT_FALSE(std::signbit(b.network().bias(z)));
}

}  // namespace
}  // namespace nn2milp::ir
