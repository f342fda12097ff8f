// Gemm: Y = alpha * A' @ B' + beta * C, checked against a plain-loop reference of the ONNX
// formula at several inputs. Weights are dyadic, so float32 storage is exact.
#include <cmath>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "tests/frontend/frontend_test_util.h"
#include "tests/testing/onnx_text.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// B for the untransposed case: [K=3, N=2], row-major.
const std::vector<double> kB = {0.5, -1, 2, 0.25, -0.75, 1.5};
// Variable inputs with 6 elements ([2,3] or [3,2]).
const std::vector<std::vector<double>> kPoints = {
    {1, 2, 3, 4, 5, 6}, {-1, 0.5, 0, 2, -3, 0.25}, {0, 0, 0, 0, 0, 0}};

struct GemmSpec {
  std::vector<double> a = {};  // as stored: [M,K], or [K,M] if trans_a
  std::vector<double> b = {};  // as stored: [K,N], or [N,K] if trans_b
  int64_t m = 2, k = 3, n = 2;
  bool trans_a = false, trans_b = false;
  double alpha = 1, beta = 1;
  std::vector<double> c = {};    // empty: no C
  std::vector<int64_t> c_shape = {};  // unidirectionally broadcast to [M,N]
};

// The ONNX Gemm formula, written out with loops.
std::vector<double> RefGemm(const GemmSpec& s) {
  std::vector<double> y(static_cast<size_t>(s.m * s.n));
  for (int64_t i = 0; i < s.m; ++i) {
    for (int64_t j = 0; j < s.n; ++j) {
      double sum = 0;
      for (int64_t t = 0; t < s.k; ++t) {
        const double a = s.trans_a ? s.a[t * s.m + i] : s.a[i * s.k + t];
        const double b = s.trans_b ? s.b[j * s.k + t] : s.b[t * s.n + j];
        sum += a * b;
      }
      double c = 0;
      if (!s.c.empty()) {
        const auto& d = s.c_shape;
        if (d.empty()) c = s.c[0];
        else if (d.size() == 1) c = s.c[d[0] == 1 ? 0 : j];
        else c = s.c[(d[0] == 1 ? 0 : i) * d[1] + (d[1] == 1 ? 0 : j)];
      }
      y[i * s.n + j] = s.alpha * sum + s.beta * c;
    }
  }
  return y;
}

// Lowers `model` (variable input x, 6 elements) and compares with RefGemm at every point;
// `x_is_a` says whether x is A (else B, with `spec.a` the constant).
void ExpectMatchesReference(const char* model, GemmSpec spec, bool x_is_a = true) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(model));
  for (const std::vector<double>& x : kPoints) {
    (x_is_a ? spec.a : spec.b) = x;
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll(RefGemm(spec)));
  }
}

TEST(GemmTest, DefaultsWithBiasOfShapeN) {
  ExpectMatchesReference(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,2] y)
      <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}, float[2] c = {0.125, -2}> {
      y = Gemm(x, w, c)
    })", {.b = kB, .c = {0.125, -2}, .c_shape = {2}});
}

TEST(GemmTest, AlphaAndBetaScale) {
  ExpectMatchesReference(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,2] y)
      <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}, float[2] c = {0.125, -2}> {
      y = Gemm <alpha = 0.5, beta = -3.0> (x, w, c)
    })", {.b = kB, .alpha = 0.5, .beta = -3, .c = {0.125, -2}, .c_shape = {2}});
}

TEST(GemmTest, TransA) {
  ExpectMatchesReference(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3,2] x) => (float[2,2] y) <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}> {
      y = Gemm <transA = 1> (x, w)
    })", {.b = kB, .trans_a = true});
}

TEST(GemmTest, TransBWithAlpha) {
  // w is B^T: [N=2, K=3].
  ExpectMatchesReference(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,2] y) <float[2,3] w = {0.5, 2, -0.75, -1, 0.25, 1.5}> {
      y = Gemm <transB = 1, alpha = 2.0> (x, w)
    })", {.b = {0.5, 2, -0.75, -1, 0.25, 1.5}, .trans_b = true, .alpha = 2});
}

TEST(GemmTest, MissingCAtOpset11) {
  ExpectMatchesReference(R"(
    <ir_version: 7, opset_import: ["" : 11]>
    g (float[2,3] x) => (float[2,2] y) <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}> {
      y = Gemm(x, w)
    })", {.b = kB});
}

TEST(GemmTest, COfShape1xN) {
  ExpectMatchesReference(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,2] y)
      <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}, float[1,2] c = {1, -0.5}> {
      y = Gemm(x, w, c)
    })", {.b = kB, .c = {1, -0.5}, .c_shape = {1, 2}});
}

TEST(GemmTest, COfShape1) {
  ExpectMatchesReference(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,2] y)
      <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}, float[1] c = {7}> {
      y = Gemm <beta = 0.5> (x, w, c)
    })", {.b = kB, .beta = 0.5, .c = {7}, .c_shape = {1}});
}

TEST(GemmTest, ScalarC) {
  ExpectMatchesReference(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,2] y)
      <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}, float c = {-1.25}> {
      y = Gemm(x, w, c)
    })", {.b = kB, .c = {-1.25}, .c_shape = {}});
}

TEST(GemmTest, COfShapeMxN) {
  ExpectMatchesReference(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,2] y)
      <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}, float[2,2] c = {1, 2, 3, 4}> {
      y = Gemm(x, w, c)
    })", {.b = kB, .c = {1, 2, 3, 4}, .c_shape = {2, 2}});
}

TEST(GemmTest, ConstantAWithVariableB) {
  // A = w [2,3] constant, B = x [3,2] variable.
  ExpectMatchesReference(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[3,2] x) => (float[2,2] y)
      <float[2,3] w = {0.5, -1, 2, 0.25, -0.75, 1.5}, float[2] c = {0.5, 1}> {
      y = Gemm <alpha = 0.5> (w, x, c)
    })", {.a = kB, .alpha = 0.5, .c = {0.5, 1}, .c_shape = {2}}, /*x_is_a=*/false);
}

TEST(GemmTest, GemmOfAGemmComposes) {
  // A chained Gemm reads the first Gemm's affine expressions.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float[1,1] y)
      <float[2,2] w1 = {1, 2, -3, 0.5}, float[2] b1 = {1, -1}, float[2,1] w2 = {2, -0.5}> {
      h = Gemm(x, w1, b1)
      y = Gemm(h, w2)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  for (const auto& [x0, x1] : std::vector<std::pair<double, double>>{{1, 2}, {-3, 0.25}}) {
    const double h0 = x0 * 1 + x1 * -3 + 1, h1 = x0 * 2 + x1 * 0.5 - 1;
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {x0, x1}));
    EXPECT_THAT(y, NearAll({2 * h0 - 0.5 * h1}));
  }
}

TEST(GemmTest, TwoVariableOperandsAreUnimplemented) {
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x, float[3,2] z) => (float[2,2] y) {
      y = Gemm(x, z)
    })";
  EXPECT_THAT(NetworkWithNamedNode(kModel, 0, "fc1"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       AllOf(HasSubstr("node 'fc1' (Gemm)"), HasSubstr("both operands"))));
}

TEST(GemmTest, NaNWeightIsInvalidArgument) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(onnx::ModelProto proto, ParseOnnxText(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float[1,2] y) <float[2,2] w = {1, 2, 3, 4}> {
      y = Gemm(x, w)
    })"));
  proto.mutable_graph()->mutable_initializer(0)->set_float_data(3, std::nanf(""));
  proto.mutable_graph()->mutable_node(0)->set_name("fc1");
  EXPECT_THAT(NetworkFromProto(std::move(proto)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("node 'fc1' (Gemm)"), HasSubstr("input 1 (B)"),
                             HasSubstr("NaN"), HasSubstr("element 3"))));
}

TEST(GemmTest, InfiniteBiasIsInvalidArgument) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(onnx::ModelProto proto, ParseOnnxText(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float[1,2] y) <float[2,2] w = {1, 2, 3, 4}, float[2] c = {0, 0}> {
      y = Gemm(x, w, c)
    })"));
  proto.mutable_graph()->mutable_initializer(1)->set_float_data(0, INFINITY);
  EXPECT_THAT(NetworkFromProto(std::move(proto)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("(Gemm"), HasSubstr("input 2 (C)"), HasSubstr("infinite"))));
}

TEST(GemmTest, WrongInnerDimensionsAreInvalidArgument) {
  // A' is [1,2] but B' is [3,1]. ONNX shape inference may reject this before the lowering does;
  // either way it is a malformed model.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,2] x) => (float[1,1] y) <float[3,1] w = {1, 2, 3}> {
      y = Gemm(x, w)
    })";
  EXPECT_THAT(NetworkWithNamedNode(kModel, 0, "fc1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fc1")));
}

TEST(GemmTest, COfShapeMx1) {
  ExpectMatchesReference(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x) => (float[2,2] y)
      <float[3,2] w = {0.5, -1, 2, 0.25, -0.75, 1.5}, float[2,1] c = {10, -10}> {
      y = Gemm(x, w, c)
    })", {.b = kB, .c = {10, -10}, .c_shape = {2, 1}});
}

TEST(GemmTest, VariableCWithConstantAAndB) {
  // Y = w1 @ w2 + 0.5 * x: A and B constant, only C depends on the input.
  constexpr char kModel[] = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,2] x) => (float[2,2] y)
      <float[2,1] w1 = {1, -2}, float[1,2] w2 = {3, 0.5}> {
      y = Gemm <beta = 0.5> (w1, w2, x)
    })";
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, NetworkFromOnnxText(kModel));
  const std::vector<double> x = {1, 2, -4, 8};
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
  EXPECT_THAT(y, NearAll({3 + 0.5 * 1, 0.5 + 0.5 * 2, -6 + 0.5 * -4, -1 + 0.5 * 8}));
}

}  // namespace
}  // namespace nn2milp::testing
