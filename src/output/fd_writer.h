// FdWriter: buffered writes to a file descriptor, with failure as a value.
//
// Standard output goes through this rather than std::cout so that a failed write says why:
// EPIPE means the reader went away (`ogi extract dir | head`), which ends a batch quietly;
// anything else (a full disk) is an I/O failure of the output, exit status 2. SIGPIPE is
// ignored in main.cc, so a closed pipe shows up here as EPIPE instead of killing the process.
#ifndef OGI_OUTPUT_FD_WRITER_H_
#define OGI_OUTPUT_FD_WRITER_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ogi {

class FdWriter {
 public:
  explicit FdWriter(int fd, size_t capacity = 1 << 16) : fd_(fd), capacity_(capacity) {}
  FdWriter(const FdWriter&) = delete;
  FdWriter& operator=(const FdWriter&) = delete;

  // Buffers `data`, writing through when the buffer fills; a piece of a quarter of the buffer
  // or more is written with what is buffered, not copied. False once any write has failed;
  // later calls do nothing.
  bool Write(std::string_view data);
  // Writes what is buffered. False once any write has failed.
  bool Flush();

  bool ok() const { return error_ == 0; }
  bool broken_pipe() const;     // the failure was EPIPE: the reader closed the pipe
  std::string message() const;  // strerror of the failure, "" when none

 private:
  // Writes first then second, all of both unless a write fails.
  bool WriteAll(std::string_view first, std::string_view second);
  int fd_;
  size_t capacity_;
  std::string buffer_;
  int error_ = 0;
};

}  // namespace ogi

#endif  // OGI_OUTPUT_FD_WRITER_H_
