// Recognition runs in three steps per block:
//   1. at every character that can start a numeral (or a prefix unit such as 百分之), the
//      number grammar reads the longest numeral;
//   2. the unit and qualifier tables extend it to the figure as written, or reject it;
//   3. the not-a-figure patterns (RE2, from data/not_figures.tsv) reject a figure whose number
//      overlaps one of their matches.
// A numeral that is rejected is skipped whole, so "2016年" never yields "016".
#include "ogi/figure.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "internal/regex_starts.h"
#include "internal/utf8.h"

namespace ogi {

struct FigureRecognizer::NotFigures {
  std::vector<std::unique_ptr<RE2>> alternations;
  std::vector<internal::MatchStartFilter> starts;  // of each alternation
  std::vector<internal::MatchPrefixAutomaton> prefixes;  // of each alternation
  internal::MatchStartFilter any_starts;           // of all: one pass finds where to ask
};

namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

size_t SkipSpaces(std::string_view text, size_t pos, size_t end) {
  while (pos < end && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\t' ||
                       text[pos] == '\r' || text[pos] == '\f')) {
    ++pos;
  }
  return pos;
}

size_t SkipSpacesBack(std::string_view text, size_t pos, size_t begin) {
  while (pos > begin && (text[pos - 1] == ' ' || text[pos - 1] == '\n' || text[pos - 1] == '\t' ||
                         text[pos - 1] == '\r' || text[pos - 1] == '\f')) {
    --pos;
  }
  return pos;
}

bool StartsWithAt(std::string_view text, size_t pos, size_t end, std::string_view word) {
  return pos + word.size() <= end && text.compare(pos, word.size(), word) == 0;
}

std::string FormatValue(double value) {
  char buffer[64];
  if (std::fabs(value - std::round(value)) < 1e-9 && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
  }
  return buffer;
}

template <typename T>
void SortLongestFirst(std::vector<T>* items) {
  std::stable_sort(items->begin(), items->end(),
                   [](const T& a, const T& b) { return a.written.size() > b.written.size(); });
}

template <typename T>
std::vector<std::string_view> WrittenForms(const std::vector<T>& items) {
  std::vector<std::string_view> out;
  for (const T& item : items) out.push_back(item.written);
  return out;
}

uint32_t CodePointAt(std::string_view text, size_t pos) {
  size_t length = 0;
  return internal::DecodeUtf8At(text, pos, &length);
}

uint32_t CodePointBefore(std::string_view text, size_t pos) {
  return CodePointAt(text, pos - internal::PreviousCodePointLength(text, pos));
}

// The not-a-figure matches of one block, found only as far as a figure asks: most blocks hold
// no figure and need no scan, and nothing after a block's last figure is scanned. Every search
// resumes where the previous match ended, as one pass over the whole block does, and sees the
// whole block as context, so the matches are exactly those of that pass (leftmost-longest, not
// overlapping). The patterns come as up to two alternations: the match of their union is the
// leftmost of their matches, the longest of those at that start.
class ForbiddenSpans {
 public:
  // The alternations, where each one's matches may start (by their first characters, then by
  // the automaton of their first few), and where any may start.
  ForbiddenSpans(std::string_view text, Span range, const std::vector<std::unique_ptr<RE2>>& alternations,
                 const std::vector<internal::MatchStartFilter>& starts,
                 const std::vector<internal::MatchPrefixAutomaton>& prefixes,
                 const internal::MatchStartFilter& any_starts)
      : piece_(text.substr(range.start, range.size())),
        base_(range.start),
        patterns_(alternations),
        starts_(starts),
        prefixes_(prefixes),
        any_starts_(any_starts) {}

  // Whether a match overlaps `span`; spans are asked in text order.
  bool Overlap(Span span) {
    // Every match that starts before offset_ is in spans_.
    const size_t limit = std::min(span.end - base_, piece_.size());
    while (offset_ < limit) {
      if (any_starts_.anywhere()) {
        FindNextUnfiltered();
      } else {
        FindNextFiltered(limit);
      }
    }
    while (next_ < spans_.size() && spans_[next_].end <= span.start) ++next_;
    for (size_t i = next_; i < spans_.size() && spans_[i].start < span.end; ++i) {
      if (spans_[i].end > span.start) return true;
    }
    return false;
  }

 private:
  // Records the next match if one starts before `limit`, or else moves offset_ to where no
  // match starts before: the pass from there finds the same matches. The engine is asked only
  // where the filters let a match start, anchored: the prose between never runs through its
  // DFA (16-25 instructions a byte, and new states to build for every new wording).
  void FindNextFiltered(size_t limit) {
    const re2::StringPiece input(piece_.data(), piece_.size());
    size_t pos = offset_;
    while ((pos = any_starts_.Next(piece_, pos, limit)) < limit) {
      size_t end = pos;
      for (size_t i = 0; i < patterns_.size(); ++i) {
        re2::StringPiece match;
        // No match starts in [offset_, pos): the automaton may use it. It reads the first
        // characters as the start filter does, and further (where it can read the patterns).
        if ((prefixes_[i].anywhere() ? starts_[i].MayStartAt(piece_, pos)
                                     : prefixes_[i].MayMatchAt(piece_, pos, offset_)) &&
            patterns_[i]->Match(input, pos, piece_.size(), RE2::ANCHOR_START, &match, 1)) {
          end = std::max(end, pos + match.size());
        }
      }
      if (end > pos) {  // the filters let no pattern through that matches the empty string
        spans_.push_back({base_ + pos, base_ + end});
        offset_ = end;
        return;
      }
      pos += internal::CharacterLength(piece_, pos);
    }
    offset_ = pos;
  }

  // An alternation's leftmost-longest match at or after where it was last searched from: it
  // stays its match from any later offset up to the match's start.
  struct Alternation {
    bool searched = false;
    bool found = false;
    size_t start = 0, end = 0;
  };

  void FindNextUnfiltered() {
    const size_t none = piece_.size() + 1;
    size_t start = none, end = 0;
    for (size_t i = 0; i < patterns_.size(); ++i) {
      Alternation& a = alternations_[i];
      if (!a.searched || (a.found && a.start < offset_)) {
        re2::StringPiece input(piece_.data(), piece_.size());
        re2::StringPiece match;
        a.searched = true;
        a.found = patterns_[i]->Match(input, offset_, piece_.size(), RE2::UNANCHORED, &match, 1);
        if (a.found) {
          a.start = static_cast<size_t>(match.data() - piece_.data());
          a.end = a.start + match.size();
        }
      }
      if (a.found && (a.start < start || (a.start == start && a.end > end))) {
        start = a.start;
        end = a.end;
      }
    }
    if (start == none) {
      offset_ = piece_.size();
      return;
    }
    if (end > start) spans_.push_back({base_ + start, base_ + end});
    offset_ = end > start ? end : start + 1;
  }

  std::string_view piece_;
  size_t base_;
  const std::vector<std::unique_ptr<RE2>>& patterns_;
  const std::vector<internal::MatchStartFilter>& starts_;
  const std::vector<internal::MatchPrefixAutomaton>& prefixes_;
  const internal::MatchStartFilter& any_starts_;
  std::array<Alternation, 2> alternations_;
  size_t offset_ = 0;  // where the next search starts, in piece_
  std::vector<Span> spans_;
  size_t next_ = 0;  // first span that may overlap the next span asked about
};

}  // namespace

std::string DumpFigure(const Figure& f, bool with_span) {
  std::string out = FormatValue(f.value) + " " + (f.unit.empty() ? "-" : f.unit) + " " + f.kind +
                    " " + (f.qualifier.empty() ? "-" : f.qualifier);
  if (with_span) out += " [" + std::to_string(f.span.start) + "," + std::to_string(f.span.end) + ")";
  return out;
}

std::string DumpFigures(const std::vector<Figure>& figures, bool with_span) {
  std::string out;
  for (const Figure& f : figures) {
    if (!out.empty()) out += " | ";
    out += DumpFigure(f, with_span);
  }
  return out;
}

void FigureRecognizer::WordIndex::Build(const std::vector<std::string_view>& words,
                                        bool by_last_code_point) {
  std::vector<std::pair<uint32_t, uint32_t>> keyed;  // (code point, index), stable by index
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].empty()) continue;
    uint32_t key = by_last_code_point ? CodePointBefore(words[i], words[i].size()) : CodePointAt(words[i], 0);
    keyed.emplace_back(key, static_cast<uint32_t>(i));
  }
  std::sort(keyed.begin(), keyed.end());
  keys_ = CodePointSet();
  code_points_.clear();
  offsets_.clear();
  indices_.clear();
  for (const auto& [key, index] : keyed) {
    if (code_points_.empty() || code_points_.back() != key) {
      keys_.Insert(key);
      code_points_.push_back(key);
      offsets_.push_back(static_cast<uint32_t>(indices_.size()));
    }
    indices_.push_back(index);
  }
  offsets_.push_back(static_cast<uint32_t>(indices_.size()));
}

std::span<const uint32_t> FigureRecognizer::WordIndex::With(uint32_t code_point) const {
  if (!keys_.Contains(code_point)) return {};
  auto it = std::lower_bound(code_points_.begin(), code_points_.end(), code_point);
  if (it == code_points_.end() || *it != code_point) return {};
  size_t group = static_cast<size_t>(it - code_points_.begin());
  return std::span<const uint32_t>(indices_).subspan(offsets_[group], offsets_[group + 1] - offsets_[group]);
}

FigureRecognizer::FigureRecognizer() = default;
FigureRecognizer::FigureRecognizer(FigureRecognizer&&) noexcept = default;
FigureRecognizer& FigureRecognizer::operator=(FigureRecognizer&&) noexcept = default;
FigureRecognizer::~FigureRecognizer() = default;

Result<FigureRecognizer> FigureRecognizer::Load(const DataFiles& files) {
  Result<NumeralReader> numerals = NumeralReader::Load(files);
  if (!numerals.ok()) return numerals.status();
  FigureRecognizer recognizer;
  recognizer.numerals_ = std::move(*numerals);
  // Characters of the number grammar: a cheap test before asking the grammar at a position.
  Result<TsvTable> numeral_table = LoadTsv(files, "numerals.tsv");
  if (!numeral_table.ok()) return numeral_table.status();
  for (size_t r = 0; r < numeral_table->rows.size(); ++r) {
    std::string_view role = numeral_table->Cell(r, "role");
    if (role == "unit") {
      std::string_view ch = numeral_table->Cell(r, "char");
      double value = std::stod(std::string(numeral_table->Cell(r, "value")));
      size_t length = 0;
      // 十百千万亿: a number written without a leading digit starts with one (数十件, 上百条);
      // from 万 up they make an Arabic number without a unit a figure (日均浏览量400万).
      recognizer.multipliers_.Insert(internal::DecodeUtf8At(ch, 0, &length));
      if (value >= 10000) recognizer.large_multipliers_.push_back(std::string(ch));
    }
    if (role == "digit" || role == "unit") {
      std::string_view ch = numeral_table->Cell(r, "char");
      size_t length = 0;
      if (!ch.empty()) {
        recognizer.numeral_chars_.Insert(internal::DecodeUtf8At(ch, 0, &length));
        recognizer.candidate_starts_.Insert(internal::DecodeUtf8At(ch, 0, &length));
      }
    }
  }

  std::vector<TsvTable> tables;
  for (std::string_view name : {"units.tsv", "qualifiers.tsv", "not_figures.tsv"}) {
    Result<TsvTable> table = LoadTsv(files, name);
    if (!table.ok()) return table.status();
    tables.push_back(std::move(*table));
  }
  const TsvTable& units = tables[0];
  for (size_t r = 0; r < units.rows.size(); ++r) {
    Unit unit{std::string(units.Cell(r, "written")), std::string(units.Cell(r, "unit")),
              std::string(units.Cell(r, "kind")), 1.0};
    std::string_view scale = units.Cell(r, "scale");
    if (!scale.empty()) unit.scale = std::stod(std::string(scale));
    // Words are looked up by their first character (WordIndex).
    if (unit.written.empty() || unit.kind.empty() || !internal::IsValidUtf8(unit.written)) {
      return Status(StatusCode::kInvalidArgument, "units.tsv line " + std::to_string(units.line_numbers[r]) +
                                                     ": empty or malformed written, or empty kind");
    }
    (units.Cell(r, "position") == "prefix" ? recognizer.prefix_units_ : recognizer.suffix_units_)
        .push_back(std::move(unit));
  }
  const TsvTable& qualifiers = tables[1];
  for (size_t r = 0; r < qualifiers.rows.size(); ++r) {
    Qualifier q{std::string(qualifiers.Cell(r, "written")), std::string(qualifiers.Cell(r, "qualifier"))};
    q.vague = q.qualifier == "vague";
    // Words are looked up by their first or last character (WordIndex).
    if (q.written.empty() || !internal::IsValidUtf8(q.written)) {
      return Status(StatusCode::kInvalidArgument, "qualifiers.tsv line " +
                                                     std::to_string(qualifiers.line_numbers[r]) +
                                                     ": empty or malformed written");
    }
    std::string_view position = qualifiers.Cell(r, "position");
    if (position == "before") recognizer.before_.push_back(q);
    else if (position == "after_number") recognizer.after_number_.push_back(q);
    else if (position == "after_unit") recognizer.after_unit_.push_back(q);
    else {
      return Status(StatusCode::kInvalidArgument, "qualifiers.tsv line " +
                                                     std::to_string(qualifiers.line_numbers[r]) +
                                                     ": position must be before, after_number or after_unit");
    }
  }
  const TsvTable& not_figures = tables[2];
  // A pattern that compiles to more instructions than all the others together (a counted
  // repetition: 《[^《》]{0,80}》) is an alternation of its own. Inside the one alternation it
  // multiplied the states of the shared DFA, built as text needs them: ~80 million instructions
  // on the first report, and more with every report of new wording (a fifth of a run over
  // varied reports). Searching it apart costs ~1% on text whose states are built already.
  std::vector<std::string> patterns;
  std::vector<int> program_sizes;
  int total_program_size = 0;
  for (size_t r = 0; r < not_figures.rows.size(); ++r) {
    std::string_view type = not_figures.Cell(r, "type");
    std::string pattern(not_figures.Cell(r, "pattern"));
    if (type == "name") pattern = RE2::QuoteMeta(pattern);
    RE2::Options options;
    options.set_log_errors(false);
    RE2 alone(pattern, options);  // checked alone, so an error names its own line
    if (!alone.ok()) {
      return Status(StatusCode::kInvalidArgument, "not_figures.tsv line " +
                                                     std::to_string(not_figures.line_numbers[r]) +
                                                     ": bad pattern: " + alone.error());
    }
    patterns.push_back(std::move(pattern));
    program_sizes.push_back(alone.ProgramSize());
    total_program_size += alone.ProgramSize();
  }
  std::array<std::string, 2> alternations;  // the others, the large ones
  std::array<internal::MatchStartFilter, 2> starts;
  std::array<std::vector<std::string>, 2> members;
  recognizer.not_figures_ = std::make_unique<NotFigures>();
  for (size_t i = 0; i < patterns.size(); ++i) {
    const int large = program_sizes[i] > total_program_size - program_sizes[i] ? 1 : 0;
    std::string& alternation = alternations[large];
    if (!alternation.empty()) alternation += "|";
    alternation += "(?:" + patterns[i] + ")";
    const internal::RegexStarts pattern_starts = internal::AnalyzeRegexStarts(patterns[i]);
    starts[large].Add(pattern_starts);
    members[large].push_back(patterns[i]);
    recognizer.not_figures_->any_starts.Add(pattern_starts);
  }
  for (int i = 0; i < 2; ++i) {
    if (alternations[i].empty()) continue;
    RE2::Options options;
    options.set_log_errors(false);
    options.set_longest_match(true);  // the widest forbidden span wins where patterns overlap
    options.set_max_mem(64 << 20);
    auto compiled = std::make_unique<RE2>(alternations[i], options);
    if (!compiled->ok()) return Status(StatusCode::kInvalidArgument, "not_figures.tsv: " + compiled->error());
    recognizer.not_figures_->alternations.push_back(std::move(compiled));
    recognizer.not_figures_->starts.push_back(std::move(starts[i]));
    recognizer.not_figures_->prefixes.push_back(internal::MatchPrefixAutomaton::FromPatterns(members[i]));
  }
  SortLongestFirst(&recognizer.suffix_units_);
  SortLongestFirst(&recognizer.prefix_units_);
  SortLongestFirst(&recognizer.before_);
  SortLongestFirst(&recognizer.after_number_);
  SortLongestFirst(&recognizer.after_unit_);
  for (const Unit& unit : recognizer.prefix_units_) {
    recognizer.prefix_unit_starts_.Insert(CodePointAt(unit.written, 0));
    recognizer.candidate_starts_.Insert(CodePointAt(unit.written, 0));
  }
  recognizer.suffix_index_.Build(WrittenForms(recognizer.suffix_units_), false);
  recognizer.before_index_.Build(WrittenForms(recognizer.before_), true);
  recognizer.after_number_index_.Build(WrittenForms(recognizer.after_number_), false);
  recognizer.after_unit_index_.Build(WrittenForms(recognizer.after_unit_), false);
  Status self_test = recognizer.SelfTest(tables);
  if (!self_test.ok()) return self_test;
  return recognizer;
}

Status FigureRecognizer::SelfTest(const std::vector<TsvTable>& tables) const {
  std::string failures;
  for (const TsvTable& table : tables) {
    for (size_t r = 0; r < table.rows.size(); ++r) {
      std::string_view example = table.Cell(r, "example");
      if (example.empty()) continue;
      std::string got = DumpFigures(Find(example), /*with_span=*/false);
      std::string_view expected = table.Cell(r, "expected");
      if (got != expected) {
        failures += "\n  " + table.name + " line " + std::to_string(table.line_numbers[r]) +
                    ": input \"" + std::string(example) + "\" expected \"" + std::string(expected) +
                    "\" got \"" + got + "\"";
      }
    }
  }
  if (failures.empty()) return Status::Ok();
  return Status(StatusCode::kInvalidArgument, "figure data self-test failed:" + failures);
}

bool FigureRecognizer::TryFigureAt(std::string_view text, Span range, size_t pos, Candidate* figure,
                                   size_t* numeral_length) const {
  const size_t end = range.end;
  // The first (longest) word of a table written at text[at, end).
  auto written_at = [&](const auto& items, const WordIndex& index, size_t at) {
    const auto* found = static_cast<decltype(items.data())>(nullptr);
    if (at >= end) return found;
    for (uint32_t i : index.With(CodePointAt(text, at))) {
      if (StartsWithAt(text, at, end, items[i].written)) return found = &items[i];
    }
    return found;
  };
  size_t number_start = pos;
  const Unit* prefix = nullptr;
  if (prefix_unit_starts_.Contains(CodePointAt(text, pos))) {
    for (const Unit& unit : prefix_units_) {
      if (StartsWithAt(text, pos, end, unit.written)) {
        prefix = &unit;
        number_start = pos + unit.written.size();
        break;
      }
    }
  }
  std::optional<Numeral> numeral = numerals_.Read(text.substr(number_start, end - number_start));
  *numeral_length = prefix != nullptr ? std::string_view::npos : numeral ? numeral->length : 0;
  if (!numeral) return false;
  // An Arabic number without a multiplier is a figure only with a unit written after it (the
  // unitless rule below asks for 万 or 亿), and the unit comes after the spaces, or after an
  // after-number qualifier: where neither starts there, every path below rejects it too. Most
  // numbers of a table are such, and are rejected here before the word lookups.
  if (!numeral->chinese && prefix == nullptr) {
    const size_t next = SkipSpaces(text, number_start + numeral->length, end);
    if (next >= end) return false;
    const uint32_t following = CodePointAt(text, next);
    if (!suffix_index_.AnyWith(following) && !after_number_index_.AnyWith(following)) return false;
  }
  std::string_view written = text.substr(number_start, numeral->length);
  size_t number_end = number_start + numeral->length;

  // An Arabic number glued to Latin letters or to another number is a code (G20, 5G, v1.2).
  if (IsAsciiDigit(text[number_start])) {
    if (number_start > range.start) {
      char before = text[number_start - 1];
      if (IsAsciiAlpha(before) || IsAsciiDigit(before) || before == '.' || before == '/' ||
          before == '-' || before == '_' || before == '@') {
        return false;
      }
    }
    if (number_end < end && (IsAsciiAlpha(text[number_end]) || text[number_end] == '@')) return false;
  }
  // A lone 一 before a measure word is an article ("一个", "一批"), and a lone 零 is a slogan
  // ("零材料", "零人工"), not a statistic.
  if (numeral->chinese && (written == "一" || written == "零" || written == "〇")) return false;
  if (numeral->digit_sequence && numeral->chinese) return false;

  static const std::string kMoreThan = "more_than";
  const std::string* qualifier = numeral->inner_more_than ? &kMoreThan : nullptr;
  size_t cursor = SkipSpaces(text, number_end, end);
  if (const Qualifier* q = written_at(after_number_, after_number_index_, cursor)) {
    if (q->vague) return false;
    if (qualifier == nullptr) qualifier = &q->qualifier;
    cursor = SkipSpaces(text, cursor + q->written.size(), end);
  }
  const Unit* unit = prefix;
  size_t figure_end = number_end;
  if (prefix == nullptr) {
    if ((unit = written_at(suffix_units_, suffix_index_, cursor)) != nullptr) {
      figure_end = cursor + unit->written.size();
    }
  } else if (qualifier != nullptr) {
    figure_end = cursor;
  }
  if (unit == nullptr) {
    // Unitless: only an Arabic number with 万/亿 (日均浏览量400万) counts.
    if (numeral->chinese && !IsAsciiDigit(written[0])) return false;
    bool large = false;
    for (const std::string& m : large_multipliers_) large = large || written.find(m) != std::string_view::npos;
    if (!large) return false;
    if (qualifier != nullptr) figure_end = SkipSpacesBack(text, cursor, number_end);
  } else if (prefix == nullptr && qualifier != nullptr && figure_end < cursor) {
    figure_end = cursor;
  }
  // Qualifiers written after the unit: 500人以上, 100件左右.
  size_t after = SkipSpaces(text, figure_end, end);
  if (const Qualifier* q = written_at(after_unit_, after_unit_index_, after)) {
    if (qualifier == nullptr) {
      qualifier = &q->qualifier;
      figure_end = after + q->written.size();
    }
  }
  // Qualifiers written before the number: 约, 近, 超过, 不足; vague markers: 数十, 上百.
  size_t figure_start = pos;
  size_t back = SkipSpacesBack(text, pos, range.start);
  if (back > range.start) {
    for (uint32_t i : before_index_.With(CodePointBefore(text, back))) {
      const Qualifier& q = before_[i];
      if (back >= range.start + q.written.size() &&
          text.compare(back - q.written.size(), q.written.size(), q.written) == 0) {
        if (q.vague) {
          if (multipliers_.Contains(internal::FirstCodePoint(written))) return false;
          continue;
        }
        if (qualifier == nullptr) qualifier = &q.qualifier;
        figure_start = back - q.written.size();
        break;
      }
    }
  }
  // A lone multiplier (百, 千, 万) is a figure only with a word that makes it one: 近百条, 千余件.
  if (numeral->bare_multiplier && qualifier == nullptr) return false;

  figure->value = numeral->value * (unit ? unit->scale : 1.0);
  figure->unit = unit;
  figure->qualifier = qualifier;
  figure->span = {figure_start, figure_end};
  figure->number = {number_start, number_end};
  figure->decimals = numeral->decimals;
  figure->chinese = numeral->chinese;
  return true;
}

Figure FigureRecognizer::Candidate::ToFigure() const {
  static const std::string kCount = "count";
  Figure figure;
  figure.value = value;
  if (unit != nullptr) {
    figure.unit = unit->unit;
    figure.kind = unit->kind;
  } else {
    figure.kind = kCount;
  }
  if (qualifier != nullptr) figure.qualifier = *qualifier;
  figure.span = span;
  figure.number = number;
  figure.decimals = decimals;
  figure.chinese = chinese;
  return figure;
}

size_t FigureRecognizer::NextCandidateStart(std::string_view text, size_t pos, size_t end) const {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  while (pos < end) {
    const unsigned char c = bytes[pos];
    // Chinese characters (three bytes) first: they are most of the text.
    if ((c >> 4) == 14 && pos + 3 <= text.size()) {
      // Its block of 64 code points from the first two bytes: most blocks hold no candidate.
      const uint32_t block = (c & 0x0Fu) << 6 | (bytes[pos + 1] & 0x3Fu);
      if (candidate_starts_.AnyInBlock(block) &&
          candidate_starts_.Contains(block << 6 | (bytes[pos + 2] & 0x3Fu))) {
        return pos;
      }
      pos += 3;
      continue;
    }
    size_t length = 1;
    const uint32_t code_point = c >= 0x80 ? internal::DecodeUtf8At(text, pos, &length) : c;
    if (IsAsciiDigit(static_cast<char>(c)) || candidate_starts_.Contains(code_point)) return pos;
    pos += length;
  }
  return end;
}

std::vector<Figure> FigureRecognizer::Find(std::string_view text, Span range) const {
  std::vector<Figure> figures;
  if (range.end > text.size()) range.end = text.size();
  ForbiddenSpans forbidden(text, range, not_figures_->alternations, not_figures_->starts,
                           not_figures_->prefixes, not_figures_->any_starts);
  size_t pos = range.start;
  while ((pos = NextCandidateStart(text, pos, range.end)) < range.end) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    size_t length = 1;
    uint32_t code_point = c >= 0x80 ? internal::DecodeUtf8At(text, pos, &length) : c;
    bool candidate = IsAsciiDigit(static_cast<char>(c)) || (c >= 0x80 && numeral_chars_.Contains(code_point));
    if (!candidate && prefix_unit_starts_.Contains(code_point)) {
      for (const Unit& unit : prefix_units_) {
        if (StartsWithAt(text, pos, range.end, unit.written)) candidate = true;
      }
    }
    if (!candidate) {
      pos += length;
      continue;
    }
    Candidate found;
    size_t numeral_length = 0;
    if (TryFigureAt(text, range, pos, &found, &numeral_length) && !forbidden.Overlap(found.number)) {
      // The qualifier found before the number may reach back over an earlier figure's unit.
      if (!figures.empty() && found.span.start < figures.back().span.end) {
        found.span.start = found.number.start;
      }
      pos = found.span.end;
      figures.push_back(found.ToFigure());
      continue;
    }
    if (numeral_length == std::string_view::npos) {  // read after a prefix unit, not at pos
      std::optional<Numeral> numeral = numerals_.Read(text.substr(pos, range.end - pos));
      numeral_length = numeral ? numeral->length : 0;
    }
    pos += numeral_length > 0 ? numeral_length : length;
  }
  return figures;
}

}  // namespace ogi
