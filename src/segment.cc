// ICU runs over the UTF-8 text directly through UText, so its boundaries are byte offsets of
// our text and need no index conversion. At each position the longest lexicon term wins;
// otherwise the token runs to ICU's next boundary.
#include "ogi/segment.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>

#include "internal/utf8.h"

namespace ogi {

Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;
Segmenter::~Segmenter() = default;

Result<Segmenter> Segmenter::Load(const DataFiles& files) {
  Result<TsvTable> table = LoadTsv(files, "lexicon.tsv");
  if (!table.ok()) return table.status();
  Segmenter segmenter;
  for (size_t r = 0; r < table->rows.size(); ++r) {
    std::string term(table->Cell(r, "term"));
    if (term.empty()) continue;
    // Terms are matched at code point starts only, which holds for well-formed terms.
    if (!internal::IsValidUtf8(term)) {
      return Status(StatusCode::kInvalidArgument,
                    "lexicon.tsv line " + std::to_string(table->line_numbers[r]) + ": malformed UTF-8");
    }
    const auto b0 = static_cast<unsigned char>(term[0]);
    if (term.size() == 1) {
      segmenter.single_byte_terms_.set(b0);
    } else if (!segmenter.lexicon_.count(term)) {
      const uint32_t key = (b0 << 8) | static_cast<unsigned char>(term[1]);
      segmenter.term_starts_.set(key);
      segmenter.terms_by_start_[key].push_back(term);
    }
    segmenter.lexicon_.insert(std::move(term));
  }
  for (auto& [key, terms] : segmenter.terms_by_start_) {
    std::stable_sort(terms.begin(), terms.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }
  UErrorCode status = U_ZERO_ERROR;
  segmenter.prototype_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
  if (U_FAILURE(status) || !segmenter.prototype_) {
    return Status(StatusCode::kInternal, std::string("ICU word break unavailable: ") + u_errorName(status));
  }
  return segmenter;
}

size_t Segmenter::LongestTermAt(std::string_view piece, size_t pos) const {
  const auto b0 = static_cast<unsigned char>(piece[pos]);
  if (pos + 1 < piece.size()) {
    const uint32_t key = (b0 << 8) | static_cast<unsigned char>(piece[pos + 1]);
    if (term_starts_[key]) {
      for (const std::string& term : terms_by_start_.find(key)->second) {
        if (piece.compare(pos, term.size(), term) == 0) return term.size();
      }
    }
  }
  return single_byte_terms_[b0] ? 1 : 0;
}

std::vector<Token> Segmenter::Segment(std::string_view text, Span range) const {
  std::vector<Token> tokens;
  if (range.empty()) return tokens;
  std::string_view piece = text.substr(range.start, range.size());
  UErrorCode status = U_ZERO_ERROR;
  // ICU's dictionary engine works on UTF-16: given UTF-8 it copies every run of ideographs
  // into a string and maps its indices back, which cost more than converting the clause here.
  // utf8_offsets maps a UTF-16 index to the byte offset in piece. Malformed text keeps the
  // UTF-8 path, so that ICU reads exactly the same characters.
  thread_local std::vector<UChar> utf16;
  thread_local std::vector<uint32_t> utf8_offsets;
  const bool as_utf16 = internal::IsValidUtf8(piece);
  if (as_utf16) {
    utf16.clear();
    utf8_offsets.clear();
    for (size_t pos = 0; pos < piece.size();) {
      size_t length = 0;
      const uint32_t cp = internal::DecodeUtf8At(piece, pos, &length);
      if (cp < 0x10000) {
        utf16.push_back(static_cast<UChar>(cp));
        utf8_offsets.push_back(static_cast<uint32_t>(pos));
      } else {
        utf16.push_back(static_cast<UChar>(0xD7C0 + (cp >> 10)));
        utf16.push_back(static_cast<UChar>(0xDC00 | (cp & 0x3FF)));
        utf8_offsets.push_back(static_cast<uint32_t>(pos));
        utf8_offsets.push_back(static_cast<uint32_t>(pos));
      }
      pos += length;
    }
    utf8_offsets.push_back(static_cast<uint32_t>(piece.size()));
  }
  // Segment is called once per figure on a short clause: what it allocates per call counts.
  UText utext_on_stack = UTEXT_INITIALIZER;
  UText* utext = as_utf16 ? utext_openUChars(&utext_on_stack, utf16.data(), static_cast<int64_t>(utf16.size()), &status)
                          : utext_openUTF8(&utext_on_stack, piece.data(), static_cast<int64_t>(piece.size()), &status);
  // ICU iterators carry per-text state, so threads cannot share one; cloning the prototype
  // for every call costs more than the segmenting itself. Each thread keeps its own clone.
  thread_local const Segmenter* cached_owner = nullptr;
  thread_local std::unique_ptr<icu::BreakIterator> cached;
  if (cached_owner != this || !cached) {
    cached.reset(prototype_->clone());
    cached_owner = this;
  }
  icu::BreakIterator* words = cached.get();
  if (U_FAILURE(status) || words == nullptr) {
    utext_close(utext);
    return tokens;
  }
  words->setText(utext, status);
  thread_local std::vector<size_t> boundaries;
  thread_local std::vector<bool> boundary_is_word;  // status of the token ending at each boundary
  boundaries.clear();
  boundary_is_word.clear();
  for (int32_t b = words->first(); b != icu::BreakIterator::DONE; b = words->next()) {
    boundaries.push_back(as_utf16 ? utf8_offsets[static_cast<size_t>(b)] : static_cast<size_t>(b));
    boundary_is_word.push_back(words->getRuleStatus() != UBRK_WORD_NONE);
  }
  utext_close(utext);
  tokens.reserve(boundaries.size());

  size_t pos = 0;
  size_t next_boundary = 0;  // index into boundaries of the first boundary > pos
  while (pos < piece.size()) {
    unsigned char c = static_cast<unsigned char>(piece[pos]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      ++pos;
      continue;
    }
    const size_t best = LongestTermAt(piece, pos);
    while (next_boundary < boundaries.size() && boundaries[next_boundary] <= pos) ++next_boundary;
    Token token;
    if (best > 0) {
      token.span = {range.start + pos, range.start + pos + best};
      token.from_lexicon = true;
      pos += best;
    } else {
      size_t end = next_boundary < boundaries.size() ? boundaries[next_boundary] : piece.size();
      // Cut the ICU word where a lexicon term starts inside it (各设|区市 -> 各|设区市).
      for (size_t inner = pos + 1; inner < end;) {
        if ((static_cast<unsigned char>(piece[inner]) & 0xC0) == 0x80) {
          ++inner;
          continue;
        }
        if (LongestTermAt(piece, inner) > 3) {
          end = inner;
          break;
        }
        ++inner;
      }
      token.span = {range.start + pos, range.start + end};
      token.is_word = next_boundary < boundary_is_word.size() ? boundary_is_word[next_boundary] : true;
      pos = end;
    }
    tokens.push_back(token);
  }
  return tokens;
}

}  // namespace ogi
