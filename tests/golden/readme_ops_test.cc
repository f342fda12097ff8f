// The README's table of supported ONNX ops is generated from the op registry
// (frontend/op_table.cc), so it cannot drift: this test renders the table and compares it with
// the text between the markers in README.md. NN2MILP_UPDATE_GOLDEN=1 rewrites it.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "frontend/onnx_loader.h"
#include "frontend/op_table.h"
#include "gtest/gtest.h"

namespace nn2milp {
namespace {

constexpr char kBegin[] = "<!-- BEGIN GENERATED OP TABLE (tests/golden/readme_ops_test.cc) -->\n";
constexpr char kEnd[] = "<!-- END GENERATED OP TABLE -->\n";

std::string RenderTable() {
  std::string t = absl::StrCat("Opsets ", frontend::kMinOpset, " to ", frontend::kMaxOpset,
                               " of the default ONNX domain.\n\n",
                               "| op | attributes | encoding |\n|---|---|---|\n");
  for (const frontend::OpEntry& op : frontend::OpTable()) {
    absl::StrAppend(&t, "| ", op.op_type, " | ", op.attributes, " | ", op.encoding, " |\n");
  }
  return t;
}

TEST(ReadmeTest, OpTableMatchesTheRegistry) {
  const std::string path = std::string(NN2MILP_SOURCE_DIR) + "/README.md";
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string readme = ss.str();
  const size_t begin = readme.find(kBegin), end = readme.find(kEnd);
  ASSERT_NE(begin, std::string::npos) << "README.md lacks the op table markers";
  ASSERT_NE(end, std::string::npos);
  const size_t body = begin + sizeof(kBegin) - 1;
  const std::string expected = RenderTable();
  if (std::getenv("NN2MILP_UPDATE_GOLDEN") != nullptr) {
    readme.replace(body, end - body, expected);
    std::ofstream(path) << readme;
    return;
  }
  EXPECT_EQ(readme.substr(body, end - body), expected)
      << "run NN2MILP_UPDATE_GOLDEN=1 ctest -R readme to regenerate the table";
}

}  // namespace
}  // namespace nn2milp
