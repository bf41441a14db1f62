// NextByteOf: the next of a few given bytes in a text, sixteen bytes a step; Contains: whether
// a word is in a text, by its first two bytes sixteen positions a step.
//
// The splitters and the mention builder look for marks (，。、 start with E3 or EF, ASCII marks
// are themselves) and spaces in Chinese text, where most bytes are none of them: comparing a
// byte at a time, or decoding each character, was most of their cost.
#ifndef OGI_INTERNAL_BYTE_SCAN_H_
#define OGI_INTERNAL_BYTE_SCAN_H_

#include <cstddef>
#include <cstring>
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

// Whether `word` is written in text. Where the word has two bytes or more, the positions that
// hold its first two are found sixteen at a step and only those compared: string_view::find
// called memchr and memcmp at every byte equal to the word's first, and a Chinese word's first
// byte (E4 to E9 for most ideographs) starts a good part of any Chinese text.
inline bool Contains(std::string_view text, std::string_view word) {
  if (word.size() < 2) return text.find(word) != std::string_view::npos;
  if (text.size() < word.size()) return false;
  const size_t last = text.size() - word.size();  // the last position the word can start at
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8(word[0]), second = _mm_set1_epi8(word[1]);
  for (; i + 17 <= text.size(); i += 16) {
    const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i + 1));
    for (int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(here, first) & _mm_cmpeq_epi8(next, second)); mask != 0;
         mask &= mask - 1) {
      const size_t pos = i + static_cast<size_t>(__builtin_ctz(mask));
      if (pos <= last && std::memcmp(text.data() + pos, word.data(), word.size()) == 0) return true;
    }
  }
#endif
  for (; i <= last; ++i) {
    if (text[i] == word[0] && std::memcmp(text.data() + i, word.data(), word.size()) == 0) return true;
  }
  return false;
}

}  // namespace ogi::internal

#endif  // OGI_INTERNAL_BYTE_SCAN_H_
