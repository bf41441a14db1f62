// Segmenter: Chinese text to word tokens, with our domain lexicon kept whole.
//
// Consumes a range of normalized text; produces tokens (byte spans in the same text). ICU's
// dictionary-based word break splits ordinary Chinese; terms of the domain lexicon
// (data/lexicon.tsv: 政府信息公开, 依申请公开, 行政复议, 新闻发布会 ...) are matched first,
// longest first, so they survive as one token where ICU would cut them.
//
// Segmenting is the slowest stage (~15 MB/s for ICU alone), so the pipeline segments only the
// clauses around figures; `ogi segment FILE` segments everything for debugging. Runs of
// ideographs between punctuation are cut by ICU's own dictionary algorithm, run here over
// ICU's dictionary (segment.cc): ICU's iterator around it cost more than the search itself.
#ifndef OGI_SEGMENT_H_
#define OGI_SEGMENT_H_

#include <bitset>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ogi/data.h"
#include "ogi/offset_map.h"
#include "ogi/status.h"

#include <unicode/uversion.h>

// ICU's namespace is versioned (icu_72); its macros declare the class in the right one.
U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace ogi {

struct Token {
  Span span;
  bool from_lexicon = false;  // matched a lexicon term
  bool is_word = true;        // letters, ideographs or numbers (not punctuation)
};

class Segmenter {
 public:
  static Result<Segmenter> Load(const DataFiles& files);

  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;
  ~Segmenter();

  // Tokens of text[range], spaces dropped. Thread-safe: each thread segments with its own
  // clone of the prototype break iterator (ICU iterators hold per-text state).
  std::vector<Token> Segment(std::string_view text, Span range) const;

  // Segment with ICU's word break iterator for every text, for tests that compare it with
  // Segment, which cuts runs of ideographs itself.
  std::vector<Token> SegmentWithIcu(std::string_view text, Span range) const;

  // Whether Segment cuts runs of ideographs itself (ICU's dictionary was found), for tests.
  bool CutsIdeographs() const { return ideographs_ != nullptr; }

  bool IsLexiconTerm(std::string_view term) const { return lexicon_.count(term) > 0; }

  // Byte length of the longest lexicon term at piece[pos], 0 when none. Segment makes such a
  // term one token whatever ICU says, so a caller can know the first tokens of a text without
  // segmenting it.
  size_t LongestTermAt(std::string_view piece, size_t pos) const;

 private:
  Segmenter() = default;
  struct IdeographDictionary;  // segment.cc
  // Appends the word boundaries ICU puts in piece[from, to) after `from` (byte offsets in
  // piece) and whether the word ending at each is a word. False when ICU failed, or when a part
  // of malformed text was asked for.
  bool AppendIcuBoundaries(std::string_view piece, size_t from, size_t to, std::vector<size_t>* boundaries,
                           std::vector<bool>* boundary_is_word) const;
  // Tokens of piece (= text[range]) from the word boundaries of piece (byte offsets in piece,
  // starting with 0) and whether the word ending at each is a word.
  std::vector<Token> Tokenize(std::string_view piece, Span range, const std::vector<size_t>& boundaries,
                              const std::vector<bool>& boundary_is_word) const;
  // Transparent hashing: terms are looked up by string_view, without a copy per lookup.
  struct TermHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // LongestTermAt finds terms by their first two bytes (one-byte terms by their byte): most
  // positions start no term, and a hash lookup per code point and length was a fifth of
  // Extract's time on prose before.
  std::unordered_set<std::string, TermHash, std::equal_to<>> lexicon_;
  std::bitset<256> single_byte_terms_;  // first (only) byte of one-byte terms
  std::bitset<65536> term_starts_;      // first two bytes of longer terms
  // Terms of two bytes or more by their first two bytes (b0 << 8 | b1), longest first.
  std::unordered_map<uint32_t, std::vector<std::string>> terms_by_start_;
  std::unique_ptr<icu::BreakIterator> prototype_;
  // ICU's dictionary of Chinese words and the characters it is used for; null when ICU's data
  // does not hold it in the layout segment.cc reads: ICU then segments everything.
  std::unique_ptr<IdeographDictionary> ideographs_;
};

}  // namespace ogi

#endif  // OGI_SEGMENT_H_
