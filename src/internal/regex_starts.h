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

}  // namespace ogi::internal

#endif  // OGI_INTERNAL_REGEX_STARTS_H_
