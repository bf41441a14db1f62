// Where a match of a regular expression can start, read from the pattern's syntax, so that a
// search can skip the text where none can (most of a Chinese report, for the not-a-figure
// patterns) instead of running the regex engine over every byte. Internal.
//
// The analysis is conservative: it may let a position through where no match starts, never the
// reverse. Whatever it does not understand makes the pattern "may start anywhere".
#ifndef OGI_INTERNAL_REGEX_STARTS_H_
#define OGI_INTERNAL_REGEX_STARTS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ogi/numeral.h"

namespace ogi::internal {

// A set of code points as sorted, disjoint, non-adjacent ranges.
class CodePointRanges {
 public:
  void Add(uint32_t first, uint32_t last);
  void Add(const CodePointRanges& other);
  CodePointRanges Complement() const;
  bool Contains(uint32_t code_point) const;
  uint64_t Size() const;  // number of code points
  const std::vector<std::pair<uint32_t, uint32_t>>& ranges() const { return ranges_; }
  bool empty() const { return ranges_.empty(); }
  bool operator==(const CodePointRanges&) const = default;

 private:
  std::vector<std::pair<uint32_t, uint32_t>> ranges_;
};

// A match starts with a character of `single`, or with a character of some pair's .first
// followed by one of its .second, or with any character followed by one of `second` (patterns
// such as (^|[^0-9])[0-9]{1,2}、 whose first character can be almost anything), unless
// `anywhere`.
struct RegexStarts {
  bool anywhere = true;
  CodePointRanges single;
  std::vector<std::pair<CodePointRanges, CodePointRanges>> pairs;
  CodePointRanges second;
};

// For a pattern RE2 accepts (https://github.com/google/re2/wiki/Syntax), compiled with RE2's
// default options but longest_match: UTF-8, case-sensitive unless the pattern says (?i), ^ and
// $ at the text's ends. Assertions (^ $ \b) are read as matching everywhere: more starts, never
// fewer.
RegexStarts AnalyzeRegexStarts(std::string_view pattern);

// The byte length of the character at text[pos], 1 where the text is ill-formed: where a
// search resumes after a position that starts no match.
size_t CharacterLength(std::string_view text, size_t pos);

// The positions of a text where a match of any of some patterns may start.
class MatchStartFilter {
 public:
  void Add(const RegexStarts& starts);
  bool anywhere() const { return anywhere_; }
  // The first position in [pos, limit) where a match may start, or a position at or past
  // limit (at most text.size()) when there is none: no match starts in [pos, result). pos is a
  // character start, and so is the result unless the text is ill-formed there.
  size_t Next(std::string_view text, size_t pos, size_t limit) const;
  // Whether a match may start at `pos`, a position Next stopped at for a wider filter.
  bool MayStartAt(std::string_view text, size_t pos) const;

 private:
  // Whether the character at `pos` may follow `code_point` (paired_) in a match.
  bool MayFollow(uint32_t code_point, std::string_view text, size_t pos) const;

  bool anywhere_ = false;
  CodePointSet single_;
  CodePointSet paired_;
  CodePointSet second_;
  bool any_second_ = false;
  CodePointSet either_;  // all three: one test per character on the common path
  std::vector<std::pair<uint32_t, CodePointRanges>> follow_;  // by code point of paired_
  std::array<uint16_t, 128> ascii_follow_{};  // index in follow_ of each ASCII character
  uint64_t size_ = 0;    // code points in either_, to give up on a filter that skips nothing
};

// Whether a match of some patterns may start at a position, read further than the first two
// characters: the Glushkov automaton of the patterns (a state per character of a pattern),
// made deterministic when loaded as far as a search reads (kDepth characters), runs over the
// next characters of the text; where every path dies before a match ends, no match starts.
// It sits between the start filter and the regex engine: in a run of digits the filter lets
// most positions through (a digit may start \d{4}\s*年), and this rejects them for ~150
// instructions where a failed anchored RE2 search costs ~1,000.
//
// It also knows that a match of C+R starts one character earlier when that character is in C
// (\d+\s*号 in 12号 starts at 1 as well as at 2): where the position before has been searched
// without a match, such a pattern cannot match either.
//
// Conservative like the filter: assertions are read as matching everywhere, counted
// repetitions are unrolled only as far as the automaton reads, and a pattern it does not
// understand (or too large an automaton) lets every position through.
class MatchPrefixAutomaton {
 public:
  // The characters read at most from a position.
  static constexpr int kDepth = 12;

  static MatchPrefixAutomaton FromPatterns(const std::vector<std::string>& patterns);

  // Whether it lets every position through (a pattern it cannot read).
  bool anywhere() const { return anywhere_; }
  // Whether a match of a pattern may start at text[pos] (pos < text.size()), where none starts
  // in text[unmatched_from, pos) (unmatched_from = pos when nothing is known).
  bool MayMatchAt(std::string_view text, size_t pos, size_t unmatched_from) const;

 private:
  static constexpr size_t kMaxStates = 4096;  // of the patterns' automaton
  static constexpr size_t kMaxClasses = 256;
  static constexpr uint32_t kBmp = 0x10000;
  static constexpr size_t kMaxDfaStates = 20000;

  size_t SearchInterval(uint32_t code_point) const;  // index in interval_starts_
  // The class of a code point: characters of a class enter the same states.
  uint32_t ClassOf(uint32_t code_point) const {
    return code_point < kBmp ? bmp_class_[code_point] : interval_class_[SearchInterval(code_point)];
  }

  bool anywhere_ = true;
  std::vector<uint32_t> interval_starts_;  // sorted: interval k is [starts[k], starts[k+1])
  std::vector<uint16_t> interval_class_;
  std::vector<uint8_t> bmp_class_;  // the class of each code point of the Basic Multilingual Plane
  size_t classes_ = 0;
  // The deterministic automaton: the state after the first character, by its class and the
  // class of the character before (classes_: none searched), then by class; 0 is no match.
  std::vector<uint32_t> start_;
  std::vector<uint32_t> next_;
  std::vector<bool> accepting_;  // a match ends
};

}  // namespace ogi::internal

#endif  // OGI_INTERNAL_REGEX_STARTS_H_
