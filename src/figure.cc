// Recognition runs in three steps per block:
//   1. the not-a-figure patterns (RE2, from data/not_figures.tsv) mark forbidden spans;
//   2. at every character that can start a numeral (or a prefix unit such as 百分之), the
//      number grammar reads the longest numeral;
//   3. the unit and qualifier tables extend it to the figure as written, or reject it.
// A numeral that is rejected is skipped whole, so "2016年" never yields "016".
#include "ogi/figure.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "internal/utf8.h"

namespace ogi {

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
      recognizer.multipliers_.insert(internal::DecodeUtf8At(ch, 0, &length));
      if (value >= 10000) recognizer.large_multipliers_.push_back(std::string(ch));
    }
    if (role == "digit" || role == "unit") {
      std::string_view ch = numeral_table->Cell(r, "char");
      size_t length = 0;
      if (!ch.empty()) recognizer.numeral_chars_.insert(internal::DecodeUtf8At(ch, 0, &length));
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
    if (unit.written.empty() || unit.kind.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    "units.tsv line " + std::to_string(units.line_numbers[r]) + ": empty written or kind");
    }
    (units.Cell(r, "position") == "prefix" ? recognizer.prefix_units_ : recognizer.suffix_units_)
        .push_back(std::move(unit));
  }
  const TsvTable& qualifiers = tables[1];
  for (size_t r = 0; r < qualifiers.rows.size(); ++r) {
    Qualifier q{std::string(qualifiers.Cell(r, "written")), std::string(qualifiers.Cell(r, "qualifier"))};
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
  std::string alternation;
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
    if (!alternation.empty()) alternation += "|";
    alternation += "(?:" + pattern + ")";
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_longest_match(true);  // the widest forbidden span wins where patterns overlap
  options.set_max_mem(64 << 20);
  recognizer.not_figures_ = std::make_unique<RE2>(alternation.empty() ? "\\b\\B" : alternation, options);
  if (!recognizer.not_figures_->ok()) {
    return Status(StatusCode::kInvalidArgument, "not_figures.tsv: " + recognizer.not_figures_->error());
  }
  SortLongestFirst(&recognizer.suffix_units_);
  SortLongestFirst(&recognizer.prefix_units_);
  SortLongestFirst(&recognizer.before_);
  SortLongestFirst(&recognizer.after_number_);
  SortLongestFirst(&recognizer.after_unit_);
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

std::vector<Span> FigureRecognizer::ForbiddenSpans(std::string_view text, Span range) const {
  std::vector<Span> spans;
  std::string_view piece = text.substr(range.start, range.size());
  re2::StringPiece input(piece.data(), piece.size());
  re2::StringPiece match;
  size_t offset = 0;
  while (offset < piece.size() &&
         not_figures_->Match(input, offset, piece.size(), RE2::UNANCHORED, &match, 1)) {
    size_t start = static_cast<size_t>(match.data() - piece.data());
    size_t end = start + match.size();
    if (end > start) spans.push_back({range.start + start, range.start + end});
    offset = end > start ? end : start + 1;
  }
  std::sort(spans.begin(), spans.end(), [](Span a, Span b) { return a.start < b.start; });
  return spans;
}

bool FigureRecognizer::TryFigureAt(std::string_view text, Span range, size_t pos,
                                   Figure* figure) const {
  *figure = Figure();
  const size_t end = range.end;
  size_t number_start = pos;
  const Unit* prefix = nullptr;
  for (const Unit& unit : prefix_units_) {
    if (StartsWithAt(text, pos, end, unit.written)) {
      prefix = &unit;
      number_start = pos + unit.written.size();
      break;
    }
  }
  std::optional<Numeral> numeral = numerals_.Read(text.substr(number_start, end - number_start));
  if (!numeral) return false;
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

  std::string qualifier = numeral->inner_more_than ? "more_than" : "";
  size_t cursor = SkipSpaces(text, number_end, end);
  for (const Qualifier& q : after_number_) {
    if (StartsWithAt(text, cursor, end, q.written)) {
      if (q.qualifier == "vague") return false;
      if (qualifier.empty()) qualifier = q.qualifier;
      cursor = SkipSpaces(text, cursor + q.written.size(), end);
      break;
    }
  }
  const Unit* unit = prefix;
  size_t figure_end = number_end;
  if (prefix == nullptr) {
    for (const Unit& u : suffix_units_) {
      if (StartsWithAt(text, cursor, end, u.written)) {
        unit = &u;
        figure_end = cursor + u.written.size();
        break;
      }
    }
  } else if (!qualifier.empty()) {
    figure_end = cursor;
  }
  if (unit == nullptr) {
    // Unitless: only an Arabic number with 万/亿 (日均浏览量400万) counts.
    if (numeral->chinese && !IsAsciiDigit(written[0])) return false;
    bool large = false;
    for (const std::string& m : large_multipliers_) large = large || written.find(m) != std::string_view::npos;
    if (!large) return false;
    if (!qualifier.empty()) figure_end = SkipSpacesBack(text, cursor, number_end);
  } else if (prefix == nullptr && !qualifier.empty() && figure_end < cursor) {
    figure_end = cursor;
  }
  // Qualifiers written after the unit: 500人以上, 100件左右.
  size_t after = SkipSpaces(text, figure_end, end);
  for (const Qualifier& q : after_unit_) {
    if (StartsWithAt(text, after, end, q.written)) {
      if (qualifier.empty()) {
        qualifier = q.qualifier;
        figure_end = after + q.written.size();
      }
      break;
    }
  }
  // Qualifiers written before the number: 约, 近, 超过, 不足; vague markers: 数十, 上百.
  size_t figure_start = pos;
  size_t back = SkipSpacesBack(text, pos, range.start);
  for (const Qualifier& q : before_) {
    if (back >= range.start + q.written.size() &&
        text.compare(back - q.written.size(), q.written.size(), q.written) == 0) {
      if (q.qualifier == "vague") {
        if (multipliers_.count(internal::FirstCodePoint(written))) return false;
        continue;
      }
      if (qualifier.empty()) qualifier = q.qualifier;
      figure_start = back - q.written.size();
      break;
    }
  }
  // A lone multiplier (百, 千, 万) is a figure only with a word that makes it one: 近百条, 千余件.
  if (numeral->bare_multiplier && qualifier.empty()) return false;

  figure->value = numeral->value * (unit ? unit->scale : 1.0);
  figure->unit = unit ? unit->unit : "";
  figure->kind = unit ? unit->kind : "count";
  figure->qualifier = qualifier;
  figure->span = {figure_start, figure_end};
  figure->number = {number_start, number_end};
  figure->decimals = numeral->decimals;
  figure->chinese = numeral->chinese;
  return true;
}

std::vector<Figure> FigureRecognizer::Find(std::string_view text, Span range) const {
  std::vector<Figure> figures;
  if (range.end > text.size()) range.end = text.size();
  std::vector<Span> forbidden = ForbiddenSpans(text, range);
  size_t next_forbidden = 0;
  auto overlaps_forbidden = [&](Span span) {
    while (next_forbidden < forbidden.size() && forbidden[next_forbidden].end <= span.start) {
      ++next_forbidden;
    }
    for (size_t i = next_forbidden; i < forbidden.size() && forbidden[i].start < span.end; ++i) {
      if (forbidden[i].end > span.start) return true;
    }
    return false;
  };
  size_t pos = range.start;
  while (pos < range.end) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    size_t length = 1;
    uint32_t code_point = c;
    if (c >= 0x80) code_point = internal::DecodeUtf8At(text, pos, &length);
    bool candidate = IsAsciiDigit(static_cast<char>(c)) || (c >= 0x80 && numeral_chars_.count(code_point) > 0);
    if (!candidate) {
      for (const Unit& unit : prefix_units_) {
        if (StartsWithAt(text, pos, range.end, unit.written)) candidate = true;
      }
    }
    if (!candidate) {
      pos += length;
      continue;
    }
    Figure figure;
    if (TryFigureAt(text, range, pos, &figure) && !overlaps_forbidden(figure.number)) {
      // The qualifier found before the number may reach back over an earlier figure's unit.
      if (!figures.empty() && figure.span.start < figures.back().span.end) {
        figure.span.start = figure.number.start;
      }
      figures.push_back(figure);
      pos = figure.span.end;
      continue;
    }
    std::optional<Numeral> numeral = numerals_.Read(text.substr(pos, range.end - pos));
    pos += numeral && numeral->length > 0 ? numeral->length : length;
  }
  return figures;
}

}  // namespace ogi
