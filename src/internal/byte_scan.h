// NextByteOf: the next of a few given bytes in a text, sixteen bytes a step.
//
// The splitters and the mention builder look for marks (，。、 start with E3 or EF, ASCII marks
// are themselves) and spaces in Chinese text, where most bytes are none of them: comparing a
// byte at a time, or decoding each character, was most of their cost.
#ifndef OGI_INTERNAL_BYTE_SCAN_H_
#define OGI_INTERNAL_BYTE_SCAN_H_

#include <cstddef>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ogi::internal {

// The first position in [from, end) of one of `bytes`, or `end`. Sixteen bytes at a step where
// the CPU compares them at once (SSE2, part of every x86-64), one at a time elsewhere.
template <unsigned char... bytes>
size_t NextByteOf(std::string_view text, size_t from, size_t end) {
  size_t i = from;
#if defined(__SSE2__)
  for (; i + 16 <= end; i += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i hits = (_mm_cmpeq_epi8(chunk, _mm_set1_epi8(static_cast<char>(bytes))) | ...);
    if (const int mask = _mm_movemask_epi8(hits); mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (((c == bytes) || ...)) return i;
  }
  return end;
}

}  // namespace ogi::internal

#endif  // OGI_INTERNAL_BYTE_SCAN_H_
