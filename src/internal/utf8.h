// Small UTF-8 helpers shared by the stages. Internal: not part of the public API.
#ifndef OGI_INTERNAL_UTF8_H_
#define OGI_INTERNAL_UTF8_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ogi::internal {

inline void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the code point at `pos` of valid UTF-8 `s`, storing its byte length in `*length`.
// Invalid bytes decode as themselves with length 1 (callers validate first where it matters).
[[gnu::always_inline]] inline uint32_t DecodeUtf8At(std::string_view s, size_t pos, size_t* length) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + pos;
  const unsigned char c = p[0];
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (pos + n > s.size()) n = 1;
  *length = n;
  // Unrolled and always inlined: the stages call it once per character.
  switch (n) {
    case 2:
      return (c & 0x1Fu) << 6 | (p[1] & 0x3Fu);
    case 3:
      return (c & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
    case 4:
      return (c & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
    default:
      return c;
  }
}

// How many of the (up to eight) bytes at p, the first of them ASCII, are ASCII: loops over
// text skip ASCII a word at a time with it.
[[gnu::always_inline]] inline size_t AsciiRunAt(const unsigned char* p, size_t available) {
  if (available < 8 || std::endian::native != std::endian::little) return 1;
  uint64_t word;
  std::memcpy(&word, p, 8);
  const uint64_t high = word & 0x8080808080808080ULL;
  return high == 0 ? 8 : static_cast<size_t>(std::countr_zero(high)) / 8;
}

// Byte length of the code point before `pos` (pos > 0).
inline size_t PreviousCodePointLength(std::string_view s, size_t pos) {
  size_t n = 1;
  while (n < 4 && n < pos && (static_cast<unsigned char>(s[pos - n]) & 0xC0) == 0x80) ++n;
  return n;
}

// Number of code points of valid UTF-8 `s` (bytes that are not continuation bytes).
inline size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// First and last code point of `s`, 0 when empty.
inline uint32_t FirstCodePoint(std::string_view s) {
  size_t length = 0;
  return s.empty() ? 0 : DecodeUtf8At(s, 0, &length);
}

inline uint32_t LastCodePoint(std::string_view s) {
  if (s.empty()) return 0;
  size_t length = 0;
  return DecodeUtf8At(s, s.size() - PreviousCodePointLength(s, s.size()), &length);
}

// Han, kana, CJK punctuation and full-width forms: characters between which a line break
// means nothing (CSS Text 3 drops a segment break between two East Asian characters), so
// Chinese words wrapped over two lines read as one.
inline bool IsCjk(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3000 && cp <= 0x30FF) ||
         (cp >= 0x3100 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF);
}

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool IsValidUtf8(std::string_view s);

}  // namespace ogi::internal

#endif  // OGI_INTERNAL_UTF8_H_
