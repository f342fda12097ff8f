// The public API (include/nn2milp/nn2milp.h): loading, the network handle, problem and option
// validation, statistics and names, and that every writer produces the bytes `nn2milp compile`
// writes for the same problem (tools::RunCompile is the reference).
#include "nn2milp/nn2milp.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tools/commands/compile.h"

namespace nn2milp {
namespace {

namespace fs = std::filesystem;
using ::nn2milp::testing::IsOk;
using ::nn2milp::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ModelPath(const std::string& name) {
  return std::string(NN2MILP_SOURCE_DIR) + "/tests/models/" + name;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh directory per test.
fs::path TestDir() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(::testing::TempDir()) / "nn2milp_api_test" / info->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Options with one field changed (designated initializers that omit trailing fields trip g++ 12's
// -Wmissing-field-initializers).
CompileOptions Bounds(std::string bounds, double seconds = 10) {
  CompileOptions o;
  o.bounds = std::move(bounds);
  o.bound_time_seconds = seconds;
  return o;
}
CompileOptions BoundTime(double seconds) { return Bounds("symbolic", seconds); }
CompileOptions Passes(std::string passes) {
  CompileOptions o;
  o.passes = std::move(passes);
  return o;
}
CompileOptions Exact() {
  CompileOptions o;
  o.exact_coefficients = true;
  return o;
}

Problem MaximizeOverBox(const Network& net, int64_t output, double lo, double hi) {
  Problem p;
  p.input_box.assign(static_cast<size_t>(net.num_input_elements()), {lo, hi});
  p.sense = Problem::kMaximize;
  p.objective_output = output;
  return p;
}

TEST(ApiTest, VersionIsThePackageVersion) { EXPECT_STREQ(Version(), "0.1.0"); }

TEST(ApiTest, LoadNetworkDescribesThePorts) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(ModelPath("surrogate_mlp.onnx")));
  ASSERT_EQ(net.inputs().size(), 1u);
  ASSERT_EQ(net.outputs().size(), 1u);
  // The symbolic batch dimension is fixed to 1.
  EXPECT_THAT(net.inputs()[0].shape, ElementsAre(1, 2));
  EXPECT_EQ(net.inputs()[0].num_elements, 2);
  EXPECT_EQ(net.outputs()[0].num_elements, 1);
  EXPECT_EQ(net.num_input_elements(), 2);
  EXPECT_EQ(net.num_output_elements(), 1);
  EXPECT_EQ(net.path(), ModelPath("surrogate_mlp.onnx"));
  EXPECT_THAT(net.warnings(), ::testing::IsEmpty());
}

TEST(ApiTest, LoadNetworkErrorsNameTheFile) {
  const std::string missing = ModelPath("no_such_model.onnx");
  EXPECT_THAT(LoadNetwork(missing), StatusIs(absl::StatusCode::kNotFound, StartsWith(missing)));
  EXPECT_THAT(LoadNetwork(ModelPath("bad/truncated.onnx")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("truncated.onnx")));
  EXPECT_THAT(LoadNetwork(ModelPath("bad/unknown_op.onnx")),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("sin_node")));
}

TEST(ApiTest, StripTrailingSoftmaxIsOptInAndWarns) {
  const std::string path = ModelPath("bad/softmax_tail.onnx");
  EXPECT_THAT(LoadNetwork(path), StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("Softmax")));
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net,
                               LoadNetwork(path, {.strip_trailing_softmax = true}));
  EXPECT_THAT(net.warnings(), ElementsAre(HasSubstr("softmax_out")));
}

TEST(ApiTest, SmoothActivationsAreOptInAndWrittenOnlyAsNl) {
  const std::string path = ModelPath("smooth_mlp.onnx");
  EXPECT_THAT(LoadNetwork(path), StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("-o model.nl")));
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(path, {.strip_trailing_softmax = false,
                                                                     .smooth_activations = true}));
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel model, Compile(net, MaximizeOverBox(net, 0, -1, 1)));
  const std::string dir = ::testing::TempDir();
  EXPECT_THAT(model.WriteMps(dir + "/smooth_api.mps"),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("nonlinear")));
  EXPECT_FALSE(std::filesystem::exists(dir + "/smooth_api.mps"));
  EXPECT_TRUE(model.WriteNl(dir + "/smooth_api.nl").ok());
  EXPECT_TRUE(std::filesystem::exists(dir + "/smooth_api.nl"));
  // Reduced space: the Sigmoid, Tanh and Softplus layers (8 + 8 + 6) lose their variables.
  CompileOptions reduced;
  reduced.nl_reduced = true;
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel small, Compile(net, MaximizeOverBox(net, 0, -1, 1), reduced));
  EXPECT_EQ(small.stats().variables, model.stats().variables - 22);
}

TEST(ApiTest, CompileRejectsProblemsThatDoNotFit) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(ModelPath("surrogate_mlp.onnx")));
  Problem p = MaximizeOverBox(net, 0, -1, 1);
  p.input_box.pop_back();
  EXPECT_THAT(Compile(net, p), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2")));
  p = MaximizeOverBox(net, 1, -1, 1);
  EXPECT_THAT(Compile(net, p), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1")));
  p = MaximizeOverBox(net, 0, 1, -1);
  EXPECT_THAT(Compile(net, p), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  p = MaximizeOverBox(net, 0, -1, std::numeric_limits<double>::infinity());
  EXPECT_THAT(Compile(net, p), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  p = MaximizeOverBox(net, 0, -1, 1);
  p.sense = static_cast<Problem::Sense>(7);
  EXPECT_THAT(Compile(net, p), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sense")));
}

TEST(ApiTest, CompileRejectsBadOptions) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(ModelPath("surrogate_mlp.onnx")));
  const Problem p = MaximizeOverBox(net, 0, -1, 1);
  EXPECT_THAT(Compile(net, p, Bounds("strong")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'strong'")));
  EXPECT_THAT(Compile(net, p, BoundTime(-1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bound_time_seconds")));
  EXPECT_THAT(Compile(net, p, BoundTime(std::nan(""))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bound_time_seconds")));
  EXPECT_THAT(Compile(net, p, Passes("bounds_magic")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bounds_magic")));
  // Without any bound pass, the big-M encoding has no bounds to use.
  EXPECT_THAT(Compile(net, p, Passes("cleanup_coefficients")),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
}

TEST(ApiTest, StatsAndNamesDescribeTheModel) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(ModelPath("surrogate_mlp.onnx")));
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel milp,
                               Compile(net, MaximizeOverBox(net, 0, -1, 1)));
  const CompileStats& s = milp.stats();
  EXPECT_GT(s.variables, 0);
  EXPECT_GT(s.rows, 0);
  EXPECT_GE(s.nonzeros, s.rows);
  EXPECT_EQ(s.relus, 48);  // 2-16-16-16-1
  EXPECT_EQ(s.stable_active + s.stable_inactive + s.unstable, s.relus);
  EXPECT_EQ(s.binaries, s.unstable);
  EXPECT_GT(s.unstable, 0);
  EXPECT_GT(s.max_big_m, 0);
  EXPECT_EQ(milp.objective_scale(), -1);
  ASSERT_EQ(milp.input_variable_names().size(), 2u);
  ASSERT_EQ(milp.output_variable_names().size(), 1u);
  EXPECT_NE(milp.input_variable_names()[0], milp.input_variable_names()[1]);
  EXPECT_EQ(milp.objective_variable_name(), milp.output_variable_names()[0]);
  // Renamed variables are notes, not warnings.
  EXPECT_THAT(milp.warnings(), ::testing::IsEmpty());

  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel exact,
                               Compile(net, MaximizeOverBox(net, 0, -1, 1), Exact()));
  EXPECT_EQ(exact.stats().removed_weights, 0);
  EXPECT_EQ(exact.stats().max_output_deviation, 0);
}

TEST(ApiTest, FeasibilityAndMinimizationProblems) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(ModelPath("surrogate_mlp.onnx")));
  Problem p = MaximizeOverBox(net, 0, -1, 1);
  p.sense = Problem::kMinimize;
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel min, Compile(net, p));
  EXPECT_EQ(min.objective_scale(), 1);
  p.sense = Problem::kNone;
  p.objective_output = 99;  // ignored without an objective
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel feas, Compile(net, p));
  EXPECT_EQ(feas.objective_variable_name(), "");
  EXPECT_EQ(feas.objective_scale(), 1);
}

TEST(ApiTest, TighterBoundsNeverNeedMoreBinaries) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(ModelPath("surrogate_mlp.onnx")));
  const Problem p = MaximizeOverBox(net, 0, -1, 1);
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel ia, Compile(net, p, Bounds("ia")));
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel sym, Compile(net, p, Bounds("symbolic")));
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel lp, Compile(net, p, Bounds("lp", 30)));
  EXPECT_LE(sym.stats().binaries, ia.stats().binaries);
  EXPECT_LE(lp.stats().binaries, sym.stats().binaries);
  EXPECT_LE(sym.stats().max_big_m, ia.stats().max_big_m);
}

// Compiles the same problem with the CLI's RunCompile and with the API and compares the bytes of
// every file, in every format (the API documents that it writes what `nn2milp compile` writes).
TEST(ApiTest, WritesTheSameBytesAsTheCli) {
  const fs::path dir = TestDir();
  const std::string model = ModelPath("surrogate_mlp.onnx");
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(model));
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel milp,
                               Compile(net, MaximizeOverBox(net, 0, -1, 1)));
  for (const std::string format : {"mps", "lp", "nl"}) {
    SCOPED_TRACE(format);
    tools::CompileOptions cli;
    cli.model = model;
    cli.output = (dir / ("cli." + format)).string();
    cli.input_bounds = "-1:1";
    cli.maximize = 0;
    cli.map = (dir / ("cli." + format + ".json")).string();
    ASSERT_THAT(tools::RunCompile(cli), IsOk());

    const fs::path api = dir / ("api." + format);
    const absl::Status written = format == "mps"  ? milp.WriteMps(api.string())
                                 : format == "lp" ? milp.WriteLp(api.string())
                                                  : milp.WriteNl(api.string());
    ASSERT_THAT(written, IsOk());
    ASSERT_THAT(milp.WriteMap((dir / ("api." + format + ".json")).string(), format), IsOk());

    EXPECT_FALSE(ReadFile(api).empty());
    EXPECT_EQ(ReadFile(api), ReadFile(cli.output));
    EXPECT_EQ(ReadFile(dir / ("api." + format + ".json")), ReadFile(cli.map));
    if (format == "nl") {
      EXPECT_EQ(ReadFile(dir / "api.col"), ReadFile(dir / "cli.col"));
      EXPECT_EQ(ReadFile(dir / "api.row"), ReadFile(dir / "cli.row"));
    }
  }
  // The names the API reports are the ones in the files.
  const std::string mps = ReadFile(dir / "api.mps");
  for (const std::string& name : milp.input_variable_names()) EXPECT_THAT(mps, HasSubstr(name));
  EXPECT_THAT(mps, HasSubstr(milp.objective_variable_name()));
}

TEST(ApiTest, CompileLeavesTheNetworkUnchanged) {
  const fs::path dir = TestDir();
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(ModelPath("surrogate_mlp.onnx")));
  const Network copy = net;  // shares the data
  // Compiling with wide and then narrow boxes must not leak bounds from one compile to the next.
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel first,
                               Compile(net, MaximizeOverBox(net, 0, -0.1, 0.1)));
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel wide,
                               Compile(copy, MaximizeOverBox(copy, 0, -1, 1)));
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel again,
                               Compile(net, MaximizeOverBox(net, 0, -0.1, 0.1)));
  ASSERT_THAT(first.WriteLp((dir / "first.lp").string()), IsOk());
  ASSERT_THAT(again.WriteLp((dir / "again.lp").string()), IsOk());
  EXPECT_EQ(ReadFile(dir / "first.lp"), ReadFile(dir / "again.lp"));
  EXPECT_GE(wide.stats().unstable, first.stats().unstable);
}

TEST(ApiTest, WriteErrorsNameThePathAndLeaveNoFile) {
  const fs::path dir = TestDir();
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(ModelPath("surrogate_mlp.onnx")));
  NN2MILP_ASSERT_OK_AND_ASSIGN(const CompiledModel milp,
                               Compile(net, MaximizeOverBox(net, 0, -1, 1)));
  const std::string missing_dir = (dir / "no_such_dir" / "out.mps").string();
  EXPECT_THAT(milp.WriteMps(missing_dir),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(missing_dir)));
  EXPECT_THAT(milp.WriteLp(dir.string()),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("directory")));
  EXPECT_THAT(milp.WriteMap((dir / "m.json").string(), "gams"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("gams")));
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(ApiTest, CompiledModelIsMovable) {
  NN2MILP_ASSERT_OK_AND_ASSIGN(const Network net, LoadNetwork(ModelPath("surrogate_mlp.onnx")));
  NN2MILP_ASSERT_OK_AND_ASSIGN(CompiledModel a, Compile(net, MaximizeOverBox(net, 0, -1, 1)));
  const int64_t rows = a.stats().rows;
  CompiledModel b = std::move(a);
  EXPECT_EQ(b.stats().rows, rows);
  // The name table inside still refers to the model it was built for.
  const fs::path dir = TestDir();
  ASSERT_THAT(b.WriteMps((dir / "moved.mps").string()), IsOk());
  EXPECT_THAT(ReadFile(dir / "moved.mps"), HasSubstr(b.objective_variable_name()));
}

}  // namespace
}  // namespace nn2milp
