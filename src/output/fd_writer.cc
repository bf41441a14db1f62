#include "output/fd_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ogi {

bool FdWriter::Write(std::string_view data) {
  if (error_ != 0) return false;
  if (buffer_.size() + data.size() <= capacity_) {
    buffer_.append(data);
    return true;
  }
  if (!Flush()) return false;
  if (data.size() >= capacity_) return WriteAll(data);  // large records skip the copy
  buffer_.append(data);
  return true;
}

bool FdWriter::Flush() {
  if (error_ != 0) return false;
  bool ok = WriteAll(buffer_);
  buffer_.clear();
  return ok;
}

bool FdWriter::WriteAll(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool FdWriter::broken_pipe() const { return error_ == EPIPE; }

std::string FdWriter::message() const { return error_ == 0 ? "" : std::strerror(error_); }

}  // namespace ogi
