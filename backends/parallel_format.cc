#include "backends/parallel_format.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace nn2milp::backends {

void FormatInParallel(int64_t n, absl::Span<const size_t> cost_prefix, size_t chunk_cost,
                      const std::function<void(int64_t, int64_t, std::string&)>& format,
                      BufferedWriter& w) {
  // Cut [0, n) into ranges of about chunk_cost each.
  std::vector<int64_t> cuts = {0};
  while (cuts.back() < n) {
    const size_t target = cost_prefix[static_cast<size_t>(cuts.back())] + chunk_cost;
    auto it = std::upper_bound(cost_prefix.begin() + cuts.back() + 1, cost_prefix.begin() + n, target);
    cuts.push_back(std::max<int64_t>(cuts.back() + 1, it - cost_prefix.begin()));
  }
  const size_t ranges = cuts.size() - 1;
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  if (ranges <= 1 || threads == 1) {
    for (size_t r = 0; r < ranges; ++r) {
      format(cuts[r], cuts[r + 1], w.buffer());
      w.MaybeFlush();
    }
    return;
  }
  // Waves of `threads` ranges: each range is formatted into its own buffer, then the buffers are
  // appended in order. Memory stays bounded by one wave.
  std::vector<std::string> buffers(threads);
  for (size_t first = 0; first < ranges; first += threads) {
    const size_t count = std::min(threads, ranges - first);
    std::vector<std::thread> workers;
    for (size_t k = 1; k < count; ++k) {
      workers.emplace_back([&, k] {
        buffers[k].clear();
        format(cuts[first + k], cuts[first + k + 1], buffers[k]);
      });
    }
    buffers[0].clear();
    format(cuts[first], cuts[first + 1], buffers[0]);
    for (std::thread& t : workers) t.join();
    for (size_t k = 0; k < count; ++k) {
      w.Append(buffers[k]);
      w.MaybeFlush();
    }
  }
}

}  // namespace nn2milp::backends
