#include "internal/utf8.h"

#include <cstring>

namespace ogi::internal {

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Eight ASCII bytes at a time: reports mix Chinese with long runs of digits and spaces.
    if (n - i >= 8) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Most of a Chinese report: a three-byte character between U+1000 and U+CFFF or U+E000
    // and U+FFFF, which needs no check beyond its continuation bytes.
    if (c >= 0xE1 && c != 0xED && i + 3 <= n) {
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      const unsigned char c2 = static_cast<unsigned char>(s[i + 2]);
      if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80 && c <= 0xEF) {
        i += 3;
        continue;
      }
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
