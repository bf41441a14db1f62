// Status and Result<T>: how ogi reports bad input.
//
// Library calls never throw for bad input (a binary file, a bad encoding, a malformed page);
// they return a Status with a code and a message that names the problem, so a batch can record
// the failure for that one input and carry on. Exceptions are reserved for our own bugs and
// for the JSON boundary (nlohmann), where they are caught.
#ifndef OGI_STATUS_H_
#define OGI_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace ogi {

enum class StatusCode {
  kOk = 0,
  kNotFound,         // path does not exist
  kUnreadable,       // exists but cannot be read (permissions, a directory, I/O error)
  kBinary,           // looks like binary data, not a report
  kBadEncoding,      // bytes that no supported encoding decodes
  kTooLarge,         // larger than the configured limit
  kEmpty,            // nothing to extract from
  kUnsupportedFormat,
  kInvalidArgument,  // a caller's or a data file's mistake
  kInternal,
};

// Stable lower_snake names for JSON output ("not_found", "binary", ...).
const char* StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace ogi

#endif  // OGI_STATUS_H_
