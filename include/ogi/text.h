// Text: the input as characters, in three layers, each mapped back to the one below.
//
//   original bytes  <- decoded    (Decode: BOM, strict UTF-8, else ICU detection; GB18030,
//                                  Big5, UTF-16 ... to UTF-8)
//   decoded         <- content    (a reader: plain text keeps everything, HTML drops markup
//                                  and decodes entities)
//   content         <- normalized (Normalizer: full-width digits/letters/signs to ASCII,
//                                  odd spaces to ' ')
//
// Recognizers read `normalized`. A span found there is resolved to original bytes once with
// ToOriginal(), and its evidence is the `content` characters it covers (markup removed, widths
// as written: "５８％", not "58%").
#ifndef OGI_TEXT_H_
#define OGI_TEXT_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ogi/data.h"
#include "ogi/offset_map.h"
#include "ogi/status.h"

namespace ogi {

struct DecodedText {
  std::string encoding;  // "UTF-8", "GB18030", "Big5", "UTF-16LE", ...
  std::string utf8;
  OffsetMap to_source;     // utf8 -> original bytes
  size_t replaced_chars = 0;  // undecodable bytes replaced by U+FFFD (tolerated when rare)
};

// Decodes `bytes`. `declared_charset` is a hint from the container (an HTML meta tag); it is
// used when it decodes the bytes cleanly. Binary data and bytes that no supported encoding
// decodes are errors naming `path` and the reason.
Result<DecodedText> Decode(std::string_view bytes, std::string_view path,
                           std::string_view declared_charset = "");

// Appends text while recording where each appended byte came from. Readers use it to build
// the content layer; the Normalizer uses it to build the normalized layer.
class TextBuilder {
 public:
  // Appends input bytes [input_begin, +piece.size()) unchanged.
  void AppendCopy(std::string_view piece, size_t input_begin);
  // Appends `replacement` for input [input_begin, input_end) as one unit.
  void AppendReplacement(std::string_view replacement, size_t input_begin, size_t input_end);
  const std::string& text() const { return text_; }
  size_t size() const { return text_.size(); }
  bool EndsWith(char c) const { return !text_.empty() && text_.back() == c; }
  // Moves out the text and its map (the builder is empty afterwards).
  std::string TakeText() { return std::move(text_); }
  OffsetMap TakeMap() { return std::move(map_); }

 private:
  std::string text_;
  OffsetMap map_;
};

// Folds the character variants that do not change meaning, so that recognizers see one form:
// full-width ASCII (U+FF01..U+FF5E) to ASCII as NFKC does, plus the table data/normalization.tsv
// (odd spaces, invisible characters, and the full-width comma, which is KEPT because "12，345"
// is two figures while "12,345" is one). Immutable after construction; safe to share.
class Normalizer {
 public:
  static Result<Normalizer> Load(const DataFiles& files);

  // Normalizes content; the returned map goes from normalized text to content.
  void Normalize(std::string_view content, std::string* normalized, OffsetMap* to_content) const;
  // Whether Normalize would return `text` as it is (no allocation: for deciding whether to).
  bool LeavesUnchanged(std::string_view text) const;

 private:
  // Whether the non-ASCII character at `pos` changes, and into what; sets its byte length.
  bool Changes(std::string_view text, size_t pos, size_t* length, std::string* replacement) const;
  // Whether p starts a three-byte character (most of a Chinese text) that Changes leaves as it
  // is, decoded as Changes decodes it and answered by one bit, without a call (the
  // full-width comma, which stays, is one of the most frequent characters).
  [[gnu::always_inline]] bool KeepsThreeByteCharacter(const unsigned char* p, size_t available) const {
    if (available < 3) return false;
    if (keeps_all_of_lead_[p[0]]) return true;  // a CJK ideograph: one load, not a decode
    if ((p[0] >> 4) != 0xE) return false;
    const uint32_t cp = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
    return (changing_bmp_[cp / 64] >> (cp % 64) & 1) == 0;
  }

  std::unordered_map<uint32_t, std::string> overrides_;  // code point -> replacement
  std::array<uint64_t, 0x10000 / 64> overridden_bmp_{};  // bit per BMP key of overrides_
  std::array<uint64_t, 0x10000 / 64> changing_bmp_{};    // bit per BMP character that Changes
  // Per lead byte E0..EF: whether none of the 4096 code points it starts (decoded as
  // KeepsThreeByteCharacter decodes them) changes. False for every other byte.
  std::array<bool, 256> keeps_all_of_lead_{};
};

struct Text {
  std::string encoding;
  std::string decoded;
  OffsetMap decoded_to_source;
  std::string content;
  OffsetMap content_to_decoded;
  std::string normalized;
  OffsetMap normalized_to_content;
  // Paginated input (PDF): where each page starts in the original coordinates (for PDF, the
  // extracted text), ascending from 0; empty when the input has no pages.
  std::vector<size_t> page_starts;

  // Original byte range of a range of `normalized`.
  Span ToOriginal(Span normalized_span) const { return ContentToOriginal(ToContent(normalized_span)); }
  // Original byte range of a range of `content`: for a caller that needs the content range
  // too (evidence), so that the largest map is searched once.
  Span ContentToOriginal(Span content_span) const {
    return decoded_to_source.ToInput(content_to_decoded.ToInput(content_span));
  }
  // Range of `content` that a range of `normalized` came from.
  Span ToContent(Span normalized_span) const { return normalized_to_content.ToInput(normalized_span); }
  // The evidence: the content characters behind a range of `normalized`.
  std::string_view Evidence(Span normalized_span) const {
    const Span c = ToContent(normalized_span);
    return std::string_view(content).substr(c.start, c.size());
  }
  // 1-based page holding original offset `original`, or 0 when the input has no pages.
  int PageAt(size_t original) const {
    auto after = std::upper_bound(page_starts.begin(), page_starts.end(), original);
    return static_cast<int>(after - page_starts.begin());
  }
};

}  // namespace ogi

#endif  // OGI_TEXT_H_
