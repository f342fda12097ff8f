#include "backends/mps_writer.h"

#include "backends/number_format.h"

#include <cstring>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/solvers.h"
#include "tests/testing/tiny_milp.h"

namespace nn2milp::backends {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string TinyMps() { return *MpsToString(testing::TinyMilp(), {.comment = "tiny"}); }

TEST(MpsWriterTest, UsesThePortableSubset) {
  const std::string mps = TinyMps();
  EXPECT_THAT(mps, HasSubstr("NAME nn2milp FREE\n"));           // rule 11
  EXPECT_THAT(mps, Not(HasSubstr("OBJSENSE")));                  // rule 2
  EXPECT_THAT(mps, HasSubstr("ROWS\n N obj\n"));                 // rule 3
  EXPECT_THAT(mps, HasSubstr(" MARKER 'MARKER' 'INTORG'\n b_on_0 obj -2 c_3 -10\n"));  // rule 5
  EXPECT_THAT(mps, HasSubstr(" LO BND b_on_0 0\n UP BND b_on_0 1\n"));  // explicit int bounds
  EXPECT_THAT(mps, HasSubstr(" MI BND onnx__z_0\n UP BND onnx__z_0 -1\n"));  // rule 6
  EXPECT_THAT(mps, HasSubstr(" FR BND y_0\n"));
  EXPECT_THAT(mps, HasSubstr(" OBJCONST obj 10\n"));             // rule 8
  EXPECT_THAT(mps, HasSubstr(" FX BND OBJCONST 1\n"));
  EXPECT_THAT(mps, HasSubstr("0.10000000000000002"));           // the formatter's canary
  EXPECT_TRUE(absl::EndsWith(mps, "ENDATA\n"));
  EXPECT_TRUE(absl::StartsWith(mps, "* tiny\n"));
}

// Round trip: re-read COLUMNS and RHS with a minimal free-MPS reader; every coefficient must
// come back bit for bit.
TEST(MpsWriterTest, CoefficientsRoundTripExactly) {
  const ir::MilpModel model = testing::TinyMilp();
  const NameTable names = NameTable::Build(model);
  std::map<std::pair<std::string, std::string>, double> written;
  std::string section;
  for (absl::string_view line : absl::StrSplit(TinyMps(), '\n', absl::SkipEmpty())) {
    if (line[0] != ' ') {
      section = std::string(line.substr(0, line.find(' ')));
      continue;
    }
    std::vector<std::string> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (section != "COLUMNS" || f[0] == "MARKER") continue;
    for (size_t i = 1; i + 1 < f.size(); i += 2) written[{f[0], f[i]}] = *ParseDouble(f[i + 1]);
  }
  int checked = 0;
  for (int32_t r = 0; r < model.num_rows(); ++r) {
    for (const ir::VarTerm& t : model.row_terms(ir::RowId(r))) {
      const double back = written.at({names.VarName(t.var), names.RowName(ir::RowId(r))});
      EXPECT_EQ(std::memcmp(&back, &t.coef, sizeof back), 0);
      ++checked;
    }
  }
  EXPECT_EQ(checked, model.num_nonzeros());
}

TEST(MpsWriterTest, DeclaresEmptyColumns) {
  ir::MilpBuilder b;
  const ir::NameGroupId g = b.AddNameGroup("unused");
  (void)b.AddVar(0, 1, false, {g, 0});
  EXPECT_THAT(*MpsToString(std::move(b).Build()), HasSubstr("COLUMNS\n unused_0 obj 0\n"));
}

// Independent truth: the known optimum of the format-samples model, from real readers.
TEST(MpsWriterTest, SolversFindTheKnownOptimum) {
  const std::string path = testing::WriteTempFile(TinyMps(), ".mps");
  NN2MILP_REQUIRE_PROGRAM("cbc");
  NN2MILP_REQUIRE_PROGRAM("glpsol");
  EXPECT_EQ(testing::CbcOptimum(path), testing::kTinyOptimum);
  EXPECT_EQ(testing::GlpkOptimum(path), testing::kTinyOptimum);
}

TEST(MpsWriterTest, IsDeterministic) { EXPECT_EQ(TinyMps(), TinyMps()); }

}  // namespace
}  // namespace nn2milp::backends
