#include "frontend/broadcast.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "frontend/value.h"

namespace nn2milp::frontend {

int64_t CheckedNumElements(const std::vector<int64_t>& shape) {
  // 2^26 (67 million) elements in one tensor: far above any network whose MILP a solver could
  // read (one variable per element), and low enough that a hostile shape fails before it can
  // allocate gigabytes (fuzz_onnx found a Pad whose output asked for 2 GB).
  constexpr int64_t kLimit = int64_t{1} << 26;
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) return -1;
    if (d != 0 && n > kLimit / d) return -1;
    n *= d;
  }
  return n;
}

std::string ShapeToString(const std::vector<int64_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ","), "]");
}

absl::StatusOr<std::vector<int64_t>> BroadcastShapes(const std::vector<int64_t>& a,
                                                     const std::vector<int64_t>& b) {
  const size_t rank = std::max(a.size(), b.size());
  std::vector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    const int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) {
      return absl::InvalidArgumentError(absl::StrCat("shapes ", ShapeToString(a), " and ",
                                                     ShapeToString(b), " do not broadcast"));
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

BroadcastIndexer::BroadcastIndexer(const std::vector<int64_t>& operand_shape,
                                   const std::vector<int64_t>& out_shape)
    : out_shape_(out_shape), operand_strides_(out_shape.size(), 0) {
  const size_t offset = out_shape.size() - operand_shape.size();
  int64_t stride = 1;
  for (size_t i = operand_shape.size(); i-- > 0;) {
    operand_strides_[i + offset] = operand_shape[i] == 1 ? 0 : stride;
    stride *= operand_shape[i];
  }
}

int64_t BroadcastIndexer::operator()(int64_t out_index) const {
  int64_t result = 0;
  for (size_t i = out_shape_.size(); i-- > 0;) {
    const int64_t coord = out_index % out_shape_[i];
    out_index /= out_shape_[i];
    result += coord * operand_strides_[i];
  }
  return result;
}

}  // namespace nn2milp::frontend
