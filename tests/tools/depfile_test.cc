#include "tools/depfile.h"

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::tools {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::nn2milp::testing::IsOk;
using ::nn2milp::testing::StatusIs;

TEST(DepfileTest, EscapesTheMakeWay) {
  EXPECT_EQ(*EscapeMakePath("dir/net.onnx"), "dir/net.onnx");
  EXPECT_EQ(*EscapeMakePath("my net.onnx"), "my\\ net.onnx");
  EXPECT_EQ(*EscapeMakePath("a\tb"), "a\\\tb");
  EXPECT_EQ(*EscapeMakePath("w#1"), "w\\#1");
  EXPECT_EQ(*EscapeMakePath("$HOME"), "$$HOME");
  // A backslash before a blank is doubled, then the blank is escaped: `a\ b` reads back as a\ b.
  EXPECT_EQ(*EscapeMakePath("a\\ b"), "a\\\\\\ b");
  // Other backslashes stay as they are.
  EXPECT_EQ(*EscapeMakePath("a\\b"), "a\\b");
  EXPECT_THAT(EscapeMakePath("a\nb").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line break")));
  EXPECT_THAT(EscapeMakePath("").status(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
}

TEST(DepfileTest, OneRuleWithoutDuplicates) {
  EXPECT_EQ(*DepfileText("out dir/m.mps", {"n.onnx", "w.bin", "n.onnx", "p.vnnlib"}),
            "out\\ dir/m.mps: n.onnx w.bin p.vnnlib\n");
  EXPECT_EQ(*DepfileText("m.mps", {}), "m.mps:\n");
}

TEST(DepfileTest, InputFilesOfACompile) {
  CompileOptions o;
  o.model = NN2MILP_SOURCE_DIR "/tests/models/surrogate_mlp.onnx";
  o.input_bounds = "-1:1";  // not a file
  EXPECT_THAT(*CompileInputFiles(o), ElementsAre(o.model));
  const std::filesystem::path box = std::filesystem::path(::testing::TempDir()) / "depfile_test box.txt";
  std::ofstream(box) << "-1 1\n-1 1\n";
  o.input_bounds = box.string();
  o.spec = "prop.vnnlib";  // listed as given (the compile reads it; it need not exist here)
  EXPECT_THAT(*CompileInputFiles(o), ElementsAre(o.model, "prop.vnnlib", box.string()));
  o.model = "no_such_model.onnx";
  EXPECT_THAT(CompileInputFiles(o).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no_such_model.onnx")));
}

}  // namespace
}  // namespace nn2milp::tools
