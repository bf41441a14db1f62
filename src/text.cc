// Decoding: a BOM decides; otherwise valid UTF-8 is taken as UTF-8 (it almost never happens by
// chance for GBK text); otherwise the container's declared charset, then ICU's charset detector
// with a preference for the Chinese encodings reports are published in. Decoding runs through
// ucnv_toUnicode with its offsets array, which gives for every UTF-16 unit the source byte it
// came from; from that every UTF-8 character of the output maps to its source bytes.
#include "ogi/text.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>
#include <vector>

#include "internal/utf8.h"

namespace ogi {

namespace {

// How many bytes from p on are at least 0x20 (not control bytes), read eight at a time; stops
// at the first control byte or near the end (the caller reads the last bytes one by one).
size_t NonControlRunAt(const unsigned char* p, size_t available) {
  size_t i = 0;
  if (std::endian::native != std::endian::little) return 0;
  for (; available - i >= 8; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    // A flag in every byte below 0x20; exact for the lowest such byte (no borrow reaches it).
    const uint64_t below_space = (word - 0x20 * kOnes) & ~word & kHigh;
    if (below_space != 0) return i + static_cast<size_t>(std::countr_zero(below_space)) / 8;
  }
  return i;
}

bool LooksBinary(std::string_view bytes) {
  // NUL bytes never occur in text encodings other than UTF-16/32, which carry a BOM or are
  // detected before this is asked. Control characters other than whitespace are rare in text.
  size_t n = std::min<size_t>(bytes.size(), 1 << 16);
  size_t controls = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (size_t i = 0; i < n;) {
    // Straight to the next control byte (every input passes here; text has one, its line
    // break, only every few dozen bytes).
    i += NonControlRunAt(p + i, n - i);
    if (i >= n) break;
    unsigned char c = p[i++];
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B) ++controls;
  }
  return controls * 100 > n && controls > 8;
}

// UTF-16 without a BOM: NUL bytes mostly at odd positions (LE) or even positions (BE), as
// the ASCII characters of a report leave them. Only a guess: the decoded text must then look
// like text (PlausibleText) or the input is treated as binary.
const char* GuessUtf16(std::string_view bytes) {
  size_t n = std::min<size_t>(bytes.size(), 4096) & ~size_t{1};
  if (n < 4) return nullptr;
  // Without a NUL byte both counts below are 0: one memchr answers for most inputs.
  if (std::memchr(bytes.data(), 0, n) == nullptr) return nullptr;
  size_t even = 0, odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    even += bytes[i] == 0;
    odd += bytes[i + 1] == 0;
  }
  if (odd > 0 && odd > even * 3) return "UTF-16LE";
  if (even > 0 && even > odd * 3) return "UTF-16BE";
  return nullptr;
}

// Decoded text whose characters are mostly letters, CJK, digits, punctuation and whitespace.
bool PlausibleText(std::string_view utf8) {
  size_t total = 0, odd = 0;
  for (size_t i = 0; i < utf8.size() && total < 20000;) {
    size_t length = 0;
    uint32_t cp = internal::DecodeUtf8At(utf8, i, &length);
    i += length;
    ++total;
    bool control = cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t' && cp != '\f';
    bool unusual = cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0x7F && cp < 0xA0);
    odd += control || unusual;
  }
  return total > 0 && odd * 20 < total;
}

// The converter name we use for a charset label, and the name we report.
std::string CanonicalCharset(std::string_view label) {
  std::string lower;
  for (char c : label) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "gb2312" || lower == "gbk" || lower == "gb18030" || lower == "x-gbk" ||
      lower == "cp936" || lower == "euc-cn" || lower == "hz-gb-2312") {
    return "GB18030";  // a superset of the others; GBK pages often use GB18030-only characters
  }
  if (lower == "utf-8" || lower == "utf8") return "UTF-8";
  if (lower == "big5" || lower == "big5-hkscs") return "Big5";
  return std::string(label);
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

// Decodes with ICU. Returns false when the converter cannot be opened or too much of the input
// does not decode.
bool DecodeWith(const std::string& charset, std::string_view bytes, size_t skip,
                DecodedText* out) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status)) return false;
  std::string_view body = bytes.substr(skip);
  std::vector<UChar> units(body.size() + 1);
  std::vector<int32_t> offsets(body.size() + 1);
  UChar* target = units.data();
  int32_t* offset_ptr = offsets.data();
  const char* src = body.data();
  status = U_ZERO_ERROR;
  ucnv_toUnicode(conv.get(), &target, units.data() + units.size(), &src, body.data() + body.size(),
                 offset_ptr, /*flush=*/true, &status);
  if (U_FAILURE(status)) return false;
  size_t count = static_cast<size_t>(target - units.data());
  TextBuilder builder;
  std::string utf8_char;
  size_t replaced = 0;
  for (size_t i = 0; i < count;) {
    uint32_t cp = units[i];
    size_t next = i + 1;
    if (U16_IS_LEAD(units[i]) && next < count && U16_IS_TRAIL(units[next])) {
      cp = U16_GET_SUPPLEMENTARY(units[i], units[next]);
      ++next;
    }
    size_t from = skip + static_cast<size_t>(std::max<int32_t>(offsets[i], 0));
    size_t to = next < count ? skip + static_cast<size_t>(std::max<int32_t>(offsets[next], 0))
                             : bytes.size();
    if (to < from) to = from;
    if (cp == 0xFFFD || cp == 0x1A) ++replaced;  // ICU substitutes SUB or U+FFFD
    utf8_char.clear();
    internal::AppendUtf8(cp, &utf8_char);
    builder.AppendReplacement(utf8_char, from, to);
    i = next;
  }
  // Some bytes that no encoding decodes are tolerated (pages are often pasted together from
  // several sources), but a decode that is mostly substitutions is a wrong guess or not text.
  if (replaced * 100 > count + 100) return false;
  out->encoding = charset;
  out->utf8 = builder.TakeText();
  out->to_source = builder.TakeMap();
  out->replaced_chars = replaced;
  return true;
}

}  // namespace

Result<DecodedText> Decode(std::string_view bytes, std::string_view path,
                           std::string_view declared_charset) {
  DecodedText out;
  std::string where(path);
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    if (!internal::IsValidUtf8(bytes.substr(3))) {
      return Status(StatusCode::kBadEncoding, where + ": has a UTF-8 byte order mark but is not valid UTF-8");
    }
    out.encoding = "UTF-8";
    out.utf8 = std::string(bytes.substr(3));
    out.to_source.AddCopy(3, out.utf8.size());
    return out;
  }
  const char* utf16 = nullptr;
  size_t skip = 0;
  if (bytes.substr(0, 2) == "\xFF\xFE") { utf16 = "UTF-16LE"; skip = 2; }
  else if (bytes.substr(0, 2) == "\xFE\xFF") { utf16 = "UTF-16BE"; skip = 2; }
  else utf16 = GuessUtf16(bytes);
  if (utf16 != nullptr) {
    bool had_bom = skip > 0;
    if (DecodeWith(utf16, bytes, skip, &out) && (had_bom || PlausibleText(out.utf8))) return out;
    if (had_bom) {
      return Status(StatusCode::kBadEncoding, where + ": has a " + utf16 + " byte order mark but does not decode as it");
    }
    out = DecodedText();
  }
  if (LooksBinary(bytes)) {
    return Status(StatusCode::kBinary, where + ": binary data (NUL or control bytes), not a text report");
  }
  if (internal::IsValidUtf8(bytes)) {
    out.encoding = "UTF-8";
    out.utf8 = std::string(bytes);
    out.to_source.AddCopy(0, bytes.size());
    return out;
  }
  // Order of trust: the page's own declaration; Big5 when ICU is confident of it (Big5 bytes
  // also decode as GB18030, into nonsense); GB18030, what Chinese government pages use when
  // they are not UTF-8; then any other multi-byte CJK encoding ICU detected. Single-byte
  // guesses (ISO-8859-1, windows-1252) are never taken: they "decode" anything into garbage.
  std::vector<std::string> candidates;
  if (!declared_charset.empty()) candidates.push_back(CanonicalCharset(declared_charset));
  std::vector<std::string> detected;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_SUCCESS(status)) {
    ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(std::min<size_t>(bytes.size(), 1 << 20)), &status);
    int32_t found = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &found, &status);
    for (int32_t i = 0; U_SUCCESS(status) && i < found; ++i) {
      const char* name = ucsdet_getName(matches[i], &status);
      int32_t confidence = ucsdet_getConfidence(matches[i], &status);
      if (U_FAILURE(status) || name == nullptr) continue;
      std::string canonical = CanonicalCharset(name);
      if (i == 0 && canonical == "Big5" && confidence >= 60) candidates.push_back(canonical);
      if (canonical == "Big5" || canonical == "EUC-JP" || canonical == "Shift_JIS" ||
          canonical == "EUC-KR") {
        detected.push_back(canonical);
      }
    }
  }
  candidates.push_back("GB18030");
  candidates.insert(candidates.end(), detected.begin(), detected.end());
  for (const std::string& charset : candidates) {
    if (charset == "UTF-8") continue;  // already known not to be valid
    DecodedText attempt;
    if (DecodeWith(charset, bytes, 0, &attempt) && PlausibleText(attempt.utf8)) return attempt;
  }
  return Status(StatusCode::kBadEncoding,
                where + ": not valid UTF-8 and not decodable as GB18030 or another detected encoding");
}

void TextBuilder::AppendCopy(std::string_view piece, size_t input_begin) {
  text_.append(piece);
  map_.AddCopy(input_begin, piece.size());
}

void TextBuilder::AppendReplacement(std::string_view replacement, size_t input_begin,
                                    size_t input_end) {
  text_.append(replacement);
  map_.AddReplacement(input_begin, input_end, replacement.size());
}

Result<Normalizer> Normalizer::Load(const DataFiles& files) {
  Result<TsvTable> table = LoadTsv(files, "normalization.tsv");
  if (!table.ok()) return table.status();
  Normalizer normalizer;
  for (size_t r = 0; r < table->rows.size(); ++r) {
    std::string from = DecodeDataCell(table->Cell(r, "from"));
    std::string to = DecodeDataCell(table->Cell(r, "to"));
    size_t length = 0;
    if (from.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    "normalization.tsv line " + std::to_string(table->line_numbers[r]) + ": empty 'from'");
    }
    uint32_t cp = internal::DecodeUtf8At(from, 0, &length);
    if (length != from.size()) {
      return Status(StatusCode::kInvalidArgument, "normalization.tsv line " +
                                                     std::to_string(table->line_numbers[r]) +
                                                     ": 'from' must be one character");
    }
    normalizer.overrides_[cp] = to;
    if (cp < 0x10000) normalizer.overridden_bmp_[cp / 64] |= uint64_t{1} << (cp % 64);
  }
  auto set_changing = [&](uint32_t cp, bool changes) {
    const uint64_t bit = uint64_t{1} << (cp % 64);
    normalizer.changing_bmp_[cp / 64] = changes ? normalizer.changing_bmp_[cp / 64] | bit
                                                : normalizer.changing_bmp_[cp / 64] & ~bit;
  };
  for (uint32_t cp = 0xFF01; cp <= 0xFF5E; ++cp) set_changing(cp, true);  // the width fold
  for (const auto& [cp, to] : normalizer.overrides_) {
    std::string self;
    internal::AppendUtf8(cp, &self);
    if (cp < 0x10000) set_changing(cp, to != self);
  }
  for (unsigned lead = 0xE0; lead <= 0xEF; ++lead) {
    const auto first = normalizer.changing_bmp_.begin() + (lead & 0x0F) * (0x1000 / 64);
    normalizer.keeps_all_of_lead_[lead] = std::all_of(first, first + 0x1000 / 64, [](uint64_t bits) { return bits == 0; });
  }
  return normalizer;
}

// Inlined into the two loops below: called for every non-ASCII character of a report.
[[gnu::always_inline]] inline bool Normalizer::Changes(std::string_view text, size_t pos, size_t* length, std::string* replacement) const {
  uint32_t cp = internal::DecodeUtf8At(text, pos, length);
  // Most characters have no override: a bit per BMP code point spares the hash lookup.
  bool may_override = cp >= 0x10000 || (overridden_bmp_[cp / 64] >> (cp % 64) & 1) != 0;
  auto override_it = may_override ? overrides_.find(cp) : overrides_.end();
  if (override_it != overrides_.end()) {
    if (std::string_view(override_it->second) == text.substr(pos, *length)) return false;
    *replacement = override_it->second;
    return true;
  }
  if (cp >= 0xFF01 && cp <= 0xFF5E) {
    replacement->assign(1, static_cast<char>(cp - 0xFEE0));  // NFKC width fold
    return true;
  }
  return false;
}

void Normalizer::Normalize(std::string_view content, std::string* normalized,
                           OffsetMap* to_content) const {
  TextBuilder builder;
  size_t copy_start = 0;  // start of a run of unchanged bytes not yet appended
  auto flush = [&](size_t upto) {
    if (upto > copy_start) builder.AppendCopy(content.substr(copy_start, upto - copy_start), copy_start);
  };
  std::string replacement;
  const auto* bytes = reinterpret_cast<const unsigned char*>(content.data());
  for (size_t i = 0; i < content.size();) {
    if (bytes[i] < 0x80) {
      i += internal::AsciiRunAt(bytes + i, content.size() - i);
      continue;
    }
    if (KeepsThreeByteCharacter(bytes + i, content.size() - i)) {
      i += 3;
      continue;
    }
    size_t length = 0;
    if (Changes(content, i, &length, &replacement)) {
      flush(i);
      builder.AppendReplacement(replacement, i, i + length);
      copy_start = i + length;
    }
    i += length;
  }
  flush(content.size());
  *normalized = builder.TakeText();
  *to_content = builder.TakeMap();
}

bool Normalizer::LeavesUnchanged(std::string_view text) const {
  std::string replacement;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < text.size();) {
    if (bytes[i] < 0x80) {
      i += internal::AsciiRunAt(bytes + i, text.size() - i);
      continue;
    }
    if (KeepsThreeByteCharacter(bytes + i, text.size() - i)) {
      i += 3;
      continue;
    }
    size_t length = 0;
    if (Changes(text, i, &length, &replacement)) return false;
    i += length;
  }
  return true;
}



}  // namespace ogi
