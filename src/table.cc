// TableReader: 表二, 表三 and 表四 of the 2019 and 2021 report formats, from HTML grids and from
// tables flattened into text (pdftotext -layout columns, tab-separated copies, markdown pipes,
// cells run together).
//
// Every input becomes the same thing: LINES of TOKENS in reading order. A token is label text
// (a cell, or a run of words on one line) or a value (a number, a blank cell, "/" ...), with its
// span in the normalized text, its line, page and x position (the character column in layout
// text, the grid column in a table). The reader then works per table:
//
//  1. Region: from the table's start label (a header cell, a heading) to the next table or
//     report section (data/table_labels.tsv: start, confirm, stop).
//  2. Fragments: label text is cut at the numbering the formats print (一、 （三） 1. 2、) and at
//     labels that match a row on their own; text that continues a label on the next line is
//     joined to the fragment printed in the same x column, so a group label printed vertically
//     ("三、/本/年/度...") or a wrapped label does not break the row label beside it.
//  3. Ownership: a value belongs to the last row label started before it in reading order. Group
//     labels (（三）不予公开 ...) and structural labels do not interrupt their sub-rows.
//  4. Columns: a row's values map to the format's columns when their count is right; in layout
//     text a row with fewer values (blank cells) is placed by x against the columns of the
//     complete rows of its page. Anything else is reported (table.row_unaligned), never shifted.
//  5. Group rows printed without numbers are summed from their sub-rows (derived).
#include "ogi/table.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "internal/utf8.h"
#include "ogi/metric.h"

namespace ogi {

namespace {

constexpr int kTableCount = 3;
const char* const kTableNames[kTableCount] = {"表二", "表三", "表四"};
enum TableIndex { kT2 = 0, kT3 = 1, kT4 = 2 };

int TableIndexOf(std::string_view name) {
  for (int i = 0; i < kTableCount; ++i) {
    if (name == kTableNames[i]) return i;
  }
  return -1;
}

re2::StringPiece Piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Folds full-width ASCII and the ideographic space as the Normalizer does (examples in the data
// file are written as printed) and removes whitespace.
std::string FoldCompact(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t length = 0;
    uint32_t cp = internal::DecodeUtf8At(s, i, &length);
    i += length;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    if (cp == 0x3000 || cp == 0xA0) cp = ' ';
    if (cp < 0x80 && IsSpace(static_cast<char>(cp))) continue;
    internal::AppendUtf8(cp, &out);
  }
  return out;
}

// Appends `s` without its whitespace.
void AppendWithoutSpaces(std::string_view s, std::string* out) {
  // Mostly there is none: no byte at or below the space.
  if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) > ' '; })) {
    out->append(s);
    return;
  }
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size() && !IsSpace(s[j])) ++j;
    out->append(s.data() + i, j - i);
    while (j < s.size() && IsSpace(s[j])) ++j;
    i = j;
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The compiled label data.

namespace {

enum class Kind { kStart, kConfirm, kExpect, kStop, kRow, kColumn, kPart, kHeader, kCells };
constexpr std::string_view kKindNames[] = {"start",  "confirm", "expect", "stop",  "row",
                                           "column", "part",    "header", "cells"};

std::string_view KindName(Kind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<Kind> KindNamed(std::string_view name) {
  for (size_t k = 0; k < std::size(kKindNames); ++k) {
    if (kKindNames[k] == name) return static_cast<Kind>(k);
  }
  return std::nullopt;
}

// Literals (at least three bytes each, none starting with a continuation byte of UTF-8) found in
// a text in one pass: at each byte that may start a character, its first three bytes are looked
// up in a bitmap (by a hash) of those that start a literal, and literals are compared only where
// one may start. Chinese text goes a character (three bytes) a step: about ten instructions a
// byte, where RE2's automaton takes sixteen, and builds no states; several characters a step
// where every literal has two characters or more (Each).
class AtomIndex {
 public:
  AtomIndex() = default;
  explicit AtomIndex(std::vector<std::string> atoms)
      : atoms_(std::move(atoms)), bits_(65536 / 64) {
    size_t shortest = std::string::npos;
    for (size_t a = 0; a < atoms_.size(); ++a) {
      const uint32_t key = KeyAt(atoms_[a].data());
      bits_[Hash(key) / 64] |= uint64_t{1} << (Hash(key) % 64);
      by_key_.push_back({key, static_cast<uint32_t>(a)});
      shortest = std::min(shortest, atoms_[a].size());
    }
    std::sort(by_key_.begin(), by_key_.end());
    if (!atoms_.empty() && shortest >= kMinWindow) {
      window_ = std::min(shortest, kMaxWindow);
      // shifts_[block]: the fewest bytes after the block to the end of an atom's first window_
      // bytes, where the block ends `end` bytes into the atom; window_ - 2 for blocks in none.
      shifts_.assign(kShiftSlots, static_cast<uint8_t>(window_ - 2));
      for (const std::string& atom : atoms_) {
        for (size_t end = 3; end <= window_; ++end) {
          uint8_t& shift = shifts_[BlockSlot(KeyAt(atom.data() + end - 3))];
          shift = std::min(shift, static_cast<uint8_t>(window_ - end));
        }
      }
    }
  }
  size_t size() const { return atoms_.size(); }
  // Sets found[a] (sized size(), cleared) for each atom a in `text`.
  void FindAll(std::string_view text, std::vector<char>* found) const {
    Each(text, 0, text.size(), [&](size_t, size_t a) {
      (*found)[a] = 1;
      return false;
    });
  }
  // Calls found(at, a) for each atom a wholly in text[from, to), by where it starts, until it
  // returns true.
  template <typename Found>
  void Each(std::string_view text, size_t from, size_t to, Found found) const {
    if (window_ != 0) {
      // Every atom has window_ bytes or more. One that starts at i + window_ - end (end from 3
      // to window_) holds the three bytes before i + window_ as its bytes [end - 3, end), and
      // their shift is window_ - end at most: moving i by the shift passes no atom's start, and
      // one that starts further on is passed by none (window_ - 2 at most). Chinese text goes
      // several characters a step (Wu and Manber's search); where the shift is 0, the atoms
      // that start at i are looked for as before, position after position.
      for (size_t i = from; i + window_ <= to;) {
        const uint8_t shift = shifts_[BlockSlot(BlockBefore(text.data() + i + window_))];
        if (shift != 0) {
          i += shift;
          continue;
        }
        if (AtomsAt(text, i, KeyAt(text.data() + i), to, found)) return;
        ++i;
      }
      return;  // no atom fits in fewer than window_ bytes
    }
    for (size_t i = from; i + 3 <= to;) {
      uint32_t key = 0;
      if (std::endian::native == std::endian::little && i + 4 <= text.size()) {
        std::memcpy(&key, text.data() + i, 4);  // one load: KeyAt's bytes and one more
        key &= 0xFFFFFF;
      } else {
        key = KeyAt(text.data() + i);
      }
      if (AtomsAt(text, i, key, to, found)) return;
      // The next byte that may start an atom: none starts with a continuation byte (10xxxxxx),
      // so a character of three bytes (1110xxxx 10xxxxxx 10xxxxxx, most of Chinese text) is
      // passed at once.
      if ((key & 0xC0C0F0) == 0x8080E0) {
        i += 3;
        continue;
      }
      ++i;
      while (i < to && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
  }

 private:
  static uint32_t KeyAt(const char* p) {
    return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) |
           static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(p[2])) << 16;
  }
  static uint32_t Hash(uint32_t key) { return (key * 2654435761u) >> 16; }
  // KeyAt(end - 3), where a byte before that is in the text too: one load.
  static uint32_t BlockBefore(const char* end) {
    if constexpr (std::endian::native == std::endian::little) {
      uint32_t bytes;
      std::memcpy(&bytes, end - 4, 4);
      return bytes >> 8;
    }
    return KeyAt(end - 3);
  }
  static uint32_t BlockSlot(uint32_t key) { return (key * 2654435761u) >> (32 - kShiftBits); }
  // Calls found(at, a) for each atom a wholly in text[at, to) that starts at `at` (at + 3 <=
  // to; `key` is KeyAt there), until it returns true; whether it did.
  template <typename Found>
  bool AtomsAt(std::string_view text, size_t at, uint32_t key, size_t to, Found& found) const {
    if ((bits_[Hash(key) / 64] >> (Hash(key) % 64) & 1) == 0) return false;
    auto it = std::lower_bound(by_key_.begin(), by_key_.end(), std::pair(key, uint32_t{0}));
    for (; it != by_key_.end() && it->first == key; ++it) {
      const std::string& atom = atoms_[it->second];
      if (to - at >= atom.size() &&
          std::memcmp(text.data() + at + 3, atom.data() + 3, atom.size() - 3) == 0 &&
          found(at, it->second)) {
        return true;
      }
    }
    return false;
  }

  // Skipping (Each) pays where the shortest atom has two characters of Chinese or more.
  static constexpr size_t kMinWindow = 6;
  static constexpr size_t kMaxWindow = 24;
  static constexpr int kShiftBits = 12;
  static constexpr size_t kShiftSlots = size_t{1} << kShiftBits;

  std::vector<std::string> atoms_;
  std::vector<uint64_t> bits_;  // by the hash of their first three bytes, the atoms' starts
  std::vector<std::pair<uint32_t, uint32_t>> by_key_;  // (first three bytes, atom), sorted
  size_t window_ = 0;            // 0: no skipping
  std::vector<uint8_t> shifts_;  // [BlockSlot of three bytes]: how far a window ending so moves
};

}  // namespace

struct TableReader::Model {
  struct Rule {
    int table = -1;  // TableIndex, -1 for "*"
    Kind kind = Kind::kStop;
    std::string id;
    std::string revision;
    std::string unit;
    std::string example;
    std::vector<std::string> cells;  // kind "cells"
    std::shared_ptr<RE2> re;
    int line = 0;
    int row = -1;           // kind row: index in tables[table].rows
    bool group = false;     // kind row: other rows of the table extend its id (denied.*)
    std::vector<int> cell_columns;  // kind cells: `cells` as indices in tables[table].columns
    // Literals of which every match holds at least one (FindAtoms), at least three bytes each;
    // empty when the rule has none that tell, and is then always searched. With `atoms_exact`,
    // the pattern is these literals as alternatives: it matches exactly where one of them is.
    std::vector<std::string> atoms;
    bool atoms_exact = false;
    // Every match begins with one of the atoms (the pattern is literals, maybe anchored).
    bool atoms_lead = false;
    // With atoms_lead: whether each atom is anchored, by "^" before it and "$" after it. Where
    // an atom is found and its anchors hold there, the pattern matches: it starts there.
    struct Anchors {
      bool line_start = false;
      bool line_end = false;
    };
    std::vector<Anchors> atom_anchors;
    // Every match begins with "^": in the lines of LineSearches' joined text (multi-line mode)
    // it starts where a line starts.
    bool at_line_start = false;
  };
  // The atoms of a rule's pattern (Rule::atoms): its literals when it is made of them, else
  // what FilteredRE2 finds (Atoms). Rules of every kind but cells.
  static void FindAtoms(Rule* rule) {
    const std::string& pattern = rule->re->pattern();
    bool exact = false, line_start = false;
    if (std::optional<std::vector<std::string>> literals =
            Literals(pattern, &exact, &line_start, &rule->atom_anchors)) {
      rule->atoms = std::move(*literals);
      rule->atoms_exact = exact;
      rule->atoms_lead = true;
    } else {
      rule->atoms = Atoms(*rule->re);
      rule->atom_anchors.clear();
      rule->atoms_exact = false;
      rule->atoms_lead = false;
      // "^" first and no alternation that could take it away.
      line_start = pattern.starts_with('^') && pattern.find('|') == std::string::npos;
    }
    rule->at_line_start = line_start;
    for (const std::string& atom : rule->atoms) {
      if (atom.size() < 3 || (static_cast<unsigned char>(atom[0]) & 0xC0) == 0x80) {
        rule->atoms.clear();
        rule->atom_anchors.clear();
        rule->atoms_exact = false;
        rule->atoms_lead = false;
      }
    }
  }
  // A pattern of literals separated by "|" ("信访|举报投诉", "^\(七\)|^七、"), each maybe
  // anchored by "^" before it and "$" after it: the literals, one of which every match is; with
  // `*exact` when there are no anchors (then the pattern matches where one of them is, byte for
  // byte), `*line_start` when every literal has "^", and the anchors of each in `*anchors`.
  // Nullopt when the pattern has any other syntax. Read without FilteredRE2, which compiles the
  // pattern again.
  static std::optional<std::vector<std::string>> Literals(std::string_view pattern, bool* exact,
                                                          bool* line_start,
                                                          std::vector<Rule::Anchors>* anchors) {
    constexpr std::string_view kSyntax = ".^$*+?()[]{}|\\";
    *exact = true;
    *line_start = true;
    std::vector<std::string> literals(1);
    anchors->assign(1, {});
    bool alternative_start = true;
    for (size_t i = 0; i < pattern.size(); ++i) {
      const char c = pattern[i];
      const bool start = std::exchange(alternative_start, false);
      if (start && c != '^') *line_start = false;
      if (c == '|') {
        literals.emplace_back();
        anchors->emplace_back();
        alternative_start = true;
      } else if (c == '^' && start) {
        *exact = false;
        anchors->back().line_start = true;
      } else if (c == '$' && (i + 1 == pattern.size() || pattern[i + 1] == '|')) {
        *exact = false;
        anchors->back().line_end = true;
      } else if (c == '\\' && i + 1 < pattern.size() &&
                 kSyntax.find(pattern[i + 1]) != kSyntax.npos) {
        literals.back() += pattern[++i];  // escaped syntax: itself
      } else if (kSyntax.find(c) != kSyntax.npos) {
        return std::nullopt;
      } else {
        literals.back() += c;
      }
    }
    if (alternative_start) *line_start = false;  // an empty last alternative
    return literals;
  }
  // The atoms of `re`: every match holds one of them. FilteredRE2 reduces a pattern to a formula
  // of literals that every match satisfies, AND and OR of them ("^[一二三]+、收到" is one of
  // 一 二 三 and 、收到); the formula is asked which literals it can do without: with the atoms
  // kept all absent and the others present it must be false, so a match holds a kept one. The
  // literals are lowercased: those kept must be ones lowercasing does not change, so that they
  // are searched in the text as it is. None (search always) when the formula filters nothing
  // or a kept literal may have case.
  static std::vector<std::string> Atoms(const RE2& re) {
    re2::FilteredRE2 filter(/*min_atom_len=*/3);
    int id = 0;
    if (filter.Add(re.pattern(), re.options(), &id) != RE2::NoError) return {};
    std::vector<std::string> atoms;
    filter.Compile(&atoms);
    std::vector<bool> kept(atoms.size(), true);
    auto holds_a_kept_one = [&] {  // whether every match holds a kept atom
      std::vector<int> present;
      for (size_t a = 0; a < atoms.size(); ++a) {
        if (!kept[a]) present.push_back(static_cast<int>(a));
      }
      std::vector<int> passed;
      filter.AllPotentials(present, &passed);
      return passed.empty();
    };
    if (atoms.empty() || !holds_a_kept_one()) return {};
    // Dropped first: literals with case, then the shortest (the most common in text).
    std::vector<size_t> order(atoms.size());
    for (size_t a = 0; a < order.size(); ++a) order[a] = a;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return std::make_pair(Caseless(atoms[a]), atoms[a].size()) <
             std::make_pair(Caseless(atoms[b]), atoms[b].size());
    });
    for (size_t a : order) {
      kept[a] = false;
      if (!holds_a_kept_one()) kept[a] = true;
    }
    std::vector<std::string> out;
    for (size_t a = 0; a < atoms.size(); ++a) {
      if (!kept[a]) continue;
      if (!Caseless(atoms[a])) return {};
      out.push_back(atoms[a]);
    }
    return out;
  }
  // Whether no match of `pattern` can hold a line break, read from its syntax (conservatively:
  // false for anything that could match one). "." matches none without the s flag.
  static bool NoLineBreak(std::string_view pattern) {
    for (size_t i = 0; i < pattern.size(); ++i) {
      const auto c = static_cast<unsigned char>(pattern[i]);
      const std::string_view rest = pattern.substr(i);
      if (c < 0x20 || c == 0x7F) return false;
      // Negated and POSIX classes ([^a], [[:space:]]), flags other than a group's "?:".
      if (rest.starts_with("[^") || rest.starts_with("[:")) return false;
      if (rest.starts_with("(?") && !rest.starts_with("(?:")) return false;
      if (c == '\\') {
        // Escaped punctuation, digits, word characters and word boundaries (not \s, \n, \x ...).
        if (rest.size() < 2 ||
            std::string_view("()[]{}.*+?|^$-/\\dwbB").find(rest[1]) == std::string_view::npos) {
          return false;
        }
        ++i;
      }
    }
    return true;
  }
  // Whether `s` is well-formed UTF-8 of characters without case: ASCII other than letters,
  // general punctuation (U+2000 to U+206F), CJK symbols, kana and ideographs (U+3000 to
  // U+9FFF), full-width punctuation and digits (U+FF01 to U+FF20).
  static bool Caseless(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      const auto lead = static_cast<unsigned char>(s[i]);
      if (lead < 0x80) {
        if ((lead | 0x20) >= 'a' && (lead | 0x20) <= 'z') return false;
        ++i;
        continue;
      }
      if (lead < 0xE0 || lead > 0xEF || i + 3 > s.size()) return false;
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return false;
      const uint32_t cp =
          (uint32_t{lead & 0x0Fu} << 12) | (uint32_t{b1 & 0x3Fu} << 6) | (b2 & 0x3Fu);
      if (!(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x9FFF) &&
          !(cp >= 0xFF01 && cp <= 0xFF20)) {
        return false;
      }
      i += 3;
    }
    return true;
  }
  // The atoms of a list of rules, for the lines of LineSearches' joined text (Joined::Find):
  // where in a line a match may start. Made only when every rule has atoms and none can match
  // a line break: then a match lies in one line and holds an atom of its rule. It starts with
  // the atom when the rule is literals (atoms_lead), where the line starts when the rule is
  // anchored there ("^行政复议", in multi-line mode), else anywhere before the atom. A literal
  // without anchors ("勾稽关系"), or with only "^" when it is where a line starts, is a match
  // wherever it is found: that needs no RE2 search to tell where the match starts.
  class LineAtoms {
   public:
    enum class Starts : uint8_t { kWithAtom, kAtLineStart, kAnywhere };
    static std::shared_ptr<const LineAtoms> For(const std::vector<const Rule*>& rules) {
      auto made = std::make_shared<LineAtoms>();
      std::vector<std::string> atoms;
      for (const Rule* rule : rules) {
        if (rule->atoms.empty() || !NoLineBreak(rule->re->pattern())) return nullptr;
        if (rule->at_line_start && rule->atoms_lead) {
          // Compared only where a line starts.
          for (size_t a = 0; a < rule->atoms.size(); ++a) {
            made->line_start_literals_.push_back(
                {rule->atoms[a], /*a_match=*/!rule->atom_anchors[a].line_end});
          }
          continue;
        }
        const Starts starts = rule->at_line_start ? Starts::kAtLineStart
                              : rule->atoms_lead  ? Starts::kWithAtom
                                                  : Starts::kAnywhere;
        for (size_t a = 0; a < rule->atoms.size(); ++a) {
          atoms.push_back(rule->atoms[a]);
          made->starts_.push_back(starts);
          made->a_match_.push_back(starts == Starts::kWithAtom &&
                                   !rule->atom_anchors[a].line_start &&
                                   !rule->atom_anchors[a].line_end);
        }
        made->any_anywhere_ = made->any_anywhere_ || starts == Starts::kAnywhere;
        made->any_at_line_start_ = made->any_at_line_start_ || starts == Starts::kAtLineStart;
      }
      made->atoms_ = AtomIndex(std::move(atoms));
      return made;
    }
    // Whether one of the literals of rules anchored at a line's start is at text[from], where
    // the line text[from, to) starts: kMatch when one is a match there (its rule's pattern
    // matches from `from`), kMaybe when only literals with "$" after them are.
    enum class AtLineStart : uint8_t { kNone, kMaybe, kMatch };
    AtLineStart LiteralAtLineStart(std::string_view text, size_t from, size_t to) const {
      AtLineStart found = AtLineStart::kNone;
      for (const LineStartLiteral& literal : line_start_literals_) {
        if (to - from >= literal.text.size() &&
            std::memcmp(text.data() + from, literal.text.data(), literal.text.size()) == 0) {
          if (literal.a_match) return AtLineStart::kMatch;
          found = AtLineStart::kMaybe;
        }
      }
      return found;
    }
    // Calls found(at, starts, a_match) for each other atom in text[from, to), by where it
    // starts, until it returns true; `a_match` when the atom is a match of its rule there.
    template <typename Found>
    void Each(std::string_view text, size_t from, size_t to, Found found) const {
      atoms_.Each(text, from, to,
                  [&](size_t at, size_t a) { return found(at, starts_[a], a_match_[a] != 0); });
    }
    bool any_anywhere() const { return any_anywhere_; }
    bool any_at_line_start() const { return any_at_line_start_; }

   private:
    struct LineStartLiteral {
      std::string text;
      bool a_match = false;  // no "$" after it: a match wherever a line starts with it
    };
    std::vector<LineStartLiteral> line_start_literals_;  // of rules of literals anchored there
    AtomIndex atoms_;             // of the other rules
    std::vector<Starts> starts_;  // [atom]: where its rule's match starts
    std::vector<uint8_t> a_match_;  // [atom]: a literal without anchors, a match where it is
    bool any_anywhere_ = false;
    bool any_at_line_start_ = false;
  };
  std::vector<Rule> rules;
  // A list of rules, asked which of them match a text (Candidates, AnyMatch).
  struct RuleSet {
    std::vector<const Rule*> rules;
    // The atoms of the rules (Rule::atoms), found in a text in one pass (a search of the text
    // for each atom of each rule cost more than all the rest of classifying it).
    AtomIndex atoms;
    std::vector<std::vector<uint16_t>> rule_atoms;  // [rule]: indices in `atoms`
    void Build(std::vector<const Rule*> list) {
      rules = std::move(list);
      std::vector<std::string> all;
      for (const Rule* rule : rules) {
        std::vector<uint16_t>& ids = rule_atoms.emplace_back();
        for (const std::string& atom : rule->atoms) {
          auto at = std::find(all.begin(), all.end(), atom);
          if (at == all.end()) at = all.insert(at, atom);
          ids.push_back(static_cast<uint16_t>(at - all.begin()));
        }
      }
      atoms = AtomIndex(std::move(all));
    }
  };
  // Rules whose matches count only by where the first one starts (start, stop, confirm ...):
  // one alternation of their patterns finds that in one search of a line, where the rules one
  // by one took one search each. `any` is null when the alternation could not be built.
  struct RuleList {
    std::vector<const Rule*> rules;
    std::shared_ptr<const RE2> any;
    // The alternation in multi-line mode, for the text of many lines joined by "\n": a line's
    // match is a match there too ("^" and "$" of the line are those of a line of the joined
    // text), so where it finds nothing no line has a match, in one search instead of one per
    // line. Null when a pattern could match a line but not the joined text (\A, \z, flags
    // that may turn multi-line mode off) or the alternation could not be built.
    std::shared_ptr<const RE2> joined;
    // A list whose rules match wherever these do (see Load): lines before its first match
    // hold none of these.
    const RuleList* cover = nullptr;
    // Lists searched later over the same lines (see Load), and `joined` of this list with
    // companions[k] and those after it ([k]): one search tells where the first match of any of
    // them starts, so that none starts before (see LineSearches::MayMatch). Empty unless every
    // list has `joined`.
    std::vector<const RuleList*> companions;
    std::vector<std::shared_ptr<const RE2>> with_companions;
    // The atoms of the rules of `joined` and of with_companions[k] (LineAtoms), or null.
    std::shared_ptr<const LineAtoms> joined_atoms;
    std::vector<std::shared_ptr<const LineAtoms>> with_companions_atoms;
    void Accompany(std::vector<const RuleList*> others) {
      if (joined == nullptr) return;
      std::vector<std::shared_ptr<const RE2>> unions(others.size());
      std::vector<std::shared_ptr<const LineAtoms>> union_atoms(others.size());
      std::string pattern = joined->pattern();  // "(?m)" and the alternation
      std::vector<const Rule*> all_rules = rules;
      for (size_t k = others.size(); k-- > 0;) {
        if (others[k]->joined == nullptr) return;
        pattern += "|(?:" + others[k]->joined->pattern().substr(4) + ")";
        auto all = std::make_shared<RE2>(pattern, RE2::Quiet);
        if (!all->ok()) return;
        unions[k] = std::move(all);
        all_rules.insert(all_rules.end(), others[k]->rules.begin(), others[k]->rules.end());
        union_atoms[k] = LineAtoms::For(all_rules);
      }
      companions = std::move(others);
      with_companions = std::move(unions);
      with_companions_atoms = std::move(union_atoms);
    }
    void Build(std::vector<const Rule*> list) {
      rules = std::move(list);
      if (rules.empty()) return;
      std::string pattern;
      bool joinable = true;
      for (const Rule* rule : rules) {
        const std::string& own = rule->re->pattern();
        if (!pattern.empty()) pattern += '|';
        pattern += "(?:" + own + ")";
        for (size_t at = own.find("(?"); at != std::string::npos; at = own.find("(?", at + 1)) {
          if (own.compare(at, 3, "(?:") != 0) joinable = false;
        }
        if (own.find("\\A") != std::string::npos || own.find("\\z") != std::string::npos) {
          joinable = false;
        }
      }
      auto built = std::make_shared<RE2>(pattern, RE2::Quiet);
      if (built->ok()) any = std::move(built);
      if (!joinable) return;
      auto lines = std::make_shared<RE2>("(?m)" + pattern, RE2::Quiet);
      if (lines->ok()) joined = std::move(lines);
      if (joined != nullptr) joined_atoms = LineAtoms::For(rules);
    }
    // Where the leftmost match of any rule in text[from, end) starts, or npos. As for each
    // rule alone, "^" matches only at the start of `text`.
    size_t Leftmost(std::string_view text, size_t from) const {
      re2::StringPiece whole(text.data(), text.size());
      re2::StringPiece match;
      if (any != nullptr) {
        if (!any->Match(whole, from, text.size(), RE2::UNANCHORED, &match, 1)) {
          return std::string::npos;
        }
        return static_cast<size_t>(match.data() - text.data());
      }
      size_t best = std::string::npos;
      for (const Rule* rule : rules) {
        if (!rule->re->Match(whole, from, text.size(), RE2::UNANCHORED, &match, 1)) continue;
        best = std::min(best, static_cast<size_t>(match.data() - text.data()));
      }
      return best;
    }
    bool Matches(std::string_view text) const {
      re2::StringPiece whole(text.data(), text.size());
      if (any != nullptr) return any->Match(whole, 0, text.size(), RE2::UNANCHORED, nullptr, 0);
      for (const Rule* rule : rules) {
        if (rule->re->Match(whole, 0, text.size(), RE2::UNANCHORED, nullptr, 0)) return true;
      }
      return false;
    }
  };
  // A row id of a table, with what the reader needs of it.
  struct Row {
    std::string id;
    std::string label;   // the first example, for messages and rows the text does not print
    bool group = false;  // other rows extend its id (denied -> denied.state_secret)
    std::vector<int> subs;      // those rows, in file order
    int revision_2021 = 0;      // how many of its rules only the 2021 revision prints
    const Rule* cells[2] = {};  // 表二: its columns in the 2019 and the 2021 revision
  };
  // A cell of a table's grid of rows and columns: the metric it is.
  struct Cell {
    std::string id;
    std::string unit;  // of the catalogue entry
  };
  struct Table {
    std::vector<Row> rows;
    std::vector<std::string> columns;  // ids, in printed order (表三 and 表四)
    std::vector<std::string> column_labels;
    std::vector<std::string> column_units;
    std::vector<std::vector<Cell>> cells;  // [row][column]
    RuleSet classify;  // row, part and header rules, the Fragmenter's labels
    RuleSet column_rules;
    RuleSet labels;  // `classify` then `column_rules`: both asked of the same texts
    RuleSet row_rules;
    RuleList starts, confirms, stops, expects;
    RuleSet headers;
    int RowIndex(std::string_view id) const {
      for (size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].id == id) return static_cast<int>(r);
      }
      return -1;
    }
    int ColumnIndex(std::string_view id) const {
      for (size_t c = 0; c < columns.size(); ++c) {
        if (columns[c] == id) return static_cast<int>(c);
      }
      return -1;
    }
  };
  Table tables[kTableCount];
  RuleList litigation;  // 表四 rows of the 2019+ formats only (litigation.*)
  // The start rules of every table and 表三's expect rules: the searches of a document that has
  // no table at all, found absent in one search (the cover of those lists).
  RuleList openings;
  int other_row = -1;   // 表三 row "other"
  size_t max_metrics = 0;  // the most metrics the three tables can give (each row once)
  MetricCatalog catalog;
  uint64_t serial = 0;  // distinct for every model loaded: what LabelMemo keeps results for

  std::vector<const Rule*> Rules(int table, Kind kind) const {
    std::vector<const Rule*> out;
    for (const Rule& rule : rules) {
      if (rule.kind == kind && (rule.table == table || rule.table == -1)) out.push_back(&rule);
    }
    return out;
  }
  static std::string MetricId(int table, std::string_view row, std::string_view column) {
    std::string id = table == kT3 ? "requests." : table == kT2 ? "proactive." : "";
    return id + std::string(row) + "." + std::string(column);
  }
};

// Lets the helpers below name the private model (the header makes this struct a friend).
struct TableReaderAccess {
  using Model = TableReader::Model;
};

namespace {

using ModelT = TableReaderAccess::Model;
using Rule = ModelT::Rule;

struct RuleMatch {
  const Rule* rule = nullptr;
  size_t start = 0;
  size_t end = 0;
};

// The best match of `rules` in `text`: the longest, then the first in file order.
RuleMatch BestMatch(const std::vector<const Rule*>& rules, std::string_view text) {
  RuleMatch best;
  for (const Rule* rule : rules) {
    re2::StringPiece match;
    if (!rule->re->Match(Piece(text), 0, text.size(), RE2::UNANCHORED, &match, 1)) continue;
    size_t start = static_cast<size_t>(match.data() - text.data());
    if (best.rule == nullptr || match.size() > best.end - best.start) {
      best = {rule, start, start + match.size()};
    }
  }
  return best;
}

// Calls found(rule) for each rule of `rule_set` that matches somewhere in `text`, in list order,
// until it returns true. Each rule is searched only when the text holds one of its atoms (and
// not at all when they are its pattern). This replaced one RE2::Set search over every rule at
// once: for most texts new to LabelMemo the set's automaton built new states, and classifying
// new labels that way was a quarter of the table reader on a batch of layout-table reports.
template <typename Found>
void MatchingRules(const ModelT::RuleSet& rule_set, std::string_view text, Found found) {
  thread_local std::vector<char> held;  // scratch: [atom] whether the text holds it
  held.assign(rule_set.atoms.size(), 0);
  rule_set.atoms.FindAll(text, &held);
  for (size_t r = 0; r < rule_set.rules.size(); ++r) {
    const Rule* rule = rule_set.rules[r];
    const std::vector<uint16_t>& atoms = rule_set.rule_atoms[r];
    bool may_match = atoms.empty();
    for (uint16_t a : atoms) may_match = may_match || held[a] != 0;
    if (!may_match) continue;
    if ((rule->atoms_exact && !atoms.empty()) ||
        rule->re->Match(Piece(text), 0, text.size(), RE2::UNANCHORED, nullptr, 0)) {
      if (found(rule)) return;
    }
  }
}

// The rules of `rule_set` that match somewhere in `text`, in list order, with `*exact` set (they
// are exactly those). Only these can be BestMatch's or AllMatches' result, so giving them just
// these changes no result.
std::vector<const Rule*> Candidates(const ModelT::RuleSet& rule_set, std::string_view text,
                                    bool* exact) {
  std::vector<const Rule*> candidates;
  MatchingRules(rule_set, text, [&](const Rule* rule) {
    candidates.push_back(rule);
    return false;
  });
  *exact = true;
  return candidates;
}

// The first match of each of `rules` in `text`, in rule order (rule nullptr where it has none):
// what both BestMatch and AllMatches start from.
std::vector<RuleMatch> FirstMatches(std::span<const Rule* const> rules, std::string_view text) {
  std::vector<RuleMatch> firsts(rules.size());
  for (size_t r = 0; r < rules.size(); ++r) {
    re2::StringPiece match;
    if (!rules[r]->re->Match(Piece(text), 0, text.size(), RE2::UNANCHORED, &match, 1)) continue;
    size_t start = static_cast<size_t>(match.data() - text.data());
    firsts[r] = {rules[r], start, start + match.size()};
  }
  return firsts;
}

// BestMatch from the first matches of the rules.
RuleMatch BestOf(std::span<const RuleMatch> firsts) {
  RuleMatch best;
  for (const RuleMatch& m : firsts) {
    if (m.rule != nullptr && (best.rule == nullptr || m.end - m.start > best.end - best.start)) {
      best = m;
    }
  }
  return best;
}

// All non-overlapping matches of the rules whose first matches are `firsts`, leftmost first,
// longer first at the same start. With `first_only`, only the first match of each rule.
std::vector<RuleMatch> AllMatches(std::span<const RuleMatch> firsts, std::string_view text,
                                  bool first_only = false) {
  std::vector<RuleMatch> all;
  if (text.empty()) return all;
  for (const RuleMatch& first : firsts) {
    if (first.rule == nullptr || first.end == first.start) continue;
    all.push_back(first);
    size_t pos = first.end;
    while (!first_only && pos < text.size()) {
      re2::StringPiece match;
      if (!first.rule->re->Match(Piece(text), pos, text.size(), RE2::UNANCHORED, &match, 1)) break;
      size_t start = static_cast<size_t>(match.data() - text.data());
      size_t end = start + match.size();
      if (end == start) break;
      all.push_back({first.rule, start, end});
      pos = end;
    }
  }
  std::sort(all.begin(), all.end(), [](const RuleMatch& a, const RuleMatch& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.end - a.start > b.end - b.start;
  });
  std::vector<RuleMatch> kept;
  for (const RuleMatch& m : all) {
    if (!kept.empty() && m.start < kept.back().end) continue;
    kept.push_back(m);
  }
  return kept;
}

// What the rules of a rule set find in one text: a pure function of the two, kept by LabelMemo.
// Searches past the set's one are made when first asked for.
class Labelled {
 public:
  // `text` must outlive this (LabelMemo's key holds it).
  void Search(const ModelT::RuleSet& rule_set, std::string_view text) {
    text_ = text;
    candidates_ = Candidates(rule_set, text, &exact_);
    // In a set of label rules (Table::labels) the column rules come last.
    while (labels_end_ < candidates_.size() && candidates_[labels_end_]->kind != Kind::kColumn) {
      ++labels_end_;
    }
  }

  // BestMatch(rules of the set, text).
  RuleMatch Match() { return BestOf(Firsts()); }
  // Its rule: when the set tells that exactly one rule matches, that one, without searching for
  // where.
  const Rule* Best() {
    if (exact_ && candidates_.size() == 1) return candidates_.front();
    return Match().rule;
  }
  // Whether any rule of the set matches.
  bool Any() { return exact_ ? !candidates_.empty() : Best() != nullptr; }
  // AllMatches of the rules of the set.
  const std::vector<RuleMatch>& Matches() {
    if (!matches_) matches_ = AllMatches(Firsts(), text_);
    return *matches_;
  }

  // A set of label rules (row, part and header rules, then column rules) read as the Fragmenter
  // does. The label rules that may match: one is the label (most labels), more are cut apart.
  size_t LabelCandidates() const { return labels_end_; }
  // Their best match; only its rule is kept.
  RuleMatch Label() {
    if (exact_ && labels_end_ == 1) return {candidates_.front(), 0, 0};
    return BestOf(Firsts().first(labels_end_));
  }
  // All matches of the label rules, the first of each only when one may match.
  const std::vector<RuleMatch>& LabelMatches() {
    if (!label_matches_) {
      label_matches_ = AllMatches(Firsts().first(labels_end_), text_, labels_end_ == 1);
    }
    return *label_matches_;
  }
  bool AnyColumn() {
    if (exact_) return labels_end_ < candidates_.size();
    return BestOf(Firsts().subspan(labels_end_)).rule != nullptr;
  }
  const std::vector<RuleMatch>& ColumnMatches() {
    if (!column_matches_) column_matches_ = AllMatches(Firsts().subspan(labels_end_), text_);
    return *column_matches_;
  }
  // Where numbering ("一、", "(三)" ...) starts in the text: whether at its start, and after it,
  // where the Fragmenter cuts the text.
  bool Numbered();
  const std::vector<size_t>& Numbering();

  // Memory held, roughly (LabelMemo bounds the total): the candidates and their matches.
  size_t Bytes() const {
    return sizeof(*this) + candidates_.size() * (sizeof(Rule*) + 2 * sizeof(RuleMatch));
  }

 private:
  std::span<const RuleMatch> Firsts() {
    if (!firsts_) firsts_ = FirstMatches(candidates_, text_);
    return *firsts_;
  }

  std::string_view text_;
  std::vector<const Rule*> candidates_;  // Candidates(rule_set, text)
  bool exact_ = false;
  size_t labels_end_ = 0;  // candidates_[0, labels_end_) are not column rules
  std::optional<std::vector<RuleMatch>> firsts_;
  std::optional<std::vector<RuleMatch>> matches_;
  std::optional<std::vector<RuleMatch>> label_matches_;
  std::optional<std::vector<RuleMatch>> column_matches_;
  std::optional<bool> numbered_;
  std::optional<std::vector<size_t>> numbering_;
};

// What rule sets find in texts, memoized per thread across documents: a batch reads thousands
// of reports printed in the same national formats, whose labels recur in every one, and
// classifying a label took a set search and a search per matching rule.
class LabelMemo {
 public:
  // The calling thread's memo for `model`. Emptied here, between documents, when it holds more
  // than kMaxBytes (the fragments of a table point into it) or another model's texts.
  static LabelMemo& For(const ModelT& model) {
    thread_local LabelMemo memo;
    if (memo.model_serial_ != model.serial || memo.bytes_ > kMaxBytes) {
      memo.map_.clear();
      memo.bytes_ = 0;
      memo.model_serial_ = model.serial;
    }
    return memo;
  }

  Labelled& Get(const ModelT::RuleSet& rule_set, std::string_view text) {
    auto it = map_.find(KeyView{&rule_set, text});
    if (it == map_.end()) {
      it = map_.emplace(Key{&rule_set, std::string(text)}, Labelled()).first;
      // Searches made later read the text of the key, which stays where it is.
      it->second.Search(rule_set, it->first.text);
      bytes_ += it->first.text.capacity() + it->second.Bytes() + kNodeBytes;
    }
    return it->second;
  }

 private:
  static constexpr size_t kMaxBytes = 2 << 20;
  static constexpr size_t kNodeBytes = 96;  // the map's node and bucket, roughly

  struct Key {
    const ModelT::RuleSet* set;
    std::string text;
  };
  // A key looked up without a copy of its text.
  struct KeyView {
    const ModelT::RuleSet* set;
    std::string_view text;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(const KeyView& key) const {
      return std::hash<std::string_view>()(key.text) ^ reinterpret_cast<uintptr_t>(key.set);
    }
    size_t operator()(const Key& key) const { return (*this)(KeyView{key.set, key.text}); }
  };
  struct KeyEqual {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      // Compared in place: string_view's == went through an out-of-line compare().
      return a.set == b.set && a.text.size() == b.text.size() &&
             std::equal(a.text.begin(), a.text.end(), b.text.begin());
    }
  };
  std::unordered_map<Key, Labelled, KeyHash, KeyEqual> map_;
  size_t bytes_ = 0;
  uint64_t model_serial_ = 0;
};

// BestMatch(rules of `rule_set`, text).rule.
const Rule* BestRule(LabelMemo& memo, const ModelT::RuleSet& rule_set, std::string_view text) {
  return memo.Get(rule_set, text).Best();
}

// Whether any rule of `rule_set` matches `text`: BestMatch(rule_set, text).rule != nullptr, but
// no rule is searched after the first that matches. Not memoized: for sentences, which seldom
// recur.
bool AnyMatch(const ModelT::RuleSet& rule_set, std::string_view text) {
  bool any = false;
  MatchingRules(rule_set, text, [&](const Rule*) { return any = true; });
  return any;
}

// ---------------------------------------------------------------------------------------------
// Tokens and lines.

enum class CellKind { kNumber, kBlank, kNa };

// Token and line text points into one LineStore: the compact text of all lines is written once,
// into storage of its largest possible size, instead of into strings and vectors of every token
// and line (their allocations were most of the time spent building lines).
struct Tok {
  bool is_value = false;
  // Label text: whitespace removed, with the normalized offset of each byte.
  std::string_view compact;
  std::span<const uint32_t> offs;
  // Value.
  CellKind kind = CellKind::kNumber;
  double number = 0;
  std::string_view unit;  // a unit written with the number (表二: 万元)
  std::string_view text;  // the value as printed (compact)
  bool digits_only = false;
  // Both.
  Span span;
  int x = 0;
  int width = 0;
  int seq = 0;
  int line = 0;
  int page = 0;
  bool explicit_cell = false;  // a cell of a grid, a tab-separated or a pipe table
  bool recovered = false;      // split out of digits run together
};

struct Line {
  Span span;
  int page = 0;
  bool explicit_cells = false;
  bool page_number = false;
  bool starts_page = false;
  std::span<Tok> toks;       // in Lines::tokens
  std::string_view compact;  // all tokens, whitespace removed
  std::span<const uint32_t> offs;
  bool offs_sorted = true;  // text lines are; grid rows are when their cells are in text order
};

// The bytes the views of tokens and lines point into, with the normalized offset of each. Its
// capacity is fixed when it is made, so that the views stay valid; a line writes at most its own
// bytes.
class LineStore {
 public:
  explicit LineStore(size_t capacity)
      : bytes_(std::make_unique_for_overwrite<char[]>(capacity)),
        offs_(std::make_unique_for_overwrite<uint32_t[]>(capacity)),
        capacity_(capacity) {}

  size_t size() const { return size_; }
  // The text and offsets written since `from` (a size() seen before).
  std::string_view Text(size_t from) const { return {bytes_.get() + from, size_ - from}; }
  std::span<const uint32_t> Offs(size_t from) const { return {offs_.get() + from, size_ - from}; }
  // Appends text[offset, offset + length), each byte at its own offset.
  void AppendSource(std::string_view text, size_t offset, size_t length) {
    Reserve(length);
    char* bytes = bytes_.get() + size_;
    uint32_t* offs = offs_.get() + size_;
    // In 32 bits (offsets fit), which vectorizes twice as wide as size_t arithmetic.
    const auto first = static_cast<uint32_t>(offset);
    if (length <= 8) {
      // Most values: a call to memcpy and a vector loop's setup cost more than their bytes.
      for (uint32_t k = 0; k < static_cast<uint32_t>(length); ++k) {
        bytes[k] = text[offset + k];
        offs[k] = first + k;
      }
    } else {
      std::memcpy(bytes, text.data() + offset, length);
      for (uint32_t k = 0; k < static_cast<uint32_t>(length); ++k) offs[k] = first + k;
    }
    size_ += length;
  }
  // Appends a value's text; its bytes map into `span` (spaces inside it were removed).
  void AppendValue(std::string_view value, Span span) {
    Reserve(value.size());
    for (size_t k = 0; k < value.size(); ++k) {
      bytes_[size_] = value[k];
      offs_[size_] = static_cast<uint32_t>(std::min(span.start + k, span.end - 1));
      ++size_;
    }
  }
  // Maps the bytes from `from` on into `span`, as AppendValue does.
  void MapToValue(size_t from, Span span) {
    for (size_t k = from; k < size_; ++k) {
      offs_[k] = static_cast<uint32_t>(std::min(span.start + (k - from), span.end - 1));
    }
  }

 private:
  void Reserve(size_t more) const {
    // The views into the storage would dangle if it grew: BuildLines sizes it for every byte
    // of every line and cell. Should that sizing ever be wrong, the input gets an internal
    // error in its record (the batch catches it) instead of corrupted tables.
    if (size_ + more > capacity_) throw std::length_error("table reader: line store too small");
  }
  std::unique_ptr<char[]> bytes_;
  std::unique_ptr<uint32_t[]> offs_;
  size_t capacity_ = 0;
  size_t size_ = 0;
};

// The lines of a document with the storage of their tokens and text.
struct Lines {
  std::unique_ptr<LineStore> store;
  std::vector<Tok> tokens;  // of all lines, in one vector: a vector per line was an allocation each
  std::vector<Line> lines;
  // Text lines only: they follow one another and each holds its tokens' spans. Grid rows need
  // not (their cells may be out of text order).
  bool text_order = true;
};

// The tokens of the line being built: the end of Lines::tokens.
struct LineTokens {
  std::vector<Tok>* all;
  size_t first;
  bool empty() const { return all->size() == first; }
  Tok& back() { return all->back(); }
  void push_back(const Tok& tok) { all->push_back(tok); }
  // A token made in place (the copy of a pushed one showed in the cost of building lines).
  Tok& emplace_back() { return all->emplace_back(); }
  void pop_back() { all->pop_back(); }
};

// The first code points ParseValue can accept: a digit, a sign, a dash or slash, 无 不 暂.
bool CouldBeValue(uint32_t cp) {
  return (cp >= '0' && cp <= '9') || cp == '+' || cp == '-' || cp == '/' || cp == '\\' ||
         cp == 0x2014 || cp == 0x2013 || cp == 0x65E0 || cp == 0x4E0D || cp == 0x6682;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

size_t AsciiDigitsAt(std::string_view s, size_t pos) {
  size_t n = 0;
  while (pos + n < s.size() && IsAsciiDigit(s[pos + n])) ++n;
  return n;
}

// Reads a value token: a number ("1,234", "-3", "12.5万元") or a not-applicable mark ("/", "—",
// 无). The grammar is that of the regexes
//   ^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|亿元|元|万|件|个|项|条)?$
//   ^(?:[-—–/\\]+|无|不涉及|暂无)$
// written out: every word of a document is tried (the regex with four captures was the largest
// part of building lines). tok->unit is left pointing into `compact`.
bool ParseValue(std::string_view compact, Tok* tok) {
  if (compact.empty()) return false;
  // Most values are a few digits: read them without going through the grammar.
  if (compact.size() <= 15 && AsciiDigitsAt(compact, 0) == compact.size()) {
    uint64_t n = 0;
    for (char c : compact) n = n * 10 + static_cast<uint64_t>(c - '0');
    tok->kind = CellKind::kNumber;
    tok->number = static_cast<double>(n);
    tok->unit = std::string_view(compact.data() + compact.size(), 0);  // none
    tok->digits_only = true;
    return true;
  }
  size_t length = 0;
  if (!CouldBeValue(internal::DecodeUtf8At(compact, 0, &length))) return false;
  // A number.
  size_t pos = 0;
  bool negative = false, sign = false;
  if (compact[0] == '+' || compact[0] == '-') {
    sign = true;
    negative = compact[0] == '-';
    ++pos;
  }
  const size_t integer_start = pos;
  size_t lead = AsciiDigitsAt(compact, pos);
  bool number = lead > 0;
  bool commas = false;
  pos += lead;
  if (number && pos < compact.size() && compact[pos] == ',') {
    // Thousands: one to three digits, then groups of exactly three.
    number = lead <= 3;
    while (number && pos < compact.size() && compact[pos] == ',') {
      number = AsciiDigitsAt(compact, pos + 1) == 3;
      pos += 4;
      commas = true;
    }
  }
  const size_t integer_end = pos;
  size_t fraction = 0;
  if (number && pos < compact.size() && compact[pos] == '.') {
    fraction = AsciiDigitsAt(compact, pos + 1);
    number = fraction > 0;
    pos += 1 + fraction;
  }
  if (number) {
    std::string_view unit = compact.substr(pos);
    static constexpr std::string_view kUnits[] = {"",   "万元", "亿元", "元", "万",
                                                  "件", "个",   "项",   "条"};
    if (std::find(std::begin(kUnits), std::end(kUnits), unit) != std::end(kUnits)) {
      std::string_view integer = compact.substr(integer_start, integer_end - integer_start);
      double v = 0;
      if (fraction == 0 && integer.size() <= 15) {
        // Exact in a double, as std::stod reads it; most values are small counts.
        uint64_t n = 0;
        for (char c : integer) {
          if (c != ',') n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        v = static_cast<double>(n);
      } else {
        std::string digits;
        for (char c : integer) {
          if (c != ',') digits += c;
        }
        if (fraction > 0) {
          digits += '.';
          digits += compact.substr(integer_end + 1, fraction);
        }
        v = std::stod(digits);
      }
      tok->kind = CellKind::kNumber;
      tok->number = negative ? -v : v;
      tok->unit = unit;
      tok->digits_only = !sign && fraction == 0 && unit.empty() && !commas;
      return true;
    }
  }
  // Not applicable.
  bool na = compact == "无" || compact == "不涉及" || compact == "暂无";
  if (!na) {
    na = true;
    for (size_t i = 0; i < compact.size() && na;) {
      if (compact[i] == '-' || compact[i] == '/' || compact[i] == '\\') {
        ++i;
      } else if (compact.substr(i, 3) == "—" || compact.substr(i, 3) == "–") {
        i += 3;
      } else {
        na = false;
      }
    }
  }
  if (na) {
    tok->kind = CellKind::kNa;
    return true;
  }
  return false;
}

// Code points of a normalized line with their byte offsets and x columns; form feeds take no
// column (pdftotext prints them at the start of a page's first line).
struct CharPos {
  uint32_t cp;
  uint32_t offset;  // offsets of the normalized text fit (LineStore keeps them so too)
  uint32_t length;
  int x;
};

// Fills `*chars` (cleared first), so that a caller going over many lines reuses one buffer:
// a vector grown afresh for every line was most of BuildLines on prose documents. Returns
// whether the characters are contiguous in `text` (no \f or \r was left out between two).
bool LineChars(std::string_view text, Span span, int* form_feeds, std::vector<CharPos>* out) {
  std::vector<CharPos>& chars = *out;
  chars.clear();
  // One allocation big enough (a code point has at least one byte): growing by doubling copied
  // long prose lines several times.
  chars.reserve(span.end - span.start);
  int x = 0;
  bool contiguous = true;
  bool left_out = false;  // a character was left out since the last one kept
  for (size_t i = span.start; i < span.end;) {
    size_t length = 0;
    uint32_t cp = internal::DecodeUtf8At(text, i, &length);
    if (cp == '\f' || cp == '\r') {
      if (cp == '\f') ++*form_feeds;
      left_out = !chars.empty();
    } else {
      contiguous = contiguous && !left_out;
      chars.push_back({cp, static_cast<uint32_t>(i), static_cast<uint32_t>(length), x});
      ++x;
    }
    i += length;
  }
  return contiguous;
}

bool IsSpaceCp(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\v' || cp == 0x3000; }

// Appends chars[a, b) without whitespace to the label `tok`, the last text written to `store`.
void AppendLabel(std::string_view text, const std::vector<CharPos>& chars, size_t a, size_t b,
                 LineStore* store, Tok* tok) {
  const size_t before = store->size();
  for (size_t k = a; k < b; ++k) {
    if (!IsSpaceCp(chars[k].cp)) store->AppendSource(text, chars[k].offset, chars[k].length);
  }
  const size_t start = before - tok->compact.size();
  tok->compact = store->Text(start);
  tok->offs = store->Offs(start);
}

// A cell of an explicit table (grid, tabs, pipes) from its characters.
Tok CellToken(std::string_view text, const std::vector<CharPos>& chars, size_t from, size_t to,
              int x, LineStore* store) {
  Tok tok;
  tok.explicit_cell = true;
  tok.x = x;
  tok.width = 1;
  size_t first = from, last = to;
  while (first < last && IsSpaceCp(chars[first].cp)) ++first;
  while (last > first && IsSpaceCp(chars[last - 1].cp)) --last;
  if (first == last) {
    tok.is_value = true;
    tok.kind = CellKind::kBlank;
    size_t at = from < chars.size() ? chars[from].offset : (chars.empty() ? 0 : chars.back().offset);
    tok.span = {at, at};
    return tok;
  }
  tok.span = {chars[first].offset, chars[last - 1].offset + chars[last - 1].length};
  const size_t start = store->size();
  AppendLabel(text, chars, first, last, store, &tok);
  if (ParseValue(tok.compact, &tok)) {
    tok.is_value = true;
    tok.text = tok.compact;
    tok.compact = {};
    tok.offs = {};
    store->MapToValue(start, tok.span);
  }
  return tok;
}

bool IsDigitCp(uint32_t cp) { return cp >= '0' && cp <= '9'; }

// Splits a run of characters glued together ("予以公开710000071(二)部分公开") into label and
// digit parts. A digit followed by "." or "、" and a non-digit is the numbering of the next label
// ("3200000326.属于..." is 320000032 then "6.属于...").
void GluedParts(const std::vector<CharPos>& chars, size_t from, size_t to,
                std::vector<std::pair<size_t, size_t>>* parts, std::vector<bool>* is_value) {
  parts->clear();
  is_value->clear();
  size_t i = from;
  while (i < to) {
    if (!IsDigitCp(chars[i].cp)) {
      size_t j = i;
      while (j < to && !IsDigitCp(chars[j].cp)) ++j;
      parts->push_back({i, j});
      is_value->push_back(false);
      i = j;
      continue;
    }
    size_t j = i;
    while (j < to && IsDigitCp(chars[j].cp)) ++j;
    if (j + 1 < to && chars[j].cp == '.' && IsDigitCp(chars[j + 1].cp)) {
      // A decimal: 18651.06.
      size_t k = j + 1;
      while (k < to && IsDigitCp(chars[k].cp)) ++k;
      parts->push_back({i, k});
      is_value->push_back(true);
      i = k;
      continue;
    }
    bool marker = j < to && (chars[j].cp == '.' || chars[j].cp == 0x3001);
    if (marker) {
      // The last digit numbers the next label.
      if (j - 1 > i) {
        parts->push_back({i, j - 1});
        is_value->push_back(true);
      }
      size_t k = j + 1;
      while (k < to && !IsDigitCp(chars[k].cp)) ++k;
      parts->push_back({j - 1, k});
      is_value->push_back(false);
      i = k;
      continue;
    }
    parts->push_back({i, j});
    is_value->push_back(true);
    i = j;
  }
}

// Buffers SpaceTokens reuses from line to line.
struct TokenScratch {
  std::string word;
  std::vector<std::pair<size_t, size_t>> parts;
  std::vector<bool> kinds;
};

// Tokens of a whitespace-separated (layout) line; `contiguous` as LineChars returned.
void SpaceTokens(std::string_view text, const std::vector<CharPos>& chars, bool contiguous,
                 bool glued, LineStore* store, TokenScratch* scratch, LineTokens* toks) {
  size_t i = 0;
  bool previous_label = false;
  int previous_end_x = -10;
  // The bytes of chars[a, b), a word (no spaces).
  auto word_at = [&](size_t a, size_t b) -> std::string_view {
    const size_t start = chars[a].offset, end = chars[b - 1].offset + chars[b - 1].length;
    if (contiguous) return text.substr(start, end - start);
    std::string& word = scratch->word;
    word.clear();
    for (size_t k = a; k < b; ++k) word.append(text.substr(chars[k].offset, chars[k].length));
    return word;
  };
  // Appends chars[a, b) as a value token when it reads as one (a number, a blank or n/a mark).
  auto push_value = [&](size_t a, size_t b) {
    if (!CouldBeValue(chars[a].cp)) return false;
    std::string_view word = word_at(a, b);
    Tok value;
    if (!ParseValue(word, &value)) return false;
    value.is_value = true;
    value.span = {chars[a].offset, chars[b - 1].offset + chars[b - 1].length};
    const size_t start = store->size();
    store->AppendValue(word, value.span);
    value.text = store->Text(start);
    value.unit = value.text.substr(value.text.size() - value.unit.size());
    value.x = chars[a].x;
    value.width = static_cast<int>(b - a);
    toks->push_back(value);
    return true;
  };
  auto push_label = [&](size_t a, size_t b, bool first_part) {
    // Label text: a single space between words keeps them in one piece.
    bool join = previous_label && first_part && chars[a].x == previous_end_x + 2;
    if (!join || toks->empty()) {
      Tok label;
      label.x = chars[a].x;
      label.span = {chars[a].offset, chars[a].offset};
      label.compact = store->Text(store->size());
      label.offs = store->Offs(store->size());
      toks->push_back(label);
    }
    Tok& label = toks->back();
    if (contiguous) {
      const size_t before = store->size() - label.compact.size();
      const size_t end = chars[b - 1].offset + chars[b - 1].length;
      store->AppendSource(text, chars[a].offset, end - chars[a].offset);
      label.compact = store->Text(before);
      label.offs = store->Offs(before);
    } else {
      AppendLabel(text, chars, a, b, store, &label);
    }
    label.span.end = chars[b - 1].offset + chars[b - 1].length;
    label.width = chars[b - 1].x + 1 - label.x;
    previous_label = true;
    previous_end_x = chars[b - 1].x;
  };
  while (i < chars.size()) {
    if (IsSpaceCp(chars[i].cp)) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < chars.size() && !IsSpaceCp(chars[j].cp)) ++j;
    // chars[i, j) is one word.
    if (push_value(i, j)) {
      previous_label = false;
    } else if (!glued) {
      push_label(i, j, true);
    } else {
      GluedParts(chars, i, j, &scratch->parts, &scratch->kinds);
      for (size_t p = 0; p < scratch->parts.size(); ++p) {
        auto [a, b] = scratch->parts[p];
        if (a >= b) continue;
        if (scratch->kinds[p]) {
          if (push_value(a, b)) previous_label = false;
          continue;
        }
        push_label(a, b, p == 0);
      }
    }
    if (!toks->empty() && toks->back().is_value) previous_label = false;
    i = j;
  }
}

// The end of the run of spaces at `i`, at most `end`: eight bytes at a time, for the runs that
// pad the columns of layout text.
size_t SkipSpaces(std::string_view text, size_t i, size_t end) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr uint64_t kSpaces = 0x2020202020202020;
    for (; i + 8 <= end; i += 8) {
      uint64_t bytes;
      std::memcpy(&bytes, text.data() + i, 8);
      if (const uint64_t other = bytes ^ kSpaces; other != 0) {
        return i + static_cast<size_t>(std::countr_zero(other) / 8);
      }
    }
  }
  while (i < end && text[i] == ' ') ++i;
  return i;
}

// SpaceTokens for a line of `text` without tabs, form feeds and carriage returns (most lines),
// read straight from its bytes: the same tokens, without a vector of the line's characters.
// False, with nothing done, when the line may be a row of pipes.
bool PlainTokens(std::string_view text, Span span, LineStore* store, LineTokens* toks) {
  size_t i = span.start;
  int x = 0;  // of the character at i
  bool previous_label = false;
  int previous_end_x = -10;
  bool first_word = true;
  while (i < span.end) {
    if (text[i] == ' ') {
      // Layout text pads its columns with runs of spaces.
      const size_t run_start = i;
      i = SkipSpaces(text, i, span.end);
      x += static_cast<int>(i - run_start);
      continue;
    }
    size_t length = 0;
    uint32_t cp = internal::DecodeUtf8At(text, i, &length);
    if (IsSpaceCp(cp)) {
      i += length;
      ++x;
      continue;
    }
    if (first_word && cp == '|') return false;
    first_word = false;
    // A word: text[word_start, i) once the loop ends, characters word_x to x - 1.
    const size_t word_start = i;
    const int word_x = x;
    const uint32_t first_cp = cp;
    i += length;
    ++x;
    while (i < span.end) {
      // Most characters are Han (lead bytes E4 to EF decode at or above U+4000) or ASCII: no
      // need to decode them to know they are not spaces.
      const auto lead = static_cast<unsigned char>(text[i]);
      if (lead >= 0xE4 && lead <= 0xEF && i + 3 <= text.size()) {
        i += 3;
      } else if (lead < 0x80) {
        if (lead == ' ' || lead == '\t' || lead == '\v') break;
        ++i;
      } else {
        cp = internal::DecodeUtf8At(text, i, &length);
        if (IsSpaceCp(cp)) break;
        i += length;
      }
      ++x;
    }
    // Made directly: substr() is a call here, with a bounds check the loop has made.
    const std::string_view word(text.data() + word_start, i - word_start);
    if (CouldBeValue(first_cp)) {
      Tok& value = toks->emplace_back();
      if (ParseValue(word, &value)) {
        value.is_value = true;
        value.span = {word_start, i};
        const size_t start = store->size();
        store->AppendSource(text, word_start, i - word_start);  // as AppendValue: one word
        value.text = store->Text(start);
        value.unit = store->Text(store->size() - value.unit.size());  // its end
        value.x = word_x;
        value.width = x - word_x;
        previous_label = false;
        continue;
      }
      toks->pop_back();
    }
    // Label text: a single space between words keeps them in one piece.
    bool join = previous_label && word_x == previous_end_x + 2;
    if (!join || toks->empty()) {
      Tok& label = toks->emplace_back();
      label.x = word_x;
      label.span = {word_start, word_start};
      label.compact = store->Text(store->size());
      label.offs = store->Offs(store->size());
    }
    Tok& label = toks->back();
    const size_t before = store->size() - label.compact.size();
    store->AppendSource(text, word_start, i - word_start);
    label.compact = store->Text(before);
    label.offs = store->Offs(before);
    label.span.end = i;
    label.width = x - label.x;
    previous_label = true;
    previous_end_x = x - 1;
  }
  return true;
}

// Cells of a tab-separated or a markdown pipe line; false when the line is neither.
bool ExplicitTokens(std::string_view text, const std::vector<CharPos>& chars, LineStore* store,
                    Line* line, LineTokens* toks) {
  // Tabs that only indent the line do not make it a row of cells.
  size_t lead = 0;
  while (lead < chars.size() && IsSpaceCp(chars[lead].cp)) ++lead;
  bool tabs = false;
  if (lead < chars.size()) {
    const size_t from = chars[lead].offset, to = chars.back().offset + chars.back().length;
    tabs = std::memchr(text.data() + from, '\t', to - from) != nullptr;
  }
  std::vector<std::pair<size_t, size_t>> cells;
  if (tabs) {
    size_t start = lead;
    for (size_t k = lead; k <= chars.size(); ++k) {
      if (k == chars.size() || chars[k].cp == '\t') {
        cells.push_back({start, k});
        start = k + 1;
      }
    }
  } else {
    size_t first = 0, last = chars.size();
    while (first < last && IsSpaceCp(chars[first].cp)) ++first;
    while (last > first && IsSpaceCp(chars[last - 1].cp)) --last;
    if (last - first < 3 || chars[first].cp != '|') return false;
    size_t pipes = 0;
    for (size_t k = first; k < last; ++k) pipes += chars[k].cp == '|';
    if (pipes < 2) return false;
    size_t start = first + 1;
    for (size_t k = first + 1; k <= last; ++k) {
      if (k == last || chars[k].cp == '|') {
        if (k < last || start < last) cells.push_back({start, k});
        start = k + 1;
      }
    }
    if (!cells.empty() && cells.back().first >= cells.back().second && chars[last - 1].cp == '|') {
      cells.pop_back();
    }
    // A separator row: |---|:---:|
    bool separator = true;
    for (auto [a, b] : cells) {
      for (size_t k = a; k < b; ++k) {
        uint32_t cp = chars[k].cp;
        if (cp != '-' && cp != ':' && !IsSpaceCp(cp)) separator = false;
      }
    }
    if (separator) {
      line->explicit_cells = true;
      return true;
    }
  }
  line->explicit_cells = true;
  int x = 0;
  for (auto [a, b] : cells) toks->push_back(CellToken(text, chars, a, b, x++, store));
  return true;
}

bool IsPageNumberText(std::string_view compact) {
  static const LazyRE2 kPage = {R"(^(?:[-—–]+\d{1,4}[-—–]+|第\d{1,4}页(?:共\d{1,4}页)?|\d{1,4}/\d{1,4})$)"};
  // Only these first characters can start a page number; lines of prose skip the regex.
  if (compact.empty()) return false;
  const char first = compact[0];
  // Their lead bytes first ("—" and "–" start with E2, "第" with E7): most lines have none.
  const auto lead = static_cast<unsigned char>(first);
  if (!IsAsciiDigit(first) && first != '-' && lead != 0xE2 && lead != 0xE7) return false;
  if (!IsAsciiDigit(first) && first != '-' && !compact.starts_with("—") &&
      !compact.starts_with("–") && !compact.starts_with("第")) {
    return false;
  }
  // Of the forms only "3/6" starts with a digit: rows of numbers skip the regex too.
  if (IsAsciiDigit(first) && (compact.size() > 9 || compact.find('/') == std::string_view::npos)) {
    return false;
  }
  return RE2::FullMatch(Piece(compact), *kPage);
}

// "3": a bare page number (up to three digits).
bool IsBareNumber(std::string_view compact) {
  return !compact.empty() && compact.size() <= 3 && AsciiDigitsAt(compact, 0) == compact.size();
}

// Builds the lines of the document: text lines outside HTML tables, grid rows for the tables.
Lines BuildLines(const Document& doc, bool glued) {
  const std::string& text = doc.text.normalized;
  std::vector<Span> table_spans;
  // Where the lines end, found once (find() is memchr, much faster than std::count).
  thread_local std::vector<size_t> line_ends;
  line_ends.clear();
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
    line_ends.push_back(at);
  }
  const size_t newlines = line_ends.size();
  // The store holds the bytes of every line and cell, and the 3 more a last character may take
  // when it is cut short (it is decoded in the whole text).
  size_t capacity = text.size() + 3 * (newlines + 1);
  for (const Block& block : doc.blocks) {
    if (block.kind == BlockKind::kTable && block.table >= 0 &&
        static_cast<size_t>(block.table) < doc.tables.size()) {
      table_spans.push_back(block.span);
      for (const Cell& cell : doc.tables[static_cast<size_t>(block.table)].cells) {
        if (cell.span.end > cell.span.start) capacity += cell.span.end - cell.span.start + 3;
      }
    }
  }
  Lines out;
  out.store = std::make_unique<LineStore>(capacity);
  LineStore* store = out.store.get();
  std::vector<Line>& lines = out.lines;
  lines.reserve(newlines + 1);
  // About a token a line, and more where layout text prints rows of numbers: growing the
  // vector moved every token built so far.
  out.tokens.reserve(newlines + 1 + text.size() / 32);
  std::vector<std::pair<size_t, size_t>> token_ranges;  // of lines[i] in out.tokens
  token_ranges.reserve(newlines + 1);
  int form_feeds = 0;
  size_t pos = 0;
  std::vector<CharPos> chars;
  TokenScratch scratch;
  // The next tab, form feed and carriage return at or after the line: each found by one search
  // of the text, not by a search of every line.
  constexpr char kSpecial[] = {'\t', '\f', '\r'};
  size_t next_special[] = {text.find('\t'), text.find('\f'), text.find('\r')};
  auto special_in = [&](size_t start, size_t end) {
    bool found = false;
    for (int k = 0; k < 3; ++k) {
      if (next_special[k] < start) next_special[k] = text.find(kSpecial[k], start);
      found = found || next_special[k] < end;
    }
    return found;
  };
  for (size_t next_end = 0; pos <= text.size();) {
    const size_t newline = next_end < newlines ? line_ends[next_end++] : std::string::npos;
    size_t end = newline == std::string::npos ? text.size() : newline;
    Span span{pos, end};
    pos = end + 1;
    bool in_table = false;
    for (Span t : table_spans) {
      if (span.start >= t.start && span.start < t.end) in_table = true;
    }
    // Most lines have no tab, form feed or carriage return: PlainTokens reads them, and the
    // rest of a line after the form feeds that start a page or before carriage returns at its
    // end (those take no column and join no word).
    Span rest = span;
    while (rest.start < rest.end && text[rest.start] == '\f') ++rest.start;
    while (rest.end > rest.start && text[rest.end - 1] == '\r') --rest.end;
    const bool plain = !glued && !special_in(rest.start, rest.end);
    int before = form_feeds;
    bool contiguous = true;
    if (plain) {
      form_feeds += static_cast<int>(rest.start - span.start);
    } else {
      contiguous = LineChars(text, span, &form_feeds, &chars);
    }
    if (in_table) continue;
    Line& line = lines.emplace_back();
    line.span = span;
    line.page = form_feeds;
    line.starts_page = form_feeds > before;
    const size_t start = store->size();
    LineTokens toks{&out.tokens, out.tokens.size()};
    if (!plain || !PlainTokens(text, rest, store, &toks)) {
      int counted = 0;  // the form feeds are
      if (plain) contiguous = LineChars(text, span, &counted, &chars);
      if (!ExplicitTokens(text, chars, store, &line, &toks)) {
        SpaceTokens(text, chars, contiguous, glued, store, &scratch, &toks);
      }
    }
    token_ranges.push_back({toks.first, out.tokens.size()});
    line.compact = store->Text(start);
    line.offs = store->Offs(start);
    if (newline == std::string::npos) break;
  }
  // Grid rows of the HTML tables.
  const size_t text_lines = lines.size();
  for (const Block& block : doc.blocks) {
    if (block.kind != BlockKind::kTable || block.table < 0 ||
        static_cast<size_t>(block.table) >= doc.tables.size()) {
      continue;
    }
    const Table& table = doc.tables[static_cast<size_t>(block.table)];
    for (size_t r = 0; r < table.grid.size(); ++r) {
      Line line;
      line.explicit_cells = true;
      line.span = {block.span.start, block.span.start};
      const size_t start = store->size();
      const size_t first_token = out.tokens.size();
      bool first = true;
      for (size_t c = 0; c < table.grid[r].size(); ++c) {
        int index = table.grid[r][c];
        if (index < 0) continue;
        const Cell& cell = table.cells[static_cast<size_t>(index)];
        if (cell.row != static_cast<int>(r) || cell.column != static_cast<int>(c)) continue;
        int ignored = 0;
        LineChars(text, cell.span, &ignored, &chars);
        Tok tok = CellToken(text, chars, 0, chars.size(), static_cast<int>(c), store);
        if (chars.empty()) tok.span = {cell.span.start, cell.span.start};
        if (first) line.span.start = cell.span.start;
        line.span.end = std::max(line.span.end, cell.span.end);
        first = false;
        out.tokens.push_back(tok);
      }
      if (first) continue;
      token_ranges.push_back({first_token, out.tokens.size()});
      line.compact = store->Text(start);
      line.offs = store->Offs(start);
      line.offs_sorted = std::is_sorted(line.offs.begin(), line.offs.end());
      lines.push_back(std::move(line));
    }
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    auto [from, to] = token_ranges[i];
    lines[i].toks = std::span<Tok>(out.tokens.data() + from, to - from);
  }
  // Text lines come in order; grid rows go between them.
  out.text_order = lines.size() == text_lines;
  if (!out.text_order) {
    std::stable_sort(lines.begin(), lines.end(),
                     [](const Line& a, const Line& b) { return a.span.start < b.span.start; });
  }
  // Page numbers: "-3-", "第3页", "3/6" anywhere; a bare "3" next to a page break.
  for (size_t i = 0; i < lines.size(); ++i) {
    Line& line = lines[i];
    if (line.explicit_cells || line.compact.empty()) continue;
    if (IsPageNumberText(line.compact)) {
      line.page_number = true;
    } else if (line.toks.size() == 1 && IsBareNumber(line.compact)) {
      size_t next = i + 1;
      while (next < lines.size() && lines[next].compact.empty() && !lines[next].starts_page) ++next;
      if (next >= lines.size() || lines[next].starts_page || line.starts_page) line.page_number = true;
    }
  }
  int seq = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    for (Tok& tok : lines[i].toks) {
      tok.seq = seq++;
      tok.line = static_cast<int>(i);
      tok.page = lines[i].page;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Regions.

struct Region {
  size_t begin = std::string::npos;
  size_t end = std::string::npos;
  // Lines that hold every token of the region (those a table loops over, instead of every line
  // of the document).
  std::span<const Line> lines;
  bool found() const { return begin != std::string::npos; }
  bool Contains(const Tok& tok) const {
    return found() && tok.span.start >= begin && tok.span.start < end;
  }
};

// Searches of rule lists in the text of lines, remembered. Text that runs cells together is
// read twice, cut into tokens differently but with the same line text, and such text tends to
// be a whole report on one or a few lines: the second reading replays the searches of the
// first instead of going over those lines again.
class LineSearches {
 public:
  // rules.Leftmost(lines[line].compact, from).
  size_t Leftmost(const ModelT::RuleList& rules, const std::vector<Line>& lines, size_t line,
                  size_t from) {
    return Remember({&rules, Op::kLeftmost, line, from},
                    [&] { return rules.Leftmost(lines[line].compact, from); });
  }
  // rules.Matches(lines[line].compact.substr(from)): in that text "^" matches at `from`.
  bool Matches(const ModelT::RuleList& rules, const std::vector<Line>& lines, size_t line,
               size_t from) {
    return Remember({&rules, Op::kMatches, line, from}, [&] {
             return rules.Matches(lines[line].compact.substr(from)) ? 1 : 0;
           }) != 0;
  }
  // Where in lines [line, to) a match of `rules` may be, from byte `from` of the first (as
  // Leftmost, "^" does not match there unless it is 0): the first line that may hold one (`to`
  // when none can), found in one search of the lines' joined text instead of one search each
  // (most lines are searched for rules they do not hold, and on a short line setting up a
  // search costs as much as running it).
  struct Next {
    size_t line = 0;
    // Where the line's leftmost match from `from` (from 0 on a later line) starts, when the
    // joined text tells: its match there lies within the line, so it is one of the line's own
    // text, and no match starts before it. Else npos.
    size_t at = std::string::npos;
  };
  Next MayMatch(const ModelT::RuleList& rules, const std::vector<Line>& lines, size_t line,
                size_t from, size_t to) {
    if (rules.joined == nullptr || line >= to) return {line};
    if (rules.cover != nullptr) {
      if (cover_ != rules.cover) {
        cover_first_ = MayMatch(*rules.cover, lines, 0, 0, lines.size()).line;
        cover_ = rules.cover;
      }
      if (cover_first_ >= to) return {to};
      if (cover_first_ > line) line = cover_first_, from = 0;
    }
    Search search{&rules, Op::kMayMatch, line, from, to};
    if (const Search* done = Done(search)) return {done->result, done->at};
    const Joined& joined = Join(lines);
    Next next{line};
    if (joined.usable) {
      next.line = to;
      // Up to the line break after line to - 1.
      size_t begin = joined.starts[line] + from;
      const size_t end = joined.starts[to] - 1;
      // Where a search with this list as companion found none of its matches, this search
      // starts after: its leftmost match starts there or later, and it is the same match.
      for (const Clear& clear : clear_) {
        if (clear.rules == &rules && clear.from <= begin && begin < clear.before && end <= clear.end) {
          begin = clear.before;
        }
      }
      // No match of companions[k] (nor of this list) starts before the first match of
      // with_companions[k], searched from where the one before found its first.
      const size_t searched_from = begin;
      for (size_t k = 0; k < rules.companions.size() && begin <= end; ++k) {
        size_t before = end + 1;
        if (const Joined::Match match = joined.Find(
                *rules.with_companions[k], rules.with_companions_atoms[k].get(), begin, end)) {
          before = match.at;
        }
        clear_.push_back({rules.companions[k], searched_from, before, end});
        begin = before;
      }
      Joined::Match match;
      if (begin <= end) match = joined.Find(*rules.joined, rules.joined_atoms.get(), begin, end);
      if (match) {
        next.line = static_cast<size_t>(
            std::upper_bound(joined.starts.begin(), joined.starts.end(), match.at) -
            joined.starts.begin() - 1);
        if (match.in_line) next.at = match.at - joined.starts[next.line];
      }
    }
    search.result = next.line;
    search.at = next.at;
    Keep(search);
    return next;
  }
  // Lines built again with the same text: the searches so far hold for them.
  void Replay() {
    std::sort(done_.begin(), done_.end());
    replay_ = true;
  }
  void Forget() {
    done_.clear();
    clear_.clear();
    replay_ = false;
    joined_.reset();
    cover_ = nullptr;
  }

 private:
  enum class Op { kLeftmost, kMatches, kMayMatch };
  struct Search {
    const ModelT::RuleList* rules;
    Op op;
    size_t line;  // the first line for kMayMatch
    size_t from;  // the byte in it
    size_t to = 0;  // kMayMatch: the line after the last
    size_t result = 0;
    size_t at = 0;  // kMayMatch: Next::at
    auto Key() const { return std::tie(rules, op, line, from, to); }
    bool operator<(const Search& other) const { return Key() < other.Key(); }
  };
  // The search done on the first reading, when replaying.
  const Search* Done(const Search& search) const {
    if (!replay_) return nullptr;
    auto it = std::lower_bound(done_.begin(), done_.end(), search);
    if (it != done_.end() && it->Key() == search.Key()) return &*it;
    return nullptr;
  }
  void Keep(const Search& search) {
    if (!replay_) done_.push_back(search);
  }
  template <typename F>
  size_t Remember(Search search, F run) {
    if (const Search* done = Done(search)) return done->result;
    search.result = run();
    Keep(search);
    return search.result;
  }
  // The compact text of all lines, each followed by "\n"; unusable when a line holds a "\n"
  // of its own (a grid cell printed over several lines).
  struct Joined {
    std::unique_ptr<char[]> text;  // written in place (a string would be zeroed first)
    std::vector<size_t> starts;    // of each line in `text`, then the size of `text`
    bool usable = true;
    // re.Match(text, begin, end): the leftmost match from `begin` in the text up to `end`. With
    // `atoms` (RuleList::joined_atoms, when every match of `re` lies in one line and holds an
    // atom), RE2 searches only from the first line where a match may start, and from where in
    // it (LineAtoms): no match starts before. From the same start it finds the same match; a
    // match found anchored where a line starts is the leftmost. Most lines hold no atom: they
    // are searched faster for atoms than by RE2, whose automaton builds no states for them.
    // Where the first atom of the line is a match by itself (LineAtoms' a_match), the leftmost
    // match starts there, and RE2 need not be asked.
    struct Match {
      size_t at = std::string::npos;  // where it starts
      bool in_line = false;           // it ends before the line break after `at`
      explicit operator bool() const { return at != std::string::npos; }
    };
    Match Find(const RE2& re, const ModelT::LineAtoms* atoms, size_t begin, size_t end) const {
      using Starts = ModelT::LineAtoms::Starts;
      using AtLineStart = ModelT::LineAtoms::AtLineStart;
      const re2::StringPiece whole(text.get(), starts.back());
      re2::StringPiece match;
      // With atoms, no match holds a line break (LineAtoms::For): all are in their line.
      auto matched = [&] { return Match{static_cast<size_t>(match.data() - whole.data()), true}; };
      if (atoms == nullptr) {
        if (!re.Match(whole, begin, end, RE2::UNANCHORED, &match, 1)) return {};
        const size_t at = static_cast<size_t>(match.data() - whole.data());
        const size_t line = static_cast<size_t>(
            std::upper_bound(starts.begin(), starts.end(), at) - starts.begin() - 1);
        return {at, at + match.size() < starts[line + 1]};
      }
      const std::string_view view(whole.data(), whole.size());
      size_t line = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), begin) -
                                        starts.begin() - 1);
      for (; line + 1 < starts.size() && starts[line] <= end; ++line) {
        const size_t from = std::max(begin, starts[line]);
        const size_t line_end = std::min(end, starts[line + 1] - 1);  // its line break
        if (line_end <= from) continue;
        // A match anchored where the line starts is the leftmost: tried once, when an atom of
        // such a rule says it may be there.
        bool anchored_tried = from != starts[line];
        auto anchored = [&] {
          anchored_tried = true;
          return re.Match(whole, from, end, RE2::ANCHOR_START, &match, 1);
        };
        if (!anchored_tried) {
          const AtLineStart literal = atoms->LiteralAtLineStart(view, from, line_end);
          if (literal == AtLineStart::kMatch) return {from, true};
          if (literal == AtLineStart::kMaybe && anchored()) return matched();
        }
        bool found = false;                    // anchored where the line starts
        bool anywhere = false;                 // a match may start anywhere in the line
        size_t with_atom = std::string::npos;  // the first atom a match starts with
        bool with_atom_matches = false;        // an atom there is a match by itself
        atoms->Each(view, from, line_end, [&](size_t at, Starts kind, bool a_match) {
          if (kind == Starts::kAnywhere) return anywhere = true;
          if (kind == Starts::kAtLineStart) {
            if (!anchored_tried) found = anchored();
            return found;
          }
          if (with_atom == std::string::npos) with_atom = at;
          with_atom_matches = with_atom_matches || (a_match && at == with_atom);
          // Later atoms matter only when they could start a match before this one.
          return !atoms->any_anywhere() && (anchored_tried || !atoms->any_at_line_start());
        });
        if (found) return matched();
        if (anywhere) {
          return re.Match(whole, from, end, RE2::UNANCHORED, &match, 1) ? matched() : Match{};
        }
        if (with_atom_matches) return {with_atom, true};
        if (with_atom != std::string::npos) {
          return re.Match(whole, with_atom, end, RE2::UNANCHORED, &match, 1) ? matched() : Match{};
        }
      }
      return {};
    }
  };
  const Joined& Join(const std::vector<Line>& lines) {
    if (joined_ != nullptr) return *joined_;
    joined_ = std::make_unique<Joined>();
    Joined& joined = *joined_;
    size_t size = 0;
    for (const Line& line : lines) size += line.compact.size() + 1;
    // Written in place: appending took a call for every line and every line break.
    joined.text = std::make_unique_for_overwrite<char[]>(size);
    joined.starts.reserve(lines.size() + 1);
    size_t at = 0;
    for (const Line& line : lines) {
      // A text line holds the line break after it only when its last character runs into it
      // (bytes from the break on); cells of a row of cells may hold line breaks anywhere.
      if (line.explicit_cells ? line.compact.find('\n') != std::string_view::npos
                              : !line.offs.empty() && line.offs.back() >= line.span.end) {
        joined.usable = false;
      }
      joined.starts.push_back(at);
      std::memcpy(joined.text.get() + at, line.compact.data(), line.compact.size());
      at += line.compact.size();
      joined.text[at++] = '\n';
    }
    joined.starts.push_back(at);
    return joined;
  }
  std::vector<Search> done_;
  // What searches of lists with a companion found of the companion: none of its matches that
  // end by `end` (in the joined text) starts in [from, before).
  struct Clear {
    const ModelT::RuleList* rules;
    size_t from, before, end;
  };
  std::vector<Clear> clear_;
  bool replay_ = false;
  std::unique_ptr<Joined> joined_;
  const ModelT::RuleList* cover_ = nullptr;  // the cover searched so far, and its first line
  size_t cover_first_ = 0;
};

// Whether two sets of lines have the same text (compact and offsets), line by line.
bool SameText(const std::vector<Line>& a, const std::vector<Line>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].compact != b[i].compact || a[i].span.start != b[i].span.start ||
        !std::equal(a[i].offs.begin(), a[i].offs.end(), b[i].offs.begin(), b[i].offs.end())) {
      return false;
    }
  }
  return true;
}

// The first match of `rules` at or after normalized offset `from` (and before `limit`), as
// (normalized offset, line index).
std::optional<std::pair<size_t, size_t>> FindFirst(const Lines& built, LineSearches* searches,
                                                    const ModelT::RuleList& rules, size_t from,
                                                    size_t limit, const ModelT::RuleList* confirm) {
  const std::vector<Line>& lines = built.lines;
  // Lines are in text order (BuildLines): those from `end` on start at or after `limit`.
  const size_t end = static_cast<size_t>(
      std::partition_point(lines.begin(), lines.end(),
                           [limit](const Line& line) { return line.span.start < limit; }) -
      lines.begin());
  // Text lines also end in order: those before `begin` end before `from`.
  const size_t begin = !built.text_order ? 0 : static_cast<size_t>(
      std::partition_point(lines.begin(), lines.end(),
                           [from](const Line& line) { return line.span.end < from; }) -
      lines.begin());
  std::optional<LineSearches::Next> next;  // no line before next->line holds a match
  for (size_t i = begin; i < end; ++i) {
    const Line& line = lines[i];
    if (line.compact.empty() || line.span.end < from || (next && i < next->line)) continue;
    // Byte position in compact at or after `from`.
    size_t first = 0;
    if (line.offs_sorted) {
      first = static_cast<size_t>(std::lower_bound(line.offs.begin(), line.offs.end(), from) -
                                  line.offs.begin());
    } else {
      while (first < line.offs.size() && line.offs[first] < from) ++first;
    }
    if (first >= line.compact.size()) continue;
    if (!next || next->line < i || next->at == std::string::npos || next->at < first) {
      next = searches->MayMatch(rules, lines, i, first, end);
      if (next->line >= end) break;
      if (next->line > i) {
        i = next->line - 1;
        continue;
      }
    }
    const size_t best = next->at != std::string::npos ? next->at
                                                       : searches->Leftmost(rules, lines, i, first);
    if (best == std::string::npos) continue;
    size_t offset = line.offs[best];
    // From the start of the word or cell that holds the match ("一、本年新收..." from "一").
    for (const Tok& tok : line.toks) {
      if (tok.span.start <= offset && offset < tok.span.end && offset - tok.span.start <= 60) {
        offset = std::max(tok.span.start, from);
      }
    }
    if (offset >= limit) continue;
    if (confirm != nullptr) {
      const size_t confirm_end = std::min(end, i + 40);
      bool confirmed = searches->Matches(*confirm, lines, i, best);
      for (size_t j = i + 1; j < confirm_end && !confirmed; ++j) {
        LineSearches::Next at = searches->MayMatch(*confirm, lines, j, 0, confirm_end);
        j = at.line;
        if (j >= confirm_end) break;
        confirmed = at.at != std::string::npos || searches->Matches(*confirm, lines, j, 0);
      }
      if (!confirmed) {
        // Try later matches on later lines.
        continue;
      }
    }
    return std::make_pair(offset, i);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Fragments: label text cut at numbering and at labels, joined across lines by x column.

struct Frag {
  std::string text;
  std::vector<uint32_t> offs;
  // Where text joined from later tokens starts in `text`, with their seq (before the first,
  // `seq`): a frag is cut at labels in Finish, and each piece takes the seq of its first byte.
  std::vector<std::pair<size_t, int>> joined_seqs;
  int seq = 0;
  uint32_t off = 0;
  int line = 0;
  int last_line = 0;  // line of the last text joined to it
  int x0 = 0;
  int page = 0;
  bool marker = false;
  bool explicit_cell = false;
  // What the table's label rules find in `text` as it is now; null until classified.
  Labelled* labelled = nullptr;
  RuleMatch match;  // the classification: its rule (where it matched is not kept)
};

bool FragBefore(const Frag& a, const Frag& b) {
  if (a.seq != b.seq) return a.seq < b.seq;
  return a.off < b.off;
}

bool IsChineseNumeral(uint32_t cp) {
  switch (cp) {
    case U'一': case U'二': case U'三': case U'四': case U'五':
    case U'六': case U'七': case U'八': case U'九': case U'十':
      return true;
    default:
      return false;
  }
}

// Length of the run of Chinese numerals 一 to 十 at byte `pos` of `s`, in characters.
size_t ChineseNumeralsAt(std::string_view s, size_t pos) {
  size_t count = 0;
  for (; pos + 3 <= s.size(); pos += 3, ++count) {
    size_t length = 0;
    const bool well_formed = (static_cast<unsigned char>(s[pos + 1]) & 0xC0) == 0x80 &&
                             (static_cast<unsigned char>(s[pos + 2]) & 0xC0) == 0x80;
    if (!well_formed || !IsChineseNumeral(internal::DecodeUtf8At(s, pos, &length)) || length != 3) {
      break;
    }
  }
  return count;
}

// Length of the numbering at byte `pos` of `s` ("一、", "(三)", "1.", "2、", "(1)", "①"), or 0.
// Called at every character of a table's labels, so written out instead of a regex search.
size_t MarkerAt(std::string_view s, size_t pos) {
  // Numbering starts with a digit, "(", a numeral (E4 or E5 lead byte) or ① to ⑩ (E2).
  if (pos >= s.size()) return 0;
  const unsigned char lead = static_cast<unsigned char>(s[pos]);
  if (!IsAsciiDigit(s[pos]) && lead != '(' && lead != 0xE2 && lead != 0xE4 && lead != 0xE5) {
    return 0;
  }
  // Most characters with those lead bytes are no numerals.
  if ((lead == 0xE4 || lead == 0xE5) &&
      !IsChineseNumeral(internal::FirstCodePoint(s.substr(pos)))) {
    return 0;
  }
  // 一、 to 十、 and (一) to (十), one to three numerals; (1) to (99); ① to ⑩.
  size_t chinese = 0;
  if (size_t n = ChineseNumeralsAt(s, pos); n >= 1 && n <= 3 && s.substr(pos + 3 * n, 3) == "、") {
    chinese = 3 * n + 3;
  } else if (pos < s.size() && s[pos] == '(') {
    size_t n = ChineseNumeralsAt(s, pos + 1);
    size_t digits = 0;
    while (digits < 3 && pos + 1 + digits < s.size() && IsAsciiDigit(s[pos + 1 + digits])) ++digits;
    if (n >= 1 && n <= 3 && s.substr(pos + 1 + 3 * n, 1) == ")") {
      chinese = 3 * n + 2;
    } else if (digits >= 1 && digits <= 2 && s.substr(pos + 1 + digits, 1) == ")") {
      chinese = digits + 2;
    }
  } else if (s.size() - pos >= 3 && s.compare(pos, 2, "\xE2\x91") == 0 &&
             static_cast<unsigned char>(s[pos + 2]) >= 0xA0 &&
             static_cast<unsigned char>(s[pos + 2]) <= 0xA9) {
    chinese = 3;  // U+2460 ① to U+2469 ⑩
  }
  if (chinese > 0) {
    // "第三、" or "第(一)项" are not numbering.
    if (pos >= 3 && s.substr(pos - 3, 3) == "第") return 0;
    return chinese;
  }
  size_t i = pos;
  while (i < s.size() && i < pos + 2 && IsAsciiDigit(s[i])) ++i;
  if (i == pos) return 0;
  if (pos > 0 && IsAsciiDigit(s[pos - 1])) return 0;
  if (i < s.size() && IsAsciiDigit(s[i])) return 0;
  size_t sep = 0;
  if (i < s.size() && s[i] == '.') sep = 1;
  if (s.compare(i, 3, "、") == 0) sep = 3;
  if (sep == 0) return 0;
  size_t after = i + sep;
  if (after < s.size() && IsAsciiDigit(s[after])) return 0;  // 18651.06
  return after - pos;
}

bool Labelled::Numbered() {
  if (!numbered_) numbered_ = MarkerAt(text_, 0) > 0;
  return *numbered_;
}

const std::vector<size_t>& Labelled::Numbering() {
  if (!numbering_) {
    numbering_.emplace();
    for (size_t p = 1; p < text_.size(); ++p) {
      if ((static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80) continue;
      if (MarkerAt(text_, p) > 0) numbering_->push_back(p);
    }
  }
  return *numbering_;
}

class Fragmenter {
 public:
  Fragmenter(const ModelT& model, int table, bool markers, LabelMemo* memo)
      : markers_(markers),
        memo_(*memo),
        classify_(model.tables[table].classify),
        columns_(model.tables[table].column_rules),
        labels_(model.tables[table].labels) {}

  void Add(const Tok& tok) {
    // Most tokens are one fragment, classified as the token's text.
    Labelled& whole = memo_.Get(labels_, tok.compact);
    // Cut at numbering.
    cuts_.assign(1, 0);
    if (markers_) cuts_.insert(cuts_.end(), whole.Numbering().begin(), whole.Numbering().end());
    cuts_.push_back(tok.compact.size());
    for (size_t k = 0; k + 1 < cuts_.size(); ++k) {
      size_t a = cuts_[k], b = cuts_[k + 1];
      if (a >= b) continue;
      Frag part;
      part.text = std::string(tok.compact.substr(a, b - a));
      part.offs.assign(tok.offs.begin() + static_cast<long>(a), tok.offs.begin() + static_cast<long>(b));
      part.seq = tok.seq;
      part.off = part.offs.front();
      part.line = tok.line;
      part.last_line = tok.line;
      part.page = tok.page;
      part.x0 = tok.x + static_cast<int>(internal::CodePointCount(std::string_view(tok.compact).substr(0, a)));
      part.explicit_cell = tok.explicit_cell;
      if (a == 0 && b == tok.compact.size()) {
        part.labelled = &whole;
        part.match = whole.Label();
        part.marker = markers_ && whole.Numbered();
      } else {
        part.marker = markers_ && MarkerAt(part.text, 0) > 0;
      }
      if (tok.explicit_cell || part.marker) {
        frags_.push_back(std::move(part));
      } else {
        Attach(std::move(part));
      }
    }
  }

  // Splits fragments that hold several labels, classifies them and sorts them.
  std::vector<Frag> Finish() {
    std::vector<Frag> out;
    out.reserve(frags_.size());
    for (Frag& frag : frags_) {
      Classify(&frag);
      // Matches cut the fragment where the label changes: with one rule matching, only where
      // its first match starts can matter, and only for a column label before a row label.
      if (frag.labelled->LabelCandidates() == 1 && frag.marker) {
        out.push_back(std::move(frag));
        continue;
      }
      const std::vector<RuleMatch>& matches = frag.labelled->LabelMatches();
      cuts_.assign(1, 0);
      // Column labels run into the first row label ("...现行有效件数规章").
      if (!matches.empty() && matches[0].start > 0 && !frag.marker &&
          memo_.Get(columns_, std::string_view(frag.text).substr(0, matches[0].start)).Any()) {
        cuts_.push_back(matches[0].start);
      }
      for (size_t m = 1; m < matches.size(); ++m) {
        if (matches[m].rule->id == matches[m - 1].rule->id &&
            matches[m].rule->kind == matches[m - 1].rule->kind) {
          continue;
        }
        cuts_.push_back(matches[m].start);
      }
      cuts_.push_back(frag.text.size());
      if (cuts_.size() == 2) {
        // One label: the fragment as it is.
        out.push_back(std::move(frag));
        continue;
      }
      for (size_t k = 0; k + 1 < cuts_.size(); ++k) {
        size_t a = cuts_[k], b = cuts_[k + 1];
        if (a >= b) continue;
        Frag piece;
        piece.text = frag.text.substr(a, b - a);
        piece.offs.assign(frag.offs.begin() + static_cast<long>(a),
                          frag.offs.begin() + static_cast<long>(b));
        piece.seq = frag.seq;
        for (const auto& [at, seq] : frag.joined_seqs) {
          if (at <= a) piece.seq = seq;
        }
        piece.off = piece.offs.front();
        piece.line = frag.line;
        piece.last_line = frag.last_line;
        piece.x0 = frag.x0;
        piece.page = frag.page;
        piece.marker = a > 0 ? markers_ && MarkerAt(piece.text, 0) > 0 : frag.marker;
        piece.explicit_cell = frag.explicit_cell;
        piece.match = {BestRule(memo_, classify_, piece.text), 0, 0};
        out.push_back(std::move(piece));
      }
    }
    // Mostly in order already; moving fragments through a merge sort is not free.
    if (!std::is_sorted(out.begin(), out.end(), FragBefore)) {
      std::stable_sort(out.begin(), out.end(), FragBefore);
    }
    return out;
  }

 private:
  // The classification of a fragment, looked up once per text (Attach asks again and again):
  // one search of the text for the label and the column rules.
  const RuleMatch& Classify(Frag* frag) {
    if (frag->labelled == nullptr) {
      frag->labelled = &memo_.Get(labels_, frag->text);
      frag->match = frag->labelled->Label();
    }
    return frag->match;
  }

  void Attach(Frag&& part) {
    // A column label belongs to the header before it (信息内容 本年制发件数 ...), wherever the
    // header word stands.
    const RuleMatch own = Classify(&part);
    if (part.labelled->AnyColumn()) {
      for (auto it = frags_.rbegin(); it != frags_.rend(); ++it) {
        const RuleMatch& theirs = Classify(&*it);
        if (theirs.rule == nullptr) continue;
        if (theirs.rule->kind == Kind::kHeader) {
          Append(&*it, part);
          return;
        }
        break;
      }
    }
    Frag* candidate = nullptr;
    int looked = 0;
    for (auto it = frags_.rbegin(); it != frags_.rend() && looked < 8; ++it, ++looked) {
      if (it->explicit_cell) continue;
      int d = part.x0 - it->x0;
      if (d >= -3 && d <= 6) {
        candidate = &*it;
        break;
      }
    }
    if (own.rule != nullptr) {
      if (candidate != nullptr) {
        const RuleMatch& theirs = Classify(candidate);
        // The rest of a wrapped row label ("2、申请人逾期未按收费通知要" / "求缴纳费用、...").
        if (own.rule->kind == Kind::kRow && theirs.rule != nullptr &&
            theirs.rule->id == own.rule->id && theirs.rule->kind == own.rule->kind &&
            part.line - candidate->last_line <= 3) {
          Append(candidate, part);
          return;
        }
      }
      frags_.push_back(std::move(part));
      return;
    }
    // Otherwise the text continues the label just before it (flowing text, a label wrapped to
    // the next line at another indent).
    if (candidate == nullptr && !frags_.empty() && !frags_.back().explicit_cell &&
        part.line - frags_.back().last_line <= 2) {
      candidate = &frags_.back();
    }
    if (candidate == nullptr) {
      frags_.push_back(std::move(part));
      return;
    }
    Append(candidate, part);
  }

  static void Append(Frag* frag, const Frag& part) {
    frag->text += part.text;
    frag->offs.insert(frag->offs.end(), part.offs.begin(), part.offs.end());
    const size_t at = frag->text.size() - part.text.size();
    frag->joined_seqs.push_back({at, part.seq});
    for (const auto& [from, seq] : part.joined_seqs) frag->joined_seqs.push_back({at + from, seq});
    frag->last_line = std::max(frag->last_line, part.line);
    frag->labelled = nullptr;
  }

  bool markers_;
  LabelMemo& memo_;
  const ModelT::RuleSet& classify_;  // row, part and header rules
  const ModelT::RuleSet& columns_;
  const ModelT::RuleSet& labels_;  // both
  std::vector<Frag> frags_;
  std::vector<size_t> cuts_;  // reused by Add and Finish
};

// ---------------------------------------------------------------------------------------------
// Reading one table.

struct RowValues {
  const Frag* frag = nullptr;  // the label (first fragment when a row has several)
  std::vector<const Tok*> values;
};

struct Context {
  const ModelT& model;
  const Document& doc;
  TableExtraction* out;
  LabelMemo* memo;
  bool glued = false;  // the text runs cells together; lines were cut at digits
};

std::string PrintedLabel(const Document& doc, const Frag& frag) {
  // The content characters behind the fragment, whitespace removed: "（一）予以公开".
  std::string out;
  out.reserve(frag.offs.size());  // as many bytes, unless normalization changed some
  size_t i = 0;
  while (i < frag.offs.size()) {
    size_t j = i;
    while (j + 1 < frag.offs.size() && frag.offs[j + 1] == frag.offs[j] + 1) ++j;
    Span span{frag.offs[i], frag.offs[j] + 1};
    AppendWithoutSpaces(doc.text.Evidence(span), &out);
    i = j + 1;
  }
  return out;
}

Span CoverSpan(const std::vector<const Tok*>& values) {
  Span span;
  bool first = true;
  for (const Tok* v : values) {
    if (v->span.empty()) continue;
    if (first) {
      span = v->span;
      first = false;
    } else {
      span.start = std::min(span.start, v->span.start);
      span.end = std::max(span.end, v->span.end);
    }
  }
  return span;
}

std::string ValuesText(const std::vector<const Tok*>& values) {
  std::string out;
  for (const Tok* v : values) {
    if (!out.empty()) out += " ";
    out += v->kind == CellKind::kBlank ? "(blank)" : v->text;
  }
  return out.empty() ? "none" : out;
}

// Where the columns are in layout text: the x centers of the complete rows of each page, and
// (looser) of the column labels in the header.
struct Anchors {
  std::map<int, std::vector<double>> by_page;
  std::vector<double> header;
  int header_page = -1;
  // The header columns stretched over the values of a page: its first column at the leftmost
  // values, its last at the rightmost (pages after a break start at another indent).
  std::map<int, std::vector<double>> fitted;

  struct Frame {
    const std::vector<double>* centers;
    bool loose;
  };
  // The frames to try for a row on `page`, best first.
  std::vector<Frame> For(int page) const {
    std::vector<Frame> frames;
    auto it = by_page.find(page);
    if (it != by_page.end()) frames.push_back({&it->second, false});
    auto fit = fitted.find(page);
    if (fit != fitted.end()) frames.push_back({&fit->second, true});
    if (!header.empty() && header_page == page) frames.push_back({&header, true});
    const std::vector<double>* nearest = nullptr;
    int best_distance = 1 << 30;
    for (const auto& [p, anchors] : by_page) {
      if (p != page && std::abs(p - page) < best_distance) {
        best_distance = std::abs(p - page);
        nearest = &anchors;
      }
    }
    if (nearest != nullptr) frames.push_back({nearest, false});
    if (!header.empty() && header_page != page) frames.push_back({&header, true});
    return frames;
  }
};

// Anchors made when a row first needs them: the rows of a table that prints every cell need
// none.
class LazyAnchors {
 public:
  explicit LazyAnchors(std::function<Anchors()> make) : make_(std::move(make)) {}
  const Anchors& Get() {
    if (!anchors_) anchors_ = make_();
    return *anchors_;
  }

 private:
  std::function<Anchors()> make_;
  std::optional<Anchors> anchors_;
};

double Center(const Tok& t) { return t.x + t.width / 2.0; }

Anchors ComputeAnchors(const std::vector<RowValues>& rows, size_t columns) {
  std::map<int, std::vector<std::vector<double>>> samples;  // page -> column -> centers
  for (const RowValues& row : rows) {
    if (row.values.size() != columns) continue;
    bool ok = true;
    for (const Tok* v : row.values) {
      ok = ok && !v->explicit_cell && v->line == row.values.front()->line;
    }
    if (!ok) continue;
    auto& page = samples[row.values.front()->page];
    page.resize(columns);
    for (size_t c = 0; c < columns; ++c) page[c].push_back(Center(*row.values[c]));
  }
  // Columns only where the text is laid out in columns: values apart by more than one space, and
  // complete rows that agree on where each column is (flowing text "5 0 0 0 0 0 5" has none).
  Anchors anchors;
  for (auto& [page, columns_samples] : samples) {
    std::vector<double> centers;
    bool agree = true;
    for (auto& s : columns_samples) {
      std::sort(s.begin(), s.end());
      double median = s[s.size() / 2];
      centers.push_back(median);
      size_t near = 0;
      for (double c : s) near += std::fabs(c - median) <= 2.5;
      agree = agree && near * 2 > s.size();
    }
    double min_gap = 1e9;
    for (size_t c = 1; c < centers.size(); ++c) min_gap = std::min(min_gap, centers[c] - centers[c - 1]);
    size_t rows = columns_samples.empty() ? 0 : columns_samples[0].size();
    if (agree && min_gap >= 3 && (rows >= 2 || min_gap >= 4)) anchors.by_page[page] = centers;
  }
  return anchors;
}

double CellNumber(const Tok* t) { return t != nullptr && t->kind == CellKind::kNumber ? t->number : 0; }

// Places `values` (sorted by x) in the columns at `anchors`, keeping their order. Every value
// must lie within its column's tolerance; when several placements do, the table's arithmetic
// decides (`sum_column`: the last column is the total of the others), else the clearly closest.
bool PlaceByX(const std::vector<const Tok*>& values, const std::vector<double>& anchors, bool loose,
              bool sum_column, std::vector<int>* columns) {
  const size_t n = anchors.size(), k = values.size();
  if (k == 0 || k > n) return false;
  std::vector<double> tolerance(n);
  for (size_t c = 0; c < n; ++c) {
    double gap = 1e9;
    if (c > 0) gap = std::min(gap, anchors[c] - anchors[c - 1]);
    if (c + 1 < n) gap = std::min(gap, anchors[c + 1] - anchors[c]);
    tolerance[c] = loose ? std::max(4.0, gap * 0.75) : std::max(2.5, gap * 0.45);
  }
  struct Option {
    std::vector<int> columns;
    double cost;
  };
  std::vector<Option> valid;
  std::vector<int> chosen;
  std::function<void(size_t, size_t, double)> search = [&](size_t v, size_t from, double cost) {
    if (v == k) {
      valid.push_back({chosen, cost});
      return;
    }
    for (size_t c = from; c + (k - v) <= n; ++c) {
      double d = std::fabs(Center(*values[v]) - anchors[c]);
      if (d > tolerance[c]) continue;
      chosen.push_back(static_cast<int>(c));
      search(v + 1, c + 1, cost + d);
      chosen.pop_back();
    }
  };
  search(0, 0, 0);
  if (valid.empty()) return false;
  if (valid.size() > 1 && sum_column) {
    std::vector<Option> balanced;
    for (const Option& o : valid) {
      std::vector<const Tok*> cells(n, nullptr);
      for (size_t i = 0; i < k; ++i) cells[static_cast<size_t>(o.columns[i])] = values[i];
      double sum = 0;
      for (size_t c = 0; c + 1 < n; ++c) sum += CellNumber(cells[c]);
      if (std::fabs(sum - CellNumber(cells[n - 1])) < 1e-9) balanced.push_back(o);
    }
    if (!balanced.empty()) valid = balanced;
  }
  std::sort(valid.begin(), valid.end(), [](const Option& a, const Option& b) { return a.cost < b.cost; });
  if (valid.size() > 1 && valid[0].cost > 0.5 * valid[1].cost) return false;
  *columns = valid[0].columns;
  return true;
}

struct Placed {
  const Tok* tok = nullptr;  // nullptr: the cell was printed blank (layout text)
};

// The arithmetic a row of a table keeps: in every `block` numbers the last is the sum of the
// others. block 0: none (表二).
struct RowCheck {
  size_t block = 0;
  // Whether the block that ends `v` (v.size() a multiple of `block`) keeps it.
  bool LastBlockKept(const std::vector<double>& v) const {
    double sum = 0;
    for (size_t c = v.size() - block; c + 1 < v.size(); ++c) sum += v[c];
    return std::fabs(sum - v.back()) <= 1e-9;
  }
};

RowCheck LastIsSum(size_t block) { return RowCheck{block}; }

// Rows whose cells ran together ("80|1|0" printed "8010"): the ways to cut the digit tokens
// into `n` numbers (no leading zeros, at most 7 digits each) that keep `check`. Stops at two.
std::vector<std::vector<Tok>> RunTogetherSplits(const std::vector<const Tok*>& toks, size_t n,
                                                const RowCheck& check) {
  std::vector<std::vector<Tok>> found;
  size_t digits = 0;
  for (const Tok* t : toks) {
    if (t->kind != CellKind::kNumber || !t->digits_only) return found;
    digits += t->text.size();
  }
  if (toks.empty() || digits < n || toks.size() > n) return found;
  // digits_after[t]: the digits of the tokens after toks[t].
  std::vector<size_t> digits_after(toks.size(), 0);
  for (size_t t = toks.size() - 1; t > 0; --t) {
    digits_after[t - 1] = digits_after[t] + toks[t]->text.size();
  }
  // The cut so far: (token, start, length) of each number, and the numbers.
  struct Piece {
    size_t token, pos, length;
  };
  std::vector<Piece> pieces;
  std::vector<double> values;
  auto cut = [&](auto& self, size_t t, size_t pos) -> void {
    if (found.size() >= 2) return;
    if (t == toks.size()) {
      // Every block was checked when it was complete.
      if (values.size() != n) return;
      std::vector<Tok>& split = found.emplace_back();
      for (size_t k = 0; k < n; ++k) {
        const Tok& from = *toks[pieces[k].token];
        Tok& piece = split.emplace_back(from);
        piece.text = from.text.substr(pieces[k].pos, pieces[k].length);
        piece.number = values[k];
        piece.span = {from.span.start + pieces[k].pos,
                      from.span.start + pieces[k].pos + pieces[k].length};
        piece.x = from.x + static_cast<int>(pieces[k].pos);
        piece.width = static_cast<int>(pieces[k].length);
        piece.recovered = true;
      }
      return;
    }
    std::string_view text = toks[t]->text;
    size_t left_tokens = toks.size() - t - 1;
    double number = 0;  // text[pos, end) read so far; up to 7 digits, exact
    for (size_t length = 1; length <= 7 && pos + length <= text.size(); ++length) {
      if (text[pos] == '0' && length > 1) break;
      size_t end = pos + length;
      number = number * 10 + (text[end - 1] - '0');
      // Numbers still needed must fit the digits left, and hold them (7 digits at most each):
      // a cut that fails either reaches no complete row.
      size_t after = text.size() - end + digits_after[t];
      size_t count = values.size() + 1;
      size_t needed_min = count + (end == text.size() ? left_tokens : left_tokens + 1);
      if (needed_min > n || count + after < n) continue;
      if (count < n && after > 7 * (n - count)) continue;
      if (count == n && after > 0) continue;
      pieces.push_back({t, pos, length});
      values.push_back(number);
      // A block that breaks the arithmetic ends every cut that holds it: no need to go on.
      const bool kept = check.block == 0 || count % check.block != 0 || check.LastBlockKept(values);
      if (kept && end == text.size()) self(self, t + 1, 0);
      else if (kept) self(self, t, end);
      pieces.pop_back();
      values.pop_back();
      if (found.size() >= 2) return;
    }
  };
  cut(cut, 0, 0);
  return found;
}

// Maps a row's values to `n` columns. Returns false when they cannot be aligned.
bool AlignRow(const std::vector<const Tok*>& values, size_t n, LazyAnchors* anchors,
              std::vector<Placed>* cells, bool sum_column = false) {
  cells->assign(n, Placed{});
  bool all_explicit = !values.empty();
  for (const Tok* v : values) all_explicit = all_explicit && v->explicit_cell;
  if (all_explicit) {
    // Blank cells beyond `n` at either end: values[first, last).
    size_t first = 0, last = values.size();
    while (last - first > n && values[first]->kind == CellKind::kBlank) ++first;
    while (last - first > n && values[last - 1]->kind == CellKind::kBlank) --last;
    if (last - first != n) return false;
    for (size_t c = 0; c < n; ++c) (*cells)[c].tok = values[first + c];
    return true;
  }
  // Layout or flowing text: blanks cannot be seen, only inferred from x.
  std::vector<const Tok*> real;
  real.reserve(values.size());
  for (const Tok* v : values) {
    if (v->kind != CellKind::kBlank) real.push_back(v);
  }
  bool one_line = true;
  for (const Tok* v : real) one_line = one_line && v->line == real.front()->line;
  if (real.size() == n && one_line) {
    for (size_t c = 0; c < n; ++c) (*cells)[c].tok = real[c];
    return true;
  }
  if (real.size() > n || real.empty()) return false;
  if (anchors != nullptr) {
    std::vector<const Tok*> by_x = real;
    std::stable_sort(by_x.begin(), by_x.end(),
                     [](const Tok* p, const Tok* q) { return Center(*p) < Center(*q); });
    for (const Anchors::Frame& frame : anchors->Get().For(real.front()->page)) {
      if (frame.centers->size() != n) continue;
      std::vector<int> columns;
      if (PlaceByX(by_x, *frame.centers, frame.loose, sum_column, &columns)) {
        for (size_t k = 0; k < by_x.size(); ++k) (*cells)[static_cast<size_t>(columns[k])].tok = by_x[k];
        return true;
      }
    }
  }
  if (real.size() == n) {
    // Numbers that ran onto the next line, in reading order.
    for (size_t c = 0; c < n; ++c) (*cells)[c].tok = real[c];
    return true;
  }
  return false;
}

enum class Placement { kPlaced, kUnaligned, kRunTogetherNone, kRunTogetherMany };

// Aligns a row; when its numbers cannot be placed and some of them are digits run together,
// cuts them where the table's arithmetic (`check`) allows exactly one way. `store` keeps the
// recovered tokens alive.
Placement PlaceRow(const std::vector<const Tok*>& values, size_t n, LazyAnchors* anchors,
                   bool sum_column, const RowCheck& check, bool recover, bool run_together,
                   std::deque<Tok>* store, std::vector<Placed>* cells) {
  if (AlignRow(values, n, anchors, cells, sum_column)) return Placement::kPlaced;
  if (!recover) return Placement::kUnaligned;
  std::vector<const Tok*> real;
  size_t digits = 0;
  for (const Tok* v : values) {
    if (v->kind == CellKind::kBlank) continue;
    real.push_back(v);
    if (v->kind != CellKind::kNumber || !v->digits_only) return Placement::kUnaligned;
    digits += v->text.size();
  }
  if (real.empty() || real.size() >= n || digits < n) return Placement::kUnaligned;
  std::vector<std::vector<Tok>> splits = RunTogetherSplits(real, n, check);
  if (splits.empty()) return run_together ? Placement::kRunTogetherNone : Placement::kUnaligned;
  if (splits.size() > 1) return run_together ? Placement::kRunTogetherMany : Placement::kUnaligned;
  cells->assign(n, Placed{});
  for (size_t c = 0; c < n; ++c) {
    store->push_back(splits[0][c]);
    (*cells)[c].tok = &store->back();
  }
  return Placement::kPlaced;
}

std::string PlacementProblem(Placement placement, size_t n, const std::vector<const Tok*>& values) {
  std::string seen = ValuesText(values);
  switch (placement) {
    case Placement::kRunTogetherNone:
      return "the numbers run together (" + seen + ") and no way of cutting them into " +
             std::to_string(n) + " keeps the table's arithmetic";
    case Placement::kRunTogetherMany:
      return "the numbers run together (" + seen + ") and more than one way of cutting them into " +
             std::to_string(n) + " fits";
    default: {
      size_t count = 0;
      for (const Tok* v : values) count += v->kind != CellKind::kBlank || v->explicit_cell;
      return "expected " + std::to_string(n) + " numbers, found " + std::to_string(count) + " (" +
             seen + ")";
    }
  }
}

bool IsRow(const Frag& f) { return f.match.rule != nullptr && f.match.rule->kind == Kind::kRow; }

// Assigns every value token of a region to the row label it follows: the values of frags[i]
// are owned[i]. `leaf_groups[row]`: a group row read as a row of its own (no sub-row printed).
// `row_size`: the values a row usually has, room made for them at once (0: none).
std::vector<std::vector<const Tok*>> Own(const std::vector<Frag>& frags,
                                         const std::vector<const Tok*>& values,
                                         const std::vector<bool>& leaf_groups, size_t row_size) {
  std::vector<std::vector<const Tok*>> owned(frags.size());
  auto is_leaf = [&](const Frag& f) {
    if (!IsRow(f)) return false;
    return !f.match.rule->group || leaf_groups[static_cast<size_t>(f.match.rule->row)];
  };
  size_t next = 0;
  const Frag* owner = nullptr;
  const Frag* last = nullptr;
  for (const Tok* v : values) {
    while (next < frags.size() && frags[next].seq < v->seq) {
      const Frag& f = frags[next++];
      last = &f;
      if (is_leaf(f)) {
        owner = &f;
      } else if (f.match.rule != nullptr && f.match.rule->kind == Kind::kHeader) {
        owner = &f;  // opaque: the values after a header belong to no row
      } else if (f.match.rule == nullptr && f.marker) {
        owner = &f;  // an unknown numbered row
      }
    }
    const Frag* to = owner;
    // A group row printed with its own numbers: the group label is on the numbers' line and the
    // sub-row before it is complete (or there is none).
    if (last != nullptr && last != owner && IsRow(*last) && last->line == v->line &&
        (owner == nullptr || owner->line != v->line) &&
        (owner == nullptr || !owned[static_cast<size_t>(owner - frags.data())].empty())) {
      to = last;
    }
    if (to != nullptr) {
      std::vector<const Tok*>& row = owned[static_cast<size_t>(to - frags.data())];
      if (row.empty()) row.reserve(row_size);
      row.push_back(v);
    }
  }
  return owned;
}

void AddFinding(Context* ctx, std::string rule, std::string message, std::vector<std::string> ids,
                Span at) {
  Finding finding;
  finding.rule = std::move(rule);
  finding.severity = "warning";
  finding.message = std::move(message);
  finding.metrics = std::move(ids);
  finding.at = at;
  ctx->out->findings.push_back(std::move(finding));
}

// Appends the metric of `cell` read from `tok` (nullptr: a blank cell of layout text).
Metric& AddMetric(int table, const ModelT::Cell& cell, const std::string& row,
                  const std::string& column, const Tok* tok, std::vector<Metric>* out) {
  static const std::string kSource = "table";
  static const std::string kTables[kTableCount] = {kTableNames[0], kTableNames[1], kTableNames[2]};
  Metric& m = out->emplace_back();
  m.id = cell.id;
  m.unit = cell.unit;
  m.source = kSource;
  m.table = kTables[table];
  m.row = row;
  m.column = column;
  if (tok == nullptr || tok->kind == CellKind::kBlank) {
    m.blank = true;
    m.value = 0;
    if (tok != nullptr) m.at = tok->span;
  } else if (tok->kind == CellKind::kNa) {
    m.na = true;
    m.value = 0;
    m.at = tok->span;
  } else {
    m.value = tok->number;
    m.at = tok->span;
  }
  m.recovered = tok != nullptr && tok->recovered;
  return m;
}

std::vector<const Tok*> RegionValues(const Region& region) {
  std::vector<const Tok*> values;
  for (const Line& line : region.lines) {
    if (line.page_number) continue;
    bool has_real = false, has_label = false;
    for (const Tok& tok : line.toks) {
      if (!region.Contains(tok)) continue;
      if (tok.is_value && tok.kind != CellKind::kBlank) has_real = true;
      if (!tok.is_value && !tok.compact.empty()) has_label = true;
    }
    for (const Tok& tok : line.toks) {
      if (!tok.is_value || !region.Contains(tok)) continue;
      // An explicit blank cell counts on a row that has numbers or a label of its own.
      if (tok.kind == CellKind::kBlank && !has_real && !has_label) continue;
      values.push_back(&tok);
    }
  }
  return values;
}

// Gives `add` the label text inside the region, in order; a word that crosses the region's
// edge is cut there (text that runs a heading and the table's first labels together).
template <typename Add>
void RegionLabels(const Region& region, Add add) {
  if (!region.found()) return;
  for (const Line& line : region.lines) {
    if (line.page_number) continue;
    for (const Tok& tok : line.toks) {
      if (tok.is_value || tok.compact.empty()) continue;
      if (tok.span.end <= region.begin || tok.span.start >= region.end) continue;
      if (tok.span.start >= region.begin && tok.span.end <= region.end) {
        add(tok);
        continue;
      }
      // Label offsets increase, so the bytes inside the region are one stretch.
      size_t from = 0;
      size_t skipped = 0;
      while (from < tok.offs.size() && tok.offs[from] < region.begin) {
        skipped += (static_cast<unsigned char>(tok.compact[from]) & 0xC0) != 0x80;
        ++from;
      }
      size_t to = from;
      while (to < tok.offs.size() && tok.offs[to] < region.end) ++to;
      if (to == from) continue;
      Tok clipped = tok;
      clipped.compact = tok.compact.substr(from, to - from);
      clipped.offs = tok.offs.subspan(from, to - from);
      clipped.x = tok.x + static_cast<int>(skipped);
      clipped.span = {clipped.offs.front(), clipped.offs.back() + 1};
      add(clipped);
    }
  }
}

struct TableResult {
  size_t metrics = 0;  // appended to the extraction's metrics
  size_t read_rows = 0;
  size_t unaligned_rows = 0;
  int revision_2019 = 0;
  int revision_2021 = 0;
};

// ----- 表三 -----

// The x centers of the 表三 column labels (自然人 商业企业 ... 总计) in the layout header above the
// first row, word by word ("商业企" over "业" is found by its first word).
void HeaderAnchors(const Document& doc, const ModelT& model, const std::vector<Line>& lines,
                   const Region& region, const std::vector<Frag>& frags, LabelMemo* memo,
                   Anchors* anchors) {
  int first_row_line = 1 << 30;
  for (const Frag& f : frags) {
    if (IsRow(f)) first_row_line = std::min(first_row_line, f.line);
  }
  const ModelT::Table& table = model.tables[kT3];
  std::vector<double> found(table.columns.size(), -1);
  int page = -1;
  const std::string& text = doc.text.normalized;
  std::string word;
  int word_x = 0, word_chars = 0;  // its first character's x and its characters
  for (const Line& line : region.lines) {
    if (&line - lines.data() >= first_row_line) break;
    if (line.explicit_cells || line.span.end <= region.begin || line.span.start >= region.end) continue;
    auto end_word = [&] {
      if (word_chars == 0) return;
      const Rule* rule = BestRule(*memo, table.column_rules, word);
      if (rule != nullptr) {
        size_t c = static_cast<size_t>(table.ColumnIndex(rule->id));
        if (found[c] < 0) {
          found[c] = word_x + word_chars / 2.0;
          page = line.page;
        }
      }
      word.clear();
      word_chars = 0;
    };
    // The characters of the line as LineChars reads them.
    int x = 0;
    for (size_t i = line.span.start; i < line.span.end;) {
      size_t length = 0;
      const uint32_t cp = internal::DecodeUtf8At(text, i, &length);
      if (cp != '\f' && cp != '\r') {
        if (IsSpaceCp(cp)) {
          end_word();
        } else {
          if (word_chars++ == 0) word_x = x;
          word.append(text, i, length);
        }
        ++x;
      }
      i += length;
    }
    end_word();
  }
  for (size_t c = 0; c < found.size(); ++c) {
    if (found[c] < 0 || (c > 0 && found[c] <= found[c - 1] + 2)) return;
  }
  anchors->header = found;
  anchors->header_page = page;
}

void FitHeader(const std::vector<const Tok*>& values, Anchors* anchors) {
  if (anchors->header.size() < 2) return;
  std::map<int, std::vector<double>> centers;
  for (const Tok* v : values) {
    if (!v->explicit_cell && v->kind != CellKind::kBlank) centers[v->page].push_back(Center(*v));
  }
  double header_span = anchors->header.back() - anchors->header.front();
  for (auto& [page, xs] : centers) {
    if (anchors->by_page.count(page) || xs.size() < 4) continue;
    std::sort(xs.begin(), xs.end());
    double low = xs.front(), high = xs.back();
    // Both extremes must be columns (several values there), not a stray number.
    size_t at_low = 0, at_high = 0;
    for (double x : xs) {
      at_low += x <= low + 1.5;
      at_high += x >= high - 1.5;
    }
    if (at_low < 2 || at_high < 2 || high - low < 0.5 * header_span) continue;
    std::vector<double> frame;
    for (double h : anchors->header) {
      frame.push_back(low + (h - anchors->header.front()) / header_span * (high - low));
    }
    anchors->fitted[page] = frame;
  }
}

TableResult ReadTable3(Context* ctx, const std::vector<Line>& lines, const Region& region) {
  const ModelT& model = ctx->model;
  const ModelT::Table& table = model.tables[kT3];
  TableResult result;
  Fragmenter fragmenter(model, kT3, /*markers=*/true, ctx->memo);
  RegionLabels(region, [&](const Tok& tok) { fragmenter.Add(tok); });
  std::vector<Frag> frags = fragmenter.Finish();
  std::vector<const Tok*> values = RegionValues(region);

  const size_t row_count = table.rows.size();
  std::vector<bool> found(row_count, false);
  for (const Frag& f : frags) {
    if (IsRow(f)) found[static_cast<size_t>(f.match.rule->row)] = true;
  }
  std::vector<bool> leaf_groups(row_count, false);
  for (size_t r = 0; r < row_count; ++r) {
    if (!found[r] || !table.rows[r].group) continue;
    bool has_sub = false;
    for (int sub : table.rows[r].subs) has_sub = has_sub || found[static_cast<size_t>(sub)];
    if (!has_sub) leaf_groups[r] = true;
  }
  if (model.other_row >= 0 && found[static_cast<size_t>(model.other_row)] &&
      !leaf_groups[static_cast<size_t>(model.other_row)]) {
    ++result.revision_2021;
  }
  for (size_t r = 0; r < row_count; ++r) {
    if (found[r]) result.revision_2021 += table.rows[r].revision_2021;
  }

  // Rows in order of their labels.
  const size_t n = table.columns.size();
  std::vector<std::vector<const Tok*>> owned = Own(frags, values, leaf_groups, n);

  std::vector<RowValues> rows;
  std::vector<int> row_index(row_count, -1);  // row id -> index in rows
  for (size_t i = 0; i < frags.size(); ++i) {
    const Frag& f = frags[i];
    bool row = IsRow(f);
    bool unknown = f.match.rule == nullptr && f.marker;
    if (!row && !unknown) continue;
    std::vector<const Tok*>& vs = owned[i];
    if (unknown) {
      if (!vs.empty()) {
        std::string label = PrintedLabel(ctx->doc, f);
        AddFinding(ctx, "table.row_unknown",
                   std::string("表三: a row labelled \"") + label +
                       "\" is not a row of the format; its numbers (" + ValuesText(vs) +
                       ") were not read",
                   {}, CoverSpan(vs));
      }
      continue;
    }
    const size_t id = static_cast<size_t>(f.match.rule->row);
    bool leaf = !table.rows[id].group || leaf_groups[id];
    if (!leaf && vs.empty()) continue;
    if (row_index[id] < 0) {
      row_index[id] = static_cast<int>(rows.size());
      RowValues r;
      r.frag = &f;
      r.values = std::move(vs);
      rows.push_back(std::move(r));
    } else {
      RowValues& r = rows[static_cast<size_t>(row_index[id])];
      r.values.insert(r.values.end(), vs.begin(), vs.end());
    }
  }
  // A row that got two complete lines while the next row got none: the second line is the next
  // row's (its label was printed below its numbers).
  for (size_t r = 0; r + 1 < rows.size(); ++r) {
    RowValues& row = rows[r];
    RowValues& next = rows[r + 1];
    if (row.values.size() != 2 * n || !next.values.empty()) continue;
    bool split = true;
    int line_a = row.values[0]->line, line_b = row.values[n]->line;
    for (size_t k = 0; k < n; ++k) split = split && row.values[k]->line == line_a && row.values[n + k]->line == line_b;
    if (!split || line_a == line_b) continue;
    next.values.assign(row.values.begin() + static_cast<long>(n), row.values.end());
    row.values.resize(n);
  }
  LazyAnchors anchors([&] {
    Anchors made = ComputeAnchors(rows, n);
    HeaderAnchors(ctx->doc, model, lines, region, frags, ctx->memo, &made);
    FitHeader(values, &made);
    return made;
  });

  std::vector<std::vector<Placed>> read(row_count);  // by row id; empty: not read
  std::deque<Tok> recovered;
  std::vector<std::string> printed(row_count);
  const RowCheck check = LastIsSum(n);
  for (const RowValues& row : rows) {
    const size_t id = static_cast<size_t>(row.frag->match.rule->row);
    printed[id] = PrintedLabel(ctx->doc, *row.frag);
    std::vector<Placed> cells;
    Placement placement = PlaceRow(row.values, n, &anchors, /*sum_column=*/true, check,
                                   /*recover=*/true, ctx->glued, &recovered, &cells);
    if (placement != Placement::kPlaced) {
      std::vector<std::string> ids;
      for (const ModelT::Cell& cell : table.cells[id]) ids.push_back(cell.id);
      Span at = CoverSpan(row.values);
      if (at.empty() && !row.frag->offs.empty()) at = {row.frag->offs.front(), row.frag->offs.back() + 1};
      AddFinding(ctx, "table.row_unaligned",
                 "表三 row \"" + printed[id] + "\": " +
                     PlacementProblem(placement, n, row.values) + "; the row was not read",
                 ids, at);
      ++result.unaligned_rows;
      continue;
    }
    read[id] = std::move(cells);
    ++result.read_rows;
  }
  // Metrics in the order of the format.
  std::vector<Metric>& metrics = ctx->out->metrics;
  for (size_t id = 0; id < row_count; ++id) {
    if (!read[id].empty()) {
      for (size_t c = 0; c < n; ++c) {
        AddMetric(kT3, table.cells[id][c], printed[id], table.column_labels[c], read[id][c].tok,
                  &metrics);
      }
      continue;
    }
    // A group row printed without numbers: the sum of its sub-rows, when all were read.
    if (!table.rows[id].group || leaf_groups[id]) continue;
    const std::vector<int>& subs = table.rows[id].subs;
    bool complete = true;
    for (int sub : subs) complete = complete && !read[static_cast<size_t>(sub)].empty();
    if (!complete) continue;
    std::string label = table.rows[id].label;
    for (const Frag& f : frags) {
      if (IsRow(f) && static_cast<size_t>(f.match.rule->row) == id) {
        label = PrintedLabel(ctx->doc, f);
        break;
      }
    }
    for (size_t c = 0; c < n; ++c) {
      double sum = 0;
      for (int sub : subs) {
        const Tok* t = read[static_cast<size_t>(sub)][c].tok;
        if (t != nullptr && t->kind == CellKind::kNumber) sum += t->number;
      }
      Metric& m = AddMetric(kT3, table.cells[id][c], label, table.column_labels[c], nullptr,
                            &metrics);
      m.blank = false;
      m.derived = true;
      m.value = sum;
      m.at = Span{};
    }
  }
  return result;
}

// ----- 表二 -----

double Multiplier(std::string_view unit) {
  if (unit == "万元" || unit == "万") return 1e4;
  if (unit == "亿元" || unit == "亿") return 1e8;
  return 1;
}

// The column labels in a fragment (表二 headers, columns run into row labels).
const std::vector<RuleMatch>& ColumnMatches(const ModelT::Table& table, const Frag& f,
                                           LabelMemo* memo) {
  if (f.labelled != nullptr) return f.labelled->ColumnMatches();
  return memo->Get(table.column_rules, f.text).Matches();
}

TableResult ReadTable2(Context* ctx, const std::vector<Line>& /*lines*/, const Region& region) {
  const ModelT& model = ctx->model;
  const ModelT::Table& table = model.tables[kT2];
  TableResult result;
  Fragmenter fragmenter(model, kT2, /*markers=*/false, ctx->memo);
  RegionLabels(region, [&](const Tok& tok) { fragmenter.Add(tok); });
  std::vector<Frag> frags = fragmenter.Finish();
  std::vector<const Tok*> values = RegionValues(region);

  // Revision: the column labels and the rows the report prints.
  for (const Frag& f : frags) {
    if (f.match.rule != nullptr && f.match.rule->revision == "2019") ++result.revision_2019;
    if (f.match.rule != nullptr && f.match.rule->revision == "2021") ++result.revision_2021;
    for (const RuleMatch& m : ColumnMatches(table, f, ctx->memo)) {
      if (m.rule->revision == "2019") ++result.revision_2019;
      if (m.rule->revision == "2021") ++result.revision_2021;
    }
  }
  std::vector<std::vector<const Tok*>> owned =
      Own(frags, values, std::vector<bool>(table.rows.size(), false), /*row_size=*/0);

  const Frag* header = nullptr;
  std::vector<RuleMatch> header_columns;  // the column labels of `header`
  std::vector<bool> done(table.rows.size(), false);
  std::deque<Tok> recovered;
  // The revision whose columns a row takes first, when its values fit both.
  const int preferred = result.revision_2019 > result.revision_2021 ? 0 : 1;
  for (size_t i = 0; i < frags.size(); ++i) {
    const Frag& f = frags[i];
    if (f.match.rule != nullptr && f.match.rule->kind == Kind::kHeader) {
      // The header with the column labels (信息内容 本年制发件数 ...).
      std::vector<RuleMatch> columns = ColumnMatches(table, f, ctx->memo);
      if (!columns.empty()) {
        header = &f;
        header_columns = std::move(columns);
      }
      continue;
    }
    if (!IsRow(f)) continue;
    const size_t item = static_cast<size_t>(f.match.rule->row);
    const std::vector<const Tok*>& vs = owned[i];
    if (vs.empty() || done[item]) continue;
    // The columns: the header's when they fit the row, else the format's.
    size_t real = 0;
    for (const Tok* v : vs) real += v->kind != CellKind::kBlank;
    const Rule* cells_rule = nullptr;
    for (int revision : {preferred, 1 - preferred}) {
      const Rule* c = table.rows[item].cells[revision];
      if (c == nullptr) continue;
      if (cells_rule == nullptr) cells_rule = c;
      if (c->cells.size() == vs.size() || c->cells.size() == real) {
        cells_rule = c;
        break;
      }
    }
    if (cells_rule == nullptr) continue;
    const std::vector<int>& columns = cells_rule->cell_columns;
    std::vector<std::string> labels;
    std::vector<std::string> header_units;
    // The header's own labels when it lists exactly these columns: the text from each column
    // key to the next (本年收费金额(单位:万元)), after the header word (信息内容).
    bool header_fits = header != nullptr && header_columns.size() == columns.size();
    for (size_t c = 0; header_fits && c < columns.size(); ++c) {
      header_fits = header_columns[c].rule->id == table.columns[static_cast<size_t>(columns[c])];
    }
    size_t header_start = 0;
    if (header_fits) {
      RuleMatch word = ctx->memo->Get(table.headers, header->text).Match();
      if (word.rule != nullptr && word.end <= header_columns.front().start) header_start = word.end;
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      const size_t column = static_cast<size_t>(columns[c]);
      std::string label = table.column_labels[column];
      std::string unit = table.column_units[column];
      if (header_fits) {
        size_t start = c == 0 ? std::min(header_start, header_columns[0].start) : header_columns[c].start;
        size_t end = c + 1 < columns.size() ? header_columns[c + 1].start : header->text.size();
        std::string_view text = std::string_view(header->text).substr(start, end - start);
        size_t open = text.find('(');
        if (open != std::string_view::npos) {
          std::string_view inside = text.substr(open);
          if (inside.find("万元") != std::string_view::npos) unit = "万元";
          else if (inside.find("亿元") != std::string_view::npos) unit = "亿元";
          else if (inside.find("元") != std::string_view::npos) unit = "元";
        }
        Frag label_frag;
        label_frag.offs.assign(header->offs.begin() + static_cast<long>(start),
                               header->offs.begin() + static_cast<long>(end));
        label = PrintedLabel(ctx->doc, label_frag);
      }
      labels.push_back(std::move(label));
      header_units.push_back(std::move(unit));
    }
    std::vector<Placed> placed;
    // No arithmetic holds a 表二 row together: run-together digits are cut only where there is
    // one way to (as many digits as columns), and only in text that runs cells together.
    Placement placement = PlaceRow(vs, columns.size(), nullptr, false, RowCheck(), ctx->glued,
                                   ctx->glued, &recovered, &placed);
    done[item] = true;
    if (placement != Placement::kPlaced) {
      std::vector<std::string> ids;
      for (int column : columns) ids.push_back(table.cells[item][static_cast<size_t>(column)].id);
      AddFinding(ctx, "table.row_unaligned",
                 "表二 row \"" + PrintedLabel(ctx->doc, f) + "\": " +
                     PlacementProblem(placement, columns.size(), vs) + "; the row was not read",
                 ids, CoverSpan(vs));
      ++result.unaligned_rows;
      continue;
    }
    ++result.read_rows;
    std::string row_label = PrintedLabel(ctx->doc, f);
    for (size_t c = 0; c < columns.size(); ++c) {
      const Tok* tok = placed[c].tok;
      Metric& m = AddMetric(kT2, table.cells[item][static_cast<size_t>(columns[c])], row_label,
                            labels[c], tok, &ctx->out->metrics);
      if (tok != nullptr && tok->kind == CellKind::kNumber) {
        std::string_view unit = !tok->unit.empty() ? tok->unit : std::string_view(header_units[c]);
        if (!unit.empty()) {
          m.value = tok->number * Multiplier(unit);
          if (unit != m.unit) m.unit_as_written = std::string(unit);
        }
      }
    }
  }
  return result;
}

// ----- 表四 -----

TableResult ReadTable4(Context* ctx, const std::vector<Line>& /*lines*/, const Region& region) {
  const ModelT& model = ctx->model;
  const ModelT::Table& table = model.tables[kT4];
  TableResult result;
  std::vector<const Tok*> values = RegionValues(region);
  const size_t bodies = table.rows.size();
  const size_t n = table.columns.size();
  std::deque<Tok> recovered;
  auto emit = [&](size_t body, const Placed* cells) {
    for (size_t c = 0; c < n; ++c) {
      AddMetric(kT4, table.cells[body][c], table.rows[body].label, table.column_labels[c],
                cells[c].tok, &ctx->out->metrics);
    }
    ++result.read_rows;
  };
  // One row per body ("行政复议 0 0 0 0 0"): the labels are on the lines of their numbers.
  std::vector<std::vector<const Tok*>> by_body(bodies);
  size_t bodies_found = 0;
  std::string label;
  std::vector<const Tok*> vs;
  for (const Line& line : region.lines) {
    label.clear();
    vs.clear();
    for (const Tok& tok : line.toks) {
      if (!region.Contains(tok)) continue;
      if (tok.is_value) vs.push_back(&tok);
      else if (vs.empty()) label += tok.compact;
    }
    if (vs.empty() || label.empty()) continue;
    // "行政诉讼/复议后起诉" contains 行政复议-like words; take the most specific body.
    const Rule* rule = BestRule(*ctx->memo, table.row_rules, label);
    if (rule != nullptr && vs.size() <= n + 1) {
      std::vector<const Tok*>& body = by_body[static_cast<size_t>(rule->row)];
      bodies_found += body.empty();
      body = vs;
    }
  }
  if (bodies_found >= 2) {
    for (size_t body = 0; body < bodies; ++body) {
      if (by_body[body].empty()) continue;
      std::vector<Placed> cells;
      Placement placement = PlaceRow(by_body[body], n, nullptr, false, LastIsSum(n), true,
                                     ctx->glued, &recovered, &cells);
      if (placement != Placement::kPlaced) {
        AddFinding(ctx, "table.row_unaligned",
                   "表四 row \"" + table.rows[body].label + "\": " +
                       PlacementProblem(placement, n, by_body[body]) + "; the row was not read",
                   {}, CoverSpan(by_body[body]));
        ++result.unaligned_rows;
        continue;
      }
      emit(body, cells.data());
    }
    return result;
  }
  // The usual form: one line of 15 numbers under a two-level header.
  if (values.empty()) return result;
  std::vector<Placed> cells;
  Placement placement = PlaceRow(values, n * bodies, nullptr, false, LastIsSum(n), true,
                                 ctx->glued, &recovered, &cells);
  if (placement != Placement::kPlaced) {
    std::vector<std::string> ids;
    for (size_t body = 0; body < bodies; ++body) {
      for (const ModelT::Cell& cell : table.cells[body]) ids.push_back(cell.id);
    }
    AddFinding(ctx, "table.row_unaligned",
               "表四: " + PlacementProblem(placement, n * bodies, values) +
                   "; the table was not read",
               ids, CoverSpan(values));
    ++result.unaligned_rows;
    return result;
  }
  for (size_t body = 0; body < bodies; ++body) emit(body, cells.data() + body * n);
  return result;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Result<TableReader> TableReader::Load(const DataFiles& files) {
  Result<TsvTable> tsv = LoadTsv(files, "table_labels.tsv");
  if (!tsv.ok()) return tsv.status();
  for (const char* column : {"table", "kind", "id", "pattern", "revision", "unit", "example"}) {
    if (tsv->ColumnIndex(column) < 0) {
      return Status(StatusCode::kInvalidArgument,
                    std::string("table_labels.tsv: missing column '") + column + "'");
    }
  }
  Result<MetricCatalog> catalog = MetricCatalog::Load(files);
  if (!catalog.ok()) return catalog.status();
  auto model = std::make_shared<Model>();
  static std::atomic<uint64_t> models_loaded{0};
  model->serial = ++models_loaded;
  model->catalog = std::move(*catalog);
  TableReader reader;
  auto error = [&](size_t r, const std::string& what) {
    return Status(StatusCode::kInvalidArgument,
                  "table_labels.tsv line " + std::to_string(tsv->line_numbers[r]) + ": " + what);
  };
  for (size_t r = 0; r < tsv->rows.size(); ++r) {
    reader.labels_.push_back(tsv->rows[r]);
    Rule rule;
    std::string table(tsv->Cell(r, "table"));
    rule.table = table == "*" ? -1 : TableIndexOf(table);
    if (table != "*" && rule.table < 0) return error(r, "unknown table '" + table + "'");
    std::string kind(tsv->Cell(r, "kind"));
    std::optional<Kind> known = KindNamed(kind);
    if (!known) return error(r, "unknown kind '" + kind + "'");
    rule.kind = *known;
    rule.id = std::string(tsv->Cell(r, "id"));
    rule.revision = std::string(tsv->Cell(r, "revision"));
    if (!rule.revision.empty() && rule.revision != "2019" && rule.revision != "2021") {
      return error(r, "revision must be 2019, 2021 or empty");
    }
    rule.unit = std::string(tsv->Cell(r, "unit"));
    rule.example = std::string(tsv->Cell(r, "example"));
    rule.line = tsv->line_numbers[r];
    std::string pattern(tsv->Cell(r, "pattern"));
    if (pattern.empty()) return error(r, "empty pattern");
    if (rule.kind == Kind::kCells) {
      std::string word;
      for (char c : pattern + " ") {
        if (c == ' ') {
          if (!word.empty()) rule.cells.push_back(word);
          word.clear();
        } else {
          word += c;
        }
      }
    } else {
      rule.re = std::make_shared<RE2>(pattern, RE2::Quiet);
      if (!rule.re->ok()) return error(r, "bad pattern '" + pattern + "': " + rule.re->error());
    }
    if ((rule.kind == Kind::kRow || rule.kind == Kind::kColumn || rule.kind == Kind::kCells ||
         rule.kind == Kind::kPart || rule.kind == Kind::kHeader) &&
        rule.id.empty()) {
      return error(r, "a " + std::string(KindName(rule.kind)) + " needs an id");
    }
    if (rule.kind != Kind::kStop && rule.table < 0) {
      return error(r, "only stop rules apply to every table");
    }
    if (rule.kind != Kind::kCells) Model::FindAtoms(&rule);
    model->rules.push_back(std::move(rule));
  }
  // Examples resolve to their own label; ids exist in the metric catalogue.
  for (size_t r = 0; r < model->rules.size(); ++r) {
    const Rule& rule = model->rules[r];
    if (rule.kind == Kind::kCells) continue;
    std::string example = FoldCompact(rule.example);
    if (example.empty()) {
      if (rule.kind == Kind::kRow || rule.kind == Kind::kColumn) {
        return error(r, "a row or column needs an example");
      }
      continue;
    }
    if (!RE2::PartialMatch(Piece(example), *rule.re)) {
      return error(r, "example '" + rule.example + "' does not match the pattern");
    }
    std::vector<const Rule*> rivals;
    if (rule.kind == Kind::kRow || rule.kind == Kind::kPart || rule.kind == Kind::kHeader) {
      for (Kind kind : {Kind::kRow, Kind::kPart, Kind::kHeader}) {
        for (const Rule* other : model->Rules(rule.table, kind)) rivals.push_back(other);
      }
    } else if (rule.kind == Kind::kColumn) {
      rivals = model->Rules(rule.table, Kind::kColumn);
    }
    if (!rivals.empty()) {
      RuleMatch best = BestMatch(rivals, example);
      if (best.rule == nullptr || best.rule->id != rule.id || best.rule->kind != rule.kind) {
        return error(r, "example '" + rule.example + "' reads as " +
                            (best.rule != nullptr
                                 ? std::string(KindName(best.rule->kind)) + " " + best.rule->id
                                 : std::string("nothing")));
      }
    }
  }
  // Rows and columns of each table, in file order, with their first example as label.
  std::map<std::string, std::string> row_label[kTableCount];  // for the checks, in id order
  for (int t = 0; t < kTableCount; ++t) {
    Model::Table& table = model->tables[t];
    for (const Rule* rule : model->Rules(t, Kind::kColumn)) {
      if (table.ColumnIndex(rule->id) < 0) {
        table.columns.push_back(rule->id);
        table.column_labels.push_back(rule->example);
        table.column_units.push_back(rule->unit);
      }
    }
    for (Rule& rule : model->rules) {
      if (rule.table != t || rule.kind != Kind::kRow) continue;
      rule.row = table.RowIndex(rule.id);
      if (rule.row < 0) {
        rule.row = static_cast<int>(table.rows.size());
        table.rows.push_back(Model::Row{rule.id, rule.example});
        row_label[t][rule.id] = rule.example;
      }
      if (rule.revision == "2021") ++table.rows[static_cast<size_t>(rule.row)].revision_2021;
    }
  }
  auto check_id = [&](const std::string& id) -> Status {
    if (model->catalog.Find(id) == nullptr) {
      return Status(StatusCode::kInvalidArgument,
                    "table_labels.tsv: '" + id + "' is not in metrics.tsv");
    }
    return Status::Ok();
  };
  for (int t : {kT3, kT4}) {
    for (const auto& [row, label] : row_label[t]) {
      for (const std::string& column : model->tables[t].columns) {
        Status s = check_id(Model::MetricId(t, row, column));
        if (!s.ok()) return s;
      }
    }
  }
  for (Rule& rule : model->rules) {
    if (rule.kind != Kind::kCells || rule.table != kT2) continue;
    for (const std::string& column : rule.cells) {
      int c = model->tables[kT2].ColumnIndex(column);
      if (c < 0) {
        return Status(StatusCode::kInvalidArgument,
                      "table_labels.tsv line " + std::to_string(rule.line) + ": unknown column '" +
                          column + "'");
      }
      Status s = check_id(Model::MetricId(kT2, rule.id, column));
      if (!s.ok()) return s;
      rule.cell_columns.push_back(c);
    }
  }
  if (model->tables[kT3].columns.empty() || model->tables[kT4].columns.empty()) {
    return Status(StatusCode::kInvalidArgument, "table_labels.tsv: 表三 and 表四 need columns");
  }
  for (int t = 0; t < kTableCount; ++t) {
    Model::Table& table = model->tables[t];
    // Group rows and their sub-rows: the rows whose ids extend theirs.
    for (Model::Row& row : table.rows) {
      std::string prefix = row.id + ".";
      for (size_t s = 0; s < table.rows.size(); ++s) {
        if (table.rows[s].id.starts_with(prefix)) row.subs.push_back(static_cast<int>(s));
      }
      row.group = !row.subs.empty();
    }
    for (Rule& rule : model->rules) {
      if (rule.table == t && rule.kind == Kind::kRow) {
        rule.group = table.rows[static_cast<size_t>(rule.row)].group;
      }
    }
    // 表二 rows: their columns in each revision (the first cells rule of the row).
    for (Model::Row& row : table.rows) {
      for (int v = 0; v < 2; ++v) {
        const char* revision = v == 0 ? "2019" : "2021";
        for (const Rule& rule : model->rules) {
          if (rule.kind == Kind::kCells && rule.id == row.id && rule.revision == revision) {
            row.cells[v] = &rule;
            break;
          }
        }
      }
    }
    table.cells.resize(table.rows.size());
    for (size_t r = 0; r < table.rows.size(); ++r) {
      for (const std::string& column : table.columns) {
        std::string id = Model::MetricId(t, table.rows[r].id, column);
        const CatalogEntry* entry = model->catalog.Find(id);
        std::string unit = entry != nullptr ? entry->unit : "件";
        table.cells[r].push_back(Model::Cell{std::move(id), std::move(unit)});
      }
    }
    std::vector<const Rule*> classify;
    for (Kind kind : {Kind::kRow, Kind::kPart, Kind::kHeader}) {
      for (const Rule* rule : model->Rules(t, kind)) classify.push_back(rule);
    }
    std::vector<const Rule*> labels = classify;
    for (const Rule* rule : model->Rules(t, Kind::kColumn)) labels.push_back(rule);
    table.labels.Build(std::move(labels));
    table.classify.Build(std::move(classify));
    table.column_rules.Build(model->Rules(t, Kind::kColumn));
    table.row_rules.Build(model->Rules(t, Kind::kRow));
    table.starts.Build(model->Rules(t, Kind::kStart));
    table.confirms.Build(model->Rules(t, Kind::kConfirm));
    table.stops.Build(model->Rules(t, Kind::kStop));
    table.expects.Build(model->Rules(t, Kind::kExpect));
    table.headers.Build(model->Rules(t, Kind::kHeader));
  }
  std::vector<const Rule*> litigation;
  for (const Rule* rule : model->Rules(kT4, Kind::kRow)) {
    if (rule->id.rfind("litigation.", 0) == 0) litigation.push_back(rule);
  }
  model->litigation.Build(std::move(litigation));
  std::vector<const Rule*> openings;
  for (int t = 0; t < kTableCount; ++t) {
    for (const Rule* rule : model->tables[t].starts.rules) openings.push_back(rule);
  }
  for (const Rule* rule : model->tables[kT3].expects.rules) openings.push_back(rule);
  model->openings.Build(std::move(openings));
  if (model->openings.joined != nullptr) {
    for (int t = 0; t < kTableCount; ++t) model->tables[t].starts.cover = &model->openings;
    model->tables[kT3].expects.cover = &model->openings;
  }
  // FindRegions searches the stops of a table from its start to the next table's start, the
  // lines it has just searched for that start; and 表二's start after 表三's, from the same
  // first opening (which is mostly 表二's start, found at once).
  model->tables[kT3].starts.Accompany({&model->tables[kT2].starts, &model->tables[kT2].stops});
  model->tables[kT4].starts.Accompany({&model->tables[kT3].stops});
  model->other_row = model->tables[kT3].RowIndex("other");
  for (int t = 0; t < kTableCount; ++t) {
    const Model::Table& table = model->tables[t];
    for (const Model::Row& row : table.rows) {
      size_t cells = t == kT2 ? 0 : table.columns.size();
      for (const Rule* rule : row.cells) {
        if (t == kT2 && rule != nullptr) cells = std::max(cells, rule->cells.size());
      }
      model->max_metrics += cells;
    }
  }
  reader.model_ = std::move(model);
  return reader;
}

namespace {

struct Regions {
  Region r[kTableCount];
};

Regions FindRegions(const ModelT& model, const Lines& built, LineSearches* searches,
                    size_t text_size) {
  const std::vector<Line>& lines = built.lines;
  Regions regions;
  auto find = [&](int t, size_t from, size_t limit) -> std::optional<std::pair<size_t, size_t>> {
    return FindFirst(built, searches, model.tables[t].starts, from, limit,
                     &model.tables[t].confirms);
  };
  auto s3 = find(kT3, 0, text_size);
  auto s4 = find(kT4, s3 ? s3->first + 1 : 0, text_size);
  size_t limit2 = s3 ? s3->first : (s4 ? s4->first : text_size);
  auto s2 = find(kT2, 0, limit2);
  // Alone, 行政复议 with 维持 could be the statistics table of a pre-2019 report: 表四 then needs
  // the litigation columns only the 2019+ formats print (未经复议直接起诉, 复议后起诉).
  if (s4 && !s3 && !s2) {
    if (!FindFirst(built, searches, model.litigation, s4->first, text_size, nullptr)) s4.reset();
  }
  std::optional<std::pair<size_t, size_t>> starts_found[kTableCount] = {s2, s3, s4};
  for (int t = 0; t < kTableCount; ++t) {
    if (!starts_found[t]) continue;
    Region& region = regions.r[t];
    region.begin = starts_found[t]->first;
    size_t end = text_size;
    for (int u = 0; u < kTableCount; ++u) {
      if (u != t && starts_found[u] && starts_found[u]->first > region.begin) {
        end = std::min(end, starts_found[u]->first);
      }
    }
    auto stop_at =
        FindFirst(built, searches, model.tables[t].stops, region.begin + 1, end, nullptr);
    if (stop_at) end = std::min(end, stop_at->first);
    region.end = end;
    region.lines = lines;
    if (built.text_order) {
      auto first = std::partition_point(lines.begin(), lines.end(), [&](const Line& line) {
        return line.span.end < region.begin;
      });
      auto last = std::partition_point(first, lines.end(), [&](const Line& line) {
        return line.span.start < region.end;
      });
      region.lines = std::span<const Line>(first, last);
    }
  }
  return regions;
}

// A table ends at the first paragraph of prose after its numbers (a note under the table, the
// text of the next section when its heading was not recognized).
void EndAtProse(const ModelT& model, int table, Region* region) {
  if (!region->found()) return;
  const ModelT::RuleSet& labels = model.tables[table].classify;  // row, part and header rules
  bool seen_value = false;
  for (const Line& line : region->lines) {
    if (line.span.end <= region->begin || line.span.start >= region->end) continue;
    bool prose = false;
    for (const Tok& tok : line.toks) {
      if (tok.is_value) {
        if (tok.kind != CellKind::kBlank && region->Contains(tok)) seen_value = true;
        continue;
      }
      // Fewer than 15 characters (fewer than 15 bytes are, without counting them).
      if (prose || line.explicit_cells || tok.compact.size() < 15 ||
          internal::CodePointCount(tok.compact) < 15) {
        continue;
      }
      bool sentence = tok.compact.find("。") != std::string::npos ||
                      tok.compact.find("，") != std::string::npos ||
                      tok.compact.find("；") != std::string::npos;
      if (sentence && !AnyMatch(labels, tok.compact)) prose = true;
    }
    if (prose && seen_value && line.span.start > region->begin) {
      region->end = line.span.start;
      return;
    }
  }
}

// Whether `s` holds `n` ASCII digits in a row. Eight bytes a step up to the first digit: most
// labels are Han text without one.
bool HasDigitRun(std::string_view s, size_t n) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t bytes;
    std::memcpy(&bytes, s.data() + i, 8);
    // A digit is a byte that differs from '0' by less than 10.
    const uint64_t from_zero = bytes ^ 0x3030303030303030;
    if (((from_zero - 0x0A0A0A0A0A0A0A0A) & ~from_zero & 0x8080808080808080) != 0) break;
  }
  for (size_t run = 0; i < s.size(); ++i) {
    run = IsAsciiDigit(s[i]) ? run + 1 : 0;
    if (run >= n) return true;
  }
  return false;
}

// Label text of the 表三 or 表二 region with numbers glued to it, in several places.
bool RunsCellsTogether(const Regions& regions) {
  static const LazyRE2 kGlued = {R"((?:[^\d.,:/\-+%\s]\d{3,})|(?:\d{3,}[^\d.,:/\-+%\s年月日]))"};
  int glued = 0;
  for (int t : {kT2, kT3}) {
    const Region& region = regions.r[t];
    if (!region.found()) continue;
    for (const Line& line : region.lines) {
      for (const Tok& tok : line.toks) {
        if (tok.is_value || tok.span.end <= region.begin || tok.span.start >= region.end) continue;
        // Both forms hold three digits in a row; most labels have none.
        if (!HasDigitRun(tok.compact, 3)) continue;
        re2::StringPiece rest = Piece(tok.compact);
        // Only whether there are three counts: text that runs cells together is often one long
        // token with a match at every row.
        while (glued < 3 && RE2::FindAndConsume(&rest, *kGlued)) ++glued;
        if (glued >= 3) return true;
      }
    }
  }
  return glued >= 3;
}

}  // namespace

TableExtraction TableReader::Read(const Document& document) const {
  TableExtraction out;
  if (model_ == nullptr) return out;
  const Model& model = *model_;
  Context ctx{model, document, &out, &LabelMemo::For(model)};

  const size_t text_size = document.text.normalized.size();
  Lines built = BuildLines(document, /*glued=*/false);
  LineSearches searches;
  Regions regions = FindRegions(model, built, &searches, text_size);
  // Text that runs the cells together ("一、本年新收政府信息公开申请数量21710000218"): cut the
  // lines at digits and read again.
  if (RunsCellsTogether(regions)) {
    ctx.glued = true;
    Lines cut = BuildLines(document, /*glued=*/true);
    if (SameText(built.lines, cut.lines)) {
      searches.Replay();
    } else {
      searches.Forget();
    }
    built = std::move(cut);
    regions = FindRegions(model, built, &searches, text_size);
  }
  const std::vector<Line>& lines = built.lines;

  if (!ctx.glued) {
    for (int t = 0; t < kTableCount; ++t) EndAtProse(model, t, &regions.r[t]);
  }

  // The tables append their metrics, in this order, into room made once: growing the vector
  // moved these large structs several times.
  if (regions.r[kT2].found() || regions.r[kT3].found() || regions.r[kT4].found()) {
    out.metrics.reserve(model.max_metrics);
  }
  TableResult (*const readers[kTableCount])(Context*, const std::vector<Line>&, const Region&) = {
      ReadTable2, ReadTable3, ReadTable4};
  TableResult results[kTableCount];
  bool any = false;
  for (int t = 0; t < kTableCount; ++t) {
    if (!regions.r[t].found()) continue;
    const size_t before = out.metrics.size();
    results[t] = readers[t](&ctx, lines, regions.r[t]);
    results[t].metrics = out.metrics.size() - before;
    any = any || results[t].metrics > 0;
  }
  // A report of the 2019+ formats without a readable 表三.
  if (results[kT3].metrics == 0) {
    auto heading = FindFirst(built, &searches, model.tables[kT3].expects, 0, text_size, nullptr);
    if (heading || regions.r[kT3].found()) {
      Finding finding;
      finding.rule = "table.missing";
      finding.severity = "warning";
      finding.message = "表三 (收到和处理政府信息公开申请情况) was announced but could not be read";
      if (heading) {
        const Line& line = lines[heading->second];
        finding.at = line.span;
      }
      out.findings.push_back(std::move(finding));
    }
  }
  if (any) {
    const TableResult& t2 = results[kT2];
    if (t2.revision_2021 > t2.revision_2019) {
      out.format_revision = "2021";
    } else if (t2.revision_2019 > t2.revision_2021) {
      out.format_revision = "2019";
    } else if (results[kT3].revision_2021 > 0) {
      out.format_revision = "2021";  // （六）其他处理 with its three sub-rows
    } else if (results[kT3].metrics > 0) {
      out.format_revision = "2019";  // a single-row （六）其他处理 and no 表二 to tell
    } else {
      out.format_revision = "2021";
    }
  }
  return out;
}

}  // namespace ogi
