#pragma once

#include <algorithm>
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

// FindLineBreak for a reader that walks one text from start to end: one memchr per line, and
// one per form feed, instead of two per line (most text has no form feed at all).
class LineBreakFinder {
 public:
  explicit LineBreakFinder(std::string_view text) : text_(text) {}

  // What FindLineBreak(text, from) returns; `from` must not decrease from call to call.
  size_t Next(size_t from) {
    if (from >= text_.size()) return std::string_view::npos;
    if (!form_feed_known_ || (form_feed_ != std::string_view::npos && form_feed_ < from)) {
      form_feed_ = Find('\f', from);  // npos once none is left: none after any later `from`
      form_feed_known_ = true;
    }
    return std::min(Find('\n', from), form_feed_);  // npos is the largest size_t
  }

 private:
  size_t Find(char c, size_t from) const {
    const void* found = std::memchr(text_.data() + from, c, text_.size() - from);
    return found == nullptr ? std::string_view::npos : static_cast<size_t>(static_cast<const char*>(found) - text_.data());
  }

  std::string_view text_;
  size_t form_feed_ = 0;  // the first form feed at or after the last `from`
  bool form_feed_known_ = false;
};

}  // namespace ogi::internal
