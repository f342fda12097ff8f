// Helpers shared by the .nl writer tests (nl_writer_test.cc, nl_writer_smooth_test.cc): a
// temporary directory, file and process I/O, and the canonical form of nldump_asl's dump.
#ifndef NN2MILP_TESTS_BACKENDS_NL_TEST_UTIL_H_
#define NN2MILP_TESTS_BACKENDS_NL_TEST_UTIL_H_

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "backends/nl_writer.h"
#include "backends/number_format.h"

namespace nn2milp::backends::nl_testing {

// A fresh directory under /tmp, removed with its files at scope exit.
class TempDir {
 public:
  TempDir() {
    char dir[] = "/tmp/nn2milp_nl_test_XXXXXX";
    const char* d = ::mkdtemp(dir);
    path_ = d == nullptr ? "" : d;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary) << contents;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes <dir>/<stem>.{nl,col,row} and returns <dir>/<stem>.
inline std::string WriteStub(const std::string& dir, const std::string& stem, const NlFiles& files) {
  const std::string stub = absl::StrCat(dir, "/", stem);
  WriteFile(stub + ".nl", files.nl);
  WriteFile(stub + ".col", files.col);
  WriteFile(stub + ".row", files.row);
  return stub;
}

// Runs `command`; returns its stdout, or "<exit N>" appended on failure.
inline std::string RunCapture(const std::string& command) {
  std::string out;
  std::FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return "<popen failed>";
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
  const int rc = ::pclose(p);
  if (rc != 0) absl::StrAppend(&out, "<exit ", rc, ">");
  return out;
}

// Numbers in canonical dumps: shortest round trip (exact) or +-inf.
inline std::string Num(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return FormatDouble(x);
}

// Re-renders the dumper's hex floats with Num() so both dumps use one spelling; sorted lines.
inline std::vector<std::string> CanonicalDump(const std::string& dump) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(dump, '\n', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, ' ');
    const size_t first_number = f[0] == "var" ? 4 : f[0] == "con" ? 3 : f[0] == "obj" ? 4
                                : (f[0] == "A" || f[0] == "G") ? 3 : f.size();
    for (size_t i = first_number; i < f.size(); ++i) f[i] = Num(std::strtod(f[i].c_str(), nullptr));
    lines.push_back(absl::StrJoin(f, " "));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace nn2milp::backends::nl_testing

#endif  // NN2MILP_TESTS_BACKENDS_NL_TEST_UTIL_H_
