#include "backends/number_format.h"

#include <cstring>
#include <limits>
#include <random>

#include "gtest/gtest.h"

namespace nn2milp::backends {
namespace {

double FromBits(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

TEST(NumberFormatTest, ShortestRoundTripExamples) {
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatDouble(0.10000000000000002), "0.10000000000000002");  // the canary
  EXPECT_EQ(FormatDouble(1e-07), "1e-07");
  EXPECT_EQ(FormatDouble(4503599627370497.0), "4503599627370497");
  EXPECT_EQ(FormatDouble(-2.5), "-2.5");
  EXPECT_EQ(FormatDouble(1.0), "1");
  // float32 weights are written as their exact double value.
  EXPECT_EQ(FormatDouble(static_cast<double>(0.1f)), "0.10000000149011612");
}

TEST(NumberFormatTest, NegativeZeroPrintsAsZero) { EXPECT_EQ(FormatDouble(-0.0), "0"); }

// Property: every finite double survives format -> parse bit for bit (1e6 random bit patterns
// and float32 weights widened to double).
TEST(NumberFormatTest, RandomBitPatternsRoundTrip) {
  std::mt19937_64 rng(7);
  int checked = 0;
  for (int i = 0; i < 1000000; ++i) {
    const double d = FromBits(rng());
    if (!std::isfinite(d)) continue;
    const std::string s = FormatDouble(d);
    ASSERT_LE(s.size(), 24u) << s;
    const std::optional<double> back = ParseDouble(s);
    ASSERT_TRUE(back.has_value()) << s;
    ASSERT_EQ(std::memcmp(&d, &*back, sizeof d), 0) << s;
    ++checked;
  }
  EXPECT_GT(checked, 990000);
  std::normal_distribution<float> weight(0, 0.1f);
  for (int i = 0; i < 200000; ++i) {
    const double w = weight(rng);
    ASSERT_EQ(*ParseDouble(FormatDouble(w)), w);
  }
}

TEST(NumberFormatTest, DenormalsAndExtremesRoundTrip) {
  for (double d : {std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::min(),
                   std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(),
                   static_cast<double>(std::numeric_limits<float>::denorm_min())}) {
    EXPECT_EQ(*ParseDouble(FormatDouble(d)), d);
  }
}

TEST(ParseDoubleTest, RejectsWhatIsNotAWholeFiniteNumber) {
  EXPECT_EQ(ParseDouble("1.5"), 1.5);
  EXPECT_EQ(ParseDouble("+2"), 2.0);
  EXPECT_EQ(ParseDouble("-1e-3"), -1e-3);
  for (const char* bad : {"", "+", "nan", "inf", "-inf", "1.5x", " 1", "1 ", "0x10", "1e999"}) {
    EXPECT_FALSE(ParseDouble(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace nn2milp::backends
