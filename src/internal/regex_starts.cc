#include "internal/regex_starts.h"

#include <algorithm>
#include <string>

#include "internal/utf8.h"

namespace ogi::internal {

namespace {

constexpr uint32_t kMaxCodePoint = 0x10FFFF;
// A filter that lets more characters through than this skips too little to pay for itself.
constexpr uint64_t kMaxFilterSize = 20000;
constexpr uint64_t kAlmostAnything = 1000;

CodePointRanges Range(uint32_t first, uint32_t last) {
  CodePointRanges ranges;
  ranges.Add(first, last);
  return ranges;
}

// What the analysis knows of the strings a piece of a pattern matches: enough to tell the first
// character of a match, or the first two where the first can be almost anything.
struct Prefixes {
  bool nullable = true;     // may match the empty string
  CodePointRanges single;   // the one-character matches
  CodePointRanges first;    // the first characters of the non-empty matches
  // The longer matches start with a character of .first followed by one of .second.
  std::vector<std::pair<CodePointRanges, CodePointRanges>> pairs;
};

Prefixes OneCharacterOf(const CodePointRanges& set) {
  Prefixes p;
  p.nullable = false;
  p.single = set;
  p.first = set;
  return p;
}

Prefixes Concatenation(const Prefixes& a, const Prefixes& b) {
  Prefixes out;
  out.nullable = a.nullable && b.nullable;
  if (b.nullable) out.single.Add(a.single);
  if (a.nullable) out.single.Add(b.single);
  out.first = a.first;
  if (a.nullable) out.first.Add(b.first);
  out.pairs = a.pairs;
  if (!a.single.empty() && !b.first.empty()) out.pairs.emplace_back(a.single, b.first);
  if (a.nullable) out.pairs.insert(out.pairs.end(), b.pairs.begin(), b.pairs.end());
  return out;
}

Prefixes Alternative(Prefixes a, const Prefixes& b) {
  a.nullable = a.nullable || b.nullable;
  a.single.Add(b.single);
  a.first.Add(b.first);
  a.pairs.insert(a.pairs.end(), b.pairs.begin(), b.pairs.end());
  return a;
}

// max < 0: unbounded.
Prefixes Repetition(const Prefixes& a, int min, int max) {
  if (max == 0) return Prefixes();
  Prefixes out = a;
  if (min == 0) out.nullable = true;
  // A one-character copy followed by another copy.
  if (max != 1 && !a.single.empty() && !a.first.empty()) {
    out.pairs.emplace_back(a.single, a.first);
  }
  return out;
}

// Characters that have no case in any Unicode version: CJK, kana, their punctuation.
bool Caseless(const CodePointRanges& set) {
  static const CodePointRanges kCaseless = [] {
    CodePointRanges r;
    for (auto [first, last] : {std::pair<uint32_t, uint32_t>{0x2000, 0x206F}, {0x2E80, 0x2FDF},
                               {0x3000, 0x30FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF},
                               {0xFE30, 0xFE4F}, {0xFF00, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFFEF}}) {
      r.Add(first, last);
    }
    return r;
  }();
  for (auto [first, last] : set.ranges()) {
    first = std::max<uint32_t>(first, 0x80);
    if (first > last) continue;
    bool inside = false;
    for (auto [cfirst, clast] : kCaseless.ranges()) inside = inside || (cfirst <= first && last <= clast);
    if (!inside) return false;
  }
  return true;
}

// The set that (?i) makes of `set`, or false when it cannot tell. ASCII letters fold with their
// other case, and k and s also with KELVIN SIGN and LATIN SMALL LETTER LONG S (RE2's simple case
// folding); other characters are accepted only when the set, or everything outside it, is
// caseless, so that no case partner can be missing.
bool FoldCase(CodePointRanges* set) {
  if (!Caseless(*set) && !Caseless(set->Complement())) return false;
  CodePointRanges folded = *set;
  for (uint32_t c = 'A'; c <= 'Z'; ++c) {
    if (set->Contains(c) || set->Contains(c + 32)) folded.Add(c, c), folded.Add(c + 32, c + 32);
  }
  for (uint32_t special : {0x212Au, 0x17Fu}) {
    const uint32_t letter = special == 0x212A ? 'k' : 's';
    if (folded.Contains(letter) || set->Contains(special)) {
      folded.Add(special, special);
      folded.Add(letter, letter);
      folded.Add(letter - 32, letter - 32);
    }
  }
  *set = folded;
  return true;
}

// Recursive descent over the RE2 syntax that matters for where a match starts; any other
// construct sets ok_ to false.
class Parser {
 public:
  explicit Parser(std::string_view pattern) : pattern_(pattern) {}

  bool Parse(Prefixes* out) {
    *out = Alternation();
    return ok_ && pos_ == pattern_.size();
  }

 private:
  bool AtEnd() const { return pos_ >= pattern_.size(); }
  bool Next(char c) const { return !AtEnd() && pattern_[pos_] == c; }
  bool Fail() { return ok_ = false; }

  Prefixes Alternation() {
    Prefixes result = Sequence();
    while (ok_ && Next('|')) {
      ++pos_;
      result = Alternative(std::move(result), Sequence());
    }
    return result;
  }

  Prefixes Sequence() {
    Prefixes result;
    while (ok_ && !AtEnd() && !Next('|') && !Next(')')) {
      Prefixes atom = Atom();
      result = Concatenation(result, Quantified(atom));
    }
    return result;
  }

  Prefixes Quantified(Prefixes atom) {
    while (ok_ && !AtEnd()) {
      int min = 0, max = -1;
      const char c = pattern_[pos_];
      if (c == '*') {
        ++pos_;
      } else if (c == '+') {
        min = 1, ++pos_;
      } else if (c == '?') {
        max = 1, ++pos_;
      } else if (c == '{') {
        ++pos_;
        if (!Number(&min)) return Fail(), atom;
        max = min;
        if (Next(',')) {
          ++pos_;
          max = -1;
          if (!Next('}') && !Number(&max)) return Fail(), atom;
        }
        if (!Next('}')) return Fail(), atom;
        ++pos_;
      } else {
        break;
      }
      if (Next('?')) ++pos_;  // non-greedy: matches the same strings
      atom = Repetition(atom, min, max);
    }
    return atom;
  }

  bool Number(int* value) {
    const size_t start = pos_;
    *value = 0;
    while (!AtEnd() && pattern_[pos_] >= '0' && pattern_[pos_] <= '9' && pos_ - start < 4) {
      *value = *value * 10 + (pattern_[pos_++] - '0');
    }
    return pos_ > start;
  }

  Prefixes Atom() {
    const char c = pattern_[pos_];
    if (c == '(') return Group();
    if (c == '[') return Set(Class());
    if (c == '.') return ++pos_, OneCharacterOf(Range(0, kMaxCodePoint));
    // Assertions match the empty string: reading them so keeps every match.
    if (c == '^' || c == '$') return ++pos_, Prefixes();
    if (c == '*' || c == '+' || c == '?' || c == '{') return Fail(), Prefixes();
    if (c == '\\') {
      if (pos_ + 1 < pattern_.size() && std::string_view("bBAz").find(pattern_[pos_ + 1]) != std::string_view::npos) {
        pos_ += 2;
        return Prefixes();
      }
      CodePointRanges set;
      return Escape(&set) ? Set(set) : Prefixes();
    }
    const uint32_t literal = Literal();
    return Set(Range(literal, literal));
  }

  uint32_t Literal() {
    size_t length = 0;
    const uint32_t code_point = DecodeUtf8At(pattern_, pos_, &length);
    pos_ += length;
    return code_point;
  }

  Prefixes Set(CodePointRanges set) {
    if (case_insensitive_ && !FoldCase(&set)) Fail();
    return OneCharacterOf(set);
  }

  Prefixes Group() {
    ++pos_;  // (
    const bool outer_case_insensitive = case_insensitive_;
    if (Next('?')) {
      ++pos_;
      if (Next('P') || Next('<')) {  // named group
        const size_t close = pattern_.find('>', pos_);
        if (close == std::string_view::npos) return Fail(), Prefixes();
        pos_ = close + 1;
      } else {
        bool negate = false, case_insensitive = case_insensitive_;
        for (; !AtEnd() && !Next(':') && !Next(')'); ++pos_) {
          const char flag = pattern_[pos_];
          if (flag == '-') negate = true;
          else if (flag == 'i') case_insensitive = !negate;
          else if (flag != 's' && flag != 'U') return Fail(), Prefixes();  // m changes ^ and $
        }
        if (AtEnd()) return Fail(), Prefixes();
        if (Next(')')) {  // (?i): to the end of the enclosing group
          ++pos_;
          case_insensitive_ = case_insensitive;
          return Prefixes();
        }
        ++pos_;  // :
        case_insensitive_ = case_insensitive;
      }
    }
    Prefixes inner = Alternation();
    if (!Next(')')) return Fail(), Prefixes();
    ++pos_;
    case_insensitive_ = outer_case_insensitive;
    return inner;
  }

  // An escape after pos_ (at the backslash) that stands for one character or a Perl class.
  bool Escape(CodePointRanges* set) {
    if (pos_ + 1 >= pattern_.size()) return Fail();
    const char c = pattern_[pos_ + 1];
    pos_ += 2;
    CodePointRanges perl;
    switch (c) {
      case 'd': case 'D':
        perl.Add('0', '9');
        break;
      case 's': case 'S':
        perl.Add('\t', '\n'), perl.Add('\f', '\r'), perl.Add(' ', ' ');
        break;
      case 'w': case 'W':
        perl.Add('0', '9'), perl.Add('A', 'Z'), perl.Add('a', 'z'), perl.Add('_', '_');
        break;
      case 't': set->Add('\t', '\t'); return true;
      case 'n': set->Add('\n', '\n'); return true;
      case 'r': set->Add('\r', '\r'); return true;
      case 'f': set->Add('\f', '\f'); return true;
      case 'v': set->Add('\v', '\v'); return true;
      case 'a': set->Add('\a', '\a'); return true;
      case 'x': {
        uint32_t value = 0;
        const bool braces = Next('{');
        const size_t start = pos_ + braces;
        size_t end = braces ? pattern_.find('}', start) : start + 2;
        if (end == std::string_view::npos || end > pattern_.size() || end == start || end - start > 6) return Fail();
        for (size_t i = start; i < end; ++i) {
          const char h = pattern_[i];
          const int digit = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                          : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
          if (digit < 0) return Fail();
          value = value * 16 + static_cast<uint32_t>(digit);
        }
        if (value > kMaxCodePoint) return Fail();
        pos_ = end + braces;
        set->Add(value, value);
        return true;
      }
      default:
        // Escaped punctuation (RE2::QuoteMeta) is itself; letters and digits are constructs
        // this analysis does not know (\p, \Q, \C, back-references...).
        if (static_cast<unsigned char>(c) < 0x80 && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
            !(c >= 'A' && c <= 'Z')) {
          set->Add(static_cast<unsigned char>(c), static_cast<unsigned char>(c));
          return true;
        }
        return Fail();
    }
    set->Add(c >= 'a' ? perl : perl.Complement());
    return true;
  }

  // [...] with pos_ at the bracket.
  CodePointRanges Class() {
    ++pos_;
    const bool negated = Next('^');
    if (negated) ++pos_;
    CodePointRanges set;
    for (bool first = true; ok_ && !AtEnd() && (first || !Next(']')); first = false) {
      if (Next('[') && pos_ + 1 < pattern_.size() && pattern_[pos_ + 1] == ':') return Fail(), set;
      uint32_t low = 0;
      if (!ClassCharacter(&low, &set)) continue;
      if (Next('-') && pos_ + 1 < pattern_.size() && pattern_[pos_ + 1] != ']') {
        ++pos_;
        CodePointRanges ignored;
        uint32_t high = 0;
        if (!ClassCharacter(&high, &ignored) || high < low) return Fail(), set;
        set.Add(low, high);
      } else {
        set.Add(low, low);
      }
    }
    if (!Next(']')) return Fail(), set;
    ++pos_;
    return negated ? set.Complement() : set;
  }

  // One character of a class into *code_point (true), or a Perl class added to *set (false).
  bool ClassCharacter(uint32_t* code_point, CodePointRanges* set) {
    if (!Next('\\')) {
      *code_point = Literal();
      return true;
    }
    CodePointRanges escaped;
    if (!Escape(&escaped)) return false;
    if (escaped.ranges().size() == 1 && escaped.ranges()[0].first == escaped.ranges()[0].second) {
      *code_point = escaped.ranges()[0].first;
      return true;
    }
    set->Add(escaped);
    return false;
  }

  std::string_view pattern_;
  size_t pos_ = 0;
  bool ok_ = true;
  bool case_insensitive_ = false;
};

}  // namespace

void CodePointRanges::Add(uint32_t first, uint32_t last) {
  if (first > last) return;
  // Merge with every range it overlaps or touches.
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), first,
                             [](const auto& range, uint32_t value) { return range.second + 1 < value; });
  auto stop = it;
  while (stop != ranges_.end() && stop->first <= last + 1) {
    first = std::min(first, stop->first);
    last = std::max(last, stop->second);
    ++stop;
  }
  it = ranges_.erase(it, stop);
  ranges_.insert(it, {first, last});
}

void CodePointRanges::Add(const CodePointRanges& other) {
  for (auto [first, last] : other.ranges_) Add(first, last);
}

CodePointRanges CodePointRanges::Complement() const {
  CodePointRanges out;
  uint32_t next = 0;
  for (auto [first, last] : ranges_) {
    if (first > next) out.ranges_.emplace_back(next, first - 1);
    next = last + 1;
  }
  if (next <= kMaxCodePoint) out.ranges_.emplace_back(next, kMaxCodePoint);
  return out;
}

bool CodePointRanges::Contains(uint32_t code_point) const {
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), code_point,
                             [](const auto& range, uint32_t value) { return range.second < value; });
  return it != ranges_.end() && it->first <= code_point;
}

uint64_t CodePointRanges::Size() const {
  uint64_t size = 0;
  for (auto [first, last] : ranges_) size += last - first + 1;
  return size;
}

RegexStarts AnalyzeRegexStarts(std::string_view pattern) {
  RegexStarts starts;
  Prefixes prefixes;
  // A pattern that matches the empty string starts a match everywhere.
  if (!Parser(pattern).Parse(&prefixes) || prefixes.nullable) return starts;
  starts.anywhere = false;
  starts.single = prefixes.single;
  // A longer match is found by its first two characters, or by its second alone where the
  // first can be almost anything ((^|[^0-9])[0-9]: by its digit).
  for (const auto& [first, second] : prefixes.pairs) {
    if (first.Size() > kAlmostAnything && second.Size() < first.Size()) {
      starts.second.Add(second);
    } else {
      starts.pairs.emplace_back(first, second);
    }
  }
  return starts;
}

void MatchStartFilter::Add(const RegexStarts& starts) {
  if (anywhere_) return;
  size_ += starts.single.Size() + starts.second.Size();
  for (const auto& pair : starts.pairs) size_ += pair.first.Size();
  if (starts.anywhere || size_ > kMaxFilterSize) {
    anywhere_ = true;
    return;
  }
  auto insert = [this](const CodePointRanges& set, CodePointSet* into) {
    for (auto [first, last] : set.ranges()) {
      for (uint32_t c = first; c <= last; ++c) into->Insert(c), either_.Insert(c);
    }
  };
  insert(starts.single, &single_);
  insert(starts.second, &second_);
  any_second_ = any_second_ || !starts.second.empty();
  for (const auto& [first, second] : starts.pairs) {
    insert(first, &paired_);
    for (auto [low, high] : first.ranges()) {
      for (uint32_t c = low; c <= high; ++c) {
        auto it = std::lower_bound(follow_.begin(), follow_.end(), c,
                                   [](const auto& entry, uint32_t value) { return entry.first < value; });
        if (it == follow_.end() || it->first != c) it = follow_.insert(it, {c, CodePointRanges()});
        it->second.Add(second);
      }
    }
  }
  for (uint32_t c = 0; c < ascii_follow_.size(); ++c) {
    auto it = std::lower_bound(follow_.begin(), follow_.end(), c,
                               [](const auto& entry, uint32_t value) { return entry.first < value; });
    // Only the characters of paired_ are looked up: the others' entries are never read.
    ascii_follow_[c] = static_cast<uint16_t>(it - follow_.begin());
  }
}

namespace {

// The code point at text[pos] and its length, or length 0 where the text is ill-formed.
inline uint32_t DecodeChecked(std::string_view text, size_t pos, size_t* length) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const unsigned char c = bytes[0];
  // ASCII, and three-byte characters that are well-formed once their continuation bytes are.
  if (c < 0x80) return *length = 1, c;
  if (c >= 0xE1 && c <= 0xEF && c != 0xED && pos + 3 <= text.size()) {
    *length = (bytes[1] & 0xC0) == 0x80 && (bytes[2] & 0xC0) == 0x80 ? 3 : 0;
    return (c & 0x0Fu) << 12 | (bytes[1] & 0x3Fu) << 6 | (bytes[2] & 0x3Fu);
  }
  const uint32_t code_point = DecodeUtf8At(text, pos, length);
  if (!IsValidUtf8(text.substr(pos, *length))) *length = 0;
  return code_point;
}

}  // namespace

size_t CharacterLength(std::string_view text, size_t pos) {
  size_t length = 0;
  DecodeChecked(text, pos, &length);
  return length == 0 ? 1 : length;
}

bool MatchStartFilter::MayFollow(uint32_t code_point, std::string_view text, size_t pos) const {
  if (pos >= text.size()) return false;
  size_t length = 0;
  const uint32_t next = DecodeChecked(text, pos, &length);
  if (length == 0) return true;  // ill-formed: the engine's to judge
  auto entry = code_point < ascii_follow_.size()
                   ? follow_.begin() + ascii_follow_[code_point]
                   : std::lower_bound(follow_.begin(), follow_.end(), code_point,
                                      [](const auto& entry, uint32_t value) { return entry.first < value; });
  return entry->second.Contains(next);
}

bool MatchStartFilter::MayStartAt(std::string_view text, size_t pos) const {
  if (anywhere_) return true;
  size_t length = 0;
  const uint32_t code_point = DecodeChecked(text, pos, &length);
  if (length == 0 || single_.Contains(code_point)) return true;
  if (paired_.Contains(code_point) && MayFollow(code_point, text, pos + length)) return true;
  if (!any_second_ || pos + length >= text.size()) return false;
  size_t next_length = 0;
  const uint32_t next = DecodeChecked(text, pos + length, &next_length);
  return next_length == 0 || second_.Contains(next);
}

size_t MatchStartFilter::Next(std::string_view text, size_t pos, size_t limit) const {
  if (anywhere_) return pos;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t end = text.size();
  size_t previous = std::string_view::npos;  // the character before pos, when at or after the start
  while (pos < end) {
    const unsigned char c = bytes[pos];
    uint32_t code_point = c;
    size_t length = 1;
    // Most of the text: three-byte characters, well-formed once their continuation bytes are.
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && pos + 3 <= end) {
      const unsigned b1 = bytes[pos + 1] ^ 0x80u, b2 = bytes[pos + 2] ^ 0x80u;
      if ((b1 | b2) >= 0x40) return pos;  // ill-formed: the engine's to judge
      code_point = (c & 0x0Fu) << 12 | b1 << 6 | b2;
      length = 3;
    } else if (c >= 0x80) {
      code_point = DecodeChecked(text, pos, &length);
      if (length == 0) return pos;
    }
    if (either_.Contains(code_point)) {
      if (previous != std::string_view::npos && second_.Contains(code_point)) return previous;
      if (pos >= limit) return pos;
      if (single_.Contains(code_point)) return pos;
      if (paired_.Contains(code_point) && MayFollow(code_point, text, pos + length)) return pos;
    } else if (pos >= limit) {
      return pos;
    }
    previous = pos;
    pos += length;
  }
  return end;
}

}  // namespace ogi::internal
