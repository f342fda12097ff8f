// Window geometry shared by the pooling ops (AveragePool, MaxPool): which input positions each
// output position of X [N, C, D1..Dr] reads, from the attributes kernel_shape (required),
// strides, dilations, pads and auto_pad (NOTSET, VALID, SAME_UPPER, SAME_LOWER), ceil_mode; the
// output size is that of ops/spatial.h (shared with Conv). Positions in the padding are not
// inputs. A window holding no input element (possible with ceil_mode or large pads) is
// Unimplemented: runtimes disagree on it.
#ifndef NN2MILP_FRONTEND_OPS_POOLING_H_
#define NN2MILP_FRONTEND_OPS_POOLING_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "frontend/lowering_context.h"
#include "frontend/value.h"

namespace nn2milp::frontend {

struct PoolWindow {
  std::vector<int64_t> inputs;  // flat spatial input positions (row-major over D1..Dr)
  double count = 0;             // positions counted by an average (see count_include_pad)
};

struct PoolGeometry {
  std::vector<int64_t> out;         // spatial output dims
  std::vector<PoolWindow> windows;  // one per flat spatial output position
};

// InvalidArgument unless X has rank >= 3 and finite constants.
absl::Status CheckPoolInput(const Value& x);

// X [N, C, D..] seen as `planes` = N*C planes of `num_in` spatial elements each, and the output
// as planes of `num_out` = windows.size() elements: element (plane p, position i) is at flat
// index p * num + i.
struct PoolPlanes {
  int64_t planes = 0;
  int64_t num_in = 0;
  int64_t num_out = 0;
};
PoolPlanes PoolPlanesOf(const Value& x, const std::vector<PoolWindow>& windows);

// The caller has checked the node's attributes for its opset and that X has rank >= 3.
// count_include_pad: whether padded positions inside the padded input count (AveragePool).
absl::StatusOr<PoolGeometry> PoolWindows(const OnnxNode& node, LoweringContext& ctx,
                                         const std::vector<int64_t>& x_shape, bool count_include_pad);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_OPS_POOLING_H_
