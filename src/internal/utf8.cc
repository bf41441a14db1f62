#include "internal/utf8.h"

#include <cstring>

namespace ogi::internal {

bool IsValidUtf8(std::string_view s) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const unsigned char c = bytes[i];
    if (c < 0x80) {
      // Reports mix Chinese with runs of digits and spaces.
      i += AsciiRunAt(bytes + i, n - i);
      continue;
    }
    // Most of a Chinese report: a three-byte character between U+1000 and U+CFFF or U+E000
    // and U+FFFF, which needs no check beyond its continuation bytes.
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
