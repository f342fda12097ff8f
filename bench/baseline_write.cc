// Baseline for bench/run.sh: the cost of a plain buffered write of N bytes of model-like text.
//
//   baseline_write N OUT_FILE      -> prints the wall seconds (fopen .. fclose) on stdout
//
// Writes N bytes by repeating an MPS-like COLUMNS line with one fwrite per line into a stdio
// stream with a 1 MiB buffer, then fclose. No formatting work is done: this is the floor an
// output-bound compiler could reach for the same bytes on the same disk/page cache.
// Built by bench/run.sh with g++ -O2 (not part of the CMake build).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s N OUT_FILE\n", argv[0]);
    return 2;
  }
  const unsigned long long n = std::strtoull(argv[1], nullptr, 10);
  const char* line = " x_7 gemm0_76 0.05018679052591324 gemm0_77 0.08274266123771667\n";
  const size_t len = std::strlen(line);
  std::vector<char> buf(size_t{1} << 20);

  const auto t0 = std::chrono::steady_clock::now();
  std::FILE* f = std::fopen(argv[2], "wb");
  if (f == nullptr) {
    std::perror(argv[2]);
    return 1;
  }
  std::setvbuf(f, buf.data(), _IOFBF, buf.size());
  unsigned long long written = 0;
  while (written < n) {
    const size_t k = n - written < len ? static_cast<size_t>(n - written) : len;
    if (std::fwrite(line, 1, k, f) != k) {
      std::perror("fwrite");
      return 1;
    }
    written += k;
  }
  if (std::fclose(f) != 0) {
    std::perror("fclose");
    return 1;
  }
  const auto t1 = std::chrono::steady_clock::now();
  std::printf("%.6f\n", std::chrono::duration<double>(t1 - t0).count());
  return 0;
}
