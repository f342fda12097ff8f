// LoadOnnxModel: file errors, corrupt protobufs, and external data (resolved relative to the
// model's directory, never outside it). Files are written to a per-test temporary directory.
#include "frontend/onnx_loader.h"

#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "frontend/importer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/evaluate.h"
#include "tests/frontend/frontend_test_util.h"
#include "tests/testing/onnx_text.h"
#include "tests/testing/status_matchers.h"

namespace nn2milp::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kModel[] = R"(
  <ir_version: 8, opset_import: ["" : 13]>
  g (float[1,2] x) => (float[1,2] y) <float[2,2] w = {1, 2, 3, 4}> { y = MatMul(x, w) })";

class OnnxLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::path(::testing::TempDir()) / (std::string("nn2milp_loader_") + info->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "model");
  }
  void TearDown() override { fs::remove_all(root_); }

  static void WriteFile(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  // kModel with `w` moved to external data at `location` (relative to the model), preceded by
  // `offset` padding bytes in `data_file`.
  static onnx::ModelProto ExternalModel(const std::string& location) {
    onnx::ModelProto proto = *ParseOnnxText(kModel);
    onnx::TensorProto* w = proto.mutable_graph()->mutable_initializer(0);
    w->clear_float_data();
    w->set_data_location(onnx::TensorProto::EXTERNAL);
    auto add = [w](const std::string& k, const std::string& v) {
      onnx::StringStringEntryProto* e = w->add_external_data();
      e->set_key(k);
      e->set_value(v);
    };
    add("location", location);
    add("offset", "8");
    add("length", "16");
    return proto;
  }
  // 8 bytes of padding, then the float32 weights {0.5, -1, 2, 0.25}.
  static std::string WeightBytes() {
    const float w[] = {0.5f, -1.0f, 2.0f, 0.25f};
    std::string bytes(8, '\x7f');
    bytes.append(reinterpret_cast<const char*>(w), sizeof(w));
    return bytes;
  }

  fs::path root_;
};

TEST_F(OnnxLoaderTest, NonexistentPathIsNotFound) {
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "missing.onnx").string(), diag),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no such file")));
}

TEST_F(OnnxLoaderTest, LoadNetworkPrefixesThePath) {
  Diagnostics diag;
  const std::string path = (root_ / "missing.onnx").string();
  EXPECT_THAT(frontend::LoadNetwork(path, diag),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(path + ": ")));
}

TEST_F(OnnxLoaderTest, DirectoryIsAnError) {
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "model").string(), diag),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("directory")));
}

TEST_F(OnnxLoaderTest, GarbageBytesAreInvalidArgument) {
  // 't' = 0x74 is field 14 with wire type 4 (end group) without a start: never valid protobuf.
  WriteFile(root_ / "garbage.onnx", "this is not an onnx model");
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "garbage.onnx").string(), diag),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a valid ONNX model")));
}

TEST_F(OnnxLoaderTest, EmptyFileIsInvalidArgument) {
  WriteFile(root_ / "empty.onnx", "");
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "empty.onnx").string(), diag),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a valid ONNX model")));
}

TEST_F(OnnxLoaderTest, TruncatedModelIsInvalidArgument) {
  const std::string bytes = ParseOnnxText(kModel)->SerializeAsString();
  Diagnostics diag;
  // Every cut point: either the protobuf no longer parses or the remainder fails the checks.
  for (size_t cut = 1; cut < bytes.size(); ++cut) {
    WriteFile(root_ / "cut.onnx", bytes.substr(0, cut));
    EXPECT_THAT(frontend::LoadOnnxModel((root_ / "cut.onnx").string(), diag),
                StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_))
        << "cut at " << cut << " of " << bytes.size();
  }
}

TEST_F(OnnxLoaderTest, SerializedModelRoundTrips) {
  WriteFile(root_ / "model" / "m.onnx", ParseOnnxText(kModel)->SerializeAsString());
  Diagnostics diag;
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net,
                               frontend::LoadNetwork((root_ / "model" / "m.onnx").string(), diag));
  NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, {1, -1}));
  EXPECT_THAT(y, NearAll({1 - 3, 2 - 4}));
}

TEST_F(OnnxLoaderTest, ExternalDataIsReadRelativeToTheModel) {
  fs::create_directories(root_ / "model" / "data");
  WriteFile(root_ / "model" / "data" / "w.bin", WeightBytes());
  WriteFile(root_ / "model" / "m.onnx", ExternalModel("data/w.bin").SerializeAsString());
  Diagnostics diag;
  NN2MILP_ASSERT_OK_AND_ASSIGN(ir::Network net,
                               frontend::LoadNetwork((root_ / "model" / "m.onnx").string(), diag));
  // y = x @ [[0.5, -1], [2, 0.25]].
  for (const std::vector<double>& x : {std::vector<double>{1, 0}, {0, 1}, {3, -2}}) {
    NN2MILP_ASSERT_OK_AND_ASSIGN(std::vector<double> y, ir::Evaluate(net, x));
    EXPECT_THAT(y, NearAll({0.5 * x[0] + 2 * x[1], -1 * x[0] + 0.25 * x[1]}));
  }
}

TEST_F(OnnxLoaderTest, ExternalDataLeavingTheModelDirectoryIsRefused) {
  WriteFile(root_ / "w.bin", WeightBytes());  // exists, but outside root_/model
  WriteFile(root_ / "model" / "m.onnx", ExternalModel("../w.bin").SerializeAsString());
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "model" / "m.onnx").string(), diag),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("tensor 'w'"), HasSubstr("'../w.bin'"),
                             HasSubstr("the model's directory"))));
}

TEST_F(OnnxLoaderTest, AbsoluteExternalDataPathIsRefused) {
  WriteFile(root_ / "model" / "w.bin", WeightBytes());
  WriteFile(root_ / "model" / "m.onnx",
            ExternalModel((root_ / "model" / "w.bin").string()).SerializeAsString());
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "model" / "m.onnx").string(), diag),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("the model's directory")));
}

TEST_F(OnnxLoaderTest, MissingExternalDataFileIsNotFound) {
  WriteFile(root_ / "model" / "m.onnx", ExternalModel("absent.bin").SerializeAsString());
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "model" / "m.onnx").string(), diag),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'absent.bin'")));
}

TEST_F(OnnxLoaderTest, ExternalDataShorterThanLengthIsInvalidArgument) {
  WriteFile(root_ / "model" / "w.bin", WeightBytes().substr(0, 20));
  WriteFile(root_ / "model" / "m.onnx", ExternalModel("w.bin").SerializeAsString());
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "model" / "m.onnx").string(), diag),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("outside the file")));
}

TEST_F(OnnxLoaderTest, SiblingDirectorySharingAPrefixIsOutside) {
  // root/model_data is not inside root/model even though the strings share a prefix.
  fs::create_directories(root_ / "model_data");
  WriteFile(root_ / "model_data" / "w.bin", WeightBytes());
  WriteFile(root_ / "model" / "m.onnx", ExternalModel("../model_data/w.bin").SerializeAsString());
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "model" / "m.onnx").string(), diag),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("the model's directory")));
}

TEST_F(OnnxLoaderTest, DotDotThatStaysInsideIsAccepted) {
  fs::create_directories(root_ / "model" / "data");
  WriteFile(root_ / "model" / "w.bin", WeightBytes());
  WriteFile(root_ / "model" / "m.onnx", ExternalModel("data/../w.bin").SerializeAsString());
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "model" / "m.onnx").string(), diag), IsOk());
}

TEST_F(OnnxLoaderTest, NonNumericExternalDataOffsetOrLengthIsInvalidArgument) {
  // offset and length are text in the protobuf; a bad number must be a Status, not an exception
  // escaping the loader (std::stoll throws invalid_argument / out_of_range).
  WriteFile(root_ / "model" / "w.bin", WeightBytes());
  struct Case { int entry; const char* value; };  // entry 1 = offset, 2 = length
  for (const Case& c : {Case{1, "eight"}, Case{1, "99999999999999999999999"}, Case{1, "-8"},
                        Case{2, "sixteen"}}) {
    onnx::ModelProto proto = ExternalModel("w.bin");
    proto.mutable_graph()->mutable_initializer(0)->mutable_external_data(c.entry)->set_value(c.value);
    WriteFile(root_ / "model" / "m.onnx", proto.SerializeAsString());
    Diagnostics diag;
    absl::StatusOr<frontend::LoadedModel> model;
    try {
      model = frontend::LoadOnnxModel((root_ / "model" / "m.onnx").string(), diag);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "entry " << c.entry << " = " << c.value << ": exception " << e.what();
      continue;
    }
    EXPECT_THAT(model, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tensor 'w'")))
        << "entry " << c.entry << " = " << c.value;
  }
}

TEST_F(OnnxLoaderTest, HugeExternalDataLengthIsInvalidArgument) {
  // offset 8 + length INT64_MAX overflows int64; the range check must not be fooled into
  // reading "to the end of the file".
  WriteFile(root_ / "model" / "w.bin", WeightBytes());
  onnx::ModelProto proto = ExternalModel("w.bin");
  proto.mutable_graph()->mutable_initializer(0)->mutable_external_data(2)->set_value(
      "9223372036854775807");
  WriteFile(root_ / "model" / "m.onnx", proto.SerializeAsString());
  Diagnostics diag;
  EXPECT_THAT(frontend::LoadOnnxModel((root_ / "model" / "m.onnx").string(), diag),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("outside the file")));
}

}  // namespace
}  // namespace nn2milp::testing
