#include "ogi/status.h"

namespace ogi {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kUnreadable: return "unreadable";
    case StatusCode::kBinary: return "binary";
    case StatusCode::kBadEncoding: return "bad_encoding";
    case StatusCode::kTooLarge: return "too_large";
    case StatusCode::kEmpty: return "empty";
    case StatusCode::kUnsupportedFormat: return "unsupported_format";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace ogi
