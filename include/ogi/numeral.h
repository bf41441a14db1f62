// NumeralReader: the number grammar. Reads the numeral at the start of a piece of text.
//
// Reports write numbers in every way at once: Arabic (8417833, 12,345, 138.2), Arabic with
// Chinese multipliers (1.2万, 3千万, 2万亿, 3亿5000万), Chinese numerals (一千二百三十四,
// 四亿五千万, 一万零五百), financial forms (壹仟零壹), decimals with 点 (三点五), digit-by-digit
// years (二〇一六), 余/多 inside a number (十余万, 3千余万) and lone multipliers (近百条,
// 千余件). Read() turns any of these into a value and says how many bytes it used and how the
// number was written, so the caller (the figure recognizer) can decide what the number is.
//
// The characters (digits, units, 点, 余/多, and words that look like numbers but are not, such
// as 千克 or 百分之) are in data/numerals.tsv; this code keeps the grammar: how units nest.
// Every row of the table carries an example that Load() reads back; a wrong row fails the load
// with the line, the input, the expected value and what was read.
//
// What is read (longest valid prefix; anything after it is left to the caller):
//   Arabic    digits, grouping commas only before exactly 3 digits and only after a leading
//             group of 1-3 digits (12,345; "12,3" reads 12), ".digits" when a digit follows.
//             Then a chain of multipliers [十|百|千][万][亿] (3千万 = 3e7, 2万亿 = 2e12), and
//             a following group smaller than the multiplier (3亿5000万, 1万5千).
//   Chinese   nested units: sections of 千百十 under 万, under 亿 (一万亿 = 1e12); 零/〇 as a
//             filler; 十 without a digit at the start (十五万) or after 零; 两 only alone or
//             before 百千万亿; abbreviated 一万五 = 15000, 三千二 = 3200 (a final digit right
//             after 百千万亿 counts one order lower) only when nothing numeral-like follows.
//   点        三点五 = 3.5; a decimal may take 万/亿 after it (三点五亿).
//   余/多     inside a number only when a larger multiplier follows (十余万, 3千余万); a
//             trailing 余/多 (1万余, 两千余) is not consumed: it is the caller's qualifier.
//   sequence  two or more digits without units (二〇一六, 一九九八): digit_sequence, no
//             units, 点 or multipliers after it (三四十 reads 三四 and stops: a range).
//   bare      百/千/万/亿 with no digit before it (近百条, 千余件, 百万): bare_multiplier.
//             十 alone is an ordinary number (十件 = 10).
// Values are computed exactly (128-bit integer mantissa and a power of ten) and converted to
// the nearest double once, so integers up to 2^53 (and 10^16) are exact and 138.2万 is
// exactly 1382000.
#ifndef OGI_NUMERAL_H_
#define OGI_NUMERAL_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ogi/data.h"
#include "ogi/status.h"

namespace ogi {

// A set of code points with a constant-time test (a bitmap of the Basic Multilingual Plane):
// the figure recognizer and the number grammar test most characters of a text against small
// sets.
class CodePointSet {
 public:
  void Insert(uint32_t code_point) {
    if (code_point < kBmp) {
      bmp_[code_point / 64] |= uint64_t{1} << (code_point % 64);
    } else if (!Contains(code_point)) {
      beyond_.insert(std::lower_bound(beyond_.begin(), beyond_.end(), code_point), code_point);
    }
  }
  bool Contains(uint32_t code_point) const {
    if (code_point < kBmp) return (bmp_[code_point / 64] >> (code_point % 64) & 1) != 0;
    return std::binary_search(beyond_.begin(), beyond_.end(), code_point);
  }
  // Whether any of the 64 code points [64 * block, 64 * block + 64) of the Basic Multilingual
  // Plane is in the set: a scan can rule most characters out by their first two bytes.
  bool AnyInBlock(uint32_t block) const { return bmp_[block] != 0; }

 private:
  static constexpr uint32_t kBmp = 0x10000;
  std::array<uint64_t, kBmp / 64> bmp_{};
  std::vector<uint32_t> beyond_;  // sorted
};

struct Numeral {
  double value = 0;          // multipliers applied: "1.2万" -> 12000, "四亿五千万" -> 450000000
  size_t length = 0;         // bytes consumed from the start of the text
  bool chinese = false;      // any Chinese numeral character was used (digits or 十百千万亿)
  bool bare_multiplier = false;  // the numeral is a lone multiplier: "百" in 近百条, "千" in 千余件,
                                 // "万" in 万余人, also a chain of them: 百万
  bool inner_more_than = false;  // 余/多 stood between the number and a following multiplier:
                                 // 十余万 (more_than 100000), 3千余万
  int decimals = 0;          // digits written after the decimal point (138.2 -> 1, 三点五 -> 1);
                             // precision for rounding checks (as written, before multipliers)
  bool grouped = false;      // Arabic grouping commas were used (12,345)
  bool digit_sequence = false;  // digit-by-digit Chinese like 二〇一六 (value 2016) with no
                                // 十百千 units; at least two digits
};

// Built once, then immutable: Read() is const and keeps no state, so one reader may be shared
// between threads. A plain value type (copyable, movable).
class NumeralReader {
 public:
  // An empty reader, to be assigned from Load(); without a table it reads Arabic digits only.
  NumeralReader() = default;

  // Reads data/numerals.tsv and self-tests its example rows; the error lists every failing
  // row as line, input, expected and got.
  static Result<NumeralReader> Load(const DataFiles& files);
  // The same from a parsed table (tests use it with broken tables).
  static Result<NumeralReader> FromTable(const TsvTable& table);

  // Reads the longest numeral starting exactly at text[0]. `text` is normalized UTF-8 (ASCII
  // digits already; full-width folded). Returns nullopt when text does not start with a
  // numeral (including at a word of the table such as 百分之 or 千克).
  std::optional<Numeral> Read(std::string_view text) const;

 private:
  enum class Role : uint8_t { kDigit, kUnit, kPoint, kMore };
  struct CharInfo {
    Role role = Role::kDigit;
    int value = 0;           // digit value, or the unit's power of ten (十 = 1, 万 = 4, 亿 = 8)
    bool lead_only = false;  // 两: only alone or before 百千万亿
  };
  struct Token;
  struct IntegerParse;
  struct ChainParse;
  struct ChainOptions;

  Token TokenAt(std::string_view text, size_t pos) const;
  IntegerParse ReadChineseInteger(std::string_view text) const;
  ChainParse ReadChain(std::string_view text, size_t pos, const ChainOptions& options) const;
  std::optional<Numeral> ReadArabic(std::string_view text) const;
  std::optional<Numeral> ReadChinese(std::string_view text) const;
  std::optional<Numeral> ReadDigitSequence(std::string_view text) const;
  std::optional<Numeral> ReadBareMultiplier(std::string_view text) const;

  std::unordered_map<uint32_t, CharInfo> chars_;
  CodePointSet char_set_;           // the keys of chars_: most characters are none of them
  std::vector<std::string> words_;  // not numerals where they stand: 百分之, 千克, ...
  CodePointSet word_starts_;        // first code points of words_
};

}  // namespace ogi

#endif  // OGI_NUMERAL_H_
