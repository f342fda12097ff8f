#include "tests/testing/solvers.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ir/base/number_parse.h"

namespace nn2milp::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

bool HaveProgram(const std::string& name) {
  return std::system(absl::StrCat("command -v ", name, " >/dev/null 2>&1").c_str()) == 0;
}

std::string WriteTempFile(const std::string& contents, const std::string& suffix) {
  char dir[] = "/tmp/nn2milp_test_XXXXXX";
  const char* d = ::mkdtemp(dir);
  const std::string path = absl::StrCat(d == nullptr ? "/tmp" : d, "/model", suffix);
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

std::optional<double> CbcOptimum(const std::string& path) {
  const std::string sol = path + ".cbc.sol";
  std::remove(sol.c_str());
  const std::string cmd = absl::StrCat("timeout 60 cbc ", path, " -solve -solu ", sol, " >/dev/null 2>&1");
  if (std::system(cmd.c_str()) != 0) return std::nullopt;
  const std::string text = ReadAll(sol);
  // "Optimal - objective value 3.50000000"
  if (!absl::StartsWith(text, "Optimal - objective value")) return std::nullopt;
  std::vector<std::string> words = absl::StrSplit(text.substr(0, text.find('\n')), ' ', absl::SkipEmpty());
  return ParseDouble(words.back());
}

std::optional<double> GlpkOptimum(const std::string& path) {
  const std::string out = path + ".glpk.w";
  const bool lp = absl::EndsWith(path, ".lp");
  const std::string cmd = absl::StrCat("timeout 60 glpsol ", lp ? "--lp " : "--freemps ", path,
                                       " -w ", out, " >/dev/null 2>&1");
  if (std::system(cmd.c_str()) != 0) return std::nullopt;
  // Machine-readable solution: a line "s mip <rows> <cols> o <objective>".
  for (absl::string_view line : absl::StrSplit(ReadAll(out), '\n')) {
    if (!absl::StartsWith(line, "s mip ")) continue;
    std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (words.size() < 6 || words[4] != "o") return std::nullopt;
    return ParseDouble(words[5]);
  }
  return std::nullopt;
}

}  // namespace nn2milp::testing
