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

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>

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

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!IsSpace(c)) out += c;
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The compiled label data.

struct TableReader::Model {
  struct Rule {
    int table = -1;  // TableIndex, -1 for "*"
    std::string kind;
    std::string id;
    std::string revision;
    std::string unit;
    std::string example;
    std::vector<std::string> cells;  // kind "cells"
    std::shared_ptr<RE2> re;
    int line = 0;
  };
  std::vector<Rule> rules;
  // A list of rules with one RE2::Set over their patterns: which rules match a text at all,
  // found in one pass instead of one search per rule (those searches were 10% of `ogi extract`
  // on the mixed corpus). `set` is null when it could not be built; then every rule is tried.
  struct RuleSet {
    std::vector<const Rule*> rules;
    std::shared_ptr<const RE2::Set> set;
    void Build(std::vector<const Rule*> list) {
      rules = std::move(list);
      auto built = std::make_shared<RE2::Set>(RE2::Quiet, RE2::UNANCHORED);
      for (const Rule* rule : rules) {
        if (built->Add(rule->re->pattern(), nullptr) < 0) return;
      }
      if (built->Compile()) set = std::move(built);
    }
  };
  RuleSet classify[kTableCount];  // row, part and header rules, the Fragmenter's labels
  RuleSet column_rules[kTableCount];
  MetricCatalog catalog;
  // Column ids of 表三 and 表四 in printed order, with their printed labels.
  std::vector<std::string> columns[kTableCount];
  std::map<std::string, std::string> column_label[kTableCount];
  std::map<std::string, std::string> row_label[kTableCount];
  std::map<std::string, std::string> column_unit[kTableCount];

  std::vector<const Rule*> Rules(int table, std::string_view kind) const {
    std::vector<const Rule*> out;
    for (const Rule& rule : rules) {
      if (rule.kind == kind && (rule.table == table || rule.table == -1)) out.push_back(&rule);
    }
    return out;
  }
  // Template columns of a 表二 row in a revision, or nullptr.
  const std::vector<std::string>* Cells(std::string_view item, std::string_view revision) const {
    for (const Rule& rule : rules) {
      if (rule.kind == "cells" && rule.id == item && rule.revision == revision) return &rule.cells;
    }
    return nullptr;
  }
  bool IsGroup(int table, std::string_view id) const {
    std::string prefix = std::string(id) + ".";
    for (const Rule& rule : rules) {
      if (rule.table == table && rule.kind == "row" && rule.id.rfind(prefix, 0) == 0) return true;
    }
    return false;
  }
  std::vector<std::string> SubRows(int table, std::string_view id) const {
    std::string prefix = std::string(id) + ".";
    std::vector<std::string> out;
    for (const Rule& rule : rules) {
      if (rule.table == table && rule.kind == "row" && rule.id.rfind(prefix, 0) == 0 &&
          std::find(out.begin(), out.end(), rule.id) == out.end()) {
        out.push_back(rule.id);
      }
    }
    return out;
  }
  std::string MetricId(int table, std::string_view row, std::string_view column) const {
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

// The rules of `rule_set` that match somewhere in `text`, in list order: the only ones
// BestMatch and AllMatches can return, so giving them just these changes no result.
const std::vector<const Rule*>& Candidates(const ModelT::RuleSet& rule_set, std::string_view text,
                                           std::vector<const Rule*>* buffer) {
  if (rule_set.set == nullptr) return rule_set.rules;
  std::vector<int> hits;
  RE2::Set::ErrorInfo error;
  if (!rule_set.set->Match(Piece(text), &hits, &error)) {
    // No rule matches, or the set's DFA ran out of memory: then try each rule.
    buffer->clear();
    return error.kind == RE2::Set::kNoError ? *buffer : rule_set.rules;
  }
  std::sort(hits.begin(), hits.end());
  buffer->clear();
  for (int hit : hits) buffer->push_back(rule_set.rules[static_cast<size_t>(hit)]);
  return *buffer;
}

RuleMatch BestMatch(const ModelT::RuleSet& rule_set, std::string_view text) {
  std::vector<const Rule*> buffer;
  return BestMatch(Candidates(rule_set, text, &buffer), text);
}

// All non-overlapping matches of `rules`, leftmost first, longer first at the same start.
std::vector<RuleMatch> AllMatches(const std::vector<const Rule*>& rules, std::string_view text) {
  std::vector<RuleMatch> all;
  for (const Rule* rule : rules) {
    size_t pos = 0;
    while (pos < text.size()) {
      re2::StringPiece match;
      if (!rule->re->Match(Piece(text), pos, text.size(), RE2::UNANCHORED, &match, 1)) break;
      size_t start = static_cast<size_t>(match.data() - text.data());
      size_t end = start + match.size();
      if (end == start) break;
      all.push_back({rule, start, end});
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

std::vector<RuleMatch> AllMatches(const ModelT::RuleSet& rule_set, std::string_view text) {
  std::vector<const Rule*> buffer;
  return AllMatches(Candidates(rule_set, text, &buffer), text);
}

// ---------------------------------------------------------------------------------------------
// Tokens and lines.

enum class CellKind { kNumber, kBlank, kNa };

struct Tok {
  bool is_value = false;
  // Label text: whitespace removed, with the normalized offset of each byte.
  std::string compact;
  std::vector<uint32_t> offs;
  // Value.
  CellKind kind = CellKind::kNumber;
  double number = 0;
  std::string unit;  // a unit written with the number (表二: 万元)
  std::string text;  // the value as printed (compact)
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
  std::vector<Tok> toks;
  std::string compact;  // all tokens, whitespace removed
  std::vector<uint32_t> offs;
};

bool ParseValue(std::string_view compact, Tok* tok) {
  static const LazyRE2 kNumber = {
      R"(^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|亿元|元|万|件|个|项|条)?$)"};
  static const LazyRE2 kNa = {R"(^(?:[-—–/\\]+|无|不涉及|暂无)$)"};
  // Both patterns need one of these first characters. Most words of prose fail here, before
  // a regex search with four captures (ParseValue was 2% of `ogi extract`).
  if (compact.empty()) return false;
  const char first = compact[0];
  if (!(first >= '0' && first <= '9') && first != '+' && first != '-' && first != '/' &&
      first != '\\' && !compact.starts_with("—") && !compact.starts_with("–") &&
      !compact.starts_with("无") && !compact.starts_with("不") && !compact.starts_with("暂")) {
    return false;
  }
  std::string sign, integer, fraction, unit;
  if (RE2::FullMatch(Piece(compact), *kNumber, &sign, &integer, &fraction, &unit)) {
    std::string digits;
    for (char c : integer) {
      if (c != ',') digits += c;
    }
    double v = std::stod(digits + (fraction.empty() ? "" : "." + fraction));
    tok->kind = CellKind::kNumber;
    tok->number = sign == "-" ? -v : v;
    tok->unit = unit;
    tok->digits_only = sign.empty() && fraction.empty() && unit.empty() &&
                       integer.find(',') == std::string::npos;
    return true;
  }
  if (RE2::FullMatch(Piece(compact), *kNa)) {
    tok->kind = CellKind::kNa;
    return true;
  }
  return false;
}

// Code points of a normalized line with their byte offsets and x columns; form feeds take no
// column (pdftotext prints them at the start of a page's first line).
struct CharPos {
  uint32_t cp;
  size_t offset;
  size_t length;
  int x;
};

// Fills `*chars` (cleared first), so that a caller going over many lines reuses one buffer:
// a vector grown afresh for every line was most of BuildLines on prose documents.
void LineChars(std::string_view text, Span span, int* form_feeds, std::vector<CharPos>* out) {
  std::vector<CharPos>& chars = *out;
  chars.clear();
  // One allocation of the right size: growing by doubling copied long prose lines several
  // times. Code points are the bytes that are not UTF-8 continuation bytes.
  size_t code_points = 0;
  for (size_t i = span.start; i < span.end; ++i) code_points += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  chars.reserve(code_points);
  int x = 0;
  for (size_t i = span.start; i < span.end;) {
    size_t length = 0;
    uint32_t cp = internal::DecodeUtf8At(text, i, &length);
    if (cp == '\f') {
      ++*form_feeds;
    } else if (cp != '\r') {
      chars.push_back({cp, i, length, x});
      ++x;
    }
    i += length;
  }
}

std::vector<CharPos> LineChars(std::string_view text, Span span, int* form_feeds) {
  std::vector<CharPos> chars;
  LineChars(text, span, form_feeds, &chars);
  return chars;
}

bool IsSpaceCp(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\v' || cp == 0x3000; }

void AppendCompact(std::string_view text, const CharPos& c, Tok* tok) {
  if (IsSpaceCp(c.cp)) return;
  for (size_t k = 0; k < c.length; ++k) {
    tok->compact += text[c.offset + k];
    tok->offs.push_back(static_cast<uint32_t>(c.offset + k));
  }
}

// A cell of an explicit table (grid, tabs, pipes) from its characters.
Tok CellToken(std::string_view text, const std::vector<CharPos>& chars, size_t from, size_t to,
              int x) {
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
  for (size_t k = first; k < last; ++k) AppendCompact(text, chars[k], &tok);
  if (ParseValue(tok.compact, &tok)) {
    tok.is_value = true;
    tok.text = tok.compact;
    tok.compact.clear();
    tok.offs.clear();
  }
  return tok;
}

bool IsDigitCp(uint32_t cp) { return cp >= '0' && cp <= '9'; }

// Splits a run of characters glued together ("予以公开710000071(二)部分公开") into label and
// digit parts. A digit followed by "." or "、" and a non-digit is the numbering of the next label
// ("3200000326.属于..." is 320000032 then "6.属于...").
std::vector<std::pair<size_t, size_t>> GluedParts(const std::vector<CharPos>& chars, size_t from,
                                                  size_t to, std::vector<bool>* is_value) {
  std::vector<std::pair<size_t, size_t>> parts;
  size_t i = from;
  while (i < to) {
    if (!IsDigitCp(chars[i].cp)) {
      size_t j = i;
      while (j < to && !IsDigitCp(chars[j].cp)) ++j;
      parts.push_back({i, j});
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
      parts.push_back({i, k});
      is_value->push_back(true);
      i = k;
      continue;
    }
    bool marker = j < to && (chars[j].cp == '.' || chars[j].cp == 0x3001);
    if (marker) {
      // The last digit numbers the next label.
      if (j - 1 > i) {
        parts.push_back({i, j - 1});
        is_value->push_back(true);
      }
      size_t k = j + 1;
      while (k < to && !IsDigitCp(chars[k].cp)) ++k;
      parts.push_back({j - 1, k});
      is_value->push_back(false);
      i = k;
      continue;
    }
    parts.push_back({i, j});
    is_value->push_back(true);
    i = j;
  }
  return parts;
}

// Tokens of a whitespace-separated (layout) line.
void SpaceTokens(std::string_view text, const std::vector<CharPos>& chars, bool glued, Line* line) {
  size_t i = 0;
  bool previous_label = false;
  int previous_end_x = -10;
  // Appends chars[a, b) as a value token when it reads as one (a number, a blank or n/a mark).
  auto push_value = [&](size_t a, size_t b) {
    std::string word;
    for (size_t k = a; k < b; ++k) word.append(text.substr(chars[k].offset, chars[k].length));
    Tok value;
    if (!ParseValue(word, &value)) return false;
    value.is_value = true;
    value.text = std::move(word);
    value.span = {chars[a].offset, chars[b - 1].offset + chars[b - 1].length};
    value.x = chars[a].x;
    value.width = static_cast<int>(b - a);
    line->toks.push_back(std::move(value));
    return true;
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
    } else {
      std::vector<bool> kinds;
      std::vector<std::pair<size_t, size_t>> parts;
      if (glued) {
        parts = GluedParts(chars, i, j, &kinds);
      } else {
        parts = {{i, j}};
        kinds = {false};
      }
      for (size_t p = 0; p < parts.size(); ++p) {
        auto [a, b] = parts[p];
        if (a >= b) continue;
        if (kinds[p]) {
          if (push_value(a, b)) previous_label = false;
          continue;
        }
        // Label text: a single space between words keeps them in one piece.
        bool join = previous_label && p == 0 && chars[a].x == previous_end_x + 2;
        if (!join || line->toks.empty()) {
          Tok label;
          label.x = chars[a].x;
          label.span = {chars[a].offset, chars[a].offset};
          line->toks.push_back(label);
        }
        Tok& label = line->toks.back();
        for (size_t k = a; k < b; ++k) AppendCompact(text, chars[k], &label);
        label.span.end = chars[b - 1].offset + chars[b - 1].length;
        label.width = chars[b - 1].x + 1 - label.x;
        previous_label = true;
        previous_end_x = chars[b - 1].x;
      }
    }
    if (!line->toks.empty() && line->toks.back().is_value) previous_label = false;
    i = j;
  }
}

// Cells of a tab-separated or a markdown pipe line; false when the line is neither.
bool ExplicitTokens(std::string_view text, const std::vector<CharPos>& chars, Line* line) {
  // Tabs that only indent the line do not make it a row of cells.
  size_t lead = 0;
  while (lead < chars.size() && IsSpaceCp(chars[lead].cp)) ++lead;
  bool tabs = false;
  for (size_t k = lead; k < chars.size(); ++k) tabs = tabs || chars[k].cp == '\t';
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
  for (auto [a, b] : cells) line->toks.push_back(CellToken(text, chars, a, b, x++));
  return true;
}

bool IsPageNumberText(std::string_view compact) {
  static const LazyRE2 kPage = {R"(^(?:[-—–]+\d{1,4}[-—–]+|第\d{1,4}页(?:共\d{1,4}页)?|\d{1,4}/\d{1,4})$)"};
  return RE2::FullMatch(Piece(compact), *kPage);
}

void FinishLine(Line* line) {
  for (const Tok& tok : line->toks) {
    if (tok.is_value) {
      // A value's text is its span without spaces; blank cells add nothing.
      for (size_t k = 0; k < tok.text.size(); ++k) {
        line->offs.push_back(static_cast<uint32_t>(std::min(tok.span.start + k, tok.span.end - 1)));
      }
      line->compact += tok.text;
    } else {
      line->compact += tok.compact;
      line->offs.insert(line->offs.end(), tok.offs.begin(), tok.offs.end());
    }
  }
}

// Builds the lines of the document: text lines outside HTML tables, grid rows for the tables.
std::vector<Line> BuildLines(const Document& doc, bool glued) {
  const std::string& text = doc.text.normalized;
  std::vector<Span> table_spans;
  for (const Block& block : doc.blocks) {
    if (block.kind == BlockKind::kTable && block.table >= 0 &&
        static_cast<size_t>(block.table) < doc.tables.size()) {
      table_spans.push_back(block.span);
    }
  }
  std::vector<Line> lines;
  int form_feeds = 0;
  size_t pos = 0;
  std::vector<CharPos> chars;
  while (pos <= text.size()) {
    size_t newline = text.find('\n', pos);
    size_t end = newline == std::string::npos ? text.size() : newline;
    Span span{pos, end};
    pos = end + 1;
    bool in_table = false;
    for (Span t : table_spans) {
      if (span.start >= t.start && span.start < t.end) in_table = true;
    }
    int before = form_feeds;
    LineChars(text, span, &form_feeds, &chars);
    if (in_table) continue;
    Line line;
    line.span = span;
    line.page = form_feeds;
    line.starts_page = form_feeds > before;
    if (!ExplicitTokens(text, chars, &line)) SpaceTokens(text, chars, glued, &line);
    FinishLine(&line);
    lines.push_back(std::move(line));
    if (newline == std::string::npos) break;
  }
  // Grid rows of the HTML tables.
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
      bool first = true;
      for (size_t c = 0; c < table.grid[r].size(); ++c) {
        int index = table.grid[r][c];
        if (index < 0) continue;
        const Cell& cell = table.cells[static_cast<size_t>(index)];
        if (cell.row != static_cast<int>(r) || cell.column != static_cast<int>(c)) continue;
        int ignored = 0;
        LineChars(text, cell.span, &ignored, &chars);
        Tok tok = CellToken(text, chars, 0, chars.size(), static_cast<int>(c));
        if (chars.empty()) tok.span = {cell.span.start, cell.span.start};
        if (first) line.span.start = cell.span.start;
        line.span.end = std::max(line.span.end, cell.span.end);
        first = false;
        line.toks.push_back(std::move(tok));
      }
      if (first) continue;
      FinishLine(&line);
      lines.push_back(std::move(line));
    }
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.span.start < b.span.start; });
  // Page numbers: "-3-", "第3页", "3/6" anywhere; a bare "3" next to a page break.
  static const LazyRE2 kBare = {R"(^\d{1,3}$)"};
  for (size_t i = 0; i < lines.size(); ++i) {
    Line& line = lines[i];
    if (line.explicit_cells || line.compact.empty()) continue;
    if (IsPageNumberText(line.compact)) {
      line.page_number = true;
    } else if (line.toks.size() == 1 && RE2::FullMatch(Piece(line.compact), *kBare)) {
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
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Regions.

struct Region {
  size_t begin = std::string::npos;
  size_t end = std::string::npos;
  bool found() const { return begin != std::string::npos; }
  bool Contains(const Tok& tok) const {
    return found() && tok.span.start >= begin && tok.span.start < end;
  }
};

// The first match of `rules` at or after normalized offset `from` (and before `limit`), as
// (normalized offset, line index).
std::optional<std::pair<size_t, size_t>> FindFirst(const std::vector<Line>& lines,
                                                    const std::vector<const Rule*>& rules,
                                                    size_t from, size_t limit,
                                                    const std::vector<const Rule*>* confirm) {
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (line.compact.empty() || line.span.end < from || line.span.start >= limit) continue;
    // Byte position in compact at or after `from`.
    size_t first = 0;
    while (first < line.offs.size() && line.offs[first] < from) ++first;
    if (first >= line.compact.size()) continue;
    std::optional<size_t> best;
    for (const Rule* rule : rules) {
      re2::StringPiece match;
      if (!rule->re->Match(Piece(line.compact), first, line.compact.size(), RE2::UNANCHORED,
                           &match, 1)) {
        continue;
      }
      size_t at = static_cast<size_t>(match.data() - line.compact.data());
      if (!best || at < *best) best = at;
    }
    if (!best) continue;
    size_t offset = line.offs[*best];
    // From the start of the word or cell that holds the match ("一、本年新收..." from "一").
    for (const Tok& tok : line.toks) {
      if (tok.span.start <= offset && offset < tok.span.end && offset - tok.span.start <= 60) {
        offset = std::max(tok.span.start, from);
      }
    }
    if (offset >= limit) continue;
    if (confirm != nullptr) {
      bool confirmed = false;
      for (size_t j = i; j < lines.size() && j < i + 40 && !confirmed; ++j) {
        if (lines[j].span.start >= limit) break;
        std::string_view rest = lines[j].compact;
        if (j == i) rest = rest.substr(*best);
        for (const Rule* rule : *confirm) {
          if (RE2::PartialMatch(Piece(rest), *rule->re)) confirmed = true;
        }
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
  std::vector<int> seqs;
  int seq = 0;
  uint32_t off = 0;
  int line = 0;
  int last_line = 0;  // line of the last text joined to it
  int x0 = 0;
  int page = 0;
  bool marker = false;
  bool explicit_cell = false;
  RuleMatch match;  // the classification
};

bool FragBefore(const Frag& a, const Frag& b) {
  if (a.seq != b.seq) return a.seq < b.seq;
  return a.off < b.off;
}

// Length of the numbering at byte `pos` of `s` ("一、", "(三)", "1.", "2、", "(1)", "①"), or 0.
size_t MarkerAt(std::string_view s, size_t pos) {
  static const LazyRE2 kChinese = {R"(^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\(\d{1,2}\)|[①②③④⑤⑥⑦⑧⑨⑩]))"};
  re2::StringPiece rest = Piece(s.substr(pos));
  re2::StringPiece match;
  if (kChinese->Match(rest, 0, rest.size(), RE2::ANCHOR_START, &match, 1)) {
    // "第三、" or "第(一)项" are not numbering.
    if (pos >= 3 && s.substr(pos - 3, 3) == "第") return 0;
    return match.size();
  }
  size_t i = pos;
  while (i < s.size() && i < pos + 2 && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == pos) return 0;
  if (pos > 0 && s[pos - 1] >= '0' && s[pos - 1] <= '9') return 0;
  if (i < s.size() && (s[i] >= '0' && s[i] <= '9')) return 0;
  size_t sep = 0;
  if (i < s.size() && s[i] == '.') sep = 1;
  if (s.compare(i, 3, "、") == 0) sep = 3;
  if (sep == 0) return 0;
  size_t after = i + sep;
  if (after < s.size() && s[after] >= '0' && s[after] <= '9') return 0;  // 18651.06
  return after - pos;
}

class Fragmenter {
 public:
  Fragmenter(const ModelT& model, int table, bool markers)
      : markers_(markers), classify_(model.classify[table]), columns_(model.column_rules[table]) {}

  void Add(const Tok& tok) {
    // Cut at numbering.
    std::vector<size_t> cuts = {0};
    if (markers_) {
      for (size_t p = 1; p < tok.compact.size(); ++p) {
        if ((static_cast<unsigned char>(tok.compact[p]) & 0xC0) == 0x80) continue;
        if (MarkerAt(tok.compact, p) > 0) cuts.push_back(p);
      }
    }
    cuts.push_back(tok.compact.size());
    for (size_t k = 0; k + 1 < cuts.size(); ++k) {
      size_t a = cuts[k], b = cuts[k + 1];
      if (a >= b) continue;
      Frag part;
      part.text = tok.compact.substr(a, b - a);
      part.offs.assign(tok.offs.begin() + static_cast<long>(a), tok.offs.begin() + static_cast<long>(b));
      part.seqs.assign(b - a, tok.seq);
      part.seq = tok.seq;
      part.off = part.offs.front();
      part.line = tok.line;
      part.last_line = tok.line;
      part.page = tok.page;
      part.x0 = tok.x + static_cast<int>(internal::CodePointCount(std::string_view(tok.compact).substr(0, a)));
      part.explicit_cell = tok.explicit_cell;
      part.marker = markers_ && MarkerAt(part.text, 0) > 0;
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
    for (Frag& frag : frags_) {
      std::vector<RuleMatch> matches = AllMatches(classify_, frag.text);
      std::vector<size_t> cuts = {0};
      // Column labels run into the first row label ("...现行有效件数规章").
      if (!matches.empty() && matches[0].start > 0 && !frag.marker &&
          BestMatch(columns_, std::string_view(frag.text).substr(0, matches[0].start)).rule != nullptr) {
        cuts.push_back(matches[0].start);
      }
      for (size_t m = 1; m < matches.size(); ++m) {
        if (matches[m].rule->id == matches[m - 1].rule->id &&
            matches[m].rule->kind == matches[m - 1].rule->kind) {
          continue;
        }
        cuts.push_back(matches[m].start);
      }
      cuts.push_back(frag.text.size());
      for (size_t k = 0; k + 1 < cuts.size(); ++k) {
        size_t a = cuts[k], b = cuts[k + 1];
        if (a >= b) continue;
        Frag piece = frag;
        if (cuts.size() > 2) {
          piece.text = frag.text.substr(a, b - a);
          piece.offs.assign(frag.offs.begin() + static_cast<long>(a), frag.offs.begin() + static_cast<long>(b));
          piece.seqs.assign(frag.seqs.begin() + static_cast<long>(a), frag.seqs.begin() + static_cast<long>(b));
          piece.seq = piece.seqs.front();
          piece.off = piece.offs.front();
          if (a > 0) piece.marker = markers_ && MarkerAt(piece.text, 0) > 0;
        }
        piece.match = BestMatch(classify_, piece.text);
        out.push_back(std::move(piece));
      }
    }
    std::stable_sort(out.begin(), out.end(), FragBefore);
    return out;
  }

 private:
  void Attach(Frag part) {
    // A column label belongs to the header before it (信息内容 本年制发件数 ...), wherever the
    // header word stands.
    if (BestMatch(columns_, part.text).rule != nullptr) {
      for (auto it = frags_.rbegin(); it != frags_.rend(); ++it) {
        RuleMatch theirs = BestMatch(classify_, it->text);
        if (theirs.rule == nullptr) continue;
        if (theirs.rule->kind == "header") {
          Append(&*it, part);
          return;
        }
        break;
      }
    }
    RuleMatch own = BestMatch(classify_, part.text);
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
        RuleMatch theirs = BestMatch(classify_, candidate->text);
        // The rest of a wrapped row label ("2、申请人逾期未按收费通知要" / "求缴纳费用、...").
        if (own.rule->kind == "row" && theirs.rule != nullptr && theirs.rule->id == own.rule->id &&
            theirs.rule->kind == own.rule->kind && part.line - candidate->last_line <= 3) {
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
    frag->seqs.insert(frag->seqs.end(), part.seqs.begin(), part.seqs.end());
    frag->last_line = std::max(frag->last_line, part.line);
  }

  bool markers_;
  const ModelT::RuleSet& classify_;  // row, part and header rules
  const ModelT::RuleSet& columns_;
  std::vector<Frag> frags_;
};

// ---------------------------------------------------------------------------------------------
// Reading one table.

struct RowValues {
  const Frag* frag = nullptr;  // the label (first fragment when a row has several)
  std::vector<const Frag*> frags;
  std::vector<const Tok*> values;
};

struct Context {
  const ModelT& model;
  const Document& doc;
  TableExtraction* out;
  bool glued = false;  // the text runs cells together; lines were cut at digits
};

std::string PrintedLabel(const Document& doc, const Frag& frag) {
  // The content characters behind the fragment, whitespace removed: "（一）予以公开".
  std::string out;
  size_t i = 0;
  while (i < frag.offs.size()) {
    size_t j = i;
    while (j + 1 < frag.offs.size() && frag.offs[j + 1] == frag.offs[j] + 1) ++j;
    Span span{frag.offs[i], frag.offs[j] + 1};
    out += WithoutSpaces(doc.text.Evidence(span));
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

// The arithmetic a row of a table keeps; empty for rows that have none (表二).
using RowCheck = std::function<bool(const std::vector<double>&)>;

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
  std::vector<Tok> current;
  std::function<void(size_t, size_t)> cut = [&](size_t t, size_t pos) {
    if (found.size() >= 2) return;
    if (t == toks.size()) {
      if (current.size() != n) return;
      std::vector<double> values;
      for (const Tok& c : current) values.push_back(c.number);
      if (!check || check(values)) found.push_back(current);
      return;
    }
    const std::string& text = toks[t]->text;
    size_t left_tokens = toks.size() - t - 1;
    for (size_t length = 1; length <= 7 && pos + length <= text.size(); ++length) {
      if (text[pos] == '0' && length > 1) break;
      size_t end = pos + length;
      // Numbers still needed must fit the digits left.
      size_t after = text.size() - end;
      for (size_t u = t + 1; u < toks.size(); ++u) after += toks[u]->text.size();
      size_t needed_min = current.size() + 1 + (end == text.size() ? left_tokens : left_tokens + 1);
      if (needed_min > n || current.size() + 1 + after < n) continue;
      Tok piece = *toks[t];
      piece.text = text.substr(pos, length);
      piece.number = std::stod(piece.text);
      piece.span = {toks[t]->span.start + pos, toks[t]->span.start + end};
      piece.x = toks[t]->x + static_cast<int>(pos);
      piece.width = static_cast<int>(length);
      piece.recovered = true;
      current.push_back(piece);
      if (end == text.size()) cut(t + 1, 0);
      else cut(t, end);
      current.pop_back();
      if (found.size() >= 2) return;
    }
  };
  cut(0, 0);
  return found;
}

RowCheck LastIsSum(size_t block) {
  return [block](const std::vector<double>& v) {
    for (size_t b = 0; b + block <= v.size(); b += block) {
      double sum = 0;
      for (size_t c = b; c + 1 < b + block; ++c) sum += v[c];
      if (std::fabs(sum - v[b + block - 1]) > 1e-9) return false;
    }
    return true;
  };
}

// Maps a row's values to `n` columns. Returns false when they cannot be aligned.
bool AlignRow(std::vector<const Tok*> values, size_t n, const Anchors* anchors,
              std::vector<Placed>* cells, bool sum_column = false) {
  cells->assign(n, Placed{});
  bool all_explicit = !values.empty();
  for (const Tok* v : values) all_explicit = all_explicit && v->explicit_cell;
  if (all_explicit) {
    while (values.size() > n && values.front()->kind == CellKind::kBlank) values.erase(values.begin());
    while (values.size() > n && values.back()->kind == CellKind::kBlank) values.pop_back();
    if (values.size() != n) return false;
    for (size_t c = 0; c < n; ++c) (*cells)[c].tok = values[c];
    return true;
  }
  // Layout or flowing text: blanks cannot be seen, only inferred from x.
  std::vector<const Tok*> real;
  for (const Tok* v : values) {
    if (v->kind != CellKind::kBlank) real.push_back(v);
  }
  std::set<int> lines;
  for (const Tok* v : real) lines.insert(v->line);
  if (real.size() == n && lines.size() <= 1) {
    for (size_t c = 0; c < n; ++c) (*cells)[c].tok = real[c];
    return true;
  }
  if (real.size() > n || real.empty()) return false;
  if (anchors != nullptr) {
    std::vector<const Tok*> by_x = real;
    std::stable_sort(by_x.begin(), by_x.end(),
                     [](const Tok* p, const Tok* q) { return Center(*p) < Center(*q); });
    for (const Anchors::Frame& frame : anchors->For(real.front()->page)) {
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
Placement PlaceRow(const std::vector<const Tok*>& values, size_t n, const Anchors* anchors,
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

// Assigns every value token of a region to the row label it follows.
std::map<const Frag*, std::vector<const Tok*>> Own(const ModelT& model, int table,
                                                   const std::vector<Frag>& frags,
                                                   const std::vector<const Tok*>& values,
                                                   const std::set<std::string>& leaf_groups) {
  std::map<const Frag*, std::vector<const Tok*>> owned;
  auto is_leaf = [&](const Frag& f) {
    if (f.match.rule == nullptr || f.match.rule->kind != "row") return false;
    if (!model.IsGroup(table, f.match.rule->id)) return true;
    return leaf_groups.count(f.match.rule->id) > 0;
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
      } else if (f.match.rule != nullptr && f.match.rule->kind == "header") {
        owner = &f;  // opaque: the values after a header belong to no row
      } else if (f.match.rule == nullptr && f.marker) {
        owner = &f;  // an unknown numbered row
      }
    }
    const Frag* to = owner;
    // A group row printed with its own numbers: the group label is on the numbers' line and the
    // sub-row before it is complete (or there is none).
    if (last != nullptr && last != owner && last->match.rule != nullptr &&
        last->match.rule->kind == "row" && last->line == v->line &&
        (owner == nullptr || owner->line != v->line) &&
        (owner == nullptr || owned.count(owner) > 0)) {
      to = last;
    }
    if (to != nullptr) owned[to].push_back(v);
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

Metric MakeMetric(const Context& ctx, int table, const std::string& id, const std::string& row,
                  const std::string& column, const Tok* tok) {
  Metric m;
  m.id = id;
  const CatalogEntry* entry = ctx.model.catalog.Find(id);
  m.unit = entry != nullptr ? entry->unit : "件";
  m.scope = "";
  m.source = "table";
  m.table = kTableNames[table];
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

std::vector<const Tok*> RegionValues(const std::vector<Line>& lines, const Region& region) {
  std::vector<const Tok*> values;
  for (const Line& line : lines) {
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

// The label text inside the region; a word that crosses the region's edge is cut there
// (text that runs a heading and the table's first labels together).
std::vector<Tok> RegionLabels(const std::vector<Line>& lines, const Region& region) {
  std::vector<Tok> labels;
  if (!region.found()) return labels;
  for (const Line& line : lines) {
    if (line.page_number) continue;
    for (const Tok& tok : line.toks) {
      if (tok.is_value || tok.compact.empty()) continue;
      if (tok.span.end <= region.begin || tok.span.start >= region.end) continue;
      if (tok.span.start >= region.begin && tok.span.end <= region.end) {
        labels.push_back(tok);
        continue;
      }
      Tok clipped = tok;
      clipped.compact.clear();
      clipped.offs.clear();
      size_t skipped = 0;
      for (size_t k = 0; k < tok.compact.size(); ++k) {
        bool lead = (static_cast<unsigned char>(tok.compact[k]) & 0xC0) != 0x80;
        if (tok.offs[k] < region.begin) {
          skipped += lead;
          continue;
        }
        if (tok.offs[k] >= region.end) break;
        clipped.compact += tok.compact[k];
        clipped.offs.push_back(tok.offs[k]);
      }
      if (clipped.compact.empty()) continue;
      clipped.x = tok.x + static_cast<int>(skipped);
      clipped.span = {clipped.offs.front(), clipped.offs.back() + 1};
      labels.push_back(std::move(clipped));
    }
  }
  return labels;
}

struct TableResult {
  std::vector<Metric> metrics;
  size_t read_rows = 0;
  size_t unaligned_rows = 0;
  int revision_2019 = 0;
  int revision_2021 = 0;
};

// ----- 表三 -----

// The x centers of the 表三 column labels (自然人 商业企业 ... 总计) in the layout header above the
// first row, word by word ("商业企" over "业" is found by its first word).
void HeaderAnchors(const Document& doc, const ModelT& model, const std::vector<Line>& lines,
                   const Region& region, const std::vector<Frag>& frags, Anchors* anchors) {
  int first_row_line = 1 << 30;
  for (const Frag& f : frags) {
    if (f.match.rule != nullptr && f.match.rule->kind == "row") first_row_line = std::min(first_row_line, f.line);
  }
  const std::vector<std::string>& columns = model.columns[kT3];
  std::vector<const Rule*> rules = model.Rules(kT3, "column");
  std::vector<double> found(columns.size(), -1);
  int page = -1;
  for (size_t i = 0; i < lines.size() && static_cast<int>(i) < first_row_line; ++i) {
    const Line& line = lines[i];
    if (line.explicit_cells || line.span.end <= region.begin || line.span.start >= region.end) continue;
    int form_feeds = 0;
    std::vector<CharPos> chars = LineChars(doc.text.normalized, line.span, &form_feeds);
    for (size_t a = 0; a < chars.size();) {
      if (IsSpaceCp(chars[a].cp)) {
        ++a;
        continue;
      }
      size_t b = a;
      std::string word;
      while (b < chars.size() && !IsSpaceCp(chars[b].cp)) {
        word.append(doc.text.normalized, chars[b].offset, chars[b].length);
        ++b;
      }
      RuleMatch m = BestMatch(rules, word);
      if (m.rule != nullptr) {
        size_t c = static_cast<size_t>(std::find(columns.begin(), columns.end(), m.rule->id) - columns.begin());
        if (c < columns.size() && found[c] < 0) {
          found[c] = chars[a].x + (b - a) / 2.0;
          page = line.page;
        }
      }
      a = b;
    }
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
  TableResult result;
  Fragmenter fragmenter(model, kT3, /*markers=*/true);
  for (const Tok& tok : RegionLabels(lines, region)) fragmenter.Add(tok);
  std::vector<Frag> frags = fragmenter.Finish();
  std::vector<const Tok*> values = RegionValues(lines, region);

  std::set<std::string> found;
  for (const Frag& f : frags) {
    if (f.match.rule != nullptr && f.match.rule->kind == "row") found.insert(f.match.rule->id);
  }
  std::set<std::string> leaf_groups;
  for (const std::string& id : found) {
    if (!model.IsGroup(kT3, id)) continue;
    bool has_sub = false;
    for (const std::string& sub : model.SubRows(kT3, id)) has_sub = has_sub || found.count(sub);
    if (!has_sub) leaf_groups.insert(id);
  }
  if (found.count("other") && !leaf_groups.count("other")) ++result.revision_2021;
  for (const std::string& id : found) {
    for (const Rule* rule : model.Rules(kT3, "row")) {
      if (rule->id == id && rule->revision == "2021") ++result.revision_2021;
    }
  }

  std::map<const Frag*, std::vector<const Tok*>> owned = Own(model, kT3, frags, values, leaf_groups);

  // Rows in order of their labels.
  const size_t n = model.columns[kT3].size();
  std::vector<RowValues> rows;
  std::map<std::string, size_t> row_index;
  for (const Frag& f : frags) {
    bool row = f.match.rule != nullptr && f.match.rule->kind == "row";
    bool unknown = f.match.rule == nullptr && f.marker;
    if (!row && !unknown) continue;
    std::vector<const Tok*> vs = owned.count(&f) ? owned[&f] : std::vector<const Tok*>{};
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
    bool leaf = !model.IsGroup(kT3, f.match.rule->id) || leaf_groups.count(f.match.rule->id);
    if (!leaf && vs.empty()) continue;
    auto it = row_index.find(f.match.rule->id);
    if (it == row_index.end()) {
      row_index[f.match.rule->id] = rows.size();
      RowValues r;
      r.frag = &f;
      r.frags.push_back(&f);
      r.values = vs;
      rows.push_back(std::move(r));
    } else {
      rows[it->second].frags.push_back(&f);
      rows[it->second].values.insert(rows[it->second].values.end(), vs.begin(), vs.end());
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
  Anchors anchors = ComputeAnchors(rows, n);
  HeaderAnchors(ctx->doc, model, lines, region, frags, &anchors);
  FitHeader(values, &anchors);

  std::map<std::string, std::vector<Placed>> read;  // row id -> cells
  std::deque<Tok> recovered;
  std::map<std::string, std::string> printed;
  for (const RowValues& row : rows) {
    const std::string& id = row.frag->match.rule->id;
    std::string label = PrintedLabel(ctx->doc, *row.frag);
    printed[id] = label;
    std::vector<Placed> cells;
    Placement placement = PlaceRow(row.values, n, &anchors, /*sum_column=*/true, LastIsSum(n),
                                   /*recover=*/true, ctx->glued, &recovered, &cells);
    if (placement != Placement::kPlaced) {
      std::vector<std::string> ids;
      for (const std::string& column : model.columns[kT3]) ids.push_back(model.MetricId(kT3, id, column));
      Span at = CoverSpan(row.values);
      if (at.empty() && !row.frag->offs.empty()) at = {row.frag->offs.front(), row.frag->offs.back() + 1};
      AddFinding(ctx, "table.row_unaligned",
                 "表三 row \"" + label + "\": " + PlacementProblem(placement, n, row.values) +
                     "; the row was not read",
                 ids, at);
      ++result.unaligned_rows;
      continue;
    }
    read[id] = cells;
    ++result.read_rows;
  }
  // Metrics in the order of the format.
  std::vector<std::string> order;
  for (const Rule* rule : model.Rules(kT3, "row")) {
    if (std::find(order.begin(), order.end(), rule->id) == order.end()) order.push_back(rule->id);
  }
  for (const std::string& id : order) {
    auto it = read.find(id);
    if (it != read.end()) {
      for (size_t c = 0; c < n; ++c) {
        const std::string& column = model.columns[kT3][c];
        result.metrics.push_back(MakeMetric(*ctx, kT3, model.MetricId(kT3, id, column), printed[id],
                                            model.column_label[kT3].at(column), it->second[c].tok));
      }
      continue;
    }
    // A group row printed without numbers: the sum of its sub-rows, when all were read.
    if (!model.IsGroup(kT3, id) || leaf_groups.count(id)) continue;
    std::vector<std::string> subs = model.SubRows(kT3, id);
    bool complete = true;
    for (const std::string& sub : subs) complete = complete && read.count(sub);
    if (!complete) continue;
    std::string label = model.row_label[kT3].at(id);
    for (const Frag& f : frags) {
      if (f.match.rule != nullptr && f.match.rule->kind == "row" && f.match.rule->id == id) {
        label = PrintedLabel(ctx->doc, f);
        break;
      }
    }
    for (size_t c = 0; c < n; ++c) {
      double sum = 0;
      for (const std::string& sub : subs) {
        const Tok* t = read[sub][c].tok;
        if (t != nullptr && t->kind == CellKind::kNumber) sum += t->number;
      }
      const std::string& column = model.columns[kT3][c];
      Metric m = MakeMetric(*ctx, kT3, model.MetricId(kT3, id, column), label,
                            model.column_label[kT3].at(column), nullptr);
      m.blank = false;
      m.derived = true;
      m.value = sum;
      m.at = Span{};
      result.metrics.push_back(std::move(m));
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

TableResult ReadTable2(Context* ctx, const std::vector<Line>& lines, const Region& region) {
  const ModelT& model = ctx->model;
  TableResult result;
  Fragmenter fragmenter(model, kT2, /*markers=*/false);
  for (const Tok& tok : RegionLabels(lines, region)) fragmenter.Add(tok);
  std::vector<Frag> frags = fragmenter.Finish();
  std::vector<const Tok*> values = RegionValues(lines, region);

  // Revision: the column labels and the rows the report prints.
  std::vector<const Rule*> column_rules = model.Rules(kT2, "column");
  for (const Frag& f : frags) {
    if (f.match.rule != nullptr && f.match.rule->revision == "2019") ++result.revision_2019;
    if (f.match.rule != nullptr && f.match.rule->revision == "2021") ++result.revision_2021;
    for (const RuleMatch& m : AllMatches(column_rules, f.text)) {
      if (m.rule->revision == "2019") ++result.revision_2019;
      if (m.rule->revision == "2021") ++result.revision_2021;
    }
  }
  std::map<const Frag*, std::vector<const Tok*>> owned = Own(model, kT2, frags, values, {});

  const Frag* header = nullptr;
  std::set<std::string> done;
  std::deque<Tok> recovered;
  for (const Frag& f : frags) {
    if (f.match.rule != nullptr && f.match.rule->kind == "header") {
      // The header with the column labels (信息内容 本年制发件数 ...).
      if (!AllMatches(column_rules, f.text).empty()) header = &f;
      continue;
    }
    if (f.match.rule == nullptr || f.match.rule->kind != "row") continue;
    const std::string& item = f.match.rule->id;
    std::vector<const Tok*> vs = owned.count(&f) ? owned[&f] : std::vector<const Tok*>{};
    if (vs.empty() || done.count(item)) continue;
    // The columns: the header's when they fit the row, else the format's.
    std::vector<RuleMatch> header_columns;
    if (header != nullptr) header_columns = AllMatches(column_rules, header->text);
    std::vector<std::string> columns;
    std::vector<std::string> labels;
    std::vector<std::string> header_units;
    std::vector<std::string> candidates;
    if (result.revision_2021 > result.revision_2019) {
      candidates = {"2021", "2019"};
    } else if (result.revision_2019 > result.revision_2021) {
      candidates = {"2019", "2021"};
    } else {
      candidates = {"2021", "2019"};
    }
    size_t real = 0;
    for (const Tok* v : vs) real += v->kind != CellKind::kBlank;
    const std::vector<std::string>* cells = nullptr;
    for (const std::string& revision : candidates) {
      const std::vector<std::string>* c = model.Cells(item, revision);
      if (c == nullptr) continue;
      if (cells == nullptr) cells = c;
      if (c->size() == vs.size() || c->size() == real) {
        cells = c;
        break;
      }
    }
    if (cells == nullptr) continue;
    columns = *cells;
    // The header's own labels when it lists exactly these columns: the text from each column
    // key to the next (本年收费金额(单位:万元)), after the header word (信息内容).
    bool header_fits = header_columns.size() == columns.size();
    for (size_t c = 0; header_fits && c < columns.size(); ++c) {
      header_fits = header_columns[c].rule->id == columns[c];
    }
    size_t header_start = 0;
    if (header_fits) {
      RuleMatch word = BestMatch(model.Rules(kT2, "header"), header->text);
      if (word.rule != nullptr && word.end <= header_columns.front().start) header_start = word.end;
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string& column = columns[c];
      std::string label = model.column_label[kT2].count(column) ? model.column_label[kT2].at(column) : column;
      std::string unit = model.column_unit[kT2].count(column) ? model.column_unit[kT2].at(column) : "";
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
      labels.push_back(label);
      header_units.push_back(unit);
    }
    std::vector<Placed> placed;
    // No arithmetic holds a 表二 row together: run-together digits are cut only where there is
    // one way to (as many digits as columns), and only in text that runs cells together.
    Placement placement = PlaceRow(vs, columns.size(), nullptr, false, RowCheck(), ctx->glued,
                                   ctx->glued, &recovered, &placed);
    if (placement != Placement::kPlaced) {
      std::vector<std::string> ids;
      for (const std::string& column : columns) ids.push_back(model.MetricId(kT2, item, column));
      AddFinding(ctx, "table.row_unaligned",
                 "表二 row \"" + PrintedLabel(ctx->doc, f) + "\": " +
                     PlacementProblem(placement, columns.size(), vs) + "; the row was not read",
                 ids, CoverSpan(vs));
      ++result.unaligned_rows;
      done.insert(item);
      continue;
    }
    done.insert(item);
    ++result.read_rows;
    std::string row_label = PrintedLabel(ctx->doc, f);
    for (size_t c = 0; c < columns.size(); ++c) {
      const Tok* tok = placed[c].tok;
      Metric m = MakeMetric(*ctx, kT2, model.MetricId(kT2, item, columns[c]), row_label, labels[c], tok);
      if (tok != nullptr && tok->kind == CellKind::kNumber) {
        std::string unit = !tok->unit.empty() ? tok->unit : header_units[c];
        if (!unit.empty()) {
          m.value = tok->number * Multiplier(unit);
          if (unit != m.unit) m.unit_as_written = unit;
        }
      }
      result.metrics.push_back(std::move(m));
    }
  }
  return result;
}

// ----- 表四 -----

TableResult ReadTable4(Context* ctx, const std::vector<Line>& lines, const Region& region) {
  const ModelT& model = ctx->model;
  TableResult result;
  std::vector<const Tok*> values = RegionValues(lines, region);
  const std::vector<std::string>& outcomes = model.columns[kT4];
  std::vector<std::string> bodies;
  for (const Rule* rule : model.Rules(kT4, "row")) {
    if (std::find(bodies.begin(), bodies.end(), rule->id) == bodies.end()) bodies.push_back(rule->id);
  }
  const size_t n = outcomes.size();
  std::vector<const Rule*> body_rules = model.Rules(kT4, "row");
  std::deque<Tok> recovered;
  auto emit = [&](const std::string& body, const std::vector<Placed>& cells) {
    for (size_t c = 0; c < n; ++c) {
      result.metrics.push_back(MakeMetric(*ctx, kT4, model.MetricId(kT4, body, outcomes[c]),
                                          model.row_label[kT4].at(body),
                                          model.column_label[kT4].at(outcomes[c]), cells[c].tok));
    }
    ++result.read_rows;
  };
  // One row per body ("行政复议 0 0 0 0 0"): the labels are on the lines of their numbers.
  std::map<std::string, std::vector<const Tok*>> by_body;
  for (const Line& line : lines) {
    std::string label;
    std::vector<const Tok*> vs;
    for (const Tok& tok : line.toks) {
      if (!region.Contains(tok)) continue;
      if (tok.is_value) vs.push_back(&tok);
      else if (vs.empty()) label += tok.compact;
    }
    if (vs.empty() || label.empty()) continue;
    RuleMatch m = BestMatch(body_rules, label);
    // "行政诉讼/复议后起诉" contains 行政复议-like words; take the most specific body.
    if (m.rule != nullptr && vs.size() <= n + 1) by_body[m.rule->id] = vs;
  }
  if (by_body.size() >= 2) {
    for (const std::string& body : bodies) {
      auto it = by_body.find(body);
      if (it == by_body.end()) continue;
      std::vector<Placed> cells;
      Placement placement = PlaceRow(it->second, n, nullptr, false, LastIsSum(n), true, ctx->glued,
                                     &recovered, &cells);
      if (placement != Placement::kPlaced) {
        AddFinding(ctx, "table.row_unaligned",
                   "表四 row \"" + model.row_label[kT4].at(body) + "\": " +
                       PlacementProblem(placement, n, it->second) + "; the row was not read",
                   {}, CoverSpan(it->second));
        ++result.unaligned_rows;
        continue;
      }
      emit(body, cells);
    }
    return result;
  }
  // The usual form: one line of 15 numbers under a two-level header.
  if (values.empty()) return result;
  std::vector<Placed> cells;
  Placement placement = PlaceRow(values, n * bodies.size(), nullptr, false, LastIsSum(n), true,
                                 ctx->glued, &recovered, &cells);
  if (placement != Placement::kPlaced) {
    std::vector<std::string> ids;
    for (const std::string& body : bodies) {
      for (const std::string& outcome : outcomes) ids.push_back(model.MetricId(kT4, body, outcome));
    }
    AddFinding(ctx, "table.row_unaligned",
               "表四: " + PlacementProblem(placement, n * bodies.size(), values) +
                   "; the table was not read",
               ids, CoverSpan(values));
    ++result.unaligned_rows;
    return result;
  }
  for (size_t b = 0; b < bodies.size(); ++b) {
    std::vector<Placed> part(cells.begin() + static_cast<long>(b * n),
                             cells.begin() + static_cast<long>((b + 1) * n));
    emit(bodies[b], part);
  }
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
  model->catalog = std::move(*catalog);
  TableReader reader;
  auto error = [&](size_t r, const std::string& what) {
    return Status(StatusCode::kInvalidArgument,
                  "table_labels.tsv line " + std::to_string(tsv->line_numbers[r]) + ": " + what);
  };
  static const std::set<std::string> kKinds = {"start", "confirm", "expect", "stop", "row",
                                               "column", "part", "header", "cells"};
  for (size_t r = 0; r < tsv->rows.size(); ++r) {
    reader.labels_.push_back(tsv->rows[r]);
    Rule rule;
    std::string table(tsv->Cell(r, "table"));
    rule.table = table == "*" ? -1 : TableIndexOf(table);
    if (table != "*" && rule.table < 0) return error(r, "unknown table '" + table + "'");
    rule.kind = std::string(tsv->Cell(r, "kind"));
    if (!kKinds.count(rule.kind)) return error(r, "unknown kind '" + rule.kind + "'");
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
    if (rule.kind == "cells") {
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
    if ((rule.kind == "row" || rule.kind == "column" || rule.kind == "cells" || rule.kind == "part" ||
         rule.kind == "header") &&
        rule.id.empty()) {
      return error(r, "a " + rule.kind + " needs an id");
    }
    if (rule.kind != "stop" && rule.table < 0) return error(r, "only stop rules apply to every table");
    model->rules.push_back(std::move(rule));
  }
  // Examples resolve to their own label; ids exist in the metric catalogue.
  for (size_t r = 0; r < model->rules.size(); ++r) {
    const Rule& rule = model->rules[r];
    if (rule.kind == "cells") continue;
    std::string example = FoldCompact(rule.example);
    if (example.empty()) {
      if (rule.kind == "row" || rule.kind == "column") return error(r, "a row or column needs an example");
      continue;
    }
    if (!RE2::PartialMatch(Piece(example), *rule.re)) {
      return error(r, "example '" + rule.example + "' does not match the pattern");
    }
    std::vector<const Rule*> rivals;
    if (rule.kind == "row" || rule.kind == "part" || rule.kind == "header") {
      for (const char* kind : {"row", "part", "header"}) {
        for (const Rule* other : model->Rules(rule.table, kind)) rivals.push_back(other);
      }
    } else if (rule.kind == "column") {
      rivals = model->Rules(rule.table, "column");
    }
    if (!rivals.empty()) {
      RuleMatch best = BestMatch(rivals, example);
      if (best.rule == nullptr || best.rule->id != rule.id || best.rule->kind != rule.kind) {
        return error(r, "example '" + rule.example + "' reads as " +
                            (best.rule ? best.rule->kind + " " + best.rule->id : std::string("nothing")));
      }
    }
  }
  for (int t = 0; t < kTableCount; ++t) {
    for (const Rule* rule : model->Rules(t, "column")) {
      if (std::find(model->columns[t].begin(), model->columns[t].end(), rule->id) ==
          model->columns[t].end()) {
        model->columns[t].push_back(rule->id);
        model->column_label[t][rule->id] = rule->example;
        if (!rule->unit.empty()) model->column_unit[t][rule->id] = rule->unit;
      }
    }
    for (const Rule* rule : model->Rules(t, "row")) {
      if (!model->row_label[t].count(rule->id)) model->row_label[t][rule->id] = rule->example;
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
    for (const auto& [row, label] : model->row_label[t]) {
      for (const std::string& column : model->columns[t]) {
        Status s = check_id(model->MetricId(t, row, column));
        if (!s.ok()) return s;
      }
    }
  }
  for (const Rule* rule : model->Rules(kT2, "cells")) {
    for (const std::string& column : rule->cells) {
      if (!model->column_label[kT2].count(column)) {
        return Status(StatusCode::kInvalidArgument,
                      "table_labels.tsv line " + std::to_string(rule->line) + ": unknown column '" +
                          column + "'");
      }
      Status s = check_id(model->MetricId(kT2, rule->id, column));
      if (!s.ok()) return s;
    }
  }
  if (model->columns[kT3].empty() || model->columns[kT4].empty()) {
    return Status(StatusCode::kInvalidArgument, "table_labels.tsv: 表三 and 表四 need columns");
  }
  for (int t = 0; t < kTableCount; ++t) {
    std::vector<const Rule*> classify;
    for (const char* kind : {"row", "part", "header"}) {
      for (const Rule* rule : model->Rules(t, kind)) classify.push_back(rule);
    }
    model->classify[t].Build(std::move(classify));
    model->column_rules[t].Build(model->Rules(t, "column"));
  }
  reader.model_ = std::move(model);
  return reader;
}

namespace {

struct Regions {
  Region r[kTableCount];
};

Regions FindRegions(const ModelT& model, const std::vector<Line>& lines, size_t text_size) {
  Regions regions;
  std::vector<const Rule*> starts[kTableCount], confirms[kTableCount];
  for (int t = 0; t < kTableCount; ++t) {
    starts[t] = model.Rules(t, "start");
    confirms[t] = model.Rules(t, "confirm");
    // Rules(t, ...) includes "*" rules; start/confirm never use "*".
  }
  auto find = [&](int t, size_t from, size_t limit) -> std::optional<std::pair<size_t, size_t>> {
    return FindFirst(lines, starts[t], from, limit, &confirms[t]);
  };
  auto s3 = find(kT3, 0, text_size);
  auto s4 = find(kT4, s3 ? s3->first + 1 : 0, text_size);
  size_t limit2 = s3 ? s3->first : (s4 ? s4->first : text_size);
  auto s2 = find(kT2, 0, limit2);
  // Alone, 行政复议 with 维持 could be the statistics table of a pre-2019 report: 表四 then needs
  // the litigation columns only the 2019+ formats print (未经复议直接起诉, 复议后起诉).
  if (s4 && !s3 && !s2) {
    std::vector<const Rule*> litigation;
    for (const Rule* rule : model.Rules(kT4, "row")) {
      if (rule->id.rfind("litigation.", 0) == 0) litigation.push_back(rule);
    }
    if (!FindFirst(lines, litigation, s4->first, text_size, nullptr)) s4.reset();
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
    auto stop_at = FindFirst(lines, model.Rules(t, "stop"), region.begin + 1, end, nullptr);
    if (stop_at) end = std::min(end, stop_at->first);
    region.end = end;
  }
  return regions;
}

// A table ends at the first paragraph of prose after its numbers (a note under the table, the
// text of the next section when its heading was not recognized).
void EndAtProse(const ModelT& model, int table, const std::vector<Line>& lines, Region* region) {
  if (!region->found()) return;
  std::vector<const Rule*> labels = model.Rules(table, "row");
  for (const Rule* rule : model.Rules(table, "part")) labels.push_back(rule);
  for (const Rule* rule : model.Rules(table, "header")) labels.push_back(rule);
  bool seen_value = false;
  for (const Line& line : lines) {
    if (line.span.end <= region->begin || line.span.start >= region->end) continue;
    bool prose = false;
    for (const Tok& tok : line.toks) {
      if (tok.is_value) {
        if (tok.kind != CellKind::kBlank && region->Contains(tok)) seen_value = true;
        continue;
      }
      if (line.explicit_cells || internal::CodePointCount(tok.compact) < 15) continue;
      bool sentence = tok.compact.find("。") != std::string::npos ||
                      tok.compact.find("，") != std::string::npos ||
                      tok.compact.find("；") != std::string::npos;
      if (sentence && BestMatch(labels, tok.compact).rule == nullptr) prose = true;
    }
    if (prose && seen_value && line.span.start > region->begin) {
      region->end = line.span.start;
      return;
    }
  }
}

// Label text of the 表三 or 表二 region with numbers glued to it, in several places.
bool RunsCellsTogether(const std::vector<Line>& lines, const Regions& regions) {
  static const LazyRE2 kGlued = {R"((?:[^\d.,:/\-+%\s]\d{3,})|(?:\d{3,}[^\d.,:/\-+%\s年月日]))"};
  int glued = 0;
  for (int t : {kT2, kT3}) {
    const Region& region = regions.r[t];
    if (!region.found()) continue;
    for (const Line& line : lines) {
      for (const Tok& tok : line.toks) {
        if (tok.is_value || tok.span.end <= region.begin || tok.span.start >= region.end) continue;
        re2::StringPiece rest = Piece(tok.compact);
        while (RE2::FindAndConsume(&rest, *kGlued)) ++glued;
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
  Context ctx{model, document, &out};

  std::vector<Line> lines = BuildLines(document, /*glued=*/false);
  Regions regions = FindRegions(model, lines, document.text.normalized.size());
  // Text that runs the cells together ("一、本年新收政府信息公开申请数量21710000218"): cut the
  // lines at digits and read again.
  if (RunsCellsTogether(lines, regions)) {
    ctx.glued = true;
    lines = BuildLines(document, /*glued=*/true);
    regions = FindRegions(model, lines, document.text.normalized.size());
  }


  if (!ctx.glued) {
    for (int t = 0; t < kTableCount; ++t) EndAtProse(model, t, lines, &regions.r[t]);
  }

  TableResult results[kTableCount];
  if (regions.r[kT2].found()) results[kT2] = ReadTable2(&ctx, lines, regions.r[kT2]);
  if (regions.r[kT3].found()) results[kT3] = ReadTable3(&ctx, lines, regions.r[kT3]);
  if (regions.r[kT4].found()) results[kT4] = ReadTable4(&ctx, lines, regions.r[kT4]);

  bool any = false;
  for (int t = 0; t < kTableCount; ++t) {
    any = any || !results[t].metrics.empty();
    for (Metric& m : results[t].metrics) out.metrics.push_back(std::move(m));
  }
  // A report of the 2019+ formats without a readable 表三.
  if (results[kT3].metrics.empty()) {
    std::vector<const Rule*> expect = model.Rules(kT3, "expect");
    auto heading = FindFirst(lines, expect, 0, document.text.normalized.size(), nullptr);
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
    } else if (!results[kT3].metrics.empty()) {
      out.format_revision = "2019";  // a single-row （六）其他处理 and no 表二 to tell
    } else {
      out.format_revision = "2021";
    }
  }
  return out;
}

}  // namespace ogi
