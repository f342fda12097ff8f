#include "backends/sink.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace nn2milp::backends {
namespace {

absl::Status IoError(const std::string& path, absl::string_view what, int err) {
  const std::string message = absl::StrCat(path, ": ", what, ": ", std::strerror(err));
  if (err == ENOENT) return absl::NotFoundError(message);
  if (err == EACCES || err == EPERM || err == EROFS) return absl::PermissionDeniedError(message);
  return absl::DataLossError(message);  // ENOSPC, EIO, ...
}

}  // namespace

absl::StatusOr<std::unique_ptr<AtomicFileSink>> AtomicFileSink::Open(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return absl::PermissionDeniedError(absl::StrCat(path, ": is a directory, not a file"));
  }
  std::string tmp = absl::StrCat(path, ".tmp", ::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return IoError(path, "cannot create output file", errno);
  return std::unique_ptr<AtomicFileSink>(new AtomicFileSink(path, std::move(tmp), f));
}

AtomicFileSink::~AtomicFileSink() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_) std::remove(tmp_path_.c_str());
}

absl::Status AtomicFileSink::Write(absl::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    return IoError(path_, "write failed", errno);
  }
  return absl::OkStatus();
}

absl::Status AtomicFileSink::Commit() {
  const bool flush_failed = std::fflush(file_) != 0;
  const int flush_errno = errno;
  const bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (flush_failed || close_failed) return IoError(path_, "write failed", flush_failed ? flush_errno : errno);
  if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    return IoError(path_, "cannot rename the temporary file", errno);
  }
  committed_ = true;
  return absl::OkStatus();
}

}  // namespace nn2milp::backends
