// MaxPool and GlobalMaxPool: compared with a direct loop over windows written from the ONNX
// formula (padded positions never win: ONNX pads MaxPool with -inf, so the inputs of the padding
// tests are all negative, where a zero padding would win), 1-D to 3-D; ReLU counts (a window of
// k input elements costs k - 1 ReLUs); unsupported cases; CBC on the encoded model.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/mps_writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "ir/problem.h"
#include "passes/bounds_interval.h"
#include "passes/encode_milp.h"
#include "tests/frontend/frontend_test_util.h"
#include "tests/frontend/ops/linear_op_test_util.h"
#include "tests/testing/solvers.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// Spatial rank 1..3. Unset strides / dilations are 1, unset pads 0. pads_begin / pads_end are
// the pads the reference uses (for auto_pad tests: the ones the spec generates, by hand).
struct Pool {
  int64_t n = 1, c = 2;
  std::vector<int64_t> in = {}, k = {}, s = {}, d = {}, pb = {}, pe = {};
  bool ceil = false;
  int opset = 13;
  std::string attrs = {};  // attribute text after kernel_shape
};

// Expands to 3 spatial dims (missing trailing dims: size 1, kernel 1).
struct Pool3 {
  int64_t in[3], k[3], s[3], d[3], pb[3], pe[3], out[3];
};

Pool3 Expand(const Pool& p) {
  Pool3 q;
  for (size_t j = 0; j < 3; ++j) {
    const bool has = j < p.in.size();
    auto at = [&](const std::vector<int64_t>& v, int64_t fallback) { return has && j < v.size() ? v[j] : fallback; };
    q.in[j] = has ? p.in[j] : 1;
    q.k[j] = at(p.k, 1);
    q.s[j] = at(p.s, 1);
    q.d[j] = at(p.d, 1);
    q.pb[j] = at(p.pb, 0);
    q.pe[j] = at(p.pe, 0);
    // ONNX: floor or ceil((in + pads - ((k - 1) * d + 1)) / s) + 1.
    const double span = static_cast<double>(q.in[j] + q.pb[j] + q.pe[j] - ((q.k[j] - 1) * q.d[j] + 1));
    q.out[j] = static_cast<int64_t>(p.ceil ? std::ceil(span / static_cast<double>(q.s[j]))
                                           : std::floor(span / static_cast<double>(q.s[j]))) + 1;
  }
  return q;
}

struct Ref {
  std::vector<double> y;
  int relus = 0;  // sum over windows of (input elements - 1)
};

Ref Reference(const Pool& p, const std::vector<double>& x) {
  const Pool3 q = Expand(p);
  const int64_t plane = q.in[0] * q.in[1] * q.in[2];
  Ref r;
  for (int64_t pl = 0; pl < p.n * p.c; ++pl)
    for (int64_t o0 = 0; o0 < q.out[0]; ++o0)
      for (int64_t o1 = 0; o1 < q.out[1]; ++o1)
        for (int64_t o2 = 0; o2 < q.out[2]; ++o2) {
          double m = -std::numeric_limits<double>::infinity();
          int count = 0;
          for (int64_t a = 0; a < q.k[0]; ++a)
            for (int64_t b = 0; b < q.k[1]; ++b)
              for (int64_t e = 0; e < q.k[2]; ++e) {
                const int64_t i0 = o0 * q.s[0] - q.pb[0] + a * q.d[0];
                const int64_t i1 = o1 * q.s[1] - q.pb[1] + b * q.d[1];
                const int64_t i2 = o2 * q.s[2] - q.pb[2] + e * q.d[2];
                if (i0 < 0 || i0 >= q.in[0] || i1 < 0 || i1 >= q.in[1] || i2 < 0 || i2 >= q.in[2]) continue;
                m = std::max(m, x[static_cast<size_t>(pl * plane + (i0 * q.in[1] + i1) * q.in[2] + i2)]);
                ++count;
              }
          r.y.push_back(m);
          r.relus += count - 1;
        }
  return r;
}

std::vector<int64_t> XShape(const Pool& p) {
  std::vector<int64_t> shape = {p.n, p.c};
  shape.insert(shape.end(), p.in.begin(), p.in.end());
  return shape;
}

std::string Model(const Pool& p) {
  return absl::StrCat(R"(<ir_version: 8, opset_import: ["" : )", p.opset, "]> g (float[", Dims(XShape(p)),
                      "] x) => (float y) { y = MaxPool <kernel_shape = [", absl::StrJoin(p.k, ","), "]",
                      p.attrs.empty() ? "" : ", ", p.attrs, "> (x) }");
}

// Points: all negative (padding must not win), mixed signs with many ties, large magnitudes.
std::vector<std::vector<double>> Points(int64_t size) {
  std::vector<std::vector<double>> points;
  for (int seed = 0; seed < 3; ++seed) {
    std::vector<double> neg = Dyadic(size, 50 + seed);
    for (double& v : neg) v = -3 - v;  // in (-5, -1]
    points.push_back(neg);
  }
  points.push_back(Dyadic(size, 7));
  std::vector<double> big = Dyadic(size, 8);
  for (size_t i = 0; i < big.size(); ++i) big[i] = big[i] * 1e8 + static_cast<double>(i) * 1e-3;
  points.push_back(big);
  std::vector<double> ties(static_cast<size_t>(size), -0.5);
  points.push_back(ties);
  return points;
}

void ExpectMatches(const Pool& p) {
  const std::string model = Model(p);
  SCOPED_TRACE(model);
  const Pool3 q = Expand(p);
  std::vector<int64_t> out_shape = {p.n, p.c};
  for (size_t j = 0; j < p.in.size(); ++j) out_shape.push_back(q.out[j]);
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
  EXPECT_THAT(net.outputs().at(0).shape, ElementsAreArray(out_shape));
  int64_t size = 1;
  for (int64_t v : XShape(p)) size *= v;
  bool counted = false;
  for (const std::vector<double>& x : Points(size)) {
    const Ref ref = Reference(p, x);
    if (!counted) {
      EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), ref.relus);
      counted = true;
    }
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    ASSERT_EQ(y.size(), ref.y.size());
    double scale = 1;  // pairwise maxima b + relu(a - b) round at the inputs' magnitude
    for (double v : x) scale = std::max(scale, std::abs(v));
    for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], ref.y[i], 1e-12 * scale) << "element " << i;
  }
}

TEST(MaxPoolTest, Defaults) { ExpectMatches({.in = {5, 6}, .k = {2, 3}}); }

TEST(MaxPoolTest, KernelOneIsTheIdentityWithoutRelus) { ExpectMatches({.in = {3, 4}, .k = {1, 1}}); }

TEST(MaxPoolTest, PadsAndStridesPaddingNeverWins) {
  ExpectMatches({.in = {5, 6}, .k = {2, 3}, .s = {2, 2}, .pb = {1, 1}, .pe = {1, 2},
                 .attrs = "pads = [1,1,1,2], strides = [2,2]"});
  // Pads as large as the kernel allows (pad < kernel): edge windows hold one input element.
  ExpectMatches({.in = {4, 4}, .k = {3, 3}, .pb = {2, 2}, .pe = {2, 2}, .attrs = "pads = [2,2,2,2]"});
}

TEST(MaxPoolTest, Dilations) {
  ExpectMatches({.in = {7, 7}, .k = {3, 2}, .s = {1, 2}, .d = {2, 3}, .pb = {1, 0}, .pe = {2, 1}, .opset = 12,
                 .attrs = "pads = [1,0,2,1], strides = [1,2], dilations = [2,3]"});
}

TEST(MaxPoolTest, CeilMode) {
  // h=5, k=2, s=2: floor gives 2 rows, ceil 3 (the last window holds one row).
  ExpectMatches({.in = {5, 6}, .k = {2, 2}, .s = {2, 2}, .ceil = true, .opset = 10,
                 .attrs = "strides = [2,2], ceil_mode = 1"});
  // With pads and dilation: rows 6 + 1 + 1, k 3, s 2 -> 4 windows, the last starting at row 5.
  ExpectMatches({.in = {6, 7}, .k = {3, 2}, .s = {2, 3}, .d = {1, 2}, .pb = {1, 0}, .pe = {1, 1}, .ceil = true,
                 .attrs = "pads = [1,0,1,1], strides = [2,3], dilations = [1,2], ceil_mode = 1"});
}

TEST(MaxPoolTest, AutoPadSame) {
  // h=4, k=2, s=1: total pad 1, at the end (UPPER) or the beginning (LOWER); w=5, k=3: 1 + 1.
  ExpectMatches({.in = {4, 5}, .k = {2, 3}, .pb = {0, 1}, .pe = {1, 1}, .attrs = "auto_pad = \"SAME_UPPER\""});
  ExpectMatches({.in = {4, 5}, .k = {2, 3}, .pb = {1, 1}, .pe = {0, 1}, .attrs = "auto_pad = \"SAME_LOWER\""});
  // With strides: h=5, k=3, s=2: out 3, total 2 -> 1 + 1; w=7, k=2, s=2: out 4, total 1 -> 0 + 1.
  ExpectMatches({.in = {5, 7}, .k = {3, 2}, .s = {2, 2}, .pb = {1, 0}, .pe = {1, 1},
                 .attrs = "auto_pad = \"SAME_UPPER\", strides = [2,2]"});
  ExpectMatches({.in = {5, 6}, .k = {2, 3}, .attrs = "auto_pad = \"VALID\""});
}

TEST(MaxPoolTest, Opset8) {
  ExpectMatches({.in = {5, 5}, .k = {3, 3}, .s = {2, 2}, .pb = {1, 1}, .pe = {1, 1}, .opset = 8,
                 .attrs = "pads = [1,1,1,1], strides = [2,2]"});
}

TEST(MaxPoolTest, BatchOfTwo) { ExpectMatches({.n = 2, .c = 3, .in = {4, 4}, .k = {2, 2}, .s = {2, 2}, .attrs = "strides = [2,2]"}); }

TEST(MaxPoolTest, OneDimensional) {
  ExpectMatches({.in = {7}, .k = {3}, .s = {2}, .pb = {1}, .pe = {1}, .attrs = "strides = [2], pads = [1,1]"});
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, EvalText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,5] x) => (float y) { y = MaxPool <kernel_shape = [2], strides = [2], pads = [0,1]> (x) })",
                                                               {-1, -2, -5, -4, -3}));
  EXPECT_THAT(y, NearAll({-1, -4, -3}));  // the last window is {x4, pad}: the pad does not win
}

TEST(MaxPoolTest, ThreeDimensional) {
  ExpectMatches({.c = 1, .in = {4, 4, 3}, .k = {2, 2, 2}, .s = {2, 1, 1}, .pb = {0, 1, 0}, .pe = {0, 0, 1},
                 .attrs = "strides = [2,1,1], pads = [0,1,0,0,0,1]"});
}

TEST(MaxPoolTest, IndicesOutputIsUnimplemented) {
  EXPECT_THAT(LowerText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,4,4] x) => (float y, int64 i) { y, i = MaxPool <kernel_shape = [2,2]> (x) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("Indices")));
}

TEST(MaxPoolTest, WindowOfOnlyPaddingIsUnimplemented) {
  // h=5, k=2, pads 1+1, s=2, ceil: the 4th window starts at row 5, the bottom pad.
  EXPECT_THAT(LowerText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,5,5] x) => (float y) {
      y = MaxPool <kernel_shape = [2,2], pads = [1,1,1,1], strides = [2,2], ceil_mode = 1> (x) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("only padding")));
}

TEST(MaxPoolTest, DilationsBeforeOpset10AreRejected) {
  EXPECT_THAT(ImportUnchecked(R"(<ir_version: 8, opset_import: ["" : 9]>
    g (float[1,1,4,4] x) => (float y) { y = MaxPool <kernel_shape = [2,2], dilations = [2,2]> (x) })"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("dilations")));
}

TEST(MaxPoolTest, ConstantInputFolds) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(R"(<ir_version: 8, opset_import: ["" : 13]>
    g (float[1,1,1,2] x) => (float[1,1,1,2] y) <float[1,1,2,4] c = {-1, 3, 0, -2, 5, -7, 0.5, 0.25}> {
      m = MaxPool <kernel_shape = [2,2], strides = [2,2]> (c)
      y = Add(x, m)
    })"));
  EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), 0);
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, 1}));
  EXPECT_THAT(y, NearAll({6, 1.5}));
}

// Every neuron's index lies inside its naming tensor (TensorInfo: "product = number of
// elements"), and no two neurons share a (tensor, index) name.
TEST(MaxPoolTest, NeuronNamesStayInsideTheirTensors) {
  for (const char* kernel : {"[2,2]", "[3,3]"}) {
    SCOPED_TRACE(kernel);
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(absl::StrCat(R"(<ir_version: 8, opset_import: ["" : 13]>
      g (float[1,2,6,6] x) => (float y) { y = MaxPool <kernel_shape = )", kernel, R"(, strides = [2,2], auto_pad = "SAME_UPPER"> (x) })")));
    std::set<std::pair<int64_t, int64_t>> seen;
    int outside = 0, duplicates = 0;
    std::string first;
    for (int32_t i = 0; i < net.num_neurons(); ++i) {
      const ir::NeuronId id(i);
      const ir::TensorInfo& t = net.tensor_info(net.tensor(id));
      int64_t elements = 1;
      for (int64_t v : t.shape) elements *= v;
      if (net.index_in_tensor(id) >= elements) {
        if (outside++ == 0) {
          first = absl::StrCat("'", t.name, "' [", Dims(t.shape), "] index ", net.index_in_tensor(id));
        }
      }
      duplicates += !seen.insert({net.tensor(id).value(), net.index_in_tensor(id)}).second;
    }
    EXPECT_EQ(outside, 0) << "neurons named outside their tensor, first: " << first;
    EXPECT_EQ(duplicates, 0);
  }
}

TEST(GlobalMaxPoolTest, MaxOverSpatialDims) {
  for (const std::vector<int64_t>& shape : {std::vector<int64_t>{1, 2, 3, 4}, {1, 3, 5}, {2, 1, 2, 2, 3}}) {
    const std::string model = absl::StrCat(R"(<ir_version: 8, opset_import: ["" : 13]> g (float[)", Dims(shape),
                                           "] x) => (float y) { y = GlobalMaxPool(x) }");
    SCOPED_TRACE(model);
    NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(model));
    std::vector<int64_t> out_shape(shape.size(), 1);
    out_shape[0] = shape[0];
    out_shape[1] = shape[1];
    EXPECT_THAT(net.outputs().at(0).shape, ElementsAreArray(out_shape));
    int64_t size = 1;
    for (int64_t v : shape) size *= v;
    const int64_t planes = shape[0] * shape[1], per = size / planes;
    EXPECT_EQ(CountNeurons(net, ir::NeuronKind::kRelu), planes * (per - 1));
    for (const std::vector<double>& x : Points(size)) {
      std::vector<double> want;
      for (int64_t p = 0; p < planes; ++p) {
        want.push_back(*std::max_element(x.begin() + p * per, x.begin() + (p + 1) * per));
      }
      NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
      ASSERT_EQ(y.size(), want.size());
      for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], want[i], 1e-12 * std::max(1.0, 2e8));
    }
  }
}

// CBC on the encoded model with the inputs fixed: the optimum is the network's value.
TEST(MaxPoolMilpTest, FixedInputsGiveThePooledValue) {
  NN2MILP_REQUIRE_PROGRAM("cbc");
  const Pool p{.c = 1, .in = {4, 5}, .k = {2, 3}, .s = {2, 2}, .pb = {1, 1}, .pe = {0, 1},
               .attrs = "pads = [1,1,0,1], strides = [2,2]"};
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net, LowerText(Model(p)));
  for (int seed = 0; seed < 3; ++seed) {
    std::vector<double> x = Dyadic(20, 90 + seed);
    if (seed == 0) {
      for (double& v : x) v = -3 - v;  // all negative
    }
    const Ref ref = Reference(p, x);
    std::vector<ir::Interval> box;
    for (double v : x) box.push_back(ir::Interval::Point(v));
    for (size_t k = 0; k < ref.y.size(); ++k) {
      for (const ir::ObjectiveSense sense : {ir::ObjectiveSense::kMaximize, ir::ObjectiveSense::kMinimize}) {
        SCOPED_TRACE(absl::StrCat("seed ", seed, ", output ", k));
        ir::Network copy = net;
        const ir::Problem problem{box, sense, static_cast<int64_t>(k)};
        Diagnostics diag;
        passes::PassContext ctx{problem, diag};
        passes::BoundsIntervalPass bounds;
        ASSERT_TRUE(bounds.Run(copy, ctx).ok());
        NN2MILP_ASSERT_OK_AND_ASSIGN(passes::Encoding enc, passes::EncodeMilp(copy, problem));
        NN2MILP_ASSERT_OK_AND_ASSIGN(std::string mps, backends::MpsToString(enc.model));
        const std::optional<double> opt = CbcOptimum(WriteTempFile(mps, ".mps"));
        ASSERT_TRUE(opt.has_value());
        const double want = sense == ir::ObjectiveSense::kMaximize ? -ref.y[k] : ref.y[k];
        EXPECT_NEAR(*opt, want, 1e-9 * std::max(1.0, std::abs(want)));
      }
    }
  }
}

}  // namespace
}  // namespace nn2milp::testing
