// Strongly typed integer ids, so that a VarId cannot be passed where a RowId is expected.
//
//   NN2MILP_DEFINE_STRONG_ID(VarId);
//   VarId v(3);  v.value() == 3;  VarId() is invalid (-1).
#ifndef NN2MILP_IR_BASE_STRONG_ID_H_
#define NN2MILP_IR_BASE_STRONG_ID_H_

#include <cstdint>
#include <functional>

namespace nn2milp {

template <typename Tag>
class StrongId {
 public:
  constexpr StrongId() = default;
  constexpr explicit StrongId(int32_t value) : value_(value) {}
  constexpr int32_t value() const { return value_; }
  constexpr bool valid() const { return value_ >= 0; }
  constexpr auto operator<=>(const StrongId&) const = default;

  template <typename H>
  friend H AbslHashValue(H h, StrongId id) {
    return H::combine(std::move(h), id.value_);
  }

 private:
  int32_t value_ = -1;
};

}  // namespace nn2milp

#define NN2MILP_DEFINE_STRONG_ID(Name) \
  struct Name##Tag {};                 \
  using Name = ::nn2milp::StrongId<Name##Tag>

#endif  // NN2MILP_IR_BASE_STRONG_ID_H_
