// Multidirectional (numpy) broadcasting as defined in ONNX's Broadcasting.md.
#ifndef NN2MILP_FRONTEND_BROADCAST_H_
#define NN2MILP_FRONTEND_BROADCAST_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace nn2milp::frontend {

// The broadcast shape of a and b; InvalidArgument naming both shapes if they are incompatible.
absl::StatusOr<std::vector<int64_t>> BroadcastShapes(const std::vector<int64_t>& a,
                                                     const std::vector<int64_t>& b);

// Maps flat indices of a broadcast result back to flat indices of one operand.
class BroadcastIndexer {
 public:
  BroadcastIndexer(const std::vector<int64_t>& operand_shape, const std::vector<int64_t>& out_shape);
  // Flat index in the operand of the element that feeds flat output index `out_index`.
  int64_t operator()(int64_t out_index) const;

 private:
  std::vector<int64_t> out_shape_;
  std::vector<int64_t> operand_strides_;  // 0 on broadcast dims, aligned to out_shape_
};

std::string ShapeToString(const std::vector<int64_t>& shape);

}  // namespace nn2milp::frontend

#endif  // NN2MILP_FRONTEND_BROADCAST_H_
