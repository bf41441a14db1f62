#include "internal/utf8.h"

#include <bit>
#include <cstdint>
#include <cstring>

namespace ogi::internal {

namespace {

// Whether the eight bytes at p start with two three-byte characters that need no check beyond
// their continuation bytes (leads E1..EC, EE, EF; leads E0 and ED have narrower second bytes):
// one word read and tested at once. Always false on a big-endian machine.
[[gnu::always_inline]] inline bool TwoPlainThreeByteCharactersAt(const unsigned char* p) {
  if (std::endian::native != std::endian::little) return false;
  uint64_t word;
  std::memcpy(&word, p, 8);
  // Bytes 0 and 3 are 1110xxxx, bytes 1, 2, 4 and 5 are 10xxxxxx; bytes 6 and 7 are not read.
  constexpr uint64_t kMask = 0x0000C0C0F0C0C0F0ULL, kPattern = 0x00008080E08080E0ULL;
  if ((word & kMask) != kPattern) return false;
  constexpr uint32_t kPlainLeadNibbles = 0xDFFE;  // bits 1..C, E and F
  return (kPlainLeadNibbles >> (word & 0x0F) & kPlainLeadNibbles >> (word >> 24 & 0x0F) & 1) != 0;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    if (bytes[i] < 0x80) {
      // Reports mix Chinese with runs of digits and spaces.
      i += AsciiRunAt(bytes + i, n - i);
      continue;
    }
    // Most of a Chinese report: a three-byte character between U+1000 and U+CFFF or U+E000
    // and U+FFFF, which needs no check beyond its continuation bytes. Two of them at a time
    // from one word while they last (the lead nibbles 0 and D need the full check below).
    while (n - i >= 8 && TwoPlainThreeByteCharactersAt(bytes + i)) i += 6;
    if (i >= n) break;
    if (bytes[i] < 0x80) continue;
    const unsigned char c = bytes[i];
    if (static_cast<unsigned char>(c - 0xE1) < 0x0F && c != 0xED && n - i >= 3 &&
        (bytes[i + 1] & 0xC0) == 0x80 && (bytes[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    size_t len;
    uint32_t min;
    uint32_t cp;
    if ((c >> 5) == 6) { len = 2; min = 0x80; cp = c & 0x1F; }
    else if ((c >> 4) == 14) { len = 3; min = 0x800; cp = c & 0x0F; }
    else if ((c >> 3) == 30) { len = 4; min = 0x10000; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace ogi::internal
