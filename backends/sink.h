// Output sinks for the writers. A writer appends to a BufferedWriter, which hands the sink
// chunks of about 1 MiB, so memory stays bounded however large the model file is.
#ifndef NN2MILP_BACKENDS_SINK_H_
#define NN2MILP_BACKENDS_SINK_H_

#include <cstdio>
#include <memory>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace nn2milp::backends {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual absl::Status Write(absl::string_view data) = 0;
};

class StringSink final : public Sink {
 public:
  absl::Status Write(absl::string_view data) override {
    out_.append(data.data(), data.size());
    return absl::OkStatus();
  }
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

// Writes to a file that appears under its final name only when everything was written: data
// goes to "<path>.tmp<pid>" in the same directory and Commit() renames it. If the object is
// destroyed without a successful Commit (an error anywhere), the temporary file is removed, so
// no partial output file is ever left behind.
class AtomicFileSink final : public Sink {
 public:
  static absl::StatusOr<std::unique_ptr<AtomicFileSink>> Open(const std::string& path);
  ~AtomicFileSink() override;
  absl::Status Write(absl::string_view data) override;
  // Flushes, closes and renames. Errors (disk full, ...) name the path.
  absl::Status Commit();

 private:
  AtomicFileSink(std::string path, std::string tmp_path, std::FILE* file)
      : path_(std::move(path)), tmp_path_(std::move(tmp_path)), file_(file) {}
  std::string path_;
  std::string tmp_path_;
  std::FILE* file_;
  bool committed_ = false;
};

// Buffers appends and forwards them to a sink in large chunks. The first sink error is kept and
// returned by Finish(); later writes are dropped.
class BufferedWriter {
 public:
  explicit BufferedWriter(Sink& sink) : sink_(sink) { buffer_.reserve(kChunk + 4096); }
  std::string& buffer() { return buffer_; }
  void Append(absl::string_view s) { buffer_.append(s.data(), s.size()); }
  void Append(char c) { buffer_.push_back(c); }
  // Call at line ends: flushes when the buffer is full.
  void MaybeFlush() {
    if (buffer_.size() >= kChunk) Flush();
  }
  absl::Status Finish() {
    Flush();
    return status_;
  }

 private:
  static constexpr size_t kChunk = size_t{1} << 20;
  void Flush() {
    if (status_.ok() && !buffer_.empty()) status_ = sink_.Write(buffer_);
    buffer_.clear();
  }
  Sink& sink_;
  std::string buffer_;
  absl::Status status_;
};

}  // namespace nn2milp::backends

#endif  // NN2MILP_BACKENDS_SINK_H_
