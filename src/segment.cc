// Word boundaries come from ICU's word break rules and, in runs of Chinese ideographs, from
// ICU's dictionary algorithm, which runs here over ICU's own dictionary (below). At each
// position the longest lexicon term wins; otherwise the token runs to the next boundary.
#include "ogi/segment.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ucharstrie.h>
#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <limits>

#include "internal/utf8.h"

namespace ogi {

// ICU cuts a run of Han ideographs with its CJK dictionary engine (CjkBreakEngine in ICU's
// dictbe.cpp), which sees the run alone: the word rules break between an ideograph and a
// punctuation mark, digit or Latin letter, and hand each maximal run of dictionary characters
// to the engine. The engine finds the cheapest cut of the run into dictionary words (costs
// from the dictionary, 255 for a character that is no word on its own; words of up to 20
// characters; of equal costs the cut whose last word starts first wins), and each word of the
// cut is a word. That is a short loop, but ICU's iterator around it (rule tables, a copy of
// the run, a normalization check, vectors allocated per run) cost several times the
// dictionary search on a clause. So the loop runs here, over the dictionary ICU loads itself
// (cjdict, a UCharsTrie), for runs of the characters to which nothing else of the engine
// applies (IsIdeograph) that separators close on both sides (no word rule joins the two);
// ICU segments the rest. segment_test compares both with ICU alone.
struct Segmenter::IdeographDictionary {
  UDataMemory* file = nullptr;
  const char16_t* words = nullptr;  // the UCharsTrie of words, with their costs as values
  const icu::Normalizer2* nfkc = nullptr;
  std::bitset<65536> separators;  // code points at which ICU's word rules always break from an ideograph
  // IsIdeograph's answers, one bit per BMP code point: asked of ICU on first sight, since
  // asking for all 27,000 ideographs at load cost as much as segmenting a report. Threads
  // that race write the same bits; `checked` is set after `accepted`.
  mutable std::array<std::atomic<uint64_t>, 1024> checked{}, accepted{};
  // The trie's state after the first character of a word (UCharsTrie::getState64), per
  // ideograph from 0x3400, 0 until asked: the search of the trie's first level among all the
  // characters that start a word was half of the dictionary search.
  mutable std::unique_ptr<std::atomic<uint64_t>[]> first_states{new std::atomic<uint64_t>[0xA000 - 0x3400]()};
  static constexpr uint64_t kNoWordStarts = 1;  // never a state: states have high bits set

  // trie.first(c) for an ideograph c, from first_states once known.
  UStringTrieResult First(icu::UCharsTrie& trie, char16_t c) const {
    std::atomic<uint64_t>& known = first_states[c - 0x3400];
    const uint64_t state = known.load(std::memory_order_relaxed);
    if (state == kNoWordStarts) return USTRINGTRIE_NO_MATCH;
    if (state != 0) return trie.resetToState64(state).current();
    const UStringTrieResult result = trie.first(c);
    known.store(result == USTRINGTRIE_NO_MATCH ? kNoWordStarts : trie.getState64(), std::memory_order_relaxed);
    return result;
  }

  ~IdeographDictionary() { udata_close(file); }

  // The characters segmented here: BMP Han ideographs ([:Han:], the engine's set) that NFKC
  // leaves alone (so ICU's normalization of the run changes nothing). Katakana and Hangul,
  // which the engine treats apart, are outside these blocks.
  bool IsIdeograph(uint32_t c) const {
    if (c < 0x3400 || c > 0x9FFF || (c > 0x4DBF && c < 0x4E00)) return false;
    const uint64_t bit = uint64_t{1} << (c & 63);
    if (checked[c >> 6].load(std::memory_order_acquire) & bit) {
      return accepted[c >> 6].load(std::memory_order_relaxed) & bit;
    }
    UErrorCode status = U_ZERO_ERROR;
    const bool ideograph = uscript_getScript(static_cast<UChar32>(c), &status) == USCRIPT_HAN && U_SUCCESS(status) &&
                           nfkc->isInert(static_cast<UChar32>(c));
    if (ideograph) accepted[c >> 6].fetch_or(bit, std::memory_order_relaxed);
    checked[c >> 6].fetch_or(bit, std::memory_order_release);
    return ideograph;
  }

  // The code point of the ideograph whose three bytes start at text[pos], 0 when none is there.
  uint32_t IdeographAt(std::string_view text, size_t pos) const {
    if (pos + 3 > text.size()) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + pos;
    if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    const uint32_t cp = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
    return IsIdeograph(cp) ? cp : 0;
  }

  // The separator at text[pos] (one byte) or text[pos, pos + 3): ASCII is one byte whatever
  // precedes it, and a separator of three bytes starts with a lead byte, which no malformed
  // sequence before it takes in.
  bool SeparatorAt(std::string_view text, size_t pos, size_t length) const {
    if (pos + length > text.size()) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + pos;
    if (length == 1) return p[0] < 0x80 && separators[p[0]];
    if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return false;
    return separators[(p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)];
  }
  // Whether the text's start or a separator comes right before pos (after pos: its end or a
  // separator): a run of ideographs there is cut from the rest whatever the rest holds.
  bool ClosedBefore(std::string_view text, size_t pos) const {
    return pos == 0 || SeparatorAt(text, pos - 1, 1) || (pos >= 3 && SeparatorAt(text, pos - 3, 3));
  }
  bool ClosedAfter(std::string_view text, size_t pos) const {
    return pos == text.size() || SeparatorAt(text, pos, 1) || SeparatorAt(text, pos, 3);
  }

  // Appends to *boundaries the byte offsets (plus `offset`) of the word boundaries after the
  // start that ICU's engine puts in a run of n ideographs, each three bytes long.
  void Cut(const char16_t* run, size_t n, size_t offset, std::vector<size_t>* boundaries) const;

  // Null when ICU's data has no such dictionary or holds it in another layout.
  static std::unique_ptr<IdeographDictionary> Load();
};

namespace {

// Words of the dictionary are looked up up to this many characters (maxWordSize in ICU).
constexpr size_t kMaxWordLength = 20;
// The cost of a character that is no dictionary word on its own (maxSnlp in ICU).
constexpr uint32_t kUnknownCharacterCost = 255;

// ICU's dictionary data starts with offsets (DictionaryData in ICU's dictionarydata.h).
constexpr int kStringTrieOffsetIndex = 0;
constexpr int kTrieTypeIndex = 4;
constexpr int32_t kTrieTypeMask = 7;
constexpr int32_t kTrieTypeUChars = 1;
constexpr int32_t kTrieHasValues = 8;

UBool IsDictionaryData(void*, const char*, const char*, const UDataInfo* info) {
  return info->dataFormat[0] == 'D' && info->dataFormat[1] == 'i' && info->dataFormat[2] == 'c' &&
         info->dataFormat[3] == 't' && info->formatVersion[0] == 1;
}

// The name of the dictionary ICU uses for Han ("cjdict"), from its break iterator data.
std::string HanDictionaryName() {
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* root = ures_open(U_ICUDATA_NAME "-brkitr", "", &status);
  UResourceBundle* dictionaries = ures_getByKey(root, "dictionaries", nullptr, &status);
  int32_t length = 0;
  const UChar* name = ures_getStringByKey(dictionaries, "Hani", &length, &status);
  std::string out;
  if (U_SUCCESS(status)) {
    for (int32_t i = 0; i < length && name[i] != u'.'; ++i) {
      if (name[i] >= 0x80) return "";
      out.push_back(static_cast<char>(name[i]));
    }
  }
  ures_close(dictionaries);
  ures_close(root);
  return out;
}

}  // namespace

std::unique_ptr<Segmenter::IdeographDictionary> Segmenter::IdeographDictionary::Load() {
  const std::string name = HanDictionaryName();
  if (name.empty()) return nullptr;
  UErrorCode status = U_ZERO_ERROR;
  auto dictionary = std::make_unique<IdeographDictionary>();
  dictionary->file = udata_openChoice(U_ICUDATA_NAME "-brkitr", "dict", name.c_str(), IsDictionaryData, nullptr, &status);
  if (U_FAILURE(status) || dictionary->file == nullptr) return nullptr;
  const auto* data = static_cast<const char*>(udata_getMemory(dictionary->file));
  const auto* indexes = reinterpret_cast<const int32_t*>(data);
  if ((indexes[kTrieTypeIndex] & kTrieTypeMask) != kTrieTypeUChars || !(indexes[kTrieTypeIndex] & kTrieHasValues)) {
    return nullptr;
  }
  dictionary->words = reinterpret_cast<const char16_t*>(data + indexes[kStringTrieOffsetIndex]);
  dictionary->nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return nullptr;
  // Punctuation, digits and letters that no word rule joins with an ideograph: the rules join
  // an ideograph only with the dictionary characters after it and with the Extend, Format and
  // ZWJ characters that follow it. The tests check each against ICU.
  for (auto [first, last] : {std::pair<UChar32, UChar32>{0x21, 0x7E}, {0xB7, 0xB7}, {0x2010, 0x2027}, {0x2030, 0x203B},
                             {0x3001, 0x3003}, {0x3008, 0x3011}, {0x3014, 0x301F}, {0xFF01, 0xFF5E}}) {
    for (UChar32 c = first; c <= last; ++c) {
      const auto word_break = static_cast<UWordBreakValues>(u_getIntPropertyValue(c, UCHAR_WORD_BREAK));
      if (word_break != U_WB_EXTEND && word_break != U_WB_FORMAT && word_break != U_WB_ZWJ) dictionary->separators.set(c);
    }
  }
  return dictionary;
}

void Segmenter::IdeographDictionary::Cut(const char16_t* run, size_t n, size_t offset,
                                         std::vector<size_t>* boundaries) const {
  // cost[k]: of the cheapest cut of the first k characters; previous[k]: where its last word
  // starts. Every character is at least a word of its own, so every k is reached.
  thread_local std::vector<uint32_t> cost;
  thread_local std::vector<uint32_t> previous;
  cost.assign(n + 1, std::numeric_limits<uint32_t>::max());
  previous.assign(n + 1, 0);
  cost[0] = 0;
  icu::UCharsTrie trie(words);
  for (size_t i = 0; i < n; ++i) {
    bool single_character_word = false;
    auto relax = [&](size_t length, uint32_t word_cost) {
      const uint32_t candidate = cost[i] + word_cost;
      if (candidate < cost[i + length]) {  // strictly: the earlier start wins a tie
        cost[i + length] = candidate;
        previous[i + length] = static_cast<uint32_t>(i);
      }
    };
    UStringTrieResult result = First(trie, run[i]);
    for (size_t length = 1;; ++length) {
      if (USTRINGTRIE_HAS_VALUE(result)) {
        relax(length, static_cast<uint32_t>(trie.getValue()));
        single_character_word = single_character_word || length == 1;
        if (result == USTRINGTRIE_FINAL_VALUE) break;
      } else if (result == USTRINGTRIE_NO_MATCH) {
        break;
      }
      if (length >= kMaxWordLength || i + length >= n) break;
      result = trie.next(run[i + length]);
    }
    if (!single_character_word) relax(1, kUnknownCharacterCost);
  }
  const size_t first = boundaries->size();
  for (size_t k = n; k > 0; k = previous[k]) boundaries->push_back(offset + 3 * k);
  std::reverse(boundaries->begin() + static_cast<std::ptrdiff_t>(first), boundaries->end());
}

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
  segmenter.ideographs_ = IdeographDictionary::Load();
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
  if (range.empty()) return {};
  if (!ideographs_) return SegmentWithIcu(text, range);
  const std::string_view piece = text.substr(range.start, range.size());
  thread_local std::vector<size_t> boundaries;
  thread_local std::vector<bool> boundary_is_word;  // of the word ending at each boundary
  thread_local std::vector<char16_t> run;
  boundaries.assign(1, 0);
  boundary_is_word.assign(1, false);  // no word ends at 0
  // Runs of ideographs that separators (or the piece's edges) close are cut here, the rest by
  // ICU: the word rules cut at both ends of such a run, so that neither side sees the other.
  size_t unsegmented = 0;  // piece[unsegmented, run start) is left to ICU
  for (size_t pos = 0; pos < piece.size();) {
    if (!ideographs_->IdeographAt(piece, pos)) {
      ++pos;  // a byte at a time: IdeographAt finds only whole ideographs
      continue;
    }
    const size_t start = pos;
    run.clear();
    for (uint32_t c; (c = ideographs_->IdeographAt(piece, pos)) != 0; pos += 3) run.push_back(static_cast<char16_t>(c));
    if (!ideographs_->ClosedBefore(piece, start) || !ideographs_->ClosedAfter(piece, pos)) continue;
    if (unsegmented < start && !AppendIcuBoundaries(piece, unsegmented, start, &boundaries, &boundary_is_word)) {
      return SegmentWithIcu(text, range);
    }
    ideographs_->Cut(run.data(), run.size(), start, &boundaries);
    // ICU gives the word of an ideograph the status of an ideographic word, not UBRK_WORD_NONE.
    boundary_is_word.resize(boundaries.size(), true);
    unsegmented = pos;
  }
  if (unsegmented < piece.size() &&
      !AppendIcuBoundaries(piece, unsegmented, piece.size(), &boundaries, &boundary_is_word)) {
    return SegmentWithIcu(text, range);
  }
  return Tokenize(piece, range, boundaries, boundary_is_word);
}

std::vector<Token> Segmenter::SegmentWithIcu(std::string_view text, Span range) const {
  if (range.empty()) return {};
  const std::string_view piece = text.substr(range.start, range.size());
  thread_local std::vector<size_t> boundaries;
  thread_local std::vector<bool> boundary_is_word;  // of the word ending at each boundary
  boundaries.assign(1, 0);
  boundary_is_word.assign(1, false);
  if (!AppendIcuBoundaries(piece, 0, piece.size(), &boundaries, &boundary_is_word)) return {};
  return Tokenize(piece, range, boundaries, boundary_is_word);
}

bool Segmenter::AppendIcuBoundaries(std::string_view piece, size_t from, size_t to, std::vector<size_t>* boundaries,
                                    std::vector<bool>* boundary_is_word) const {
  const std::string_view part = piece.substr(from, to - from);
  UErrorCode status = U_ZERO_ERROR;
  // ICU's dictionary engine works on UTF-16: given UTF-8 it copies every run of ideographs
  // into a string and maps its indices back, which cost more than converting the text here.
  // utf8_offsets maps a UTF-16 index to the byte offset in part. Malformed text keeps the
  // UTF-8 path, so that ICU reads exactly the same characters.
  thread_local std::vector<UChar> utf16;
  thread_local std::vector<uint32_t> utf8_offsets;
  const bool as_utf16 = internal::IsValidUtf8(part);
  if (as_utf16) {
    utf16.clear();
    utf8_offsets.clear();
    for (size_t pos = 0; pos < part.size();) {
      size_t length = 0;
      const uint32_t cp = internal::DecodeUtf8At(part, pos, &length);
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
    utf8_offsets.push_back(static_cast<uint32_t>(part.size()));
  } else if (from > 0 || to < piece.size()) {
    return false;  // a part of malformed text might decode otherwise than within the whole
  }
  // Segment is called once per figure on a short clause: what it allocates per call counts.
  UText utext_on_stack = UTEXT_INITIALIZER;
  UText* utext = as_utf16 ? utext_openUChars(&utext_on_stack, utf16.data(), static_cast<int64_t>(utf16.size()), &status)
                          : utext_openUTF8(&utext_on_stack, part.data(), static_cast<int64_t>(part.size()), &status);
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
    return false;
  }
  words->setText(utext, status);
  // The first boundary, the part's start, is there already.
  for (int32_t b = words->first(); (b = words->next()) != icu::BreakIterator::DONE;) {
    boundaries->push_back(from + (as_utf16 ? utf8_offsets[static_cast<size_t>(b)] : static_cast<size_t>(b)));
    boundary_is_word->push_back(words->getRuleStatus() != UBRK_WORD_NONE);
  }
  utext_close(utext);
  return true;
}

std::vector<Token> Segmenter::Tokenize(std::string_view piece, Span range, const std::vector<size_t>& boundaries,
                                       const std::vector<bool>& boundary_is_word) const {
  std::vector<Token> tokens;
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
