// Formats a long sequence of items (MPS columns, LP rows) on several threads and appends the
// text in item order, so the output is byte-identical to a sequential run. Number formatting is
// the writers' main cost (about 30% of a compile of a 2-million-weight MLP).
#ifndef NN2MILP_BACKENDS_PARALLEL_FORMAT_H_
#define NN2MILP_BACKENDS_PARALLEL_FORMAT_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/types/span.h"
#include "backends/sink.h"

namespace nn2milp::backends {

// Appends format(begin, end, out) for consecutive ranges [begin, end) covering [0, n) to `w`.
// `cost_prefix` (size n + 1, nondecreasing) estimates the output of items: ranges are cut so
// each holds about `chunk_cost` of it. `format` must be safe to call concurrently on disjoint
// ranges (it only reads shared data). Runs sequentially when everything fits in one chunk.
void FormatInParallel(int64_t n, absl::Span<const size_t> cost_prefix, size_t chunk_cost,
                      const std::function<void(int64_t, int64_t, std::string&)>& format,
                      BufferedWriter& w);

}  // namespace nn2milp::backends

#endif  // NN2MILP_BACKENDS_PARALLEL_FORMAT_H_
