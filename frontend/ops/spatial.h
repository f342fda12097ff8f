// Spatial geometry shared by the ops that slide a kernel over the spatial dims D1..Dr of
// X [N, C, D1..Dr]: Conv, ConvTranspose, AveragePool and MaxPool (ops/pooling.h builds the
// pooling windows on top of it). Attributes: auto_pad (NOTSET, VALID, SAME_UPPER, SAME_LOWER),
// ceil_mode (pooling), dilations, pads, strides. Output size along an axis with extent
// e = (k-1)*dilation + 1:
//   NOTSET:  O = floor_or_ceil((D + pad_begin + pad_end - e) / stride) + 1
//   VALID:   as NOTSET with zero pads
//   SAME_*:  O = ceil(D / stride); total = max(0, (O-1)*stride + e - D);
//            SAME_UPPER puts total/2 at the beginning (the odd one at the end), SAME_LOWER the
//            other way round.
#ifndef NN2MILP_FRONTEND_OPS_SPATIAL_H_
#define NN2MILP_FRONTEND_OPS_SPATIAL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontend/lowering_context.h"
#include "frontend/value.h"

namespace nn2milp::frontend {

// The window attributes of a node with r spatial dims.
struct WindowAttrs {
  std::string auto_pad;                // "NOTSET" when absent
  bool has_pads = false;               // the node sets pads
  bool ceil_mode = false;              // ceil instead of floor in the NOTSET/VALID size
  std::vector<int64_t> strides;        // r entries, default 1
  std::vector<int64_t> dilations;      // r entries, default 1
  std::vector<int64_t> pads;           // 2r entries (all begins, then all ends), default 0
};

// Reads auto_pad, ceil_mode, strides, dilations and pads (in that order). InvalidArgument if an
// attribute has the wrong type or a list has the wrong length. Values are not range-checked.
absl::StatusOr<WindowAttrs> ReadWindowAttrs(const OnnxNode& node, LoweringContext& ctx, size_t r);

// InvalidArgument if the node sets both pads and an auto_pad other than NOTSET.
absl::Status CheckPadsWithoutAutoPad(absl::string_view auto_pad, bool has_pads);

// The output size along spatial axis j (of attrs.strides.size() axes) for input size `in` and
// kernel size `kernel`, per the formulas above; SAME_* and VALID overwrite attrs.pads[j] and
// attrs.pads[j + r] with the pads they imply. The caller has range-checked the attributes.
// InvalidArgument if the kernel does not fit the padded input, Unimplemented for an unknown
// auto_pad.
absl::StatusOr<int64_t> SpatialOutputSize(size_t j, int64_t in, int64_t kernel, WindowAttrs& attrs);

// The spatial kernel dims of W [M, C/group, k1..kr] (Conv) or [C, M/group, k1..kr]
// (ConvTranspose). InvalidArgument if the node's kernel_shape attribute is set and differs.
absl::StatusOr<std::vector<int64_t>> KernelFromWeights(const OnnxNode& node, LoweringContext& ctx,
                                                       const Value& w);

// InvalidArgument unless the optional bias B (nullptr when absent) is finite and of shape [maps].
absl::Status CheckBias(const Value* b, int64_t maps);

// {n, c, spatial...}: the shape of an output with batch n, c channels and spatial dims `spatial`.
std::vector<int64_t> SpatialShape(int64_t n, int64_t c, const std::vector<int64_t>& spatial);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_OPS_SPATIAL_H_
