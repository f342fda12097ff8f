#include "backends/sink.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::backends {
namespace {

namespace fs = std::filesystem;
using ::nn2milp::testing::IsOk;

fs::path FreshDir() {
  char tmpl[] = "/tmp/nn2milp_sink_XXXXXX";
  return fs::path(::mkdtemp(tmpl));
}

TEST(AtomicFileSinkTest, FileAppearsOnlyOnCommit) {
  const fs::path dir = FreshDir();
  const std::string path = (dir / "out.mps").string();
  auto sink = AtomicFileSink::Open(path);
  ASSERT_THAT(sink, IsOk());
  ASSERT_THAT((*sink)->Write("hello\n"), IsOk());
  EXPECT_FALSE(fs::exists(path));
  ASSERT_THAT((*sink)->Commit(), IsOk());
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "hello");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(AtomicFileSinkTest, NothingIsLeftWithoutCommit) {
  const fs::path dir = FreshDir();
  {
    auto sink = AtomicFileSink::Open((dir / "out.lp").string());
    ASSERT_THAT(sink, IsOk());
    ASSERT_THAT((*sink)->Write("partial"), IsOk());
  }
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(AtomicFileSinkTest, RefusesDirectoriesAndMissingParents) {
  const fs::path dir = FreshDir();
  EXPECT_FALSE(AtomicFileSink::Open(dir.string()).ok());
  EXPECT_EQ(AtomicFileSink::Open((dir / "no" / "such" / "x.mps").string()).status().code(),
            absl::StatusCode::kNotFound);
}

// A sink that fails like a full disk: the writer keeps the first error and returns it.
TEST(BufferedWriterTest, ReturnsTheSinksError) {
  struct FullSink : Sink {
    absl::Status Write(absl::string_view) override { return absl::DataLossError("No space left on device"); }
  } full;
  BufferedWriter w(full);
  w.Append(std::string(3 << 20, 'x'));
  w.MaybeFlush();
  EXPECT_EQ(w.Finish().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace nn2milp::backends
