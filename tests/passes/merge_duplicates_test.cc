#include "passes/merge_duplicates.h"

#include <random>
#include <string>
#include <vector>

#include "frontend/importer.h"
#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "ir/network_builder.h"
#include "tests/passes/bound_test_util.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::passes {
namespace {

// Both networks give the same outputs (bit for bit: the merged network computes the same
// float sums except where coefficients were added) at `samples` random points of `box`.
void ExpectSameOutputs(const ir::Network& a, const ir::Network& b, const std::vector<ir::Interval>& box,
                       int samples) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> x(box.size());
  for (int s = 0; s < samples; ++s) {
    for (size_t i = 0; i < box.size(); ++i) x[i] = box[i].lo + u(rng) * box[i].width();
    NN2MILP_ASSERT_OK_AND_ASSIGN(const std::vector<double> ya, ir::Evaluate(a, x));
    NN2MILP_ASSERT_OK_AND_ASSIGN(const std::vector<double> yb, ir::Evaluate(b, x));
    ASSERT_EQ(ya.size(), yb.size());
    for (size_t k = 0; k < ya.size(); ++k) {
      ASSERT_NEAR(ya[k], yb[k], 1e-12 * (1 + std::abs(ya[k]))) << "output " << k << " sample " << s;
    }
  }
}

PassResult RunMerge(ir::Network& net, const ir::Problem& problem) {
  Diagnostics diag;
  PassContext ctx{problem, diag};
  absl::StatusOr<PassResult> r = MergeDuplicatesPass().Run(net, ctx);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : PassResult{};
}

// The header's example: h1 = relu(x1 + x2), h2 = relu(x1 + x2), o = 2 h1 - 3 h2 + 1.
TEST(MergeDuplicatesTest, HeaderExample) {
  ir::NetworkBuilder b;
  const ir::TensorId xt = b.AddTensor("x", {2});
  const ir::NeuronId x1 = b.AddInput(xt, 0), x2 = b.AddInput(xt, 1);
  const ir::TensorId zt = b.AddTensor("z", {2}), ht = b.AddTensor("h", {2});
  std::vector<ir::Term> t1 = {{x1, 1.0}, {x2, 1.0}}, t2 = t1;
  const ir::NeuronId z1 = *b.AddAffine(zt, 0, t1, 0.0), z2 = *b.AddAffine(zt, 1, t2, 0.0);
  const ir::NeuronId h1 = b.AddRelu(ht, 0, z1), h2 = b.AddRelu(ht, 1, z2);
  std::vector<ir::Term> to = {{h1, 2.0}, {h2, -3.0}};
  const ir::NeuronId o = *b.AddAffine(b.AddTensor("o", {1}), 0, to, 1.0);
  b.AddInputPort({"x", {2}, {x1, x2}});
  b.AddOutputPort({"o", {1}, {o}});
  const ir::Network original = *std::move(b).Build();
  ir::Network net = original;
  const ir::Problem box{{{-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};
  const PassResult r = RunMerge(net, box);
  EXPECT_EQ(r.metrics.at("merged_affine"), 1);
  EXPECT_EQ(r.metrics.at("merged_relu"), 1);
  ASSERT_EQ(net.num_neurons(), 5);  // x1, x2, z, h, o
  const ir::NeuronId out = net.outputs()[0].neurons[0];
  ASSERT_EQ(net.terms(out).size(), 1u);
  EXPECT_EQ(net.terms(out)[0].coef, -1.0);
  EXPECT_EQ(net.bias(out), 1.0);
  ExpectSameOutputs(original, net, box.input_box, 1000);
}

TEST(MergeDuplicatesTest, NetworkWithoutDuplicatesIsUnchanged) {
  const ir::Network original = ResidualNet(3);
  ir::Network net = original;
  const ir::Problem box{{{-1, 1}, {-1, 1}, {-1, 1}}, ir::ObjectiveSense::kNone, 0};
  const PassResult r = RunMerge(net, box);
  EXPECT_FALSE(r.changed);
  ASSERT_EQ(net.num_neurons(), original.num_neurons());
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    EXPECT_EQ(net.kind(ir::NeuronId(i)), original.kind(ir::NeuronId(i)));
  }
}

// An output neuron is never removed, though a later duplicate may merge into it.
TEST(MergeDuplicatesTest, OutputNeuronsAreKept) {
  ir::NetworkBuilder b;
  const ir::TensorId xt = b.AddTensor("x", {1});
  const ir::NeuronId x = b.AddInput(xt, 0);
  const ir::TensorId yt = b.AddTensor("y", {2});
  std::vector<ir::Term> t1 = {{x, 0.5}}, t2 = t1;
  const ir::NeuronId y0 = *b.AddAffine(yt, 0, t1, 0.25), y1 = *b.AddAffine(yt, 1, t2, 0.25);
  b.AddInputPort({"x", {1}, {x}});
  b.AddOutputPort({"y", {2}, {y0, y1}});
  ir::Network net = *std::move(b).Build();
  const PassResult r = RunMerge(net, {{{-1, 1}}, ir::ObjectiveSense::kNone, 0});
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(net.num_neurons(), 3);
}

// tests/models/dup_mlp.onnx and dup_cnn.onnx (make_dup_models.py): the documented merge counts,
// the same outputs, and sound bounds (sampled) when the bound passes run after the merge.
TEST(MergeDuplicatesTest, TorchModelsWithDuplicatedRowsAndChannels) {
  struct Case {
    std::string model;
    double affine, relu;
  };
  for (const Case& c : {Case{"dup_mlp", 7, 15}, Case{"dup_cnn", 18, 18}}) {
    SCOPED_TRACE(c.model);
    Diagnostics diag;
    NN2MILP_ASSERT_OK_AND_ASSIGN(
        const ir::Network original,
        frontend::LoadNetwork(std::string(NN2MILP_SOURCE_DIR) + "/tests/models/" + c.model + ".onnx", diag));
    ir::Problem problem;
    problem.input_box.assign(static_cast<size_t>(original.num_input_elements()), {-1, 1});
    ir::Network net = original;
    const PassResult r = RunMerge(net, problem);
    EXPECT_EQ(r.metrics.at("merged_affine"), c.affine);
    EXPECT_EQ(r.metrics.at("merged_relu"), c.relu);
    EXPECT_EQ(net.num_neurons(), original.num_neurons() - c.affine - c.relu);
    ExpectSameOutputs(original, net, problem.input_box, 500);
    RunPipeline(net, problem, "bounds_interval,bounds_symbolic");
    ExpectSampledValuesInsideBounds(net, problem, 2000, 11);
    // A second run finds nothing left to merge.
    EXPECT_FALSE(RunMerge(net, problem).changed);
  }
}

// Merging after the bound passes keeps (intersects) the bounds, which stay sound.
TEST(MergeDuplicatesTest, KeepsSoundBoundsWhenRunAfterBounds) {
  Diagnostics diag;
  NN2MILP_ASSERT_OK_AND_ASSIGN(
      ir::Network net,
      frontend::LoadNetwork(std::string(NN2MILP_SOURCE_DIR) + "/tests/models/dup_mlp.onnx", diag));
  ir::Problem problem;
  problem.input_box.assign(3, {-1, 1});
  RunPipeline(net, problem, "bounds_interval,bounds_symbolic,merge_duplicates");
  for (int32_t i = 0; i < net.num_neurons(); ++i) EXPECT_TRUE(net.bounds(ir::NeuronId(i)).bounded());
  ExpectSampledValuesInsideBounds(net, problem, 2000, 12);
}

}  // namespace
}  // namespace nn2milp::passes
