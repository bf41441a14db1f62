#pragma once

#include <cstring>
#include <string_view>

namespace ogi::internal {

// The first '\n' or '\f' at or after `from`, or npos. Two memchr calls, the second only over
// the line the first found: `find_first_of("\n\f")` calls memchr on its two-byte set once per
// character (3% of reading a report), and a byte loop was still most of the plain-text reader.
inline size_t FindLineBreak(std::string_view text, size_t from) {
  if (from >= text.size()) return std::string_view::npos;
  const char* begin = text.data() + from;
  const size_t rest = text.size() - from;
  const void* newline = std::memchr(begin, '\n', rest);
  const size_t line = newline == nullptr ? rest : static_cast<size_t>(static_cast<const char*>(newline) - begin);
  const void* form_feed = std::memchr(begin, '\f', line);
  if (form_feed != nullptr) return from + static_cast<size_t>(static_cast<const char*>(form_feed) - begin);
  return newline == nullptr ? std::string_view::npos : from + line;
}

}  // namespace ogi::internal
