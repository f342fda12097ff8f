// libFuzzer target: a serialized ONNX model through the whole compiler: protobuf parse, checker
// and shape inference (PrepareOnnxModel), lowering (ImportOnnx), the default bound passes, the
// MILP encoding over the box [-1, 1], and the MPS and LP writers into memory. Every outcome but
// a crash, a sanitizer report or a hang is fine: bad models must come back as a Status.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "backends/lp_writer.h"
#include "backends/mps_writer.h"
#include "backends/name_table.h"
#include "backends/sink.h"
#include "frontend/importer.h"
#include "frontend/onnx_loader.h"
#include "ir/base/diagnostics.h"
#include "ir/problem.h"
#include "onnx/onnx_pb.h"
#include "passes/encode_milp.h"
#include "passes/pass_manager.h"

namespace nn2milp {
namespace {

// Models whose lowered size exceeds this are skipped after import (the fuzzer's memory limit
// is about finding blow-ups in the loader, not in writing a legitimately large model).
constexpr int64_t kMaxNeurons = 20000;

void CompileInMemory(const uint8_t* data, size_t size) {
  onnx::ModelProto proto;
  if (!proto.ParseFromArray(data, static_cast<int>(size))) return;
  Diagnostics diag;
  // No external data can be found here: a model that refers to some must fail cleanly.
  absl::StatusOr<frontend::LoadedModel> loaded =
      frontend::PrepareOnnxModel(std::move(proto), "/nonexistent-nn2milp-fuzz", diag);
  if (!loaded.ok()) return;
  absl::StatusOr<ir::Network> net = frontend::ImportOnnx(*loaded, diag, {});
  if (!net.ok() || net->num_neurons() > kMaxNeurons) return;
  ir::Problem problem;
  problem.input_box.assign(static_cast<size_t>(net->num_input_elements()), ir::Interval{-1.0, 1.0});
  if (net->num_output_elements() > 0) {
    problem.sense = ir::ObjectiveSense::kMaximize;
    problem.objective_output = 0;
  }
  if (!ir::ValidateProblem(*net, problem).ok()) return;
  absl::StatusOr<passes::PassManager> pm =
      passes::PassManager::Parse("cleanup_coefficients,bounds_interval,bounds_symbolic");
  if (!pm.ok()) __builtin_trap();  // the fixed pipeline must parse
  passes::PassContext ctx{problem, diag};
  if (!pm->Run(*net, ctx).ok()) return;
  absl::StatusOr<passes::Encoding> enc = passes::EncodeMilp(*net, problem);
  if (!enc.ok()) return;
  const backends::NameTable names = backends::NameTable::Build(enc->model, &diag);
  backends::StringSink mps, lp;
  backends::WriteMps(enc->model, names, {}, mps).IgnoreError();
  backends::WriteLp(enc->model, names, {}, lp).IgnoreError();
}

}  // namespace
}  // namespace nn2milp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nn2milp::CompileInMemory(data, size);
  return 0;
}
