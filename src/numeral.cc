// The number grammar (include/ogi/numeral.h).
//
// Read() looks at the first character and hands the text to one of four readers:
//   ASCII digit           -> ReadArabic: digits, grouping, decimals, then multipliers;
//   two Chinese digits    -> ReadDigitSequence: 二〇一六;
//   a Chinese digit or 十 -> ReadChinese: the nested-unit integer, then 点 or 余 + multipliers;
//   百/千/万/亿           -> ReadBareMultiplier: 百, 千余, 百万.
// Each reader keeps the longest prefix that is a complete number ("commit points") and stops at
// the first character that cannot continue it.
//
// Values are kept as an integer mantissa and a power of ten and converted to double once,
// through std::from_chars, so that 138.2万 is exactly the double nearest to 1382000 and 3.5 is
// exactly the double of "3.5".
#include "ogi/numeral.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <system_error>

#include "internal/utf8.h"

namespace ogi {

namespace {

using Uint128 = unsigned __int128;

// Arabic digits beyond this many significant digits are read but no longer change the
// mantissa (the value is then approximate; such strings are codes, not figures).
constexpr int kMaxMantissaDigits = 36;

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

Uint128 Pow10(int exponent) {
  Uint128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

std::string ToString(Uint128 value) {
  if (value == 0) return "0";
  std::string digits;
  while (value > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

int CountDigits(Uint128 value) {
  int count = 0;
  while (value > 0) {
    ++count;
    value /= 10;
  }
  return count;
}

// A decimal number as mantissa * 10^exponent.
struct Decimal {
  Uint128 mantissa = 0;
  int exponent = 0;
  int digits = 0;  // significant digits in the mantissa

  static Decimal Of(Uint128 integer) { return {integer, 0, CountDigits(integer)}; }
  void AddIntegerDigit(int digit) {
    if (digits < kMaxMantissaDigits) {
      mantissa = mantissa * 10 + static_cast<unsigned>(digit);
      if (mantissa > 0) ++digits;
    } else {
      ++exponent;
    }
  }
  void AddFractionDigit(int digit) {
    if (digits < kMaxMantissaDigits) {
      mantissa = mantissa * 10 + static_cast<unsigned>(digit);
      if (mantissa > 0) ++digits;
      --exponent;
    }
  }
  double ToDouble() const {
    if (mantissa == 0) return 0;
    // Both operands exact in a double, so the one rounding of * or / is the correctly rounded
    // result that from_chars gives too (Clinger's fast path), without formatting a string.
    constexpr Uint128 kExactMantissa = Uint128{1} << 53;
    static constexpr double kExactPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                              1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (mantissa <= kExactMantissa && exponent >= -22 && exponent <= 22) {
      double m = static_cast<double>(static_cast<uint64_t>(mantissa));
      return exponent >= 0 ? m * kExactPowers[exponent] : m / kExactPowers[-exponent];
    }
    std::string text = ToString(mantissa) + "e" + std::to_string(exponent);
    double value = 0;
    std::from_chars_result result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec == std::errc::result_out_of_range) {
      return exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    }
    return value;
  }
};

std::string FormatValue(double value) {
  char buffer[64];
  std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

}  // namespace

// One character of the text as the grammar sees it.
struct NumeralReader::Token {
  enum Kind { kEnd, kOther, kAscii, kDigit, kUnit, kPoint, kMore };
  Kind kind = kEnd;
  int value = 0;           // digit value, or the unit's power of ten
  bool lead_only = false;  // 两
  size_t length = 0;       // bytes
};

// The longest complete Chinese integer at the start of a text.
struct NumeralReader::IntegerParse {
  bool ok = false;
  Uint128 value = 0;
  size_t end = 0;
  int top_unit = -1;    // highest power of ten of a unit used (十 = 1, 万 = 4); -1: none
  bool closed = false;  // ended on an abbreviation (一万五) or a lone 两: nothing may follow
};

// A chain of multipliers: [十|百|千][万][亿], with at most one 余/多 before an element.
struct NumeralReader::ChainParse {
  bool ok = false;  // at least one multiplier
  int exponent = 0;
  size_t end = 0;
  bool more = false;  // a 余/多 was consumed
};

struct NumeralReader::ChainOptions {
  bool more_first = false;   // 余/多 may come before the first multiplier (30余万, 十余万)
  bool more_inside = false;  // 余/多 may come between multipliers (3千余万)
  int min_first = 0;         // the first multiplier's power of ten must exceed this
};

Result<NumeralReader> NumeralReader::Load(const DataFiles& files) {
  Result<TsvTable> table = LoadTsv(files, "numerals.tsv");
  if (!table.ok()) return table.status();
  return FromTable(*table);
}

Result<NumeralReader> NumeralReader::FromTable(const TsvTable& table) {
  for (std::string_view column : {"char", "role", "value", "example", "expected"}) {
    if (table.ColumnIndex(column) < 0) {
      return Status(StatusCode::kInvalidArgument,
                    table.name + ": missing column '" + std::string(column) + "'");
    }
  }
  NumeralReader reader;
  std::vector<std::string> errors;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    std::string where = table.name + " line " + std::to_string(table.line_numbers[r]);
    std::string character = DecodeDataCell(table.Cell(r, "char"));
    std::string_view role = table.Cell(r, "role");
    std::string_view value = table.Cell(r, "value");
    std::string_view use = table.Cell(r, "use");
    if (character.empty()) {
      errors.push_back(where + ": empty 'char'");
      continue;
    }
    if (static_cast<unsigned char>(character[0]) < 0x80) {
      errors.push_back(where + ": '" + character + "' is ASCII; ASCII digits, '.' and ',' are built in");
      continue;
    }
    if (role == "word") {
      if (internal::CodePointCount(character) < 2) {
        errors.push_back(where + ": a word has two or more characters");
        continue;
      }
      size_t first_length = 0;
      reader.word_starts_.Insert(internal::DecodeUtf8At(character, 0, &first_length));
      reader.words_.push_back(character);
      continue;
    }
    if (internal::CodePointCount(character) != 1) {
      errors.push_back(where + ": '" + character + "' must be one character for role '" +
                       std::string(role) + "'");
      continue;
    }
    size_t length = 0;
    uint32_t code_point = internal::DecodeUtf8At(character, 0, &length);
    CharInfo info;
    if (role == "digit") {
      info.role = Role::kDigit;
      if (value.size() != 1 || !IsAsciiDigit(value[0])) {
        errors.push_back(where + ": a digit's value is 0-9, not '" + std::string(value) + "'");
        continue;
      }
      info.value = value[0] - '0';
      if (use == "lead") {
        if (info.value == 0) {
          errors.push_back(where + ": 'lead' makes no sense for 0");
          continue;
        }
        info.lead_only = true;
      } else if (!use.empty()) {
        errors.push_back(where + ": unknown use '" + std::string(use) + "' (empty or lead)");
        continue;
      }
    } else if (role == "unit") {
      info.role = Role::kUnit;
      if (value == "10") {
        info.value = 1;
      } else if (value == "100") {
        info.value = 2;
      } else if (value == "1000") {
        info.value = 3;
      } else if (value == "10000") {
        info.value = 4;
      } else if (value == "100000000") {
        info.value = 8;
      } else {
        errors.push_back(where + ": a unit's value is 10, 100, 1000, 10000 or 100000000, not '" +
                         std::string(value) + "'");
        continue;
      }
    } else if (role == "point" || role == "more") {
      info.role = role == "point" ? Role::kPoint : Role::kMore;
    } else {
      errors.push_back(where + ": unknown role '" + std::string(role) +
                       "' (digit, unit, point, more, word)");
      continue;
    }
    if (role != "digit" && !use.empty()) {
      errors.push_back(where + ": 'use' applies to digits only");
      continue;
    }
    reader.char_set_.Insert(code_point);
    if (!reader.chars_.emplace(code_point, info).second) {
      errors.push_back(where + ": '" + character + "' is listed twice");
    }
  }
  std::sort(reader.words_.begin(), reader.words_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  if (!errors.empty()) {
    std::string message = table.name + ": " + std::to_string(errors.size()) + " bad row(s): ";
    for (size_t i = 0; i < errors.size(); ++i) message += (i ? "; " : "") + errors[i];
    return Status(StatusCode::kInvalidArgument, message);
  }

  // Every row's example must read as the row says.
  for (size_t r = 0; r < table.rows.size(); ++r) {
    std::string where = table.name + " line " + std::to_string(table.line_numbers[r]);
    std::string example(table.Cell(r, "example"));
    std::string expected(table.Cell(r, "expected"));
    std::string reads(table.Cell(r, "reads"));
    if (example.empty() || expected.empty()) {
      errors.push_back(where + ": every row needs an example and its expected value");
      continue;
    }
    if (reads.empty()) reads = example;
    std::optional<Numeral> got = reader.Read(example);
    bool good;
    if (expected == "-") {
      good = !got.has_value();
    } else {
      double expected_value = 0;
      std::from_chars_result parsed =
          std::from_chars(expected.data(), expected.data() + expected.size(), expected_value);
      if (parsed.ec != std::errc() || parsed.ptr != expected.data() + expected.size()) {
        errors.push_back(where + ": expected value '" + expected + "' is not a number");
        continue;
      }
      good = got.has_value() && got->value == expected_value &&
             std::string_view(example).substr(0, got->length) == reads;
    }
    if (!good) {
      std::string message = where + ": input \"" + example + "\" expected " +
                            (expected == "-" ? std::string("nothing")
                                             : expected + " reading \"" + reads + "\"") +
                            ", got ";
      if (got) {
        message += FormatValue(got->value) + " reading \"" + example.substr(0, got->length) + "\"";
      } else {
        message += "nothing";
      }
      errors.push_back(message);
    }
  }
  if (!errors.empty()) {
    std::string message =
        table.name + ": " + std::to_string(errors.size()) + " example row(s) fail: ";
    for (size_t i = 0; i < errors.size(); ++i) message += (i ? "; " : "") + errors[i];
    return Status(StatusCode::kInvalidArgument, message);
  }
  return reader;
}

NumeralReader::Token NumeralReader::TokenAt(std::string_view text, size_t pos) const {
  Token token;
  if (pos >= text.size()) return token;
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) {
    token.kind = IsAsciiDigit(static_cast<char>(c)) ? Token::kAscii : Token::kOther;
    token.value = c - '0';
    token.length = 1;
    return token;
  }
  uint32_t code_point = internal::DecodeUtf8At(text, pos, &token.length);
  token.kind = Token::kOther;
  if (word_starts_.Contains(code_point)) {
    for (const std::string& word : words_) {
      if (text.substr(pos, word.size()) == word) return token;
    }
  }
  if (!char_set_.Contains(code_point)) return token;
  auto it = chars_.find(code_point);
  if (it == chars_.end()) return token;
  const CharInfo& info = it->second;
  switch (info.role) {
    case Role::kDigit:
      token.kind = Token::kDigit;
      break;
    case Role::kUnit:
      token.kind = Token::kUnit;
      break;
    case Role::kPoint:
      token.kind = Token::kPoint;
      break;
    case Role::kMore:
      token.kind = Token::kMore;
      break;
  }
  token.value = info.value;
  token.lead_only = info.lead_only;
  return token;
}

std::optional<Numeral> NumeralReader::Read(std::string_view text) const {
  // Most numbers of a report are Arabic; an ASCII character is a digit or no numeral.
  if (!text.empty() && static_cast<unsigned char>(text[0]) < 0x80) {
    return IsAsciiDigit(text[0]) ? ReadArabic(text) : std::nullopt;
  }
  Token first = TokenAt(text, 0);
  switch (first.kind) {
    case Token::kAscii:
      return ReadArabic(text);
    case Token::kDigit: {
      // A lone digit (一个, 三是): no character of the table follows, and the grammar reads the
      // digit alone, as ReadChinese would.
      const size_t after = first.length;
      if (after >= text.size() || static_cast<unsigned char>(text[after]) < 0x80 ||
          !char_set_.Contains(internal::FirstCodePoint(text.substr(after)))) {
        Numeral numeral;
        numeral.value = first.value;
        numeral.length = first.length;
        numeral.chinese = true;
        return numeral;
      }
      if (!first.lead_only) {
        Token second = TokenAt(text, first.length);
        if (second.kind == Token::kDigit && !second.lead_only) return ReadDigitSequence(text);
      }
      return ReadChinese(text);
    }
    case Token::kUnit:
      // 十 starts an ordinary number (十五, 十万); 百千万亿 alone are bare multipliers.
      return first.value == 1 ? ReadChinese(text) : ReadBareMultiplier(text);
    default:
      return std::nullopt;
  }
}

NumeralReader::ChainParse NumeralReader::ReadChain(std::string_view text, size_t pos,
                                                   const ChainOptions& options) const {
  ChainParse best;
  best.end = pos;
  int stage = 0;  // 0: nothing yet, 1: after 十百千, 2: after 万, 3: after 亿
  int exponent = 0;
  bool more = false;
  auto allowed = [&](int unit) {
    if (stage == 0 && unit <= options.min_first) return false;
    if (unit <= 3) return stage == 0;
    if (unit == 4) return stage < 2;
    if (unit == 8) return stage < 3;
    return false;
  };
  size_t p = pos;
  while (true) {
    Token token = TokenAt(text, p);
    if (token.kind == Token::kMore) {
      if (more || !(stage == 0 ? options.more_first : options.more_inside)) break;
      Token next = TokenAt(text, p + token.length);
      if (next.kind != Token::kUnit || !allowed(next.value)) break;
      more = true;
      p += token.length;
      continue;
    }
    if (token.kind != Token::kUnit || !allowed(token.value)) break;
    stage = token.value <= 3 ? 1 : token.value == 4 ? 2 : 3;
    exponent += token.value;
    p += token.length;
    best = {true, exponent, p, more};
  }
  return best;
}

std::optional<Numeral> NumeralReader::ReadArabic(std::string_view text) const {
  Numeral numeral;
  // Most numbers are a few digits followed by neither a grouping comma, nor a decimal point,
  // nor a character of the table (a multiplier): the reading below then ends after the digits
  // with their integer as the value, exact in a double below 10^15 (Decimal::ToDouble's exact
  // path), and all flags false. Read so without the 128-bit mantissa and the chain.
  {
    constexpr size_t kExactDigits = 15;
    uint64_t value = 0;
    size_t p = 0;
    while (p < text.size() && p <= kExactDigits && IsAsciiDigit(text[p])) {
      value = value * 10 + static_cast<unsigned>(text[p++] - '0');
    }
    if (p <= kExactDigits &&
        (p == text.size() ||
         (static_cast<unsigned char>(text[p]) < 0x80 ? text[p] != ',' && text[p] != '.'
                                                      : !char_set_.Contains(internal::FirstCodePoint(text.substr(p)))))) {
      numeral.value = static_cast<double>(value);
      numeral.length = p;
      return numeral;
    }
  }
  Decimal number;
  size_t p = 0;
  int integer_digits = 0;
  while (p < text.size() && IsAsciiDigit(text[p])) {
    number.AddIntegerDigit(text[p] - '0');
    ++p;
    ++integer_digits;
  }
  // Grouping: ",ddd" not followed by another digit, after a leading group of 1-3 digits.
  if (integer_digits <= 3) {
    while (p + 3 < text.size() && text[p] == ',' && IsAsciiDigit(text[p + 1]) &&
           IsAsciiDigit(text[p + 2]) && IsAsciiDigit(text[p + 3]) &&
           (p + 4 == text.size() || !IsAsciiDigit(text[p + 4]))) {
      for (size_t i = 1; i <= 3; ++i) number.AddIntegerDigit(text[p + i] - '0');
      numeral.grouped = true;
      p += 4;
    }
  }
  if (p + 1 < text.size() && text[p] == '.' && IsAsciiDigit(text[p + 1])) {
    ++p;
    while (p < text.size() && IsAsciiDigit(text[p])) {
      number.AddFractionDigit(text[p] - '0');
      ++numeral.decimals;
      ++p;
    }
  }
  bool integer = numeral.decimals == 0;
  ChainOptions options;
  options.more_first = integer;
  options.more_inside = integer;
  options.min_first = integer ? 0 : 1;  // no 1.5十
  // A chain starts with a character of the table: after most numbers comes a unit word (件,
  // 人) or punctuation, and the chain need not be read.
  ChainParse chain;
  if (p < text.size() && static_cast<unsigned char>(text[p]) >= 0x80 &&
      char_set_.Contains(internal::FirstCodePoint(text.substr(p)))) {
    chain = ReadChain(text, p, options);
  }
  if (chain.ok) {
    numeral.chinese = true;
    numeral.inner_more_than = chain.more;
    p = chain.end;
    // Further groups, each smaller than the multiplier before it: 3亿5000万, 1万5千.
    if (integer && !chain.more && number.exponent == 0 && number.digits <= 18) {
      Uint128 total = number.mantissa * Pow10(chain.exponent);
      int place = chain.exponent;
      while (p < text.size() && IsAsciiDigit(text[p])) {
        size_t q = p;
        Uint128 group = 0;
        while (q < text.size() && IsAsciiDigit(text[q]) && q - p < 18) {
          group = group * 10 + static_cast<unsigned>(text[q] - '0');
          ++q;
        }
        if (q < text.size() && (IsAsciiDigit(text[q]) || text[q] == '.' || text[q] == ',')) break;
        ChainOptions group_options;
        group_options.more_first = true;
        group_options.more_inside = true;
        ChainParse group_chain = ReadChain(text, q, group_options);
        if (!group_chain.ok || group_chain.exponent >= place) break;
        Uint128 group_value = group * Pow10(group_chain.exponent);
        if (group_value >= Pow10(place)) break;
        total += group_value;
        place = group_chain.exponent;
        p = group_chain.end;
        if (group_chain.more) {
          numeral.inner_more_than = true;
          break;
        }
      }
      number = Decimal::Of(total);
    } else {
      number.exponent += chain.exponent;
    }
  }
  numeral.value = number.ToDouble();
  numeral.length = p;
  return numeral;
}

NumeralReader::IntegerParse NumeralReader::ReadChineseInteger(std::string_view text) const {
  constexpr int kNone = 99;
  IntegerParse best;
  Uint128 yi_part = 0;    // the part multiplied by 亿, complete
  Uint128 wan_part = 0;   // the part multiplied by 万 after the last 亿, complete
  Uint128 section = 0;    // 千百十 part after the last 万/亿
  int pending = -1;       // a digit waiting for its unit
  bool pending_lead = false;
  bool zero = false;      // a 零 filler since the last unit
  int last_small = kNone;  // last of 十百千 in the current section
  int last_unit = -1;      // the unit just before, any
  int top_unit = -1;
  bool wan_used = false;
  bool yi_used = false;
  auto commit = [&](Uint128 value, size_t end, bool closed) {
    best.ok = true;
    best.value = value;
    best.end = end;
    best.top_unit = top_unit;
    best.closed = closed;
  };
  size_t pos = 0;
  while (true) {
    Token token = TokenAt(text, pos);
    if (token.kind == Token::kDigit && !token.lead_only) {
      if (pending >= 0) break;
      if (token.value == 0) {
        if (pos == 0) {  // 零 as a number: 零, 零点五
          commit(0, token.length, false);
          break;
        }
        if (zero) break;
        zero = true;
        pos += token.length;
        continue;
      }
      pending = token.value;
      pending_lead = false;
      size_t after = pos + token.length;
      Uint128 so_far = yi_part + wan_part + section;
      if (last_unit < 0) {
        commit(static_cast<Uint128>(pending), after, false);
      } else if (zero || last_unit == 1) {
        commit(so_far + static_cast<Uint128>(pending), after, false);  // a ones digit
      } else {
        // Abbreviated 一万五, 三千二: a last digit right after 百千万亿 is one order lower,
        // only when nothing numeral-like follows (一千二三百 is a range, not 1200).
        Token next = TokenAt(text, after);
        if (next.kind == Token::kEnd || next.kind == Token::kOther) {
          commit(so_far + static_cast<Uint128>(pending) * Pow10(last_unit - 1), after, true);
        }
      }
      pos = after;
      continue;
    }
    if (token.kind == Token::kDigit) {  // 两: alone, or before 百千万亿
      if (pending >= 0) break;
      pending = token.value;
      pending_lead = true;
      if (pos == 0) commit(static_cast<Uint128>(pending), token.length, true);
      pos += token.length;
      continue;
    }
    if (token.kind != Token::kUnit) break;
    int unit = token.value;
    if (unit <= 3) {
      if (last_small != kNone && unit >= last_small) break;  // 千百十 descend
      Uint128 digit;
      if (pending > 0) {
        if (pending_lead && unit == 1) break;  // not 两十
        digit = static_cast<Uint128>(pending);
      } else if (unit == 1 && (pos == 0 || zero || last_unit == 8)) {
        digit = 1;  // 十五, 一百零十, 四十二亿十万 (as ICU writes it)
      } else {
        break;
      }
      section += digit * Pow10(unit);
      last_small = unit;
    } else {
      if (unit == 4 ? wan_used : yi_used) break;
      // A digit right before 万/亿 is the ones digit of what 万/亿 multiplies: 五万, 十五万,
      // 一百零五万, also 一亿五万 (ICU writes no 零 there). Not after 百千 (一百五万: 150万
      // or 105万?), nor right after 万 before 亿 (一万五亿: 10005亿 or 1.5万亿?).
      if (pending > 0) {
        bool ones = zero || last_unit < 0 || last_unit == 1 || (unit == 4 && last_unit == 8);
        if (!ones) break;
      }
      Uint128 group = (unit == 4 ? section : wan_part + section) +
                      static_cast<Uint128>(pending > 0 ? pending : 0);
      if (group == 0) break;
      if (unit == 4) {
        wan_part = group * Pow10(4);
        wan_used = true;
      } else {
        yi_part = group * Pow10(8);
        wan_part = 0;
        wan_used = false;
        yi_used = true;
      }
      section = 0;
      last_small = kNone;
    }
    pending = -1;
    pending_lead = false;
    zero = false;
    last_unit = unit;
    top_unit = std::max(top_unit, unit);
    pos += token.length;
    commit(yi_part + wan_part + section, pos, false);
  }
  return best;
}

std::optional<Numeral> NumeralReader::ReadChinese(std::string_view text) const {
  IntegerParse integer = ReadChineseInteger(text);
  if (!integer.ok) return std::nullopt;
  Numeral numeral;
  numeral.chinese = true;
  Decimal number = Decimal::Of(integer.value);
  size_t end = integer.end;
  if (!integer.closed) {
    Token next = TokenAt(text, end);
    if (next.kind == Token::kPoint) {
      // 三点五; then 万/亿 may follow (三点五亿), but not 十 (三点五十分 is a time).
      size_t p = end + next.length;
      int decimals = 0;
      while (true) {
        Token digit = TokenAt(text, p);
        if (digit.kind != Token::kDigit || digit.lead_only) break;
        number.AddFractionDigit(digit.value);
        ++decimals;
        p += digit.length;
      }
      if (decimals > 0) {
        numeral.decimals = decimals;
        end = p;
        ChainOptions options;
        options.min_first = 3;
        ChainParse chain = ReadChain(text, end, options);
        if (chain.ok) {
          number.exponent += chain.exponent;
          end = chain.end;
        }
      }
    } else if (next.kind == Token::kMore) {
      // 十余万, 两千余万: the multiplier after 余 must be larger than any unit before it.
      ChainOptions options;
      options.more_first = true;
      options.min_first = integer.top_unit;
      ChainParse chain = ReadChain(text, end, options);
      if (chain.ok) {
        number.exponent += chain.exponent;
        numeral.inner_more_than = chain.more;
        end = chain.end;
      }
    }
  }
  numeral.value = number.ToDouble();
  numeral.length = end;
  return numeral;
}

std::optional<Numeral> NumeralReader::ReadDigitSequence(std::string_view text) const {
  Numeral numeral;
  numeral.chinese = true;
  numeral.digit_sequence = true;
  Decimal number;
  size_t p = 0;
  while (true) {
    Token token = TokenAt(text, p);
    if (token.kind != Token::kDigit || token.lead_only) break;
    number.AddIntegerDigit(token.value);
    p += token.length;
  }
  numeral.value = number.ToDouble();
  numeral.length = p;
  return numeral;
}

std::optional<Numeral> NumeralReader::ReadBareMultiplier(std::string_view text) const {
  ChainOptions options;
  options.more_inside = true;
  options.min_first = 1;  // 十 is a number, not a bare multiplier
  ChainParse chain = ReadChain(text, 0, options);
  if (!chain.ok) return std::nullopt;
  Numeral numeral;
  numeral.chinese = true;
  numeral.bare_multiplier = true;
  numeral.inner_more_than = chain.more;
  numeral.value = Decimal{1, chain.exponent, 1}.ToDouble();
  numeral.length = chain.end;
  return numeral;
}

}  // namespace ogi
