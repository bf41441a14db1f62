#include "internal/regex_starts.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <optional>
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

// The parser builds what an analysis needs of each piece of a pattern through one of these.
struct PrefixAlgebra {
  using Value = Prefixes;
  Prefixes Empty() { return Prefixes(); }
  Prefixes Character(const CodePointRanges& set) { return OneCharacterOf(set); }
  Prefixes Concatenate(const Prefixes& a, const Prefixes& b) { return Concatenation(a, b); }
  Prefixes Alternate(Prefixes a, const Prefixes& b) { return Alternative(std::move(a), b); }
  Prefixes Repeat(const Prefixes& a, int min, int max) { return Repetition(a, min, max); }
};

// A piece of a pattern in its Glushkov automaton: one state per character (class) of the
// pattern, entered by reading that character. The states of a piece are numbered
// [begin, end), in the order they were parsed; its matches enter at `first` and end at `last`.
struct Fragment {
  bool nullable = true;
  uint32_t begin = 0, end = 0;
  std::vector<uint32_t> first, last;
};

// Builds the automaton of the first `depth` characters of the matches: a counted repetition is
// unrolled only that far (a{9} reads as a{8}a*, 《[^《》]{0,80}》 as 《[^《》]{0,8}[^《》]*》),
// which accepts more strings, never fewer.
class GlushkovAlgebra {
 public:
  using Value = Fragment;
  explicit GlushkovAlgebra(int depth) : depth_(depth) {}

  std::vector<CodePointRanges> sets;           // the characters that enter each state
  std::vector<std::vector<uint32_t>> follow;   // the states each state may go on to

  Fragment Empty() {
    Fragment f;
    f.begin = f.end = static_cast<uint32_t>(sets.size());
    return f;
  }
  Fragment Character(const CodePointRanges& set) {
    Fragment f = Empty();
    sets.push_back(set);
    follow.emplace_back();
    f.nullable = false;
    f.end = f.begin + 1;
    f.first = f.last = {f.begin};
    return f;
  }
  // `b` was parsed right after `a`.
  Fragment Concatenate(Fragment a, const Fragment& b) {
    for (uint32_t state : a.last) follow[state].insert(follow[state].end(), b.first.begin(), b.first.end());
    if (a.nullable) a.first.insert(a.first.end(), b.first.begin(), b.first.end());
    std::vector<uint32_t> last = b.last;
    if (b.nullable) last.insert(last.end(), a.last.begin(), a.last.end());
    a.last = std::move(last);
    a.nullable = a.nullable && b.nullable;
    a.end = b.end;
    return a;
  }
  Fragment Alternate(Fragment a, const Fragment& b) {
    a.nullable = a.nullable || b.nullable;
    a.first.insert(a.first.end(), b.first.begin(), b.first.end());
    a.last.insert(a.last.end(), b.last.begin(), b.last.end());
    a.end = b.end;
    return a;
  }
  // `a` is the piece parsed last.
  Fragment Repeat(const Fragment& a, int min, int max) {
    if (max == 0) {  // its states stay, unreachable
      Fragment none;
      none.begin = a.begin, none.end = a.end;
      return none;
    }
    const bool loop = max < 0 || max > depth_;
    const int required = std::min(min, depth_);
    const int copies = loop ? required + 1 : max;
    std::vector<Fragment> pieces{a};
    for (int i = 1; i < copies; ++i) pieces.push_back(Clone(a));  // before any edge joins them
    Fragment out;
    for (int i = 0; i < copies; ++i) {
      Fragment& piece = pieces[i];
      if (i >= required) piece.nullable = true;
      if (loop && i == copies - 1) {
        for (uint32_t state : piece.last) {
          follow[state].insert(follow[state].end(), piece.first.begin(), piece.first.end());
        }
      }
      out = i == 0 ? piece : Concatenate(std::move(out), piece);
    }
    return out;
  }

 private:
  Fragment Clone(const Fragment& a) {
    const uint32_t shift = static_cast<uint32_t>(sets.size()) - a.begin;
    for (uint32_t state = a.begin; state < a.end; ++state) {
      CodePointRanges set = sets[state];
      std::vector<uint32_t> edges;
      for (uint32_t to : follow[state]) {
        if (to >= a.begin && to < a.end) edges.push_back(to + shift);
      }
      sets.push_back(std::move(set));
      follow.push_back(std::move(edges));
    }
    Fragment out = a;
    out.begin += shift, out.end += shift;
    for (uint32_t& state : out.first) state += shift;
    for (uint32_t& state : out.last) state += shift;
    return out;
  }

  int depth_;
};

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
template <typename Algebra>
class Parser {
 public:
  using Value = typename Algebra::Value;
  Parser(std::string_view pattern, Algebra* algebra) : pattern_(pattern), algebra_(algebra) {}

  bool Parse(Value* out) {
    *out = Alternation();
    return ok_ && pos_ == pattern_.size();
  }

  // The characters C of a pattern C+R, C*R or C{n,}R (one repeated class first, at the top,
  // no alternation around it), or none: a match of such a pattern right after a character of
  // C is also a match one character earlier.
  const std::optional<CodePointRanges>& LeadingRepetition() const { return leading_repetition_; }

 private:
  bool AtEnd() const { return pos_ >= pattern_.size(); }
  bool Next(char c) const { return !AtEnd() && pattern_[pos_] == c; }
  bool Fail() { return ok_ = false; }

  Value Alternation() {
    Value result = Sequence();
    while (ok_ && Next('|')) {
      ++pos_;
      if (group_depth_ == 0) leading_repetition_.reset(), top_alternation_ = true;
      result = algebra_->Alternate(std::move(result), Sequence());
    }
    return result;
  }

  Value Sequence() {
    Value result = algebra_->Empty();
    for (bool first = true; ok_ && !AtEnd() && !Next('|') && !Next(')'); first = false) {
      Value atom = Atom();
      const std::optional<CodePointRanges> atom_set = std::move(atom_set_);
      quantifiers_ = 0, unbounded_ = false;
      Value quantified = Quantified(std::move(atom));
      if (first && group_depth_ == 0 && !top_alternation_ && atom_set && quantifiers_ == 1 && unbounded_) {
        leading_repetition_ = atom_set;
      }
      result = algebra_->Concatenate(std::move(result), quantified);
    }
    return result;
  }

  Value Quantified(Value atom) {
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
      ++quantifiers_;
      unbounded_ = max < 0;
      atom = algebra_->Repeat(atom, min, max);
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

  // An atom that is one character of a set leaves the set in atom_set_.
  Value Atom() {
    atom_set_.reset();
    const char c = pattern_[pos_];
    if (c == '(') {
      Value group = Group();
      atom_set_.reset();
      return group;
    }
    if (c == '[') return Set(Class());
    if (c == '.') return ++pos_, algebra_->Character(Range(0, kMaxCodePoint));
    // Assertions match the empty string: reading them so keeps every match.
    if (c == '^' || c == '$') return ++pos_, algebra_->Empty();
    if (c == '*' || c == '+' || c == '?' || c == '{') return Fail(), algebra_->Empty();
    if (c == '\\') {
      if (pos_ + 1 < pattern_.size() && std::string_view("bBAz").find(pattern_[pos_ + 1]) != std::string_view::npos) {
        pos_ += 2;
        return algebra_->Empty();
      }
      CodePointRanges set;
      return Escape(&set) ? Set(set) : algebra_->Empty();
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

  Value Set(CodePointRanges set) {
    if (case_insensitive_ && !FoldCase(&set)) Fail();
    atom_set_ = set;
    return algebra_->Character(set);
  }

  Value Group() {
    ++pos_;  // (
    ++group_depth_;
    const bool outer_case_insensitive = case_insensitive_;
    if (Next('?')) {
      ++pos_;
      if (Next('P') || Next('<')) {  // named group
        const size_t close = pattern_.find('>', pos_);
        if (close == std::string_view::npos) return Fail(), algebra_->Empty();
        pos_ = close + 1;
      } else {
        bool negate = false, case_insensitive = case_insensitive_;
        for (; !AtEnd() && !Next(':') && !Next(')'); ++pos_) {
          const char flag = pattern_[pos_];
          if (flag == '-') negate = true;
          else if (flag == 'i') case_insensitive = !negate;
          else if (flag != 's' && flag != 'U') return Fail(), algebra_->Empty();  // m changes ^ and $
        }
        if (AtEnd()) return Fail(), algebra_->Empty();
        if (Next(')')) {  // (?i): to the end of the enclosing group
          ++pos_;
          case_insensitive_ = case_insensitive;
          --group_depth_;
          return algebra_->Empty();
        }
        ++pos_;  // :
        case_insensitive_ = case_insensitive;
      }
    }
    Value inner = Alternation();
    if (!Next(')')) return Fail(), algebra_->Empty();
    ++pos_;
    --group_depth_;
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
  Algebra* algebra_;
  size_t pos_ = 0;
  bool ok_ = true;
  bool case_insensitive_ = false;
  int group_depth_ = 0;
  std::optional<CodePointRanges> atom_set_;  // of the atom parsed last, when it is a set
  int quantifiers_ = 0;     // applied to the atom parsed last
  bool unbounded_ = false;  // the last of them has no maximum
  bool top_alternation_ = false;
  std::optional<CodePointRanges> leading_repetition_;
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
  PrefixAlgebra algebra;
  if (!Parser<PrefixAlgebra>(pattern, &algebra).Parse(&prefixes) || prefixes.nullable) return starts;
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
[[gnu::always_inline]] inline uint32_t DecodeChecked(std::string_view text, size_t pos, size_t* length) {
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
      // Its block of 64 code points from the first two bytes: most blocks start nothing.
      const uint32_t block = (c & 0x0Fu) << 6 | b1;
      if (!either_.AnyInBlock(block)) {
        if (pos >= limit) return pos;
        previous = pos;
        pos += 3;
        continue;
      }
      code_point = block << 6 | b2;
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

MatchPrefixAutomaton MatchPrefixAutomaton::FromPatterns(const std::vector<std::string>& patterns) {
  MatchPrefixAutomaton out;
  // One automaton of all the patterns, its states numbered across them.
  GlushkovAlgebra automaton(kDepth);
  std::vector<Fragment> fragments;
  std::vector<CodePointRanges> repeated_first;  // per pattern: C of C+R, or empty
  for (const std::string& pattern : patterns) {
    Parser<GlushkovAlgebra> parser(pattern, &automaton);
    Fragment fragment;
    if (!parser.Parse(&fragment) || fragment.nullable || automaton.sets.size() > kMaxStates) return out;  // anywhere
    fragments.push_back(std::move(fragment));
    repeated_first.push_back(parser.LeadingRepetition().value_or(CodePointRanges()));
  }
  const size_t states = automaton.sets.size(), words = (states + 63) / 64;
  using StateSet = std::vector<uint64_t>;
  auto set_bit = [](StateSet* set, size_t state) { (*set)[state / 64] |= uint64_t{1} << (state % 64); };
  // Intervals: the code points between two boundaries of the sets enter the same states.
  std::vector<uint32_t> starts{0};
  auto add_boundaries = [&starts](const CodePointRanges& set) {
    for (auto [first, last] : set.ranges()) {
      starts.push_back(first);
      if (last < kMaxCodePoint) starts.push_back(last + 1);
    }
  };
  for (const CodePointRanges& set : automaton.sets) add_boundaries(set);
  for (const CodePointRanges& set : repeated_first) add_boundaries(set);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  out.interval_starts_ = std::move(starts);
  const size_t intervals = out.interval_starts_.size();
  auto for_intervals = [&out, intervals](const CodePointRanges& set, auto&& visit) {
    for (auto [first, last] : set.ranges()) {
      for (size_t k = out.SearchInterval(first); k < intervals && out.interval_starts_[k] <= last; ++k) visit(k);
    }
  };
  // Per interval: the states its characters enter, then the first states of the patterns C+R
  // with it in C. Intervals alike in both are one class.
  std::vector<StateSet> signature(intervals, StateSet(2 * words, 0));
  for (size_t state = 0; state < states; ++state) {
    for_intervals(automaton.sets[state], [&](size_t k) { set_bit(&signature[k], state); });
  }
  for (size_t i = 0; i < fragments.size(); ++i) {
    for_intervals(repeated_first[i], [&](size_t k) {
      for (uint32_t state : fragments[i].first) set_bit(&signature[k], words * 64 + state);
    });
  }
  std::map<StateSet, uint16_t> class_ids;
  std::vector<StateSet> entered, repeats;  // per class
  for (size_t k = 0; k < intervals; ++k) {
    auto [it, added] = class_ids.emplace(signature[k], static_cast<uint16_t>(class_ids.size()));
    if (added) {
      if (class_ids.size() > kMaxClasses) return out;
      entered.emplace_back(signature[k].begin(), signature[k].begin() + words);
      repeats.emplace_back(signature[k].begin() + words, signature[k].end());
    }
    out.interval_class_.push_back(it->second);
  }
  out.bmp_class_.assign(kBmp, 0);
  for (size_t k = 0; k < intervals && out.interval_starts_[k] < kBmp; ++k) {
    const uint32_t end = k + 1 < intervals ? std::min<uint32_t>(out.interval_starts_[k + 1], kBmp) : kBmp;
    std::fill(out.bmp_class_.begin() + out.interval_starts_[k], out.bmp_class_.begin() + end,
              static_cast<uint8_t>(out.interval_class_[k]));
  }
  const size_t classes = entered.size();
  out.classes_ = classes;
  StateSet first(words, 0), last(words, 0);
  for (const Fragment& fragment : fragments) {
    for (uint32_t state : fragment.first) set_bit(&first, state);
    for (uint32_t state : fragment.last) set_bit(&last, state);
  }
  // The deterministic automaton of the sets of states, built as far as a search reads: state 0
  // is the empty set (no match), and a set is numbered when first reached.
  struct Hash {
    size_t operator()(const StateSet& set) const {
      uint64_t h = 0;
      for (uint64_t word : set) h = (h ^ word) * 0x9E3779B97F4A7C15ull;
      return static_cast<size_t>(h ^ (h >> 29));
    }
  };
  std::unordered_map<StateSet, uint32_t, Hash> ids;
  std::vector<StateSet> sets;
  std::vector<int> depth;  // characters read when first reached
  auto intern = [&](const StateSet& set, int read) {
    auto it = ids.find(set);
    if (it != ids.end()) return it->second;
    const uint32_t id = static_cast<uint32_t>(sets.size());
    ids.emplace(set, id);
    sets.push_back(set);
    depth.push_back(read);
    return id;
  };
  intern(StateSet(words, 0), 0);
  // Starts: by the class of the first character and of the one before (classes: nothing known).
  std::vector<size_t> repeating;  // the classes of some C of C+R
  for (size_t c = 0; c < classes; ++c) {
    if (std::any_of(repeats[c].begin(), repeats[c].end(), [](uint64_t bits) { return bits != 0; })) {
      repeating.push_back(c);
    }
  }
  out.start_.assign(classes * (classes + 1), 0);
  StateSet set(words);
  for (size_t c = 0; c < classes; ++c) {
    bool any = false;
    for (size_t w = 0; w < words; ++w) any = (set[w] = first[w] & entered[c][w]) != 0 || any;
    if (!any) continue;
    const StateSet entering = set;
    std::fill(out.start_.begin() + c * (classes + 1), out.start_.begin() + (c + 1) * (classes + 1), intern(set, 1));
    for (size_t before : repeating) {
      bool skips = false;
      for (size_t w = 0; w < words; ++w) skips = (entering[w] & repeats[before][w]) != 0 || skips;
      if (!skips) continue;
      for (size_t w = 0; w < words; ++w) set[w] = entering[w] & ~repeats[before][w];
      out.start_[c * (classes + 1) + before] = intern(set, 1);
    }
  }
  // The classes that enter each state: a set goes on only by the classes of its follow states.
  std::vector<std::vector<uint16_t>> entering_classes(states);
  for (size_t c = 0; c < classes; ++c) {
    for (size_t w = 0; w < words; ++w) {
      for (uint64_t bits = entered[c][w]; bits != 0; bits &= bits - 1) {
        entering_classes[w * 64 + static_cast<size_t>(__builtin_ctzll(bits))].push_back(static_cast<uint16_t>(c));
      }
    }
  }
  std::vector<bool> candidate(classes);
  for (size_t id = 0; id < sets.size(); ++id) {
    if (sets.size() > kMaxDfaStates) return out;
    bool ends = false;
    for (size_t w = 0; w < words; ++w) ends = ends || (sets[id][w] & last[w]) != 0;
    out.accepting_.push_back(ends);
    out.next_.resize((id + 1) * classes, 0);
    // A search stops at a set that ends a match, and after kDepth characters.
    if (id == 0 || ends || depth[id] >= kDepth) continue;
    StateSet follow(words, 0);
    for (size_t w = 0; w < words; ++w) {
      for (uint64_t bits = sets[id][w]; bits != 0; bits &= bits - 1) {
        for (uint32_t to : automaton.follow[w * 64 + static_cast<size_t>(__builtin_ctzll(bits))]) set_bit(&follow, to);
      }
    }
    std::fill(candidate.begin(), candidate.end(), false);
    for (size_t w = 0; w < words; ++w) {
      for (uint64_t bits = follow[w]; bits != 0; bits &= bits - 1) {
        for (uint16_t c : entering_classes[w * 64 + static_cast<size_t>(__builtin_ctzll(bits))]) candidate[c] = true;
      }
    }
    for (size_t c = 0; c < classes; ++c) {
      if (!candidate[c]) continue;
      for (size_t w = 0; w < words; ++w) set[w] = follow[w] & entered[c][w];
      const uint32_t to = intern(set, depth[id] + 1);
      out.next_[id * classes + c] = to;
    }
  }
  out.anywhere_ = false;
  return out;
}

size_t MatchPrefixAutomaton::SearchInterval(uint32_t code_point) const {
  return static_cast<size_t>(std::upper_bound(interval_starts_.begin(), interval_starts_.end(), code_point) -
                             interval_starts_.begin() - 1);
}

bool MatchPrefixAutomaton::MayMatchAt(std::string_view text, size_t pos, size_t unmatched_from) const {
  if (anywhere_) return true;
  size_t length = 0;
  uint32_t code_point = DecodeChecked(text, pos, &length);
  if (length == 0) return true;  // ill-formed: the engine's to judge
  const size_t first_class = ClassOf(code_point);
  if (start_[first_class * (classes_ + 1) + classes_] == 0) return false;  // starts nothing
  // The patterns C+R whose match would also start at the character before, searched already.
  size_t before = classes_;  // nothing known
  if (pos > unmatched_from) {
    const size_t previous = pos - PreviousCodePointLength(text, pos);
    size_t previous_length = 0;
    const uint32_t previous_code_point = DecodeChecked(text, previous, &previous_length);
    if (previous >= unmatched_from && previous + previous_length == pos) before = ClassOf(previous_code_point);
  }
  uint32_t state = start_[first_class * (classes_ + 1) + before];
  for (int read = 1;; ++read) {
    if (state == 0) return false;
    if (accepting_[state] || read == kDepth) return true;  // a match, or read as far as it reads
    pos += length;
    if (pos >= text.size()) return false;  // a match lies inside the text
    code_point = DecodeChecked(text, pos, &length);
    if (length == 0) return true;
    state = next_[state * classes_ + ClassOf(code_point)];
  }
}

}  // namespace ogi::internal
