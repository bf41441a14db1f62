#include "ogi/source.h"

#include "internal/sha256.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#endif

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>

namespace ogi {

const char* FormatName(Format format) {
  switch (format) {
    case Format::kText: return "text";
    case Format::kHtml: return "html";
    case Format::kPdf: return "pdf";
    case Format::kDocx: return "docx";
    case Format::kDoc: return "doc";
    case Format::kZip: return "zip";
  }
  return "text";
}

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether `text` at `pos` starts with `lower` (lowercase ASCII), ignoring ASCII case.
bool StartsWithNoCaseAt(std::string_view text, size_t pos, std::string_view lower) {
  if (lower.size() > text.size() - pos) return false;
  for (size_t j = 0; j < lower.size(); ++j) {
    if (AsciiLower(text[pos + j]) != lower[j]) return false;
  }
  return true;
}

}  // namespace

Format DetectFormat(std::string_view bytes) {
  if (StartsWith(bytes, "%PDF-")) return Format::kPdf;
  if (StartsWith(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return Format::kDoc;
  if (StartsWith(bytes, "PK\x03\x04")) {
    // A .docx is a zip whose members include word/document.xml; names are stored uncompressed
    // in the local headers and again in the central directory at the end, so the first and
    // the last part of the file are enough even when word/ comes after large media members.
    constexpr size_t kLook = 1 << 16;
    std::string_view head = bytes.substr(0, kLook);
    std::string_view tail = bytes.substr(bytes.size() > kLook ? bytes.size() - kLook : 0);
    bool word = head.find("word/") != std::string_view::npos || tail.find("word/") != std::string_view::npos;
    return word ? Format::kDocx : Format::kZip;
  }
  // Markup near the start (after a BOM, blank lines or a crawler's header) makes it a page.
  std::string_view head = bytes.substr(0, 4096);
  // Every tag starts with '<': only those positions are compared (a text report has few).
  for (size_t lt = head.find('<'); lt != std::string_view::npos; lt = head.find('<', lt + 1)) {
    for (std::string_view tag : {"<!doctype html", "<html", "<head", "<body", "<meta ", "<table",
                                 "<div", "<p>", "<p ", "<br", "<title"}) {
      if (StartsWithNoCaseAt(head, lt, tag)) return Format::kHtml;
    }
  }
  return Format::kText;
}

Source SourceFromBytes(std::string path, std::string bytes) {
  Source source;
  source.path = std::move(path);
  source.bytes = std::move(bytes);
  source.sha256 = Sha256Hex(source.bytes);
  source.format = DetectFormat(source.bytes);
  return source;
}

Result<Source> ReadSource(const std::string& path, const ReadOptions& options) {
  std::string bytes;
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (bytes.size() > options.max_bytes) {
      return Status(StatusCode::kTooLarge, "-: standard input is larger than " +
                                               std::to_string(options.max_bytes) + " bytes");
    }
    return SourceFromBytes(path, std::move(bytes));
  }
  // Opened first and asked with fstat: the path is looked up once, not twice (stat, then
  // open), which was a sixth of reading a small report. O_NONBLOCK keeps the open of a FIFO
  // from waiting for a writer; it is refused below as not a regular file, and a regular
  // file reads the same without it.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    int err = errno;
    StatusCode code = (err == ENOENT || err == ENOTDIR) ? StatusCode::kNotFound
                                                        : StatusCode::kUnreadable;
    return Status(code, path + ": " + std::strerror(err));
  }
  struct stat st {};
  Status refused;
  if (::fstat(fd, &st) != 0) {
    refused = Status(StatusCode::kUnreadable, path + ": " + std::strerror(errno));
  } else if (S_ISDIR(st.st_mode)) {
    refused = Status(StatusCode::kUnreadable, path + ": is a directory");
  } else if (!S_ISREG(st.st_mode)) {
    refused = Status(StatusCode::kUnreadable, path + ": not a regular file");
  } else if (static_cast<uint64_t>(st.st_size) > options.max_bytes) {
    refused = Status(StatusCode::kTooLarge, path + ": " + std::to_string(st.st_size) +
                                                " bytes, more than the limit of " +
                                                std::to_string(options.max_bytes));
  }
  if (!refused.ok()) {
    ::close(fd);
    return refused;
  }
  // read(2) straight into the string: stdio would allocate a buffer and copy through it.
  bytes.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  bool failed = false;
  while (got < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) failed = true;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  if (failed) return Status(StatusCode::kUnreadable, path + ": read error");
  bytes.resize(got);
  return SourceFromBytes(path, std::move(bytes));
}

namespace {

#if defined(__x86_64__) && defined(__GNUC__)
// The x86 SHA extensions compress a block in about a tenth of the time of the portable code
// (the digest of every input was 4-5% of `ogi extract`). Same digest; used when the CPU has them.
bool HasShaExtensions() {
  static const bool has = [] {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return false;
    const bool sse41 = (ecx & (1u << 19)) != 0, ssse3 = (ecx & (1u << 9)) != 0;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
    return sse41 && ssse3 && (ebx & (1u << 29)) != 0;
  }();
  return has;
}

// `blocks` 64-byte blocks of `p` into `h` (a, b, ..., h), with the round constants `k`.
__attribute__((target("sha,sse4.1,ssse3"))) void Sha256BlocksShaNi(uint32_t* h, const uint32_t* k,
                                                                   const unsigned char* p,
                                                                   size_t blocks) {
  const __m128i kByteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h)), 0xB1);
  __m128i state1 = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h + 4)), 0x1B);
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);     // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);          // CDGH
  for (size_t b = 0; b < blocks; ++b, p += 64) {
    const __m128i abef = state0, cdgh = state1;
    __m128i w[4];  // the last four groups of four schedule words
    for (int g = 0; g < 16; ++g) {
      __m128i word;
      if (g < 4) {
        word = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * g)), kByteSwap);
      } else {
        // W[g] from W[g-4], W[g-3], W[g-2], W[g-1] (kept in w[g % 4], w[(g+1) % 4], ...).
        word = _mm_sha256msg1_epu32(w[g % 4], w[(g + 1) % 4]);
        word = _mm_add_epi32(word, _mm_alignr_epi8(w[(g + 3) % 4], w[(g + 2) % 4], 4));
        word = _mm_sha256msg2_epu32(word, w[(g + 3) % 4]);
      }
      w[g % 4] = word;
      __m128i msg = _mm_add_epi32(word, _mm_loadu_si128(reinterpret_cast<const __m128i*>(k + 4 * g)));
      state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
      state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);
  }
  tmp = _mm_shuffle_epi32(state0, 0x1B);                // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);             // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);          // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);             // HGFE
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h), state0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h + 4), state1);
}
#else
bool HasShaExtensions() { return false; }
void Sha256BlocksShaNi(uint32_t*, const uint32_t*, const unsigned char*, size_t) {}
#endif

}  // namespace

std::string Sha256Hex(std::string_view data) { return internal::Sha256HexWith(data, /*use_cpu_extensions=*/true); }

// SHA-256 after FIPS 180-4. Kept here rather than pulling in a crypto library for one digest.
std::string internal::Sha256HexWith(std::string_view data, bool use_cpu_extensions) {
  static constexpr std::array<uint32_t, 64> k = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
      0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
      0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
      0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
      0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
      0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
      0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
      0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
      0xc67178f2};
  std::array<uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  auto rotr = [](uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
  auto block = [&](const unsigned char* p) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) {
      w[i] = (uint32_t{p[4 * i]} << 24) | (uint32_t{p[4 * i + 1]} << 16) |
             (uint32_t{p[4 * i + 2]} << 8) | uint32_t{p[4 * i + 3]};
    }
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      uint32_t ch = (e & f) ^ (~e & g);
      uint32_t t1 = hh + s1 + ch + k[i] + w[i];
      uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = s0 + maj;
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  };
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  size_t full = data.size() / 64 * 64;
  const bool sha_ni = use_cpu_extensions && HasShaExtensions();
  if (sha_ni) {
    Sha256BlocksShaNi(h.data(), k.data(), bytes, full / 64);
  } else {
    for (size_t i = 0; i < full; i += 64) block(bytes + i);
  }
  unsigned char tail[128] = {0};
  size_t rest = data.size() - full;
  std::memcpy(tail, bytes + full, rest);
  tail[rest] = 0x80;
  size_t tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
  uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_len - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  if (sha_ni) {
    Sha256BlocksShaNi(h.data(), k.data(), tail, tail_len / 64);
  } else {
    for (size_t i = 0; i < tail_len; i += 64) block(tail + i);
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (uint32_t v : h) {
    for (int i = 7; i >= 0; --i) out += hex[(v >> (4 * i)) & 0xF];
  }
  return out;
}

}  // namespace ogi
