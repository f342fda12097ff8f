#include "backends/map_writer.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nn2milp::backends {
namespace {

using ::testing::HasSubstr;

TEST(JsonStringTest, Escapes) {
  EXPECT_EQ(JsonString("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(JsonString(std::string("\x01", 1)), "\"\\u0001\"");
}

TEST(MapWriterTest, WritesPortsAndObjective) {
  ir::MilpBuilder b;
  const ir::VarId x = *b.AddVar(0, 1, false, {b.AddNameGroup("input.1"), 0});
  const ir::VarId y = *b.AddVar(0, 1, false, {b.AddNameGroup("9"), 0});
  const ir::MilpModel m = std::move(b).Build();
  MapSpec spec;
  spec.format = absl::StrCat("lp");
  spec.inputs = {{"input.1", {x}}};
  spec.outputs = {{"9", {y}}};
  spec.has_objective = true;
  spec.sense = absl::StrCat("maximize");
  spec.output_name = absl::StrCat("9");
  spec.index = 0;
  spec.flat_index = 0;
  spec.variable = y;
  spec.scale = -1;
  StringSink sink;
  ASSERT_TRUE(WriteMapJson(spec, NameTable::Build(m), sink).ok());
  EXPECT_THAT(sink.str(), HasSubstr("\"input.1\": [\"input_1_0\"]"));
  EXPECT_THAT(sink.str(), HasSubstr("\"9\": [\"t_9_0\"]"));
  EXPECT_THAT(sink.str(), HasSubstr("\"variable\": \"t_9_0\", \"written_sense\": \"minimize\", \"scale\": -1"));
}

}  // namespace
}  // namespace nn2milp::backends
