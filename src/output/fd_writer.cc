#include "output/fd_writer.h"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ogi {

bool FdWriter::Write(std::string_view data) {
  if (error_ != 0) return false;
  if (buffer_.size() + data.size() <= capacity_) {
    buffer_.append(data);
    return true;
  }
  // A record of a report's JSON (tens of kilobytes) goes out together with what is buffered,
  // in one system call and without being copied: copying every record through the buffer was
  // a memmove of the whole output. Small pieces (CSV rows, separators) are still gathered.
  if (data.size() >= capacity_ / 4) {
    const bool ok = WriteAll(buffer_, data);
    buffer_.clear();
    return ok;
  }
  if (!Flush()) return false;
  buffer_.append(data);
  return true;
}

bool FdWriter::Flush() {
  if (error_ != 0) return false;
  bool ok = WriteAll(buffer_, {});
  buffer_.clear();
  return ok;
}

bool FdWriter::WriteAll(std::string_view first, std::string_view second) {
  while (!first.empty() || !second.empty()) {
    iovec pieces[2];
    int count = 0;
    for (std::string_view piece : {first, second}) {
      if (piece.empty()) continue;
      pieces[count].iov_base = const_cast<char*>(piece.data());
      pieces[count].iov_len = piece.size();
      ++count;
    }
    ssize_t n = ::writev(fd_, pieces, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      return false;
    }
    // A pipe or a signal may take part of it: go on from where it stopped.
    auto written = static_cast<size_t>(n);
    const size_t from_first = std::min(written, first.size());
    first.remove_prefix(from_first);
    second.remove_prefix(written - from_first);
  }
  return true;
}

bool FdWriter::broken_pipe() const { return error_ == EPIPE; }

std::string FdWriter::message() const { return error_ == 0 ? "" : std::strerror(error_); }

}  // namespace ogi
