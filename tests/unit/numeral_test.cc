// Tests of the number grammar (include/ogi/numeral.h): table-driven cases grouped by
// phenomenon, ICU's Chinese spell-out as an oracle for integers, and the data self-test.
#include "ogi/numeral.h"

#include <gtest/gtest.h>
#include <unicode/locid.h>
#include <unicode/rbnf.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ogi/data.h"

namespace ogi {
namespace {

const NumeralReader& Reader() {
  static const NumeralReader* reader = [] {
    Result<NumeralReader> loaded = NumeralReader::Load(DataFiles());
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().message();
      std::abort();
    }
    return new NumeralReader(std::move(*loaded));
  }();
  return *reader;
}

// Flags a case expects; everything not listed must be false.
enum Flag : unsigned {
  kPlain = 0,
  kChinese = 1 << 0,
  kBare = 1 << 1,
  kInner = 1 << 2,
  kGrouped = 1 << 3,
  kSequence = 1 << 4,
};

struct Case {
  std::string_view input;
  std::string_view reads;  // the prefix Read() consumes
  double value;
  int decimals = 0;
  unsigned flags = kPlain;
};

void Check(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string("input: ") + std::string(c.input));
    std::optional<Numeral> got = Reader().Read(c.input);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(c.input.substr(0, got->length), c.reads);
    EXPECT_EQ(got->length, c.reads.size());
    EXPECT_EQ(got->value, c.value);
    EXPECT_EQ(got->decimals, c.decimals);
    EXPECT_EQ(got->chinese, (c.flags & kChinese) != 0);
    EXPECT_EQ(got->bare_multiplier, (c.flags & kBare) != 0);
    EXPECT_EQ(got->inner_more_than, (c.flags & kInner) != 0);
    EXPECT_EQ(got->grouped, (c.flags & kGrouped) != 0);
    EXPECT_EQ(got->digit_sequence, (c.flags & kSequence) != 0);
  }
}

void CheckNothing(const std::vector<std::string_view>& inputs) {
  for (std::string_view input : inputs) {
    std::optional<Numeral> got = Reader().Read(input);
    EXPECT_FALSE(got.has_value()) << "input: " << input << " read " << got->value << " from "
                                  << input.substr(0, got->length);
  }
}

// Arabic digits: plain integers, leading zeros, what follows is left alone.
TEST(NumeralTest, Arabic) {
  Check({
      {"8417833条", "8417833", 8417833},
      {"0", "0", 0},
      {"007", "007", 7},
      {"2016年", "2016", 2016},
      {"3%", "3", 3},
      {"10000000000000000", "10000000000000000", 1e16},
      {"9007199254740993", "9007199254740993", 9007199254740992.0},  // nearest double
  });
}

// A run of Arabic digits that no comma, point or character of the table follows (the common
// case, read without the general reading) is the correctly rounded value of its digits, all of
// them and nothing after, with no flag set; and the same digits before a comma, a point or a
// multiplier still go the general way. Runs of 1-24 digits: past 15 the general reading takes
// over. strtod is the oracle: correctly rounded, as the exact mantissa of the reader is.
TEST(NumeralTest, DigitRunsReadAsTheirCorrectlyRoundedValue) {
  const std::vector<std::string> plain_tails = {"", "件", "%", "年", " ", "a", "-", "、", "号",
                                                "人次", "（", "\n", "分", "克"};
  std::mt19937_64 random(1549);
  int general = 0;
  for (int i = 0; i < 20000; ++i) {
    const int count = 1 + static_cast<int>(random() % 24);
    std::string digits;
    for (int k = 0; k < count; ++k) digits += static_cast<char>('0' + random() % 10);
    const std::string& tail = plain_tails[random() % plain_tails.size()];
    const std::string text = digits + tail;
    SCOPED_TRACE("input: " + text);
    std::optional<Numeral> got = Reader().Read(text);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->length, digits.size());
    EXPECT_EQ(got->value, std::strtod(digits.c_str(), nullptr));
    EXPECT_FALSE(got->chinese || got->bare_multiplier || got->inner_more_than || got->grouped ||
                 got->digit_sequence);
    EXPECT_EQ(got->decimals, 0);
    // What makes a longer numeral of the same digits.
    if (count <= 3) {
      std::optional<Numeral> grouped = Reader().Read(digits + ",125" + tail);
      ASSERT_TRUE(grouped.has_value());
      EXPECT_TRUE(grouped->grouped);
      EXPECT_EQ(grouped->length, digits.size() + 4);
      EXPECT_EQ(grouped->value, std::strtod((digits + "125").c_str(), nullptr));
      ++general;
    }
    if (count <= 12) {
      std::optional<Numeral> decimal = Reader().Read(digits + ".25" + tail);
      ASSERT_TRUE(decimal.has_value());
      EXPECT_EQ(decimal->length, digits.size() + 3);
      EXPECT_EQ(decimal->decimals, 2);
      EXPECT_EQ(decimal->value, std::strtod((digits + ".25").c_str(), nullptr));
      std::optional<Numeral> wan = Reader().Read(digits + "万" + tail);
      ASSERT_TRUE(wan.has_value());
      EXPECT_TRUE(wan->chinese);
      EXPECT_EQ(wan->length, digits.size() + std::string("万").size());
      EXPECT_EQ(wan->value, std::strtod((digits + "0000").c_str(), nullptr));
      general += 2;
    }
  }
  EXPECT_GT(general, 1000);
}

// Grouping commas: only ",ddd" not followed by a fourth digit, after a leading group of 1-3.
TEST(NumeralTest, Grouping) {
  Check({
      {"12,345", "12,345", 12345, 0, kGrouped},
      {"1,234,567件", "1,234,567", 1234567, 0, kGrouped},
      {"1,234.5", "1,234.5", 1234.5, 1, kGrouped},
      {"12,3", "12", 12},
      {"12,3456", "12", 12},
      {"1,234,56", "1,234", 1234, 0, kGrouped},
      {"12345,678", "12345", 12345},
      {"12，345", "12", 12},  // the full-width comma separates two figures
      {"12,", "12", 12},
  });
}

// Decimal point: only when a digit follows; `decimals` counts the digits written.
TEST(NumeralTest, Decimals) {
  Check({
      {"138.2", "138.2", 138.2, 1},
      {"0.05", "0.05", 0.05, 2},
      {"3.14159", "3.14159", 3.14159, 5},
      {"3.", "3", 3},
      {"3.50", "3.50", 3.5, 2},
      {"1.2.3", "1.2", 1.2, 1},
  });
}

// Arabic numbers with Chinese multipliers, chains of them, and smaller groups after them.
TEST(NumeralTest, Multipliers) {
  Check({
      {"3千", "3千", 3000, 0, kChinese},
      {"1.2万", "1.2万", 12000, 1, kChinese},
      {"138.2万", "138.2万", 1382000, 1, kChinese},
      {"3.5亿", "3.5亿", 350000000, 1, kChinese},
      {"6588.7万", "6588.7万", 65887000, 1, kChinese},
      {"400万", "400万", 4000000, 0, kChinese},
      {"3千万", "3千万", 30000000, 0, kChinese},
      {"2万亿", "2万亿", 2e12, 0, kChinese},
      {"3百万", "3百万", 3000000, 0, kChinese},
      {"1.5千", "1.5千", 1500, 1, kChinese},
      {"0.5万", "0.5万", 5000, 1, kChinese},
      {"12,345万", "12,345万", 123450000, 0, kChinese | kGrouped},
      {"3亿5000万", "3亿5000万", 350000000, 0, kChinese},
      {"2亿300万元", "2亿300万", 203000000, 0, kChinese},
      {"1万5千", "1万5千", 15000, 0, kChinese},
      {"3亿5千万", "3亿5千万", 350000000, 0, kChinese},
      {"3万万", "3万", 30000, 0, kChinese},               // no 万万
      {"3万千", "3万", 30000, 0, kChinese},               // the chain ascends
      {"1万5", "1万", 10000, 0, kChinese},                // a group needs its multiplier
      {"1.5亿300万", "1.5亿", 150000000, 1, kChinese},    // no groups after a decimal
      {"3亿5000万亿", "3亿", 300000000, 0, kChinese},     // the group must be smaller
      {"1.5十", "1.5", 1.5, 1},                          // no 十 after a decimal
  });
}

// Chinese integers: units nest (十百千 in a section, sections under 万 and 亿).
TEST(NumeralTest, ChineseIntegers) {
  Check({
      {"一千二百三十四", "一千二百三十四", 1234, 0, kChinese},
      {"二十一", "二十一", 21, 0, kChinese},
      {"十", "十", 10, 0, kChinese},
      {"十五", "十五", 15, 0, kChinese},
      {"一十五", "一十五", 15, 0, kChinese},
      {"两千", "两千", 2000, 0, kChinese},
      {"两", "两", 2, 0, kChinese},
      {"两万两千", "两万两千", 22000, 0, kChinese},
      {"一千两百", "一千两百", 1200, 0, kChinese},
      {"四亿五千万", "四亿五千万", 450000000, 0, kChinese},
      {"十五万", "十五万", 150000, 0, kChinese},
      {"二十亿", "二十亿", 2e9, 0, kChinese},
      {"一千亿", "一千亿", 1e11, 0, kChinese},
      {"一万亿", "一万亿", 1e12, 0, kChinese},
      {"一千万亿", "一千万亿", 1e15, 0, kChinese},
      {"一万亿五千万", "一万亿五千万", 1000050000000, 0, kChinese},
      {"一千二百三十四万五千六百七十八", "一千二百三十四万五千六百七十八", 12345678, 0, kChinese},
      {"三件", "三", 3, 0, kChinese},
      {"十三五规划", "十三", 13, 0, kChinese},  // 13th Five-Year Plan: 五 is not read
      {"两十", "两", 2, 0, kChinese},           // 两 is not used before 十
      {"十两", "十", 10, 0, kChinese},
      {"一亿一万亿", "一亿一万", 100010000, 0, kChinese},  // one 亿 per number
      {"十亿万", "十亿", 1e9, 0, kChinese},
      {"一百二十万", "一百二十万", 1200000, 0, kChinese},
      {"一百五万", "一百", 100, 0, kChinese},  // neither 1005万 nor 150万 for sure
  });
}

// Abbreviated forms: a last digit right after 百千万亿 is one order lower, only at the end.
TEST(NumeralTest, Abbreviations) {
  Check({
      {"一万五", "一万五", 15000, 0, kChinese},
      {"一万五人", "一万五", 15000, 0, kChinese},
      {"三千二", "三千二", 3200, 0, kChinese},
      {"两百五", "两百五", 250, 0, kChinese},
      {"一亿五", "一亿五", 150000000, 0, kChinese},
      {"十万五", "十万五", 105000, 0, kChinese},
      {"一万五千二", "一万五千二", 15200, 0, kChinese},
      {"一千二三百", "一千", 1000, 0, kChinese},  // a range (1200-1300), not 1200
      {"一万两", "一万", 10000, 0, kChinese},     // 两 is not a last digit
      {"一万五余", "一万", 10000, 0, kChinese},
      {"一万五点", "一万", 10000, 0, kChinese},
  });
}

// 零 and 〇 as fillers: the digit after them is in the ones place (or carries its own unit).
TEST(NumeralTest, ZeroFillers) {
  Check({
      {"一百零一", "一百零一", 101, 0, kChinese},
      {"一千零五十", "一千零五十", 1050, 0, kChinese},
      {"一万零五百", "一万零五百", 10500, 0, kChinese},
      {"一万零一十", "一万零一十", 10010, 0, kChinese},
      {"一万零一", "一万零一", 10001, 0, kChinese},
      {"十万零三", "十万零三", 100003, 0, kChinese},
      {"三千零五十万", "三千零五十万", 30500000, 0, kChinese},
      {"一亿零一", "一亿零一", 100000001, 0, kChinese},
      {"一亿零五百万", "一亿零五百万", 105000000, 0, kChinese},
      {"一千〇一", "一千〇一", 1001, 0, kChinese},  // ICU writes 〇
      {"十万零十", "十万零十", 100010, 0, kChinese},
      {"一千零", "一千", 1000, 0, kChinese},      // a trailing 零 is not read
      {"一千零零五", "一千", 1000, 0, kChinese},  // one filler only
      {"零", "零", 0, 0, kChinese},
      {"〇", "〇", 0, 0, kChinese},
      {"零万", "零", 0, 0, kChinese},
  });
}

// Financial forms (大写) and traditional characters.
TEST(NumeralTest, FinancialForms) {
  Check({
      {"壹仟零壹", "壹仟零壹", 1001, 0, kChinese},
      {"壹亿伍仟万", "壹亿伍仟万", 150000000, 0, kChinese},
      {"拾万", "拾万", 100000, 0, kChinese},
      {"贰拾", "贰拾", 20, 0, kChinese},
      {"壹佰贰拾叁万肆仟伍佰陆拾柒", "壹佰贰拾叁万肆仟伍佰陆拾柒", 1234567, 0, kChinese},
      {"玖拾玖元", "玖拾玖", 99, 0, kChinese},
      {"貳佰參拾陸", "貳佰參拾陸", 236, 0, kChinese},
      {"兩萬", "兩萬", 20000, 0, kChinese},
      {"十萬", "十萬", 100000, 0, kChinese},
      {"二十億", "二十億", 2e9, 0, kChinese},
      {"捌仟柒佰", "捌仟柒佰", 8700, 0, kChinese},
  });
}

// Decimals with 点; a decimal may take 万/亿 (三点五亿) but not 十 (三点五十分 is a time).
TEST(NumeralTest, ChineseDecimals) {
  Check({
      {"三点五", "三点五", 3.5, 1, kChinese},
      {"十二点五", "十二点五", 12.5, 1, kChinese},
      {"一百零五点五", "一百零五点五", 105.5, 1, kChinese},
      {"三点零五", "三点零五", 3.05, 2, kChinese},
      {"零点五", "零点五", 0.5, 1, kChinese},
      {"三点五亿", "三点五亿", 350000000, 1, kChinese},
      {"十二点五万", "十二点五万", 125000, 1, kChinese},
      {"三点五万亿", "三点五万亿", 3.5e12, 1, kChinese},
      {"三點五", "三點五", 3.5, 1, kChinese},
      {"三点", "三", 3, 0, kChinese},
      {"三点要求", "三", 3, 0, kChinese},
      {"三点五十分", "三点五", 3.5, 1, kChinese},
      {"两点五", "两", 2, 0, kChinese},  // 两 is not read before 点
      {"三点两", "三", 3, 0, kChinese},
  });
}

// Digit-by-digit sequences (years, codes): no units, 点 or multipliers after them.
TEST(NumeralTest, DigitSequences) {
  Check({
      {"二〇一六", "二〇一六", 2016, 0, kChinese | kSequence},
      {"一九九八年", "一九九八", 1998, 0, kChinese | kSequence},
      {"二零一六", "二零一六", 2016, 0, kChinese | kSequence},
      {"二○一六", "二○一六", 2016, 0, kChinese | kSequence},  // U+25CB, a common stand-in
      {"一二三", "一二三", 123, 0, kChinese | kSequence},
      {"〇一", "〇一", 1, 0, kChinese | kSequence},
      {"三四十", "三四", 34, 0, kChinese | kSequence},  // a range (30-40): units not read
      {"二〇一六点五", "二〇一六", 2016, 0, kChinese | kSequence},
      {"二两", "二", 2, 0, kChinese},
  });
}

// Mixed: a Chinese integer with 余/多 and a larger multiplier.
TEST(NumeralTest, Mixed) {
  Check({
      {"十余万", "十余万", 100000, 0, kChinese | kInner},
      {"两千余万", "两千余万", 20000000, 0, kChinese | kInner},
      {"一百多万", "一百多万", 1000000, 0, kChinese | kInner},
      {"十多亿", "十多亿", 1e9, 0, kChinese | kInner},
      {"十余万亿", "十余万亿", 1e13, 0, kChinese | kInner},
      {"一百二十余万人", "一百二十余万", 1200000, 0, kChinese | kInner},
      {"十餘萬", "十餘萬", 100000, 0, kChinese | kInner},
  });
}

// Inner 余/多 with Arabic numbers; a trailing 余/多 is the caller's qualifier.
TEST(NumeralTest, InnerMoreThan) {
  Check({
      {"3千余万", "3千余万", 30000000, 0, kChinese | kInner},
      {"30余万", "30余万", 300000, 0, kChinese | kInner},
      {"10多万", "10多万", 100000, 0, kChinese | kInner},
      {"3万余亿", "3万余亿", 3e12, 0, kChinese | kInner},
      {"1万余", "1万", 10000, 0, kChinese},
      {"4200余条", "4200", 4200},
      {"18000多个", "18000", 18000},
      {"两千余", "两千", 2000, 0, kChinese},
      {"十余", "十", 10, 0, kChinese},
      {"一万余万", "一万", 10000, 0, kChinese},  // 余 needs a larger multiplier
      {"一千余百", "一千", 1000, 0, kChinese},
      {"1.5余万", "1.5", 1.5, 1},                 // not after a decimal
      {"3千余余万", "3千", 3000, 0, kChinese},
  });
}

// Bare multipliers: 百/千/万/亿 without a digit (近百条, 千余件, 万余人, 百万).
TEST(NumeralTest, BareMultipliers) {
  Check({
      {"百", "百", 100, 0, kChinese | kBare},
      {"百条", "百", 100, 0, kChinese | kBare},
      {"千余件", "千", 1000, 0, kChinese | kBare},
      {"万余人", "万", 10000, 0, kChinese | kBare},
      {"亿", "亿", 1e8, 0, kChinese | kBare},
      {"百万", "百万", 1e6, 0, kChinese | kBare},
      {"千万元", "千万", 1e7, 0, kChinese | kBare},
      {"百亿", "百亿", 1e10, 0, kChinese | kBare},
      {"百余万", "百余万", 1e6, 0, kChinese | kBare | kInner},
      {"亿万", "亿", 1e8, 0, kChinese | kBare},
      {"百五", "百", 100, 0, kChinese | kBare},
      {"佰", "佰", 100, 0, kChinese | kBare},
      {"十件", "十", 10, 0, kChinese},  // 十 alone is a number
  });
}

// What is not consumed: units, prefix units, kilo- words, non-numerals.
TEST(NumeralTest, NotConsumed) {
  Check({
      {"3千克", "3", 3},
      {"三千克", "三", 3, 0, kChinese},
      {"5千米", "5", 5},
      {"500千伏", "500", 500},
      {"10万千瓦", "10万", 100000, 0, kChinese},
      {"3百分点", "3", 3},
      {"三百分之一", "三", 3, 0, kChinese},
      {"一百零售", "一百", 100, 0, kChinese},
      {"3.5%", "3.5", 3.5, 1},
      {"五一", "五一", 51, 0, kChinese | kSequence},  // a sequence; the caller decides
  });
  CheckNothing({"", "件", "百分之三", "千分之五", "万分之三", "十分之一", "千兆宽带", "百姓",
                "零售额", "点五", "余", "多", "-3", ".5", ",345", "abc", "第一", "个"});
}

// A lone digit (read without the full Chinese grammar): what follows decides nothing unless
// it is a character of the table.
TEST(NumeralTest, LoneDigits) {
  Check({
      {"一个", "一", 1, 0, kChinese},
      {"三", "三", 3, 0, kChinese},
      {"两人", "两", 2, 0, kChinese},
      {"零a", "零", 0, 0, kChinese},
      {"〇 ", "〇", 0, 0, kChinese},
      {"五1", "五", 5, 0, kChinese},
      {"玖，", "玖", 9, 0, kChinese},
      {"一百姓", "一", 1, 0, kChinese},   // a word of the table after the digit
      {"三点", "三", 3, 0, kChinese},     // 点 without a digit after it
      {"五余", "五", 5, 0, kChinese},     // 余 is the caller's qualifier
      {"两万", "两万", 20000, 0, kChinese},
  });
  CheckNothing({"零售", "零星"});
}

// Former bugs: cases that once read wrong while the grammar was written.
TEST(NumeralTest, FormerBugs) {
  Check({
      // A unit after a lone 两 must not make 两 a ones digit.
      {"两万", "两万", 20000, 0, kChinese},
      // ICU writes no 零 between 亿 and a small 万 group: 一亿五万, 四十二亿十万零七十六.
      {"一亿五万", "一亿五万", 100050000, 0, kChinese},
      {"四十二亿十万零七十六", "四十二亿十万零七十六", 4200100076, 0, kChinese},
      // ... but a digit between 万 and 亿 stays ambiguous (10005亿 or 1.5万亿?).
      {"一万五亿", "一万", 10000, 0, kChinese},
      // 亿 multiplies the 万 part too: 一万二千亿 = 1.2e12.
      {"一万二千亿", "一万二千亿", 1.2e12, 0, kChinese},
      // 3.3 must be the double of "3.3", not 33 * 0.1.
      {"3.3", "3.3", 3.3, 1},
      {"0.1万", "0.1万", 1000, 1, kChinese},
  });
}

// The table's examples are checked at load; a broken table fails with each bad row.
TEST(NumeralTest, DataSelfTestListsBadRows) {
  const char* table =
      "# a broken numerals table\n"
      "char\trole\tvalue\tuse\texample\texpected\treads\n"
      "三\tdigit\t3\t\t三\t3\t\n"
      "二\tdigit\t2\t\t三十二\t32\t\n"
      "十\tunit\t10\t\t十\t10\t\n"
      "千\tunit\t1000\t\t三千二百\t3300\t\n"  // line 6: wrong expected value
      "百\tunit\t100\t\t三百件\t300\t\n"      // line 7: reads defaults to the whole example
      "点\tpoint\t-\t\t三点二\t3.2\t三点二\n";
  Result<TsvTable> parsed = ParseTsv("numerals.tsv", table);
  ASSERT_TRUE(parsed.ok());
  Result<NumeralReader> reader = NumeralReader::FromTable(*parsed);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
  const std::string& message = reader.status().message();
  EXPECT_NE(message.find("2 example row(s) fail"), std::string::npos) << message;
  EXPECT_NE(message.find("numerals.tsv line 6: input \"三千二百\" expected 3300 reading "
                         "\"三千二百\", got 3200 reading \"三千二百\""),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("numerals.tsv line 7: input \"三百件\" expected 300 reading \"三百件\", "
                         "got 300 reading \"三百\""),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("line 3"), std::string::npos) << message;
  EXPECT_EQ(message.find("line 8"), std::string::npos) << message;
}

TEST(NumeralTest, DataSelfTestListsMalformedRows) {
  const char* table =
      "char\trole\tvalue\tuse\texample\texpected\treads\n"
      "三\tdigit\t3\t\t三\t3\t\n"
      "三\tdigit\t3\t\t三\t3\t\n"                  // line 3: twice
      "兆\tunit\t1000000000000\t\t一兆\t1e12\t\n"  // line 4: not a unit the grammar nests
      "点\tdecimal\t-\t\t三点五\t3.5\t\n"          // line 5: unknown role
      "十\tdigit\tten\t\t十\t10\t\n"               // line 6: bad digit value
      "百分\tunit\t100\t\t百分\t100\t\n"           // line 7: a unit is one character
      "五\tdigit\t5\tfirst\t五\t5\t\n";            // line 8: unknown use
  Result<TsvTable> parsed = ParseTsv("numerals.tsv", table);
  ASSERT_TRUE(parsed.ok());
  Result<NumeralReader> reader = NumeralReader::FromTable(*parsed);
  ASSERT_FALSE(reader.ok());
  const std::string& message = reader.status().message();
  for (int line = 3; line <= 8; ++line) {
    EXPECT_NE(message.find("line " + std::to_string(line) + ":"), std::string::npos)
        << "line " << line << " in: " << message;
  }
  EXPECT_EQ(message.find("line 2:"), std::string::npos) << message;
}

TEST(NumeralTest, DataSelfTestNeedsColumns) {
  Result<TsvTable> parsed = ParseTsv("numerals.tsv", "char\trole\n三\tdigit\n");
  ASSERT_TRUE(parsed.ok());
  Result<NumeralReader> reader = NumeralReader::FromTable(*parsed);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("missing column 'value'"), std::string::npos);
}

#ifdef OGI_SOURCE_DIR
// The data directory on disk loads like the embedded copy.
TEST(NumeralTest, LoadsFromDirectory) {
  Result<NumeralReader> reader = NumeralReader::Load(DataFiles(OGI_SOURCE_DIR "/data"));
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ(reader->Read("四亿五千万")->value, 450000000);
}
#endif

// A reader is a value: copies read the same; one reader is shared by threads.
TEST(NumeralTest, CopyableAndShared) {
  NumeralReader copy = Reader();
  EXPECT_EQ(copy.Read("3千余万")->value, 30000000);
  const std::vector<std::string> inputs = {"一千二百三十四", "138.2万", "十余万", "二〇一六",
                                           "壹仟零壹", "三点五亿"};
  std::vector<double> expected;
  for (const std::string& input : inputs) expected.push_back(Reader().Read(input)->value);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 2000; ++round) {
        for (size_t i = 0; i < inputs.size(); ++i) {
          if (Reader().Read(inputs[i])->value != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

// Any mix of numeral characters: Read() never fails to stop, consumes at least one character
// when it reads, and ends on a character boundary; reading its own prefix gives the same.
TEST(NumeralTest, RandomTextIsReadSafely) {
  const std::vector<std::string> pieces = {
      "0", "1", "5", "9", ",", ".", "一", "二", "两", "零", "〇", "十", "百", "千", "万",
      "亿", "点", "余", "多", "壹", "拾", "件", "克", "分之", "%", "-", " "};
  std::mt19937_64 random(7);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int count = 1 + static_cast<int>(random() % 10);
    for (int k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
    std::optional<Numeral> got = Reader().Read(text);
    if (!got) continue;
    ASSERT_GT(got->length, 0u) << text;
    ASSERT_LE(got->length, text.size()) << text;
    ASSERT_TRUE(got->length == text.size() ||
                (static_cast<unsigned char>(text[got->length]) & 0xC0) != 0x80)
        << text;
    std::optional<Numeral> again = Reader().Read(text.substr(0, got->length));
    ASSERT_TRUE(again) << text;
    EXPECT_EQ(again->length, got->length) << text;
    EXPECT_EQ(again->value, got->value) << text;
  }
}

// --- ICU's Chinese spell-out as the oracle ---------------------------------------------------

class IcuSpellout {
 public:
  // `rule_set` empty: the default (%spellout-cardinal).
  explicit IcuSpellout(const char* rule_set = "") {
    UErrorCode status = U_ZERO_ERROR;
    format_ = std::make_unique<icu::RuleBasedNumberFormat>(icu::URBNF_SPELLOUT,
                                                           icu::Locale("zh"), status);
    if (U_FAILURE(status)) {
      format_.reset();
      return;
    }
    if (*rule_set != '\0') {
      bool found = false;
      for (int i = 0; i < format_->getNumberOfRuleSetNames(); ++i) {
        if (format_->getRuleSetName(i) == icu::UnicodeString(rule_set)) found = true;
      }
      if (!found) {
        format_.reset();
        return;
      }
      format_->setDefaultRuleSet(icu::UnicodeString(rule_set), status);
      if (U_FAILURE(status)) format_.reset();
    }
  }
  bool ok() const { return format_ != nullptr; }
  const icu::RuleBasedNumberFormat& format() const { return *format_; }

  // ICU writes 10^12 as 兆 (the Taiwan usage); in the mainland 兆 means 10^6 (兆瓦) and 10^12
  // is 万亿. Rewrite "X兆Y" as "X万Y" when Y has 亿, else as "X万亿Y". ICU writes no 零 after
  // 兆 (一兆五亿); the 万 form needs one when the 亿 count skips its thousands (一万零五亿).
  std::string Spell(int64_t value) const {
    icu::UnicodeString text;
    format_->format(static_cast<int64_t>(value), text);
    std::string utf8;
    text.toUTF8String(utf8);
    const std::string zhao = "兆";
    size_t at = utf8.find(zhao);
    if (at != std::string::npos) {
      std::string tail = utf8.substr(at + zhao.size());
      bool has_yi = tail.find("亿") != std::string::npos;
      int64_t yi_count = value / 100000000 % 10000;
      bool needs_zero = has_yi && yi_count < 1000 && tail.rfind("〇", 0) != 0 &&
                        tail.rfind("零", 0) != 0;
      utf8 = utf8.substr(0, at) + (has_yi ? (needs_zero ? "万零" : "万") : "万亿") + tail;
    }
    return utf8;
  }

 private:
  std::unique_ptr<icu::RuleBasedNumberFormat> format_;
};

std::vector<int64_t> OracleValues() {
  std::vector<int64_t> values;
  for (int64_t v = 0; v <= 120; ++v) values.push_back(v);
  for (int64_t v : {1000LL, 1001LL, 1010LL, 1100LL, 10010LL, 10086LL, 100000LL, 100001LL,
                    1000000LL, 10000000LL, 100000000LL, 100000001LL, 1000000000LL,
                    1010101010LL, 1000000000000LL, 100010LL, 110000LL, 1000010000LL,
                    20000200LL, 999999999999LL,
                    // past 10^12, where ICU writes 兆 (see Spell): still exact
                    1000500000000LL, 1234567890123LL, 10000000000000LL, 1000000000000000LL,
                    9007199254740993LL, 9999999999999999LL}) {
    values.push_back(v);
  }
  // Random values up to 10^12: a random number of digits, each digit zero half the time so
  // that 零 fillers are exercised in every position.
  std::mt19937_64 random(20160101);
  for (int i = 0; i < 4000; ++i) {
    int digits = 1 + static_cast<int>(random() % 12);
    int64_t value = 0;
    for (int d = 0; d < digits; ++d) {
      int digit = (random() % 2 == 0) ? 0 : 1 + static_cast<int>(random() % 9);
      if (d == 0 && digit == 0) digit = 1 + static_cast<int>(random() % 9);
      value = value * 10 + digit;
    }
    values.push_back(value);
  }
  std::uniform_int_distribution<int64_t> uniform(0, 1000000000000LL);
  for (int i = 0; i < 1000; ++i) values.push_back(uniform(random));
  return values;
}

void CheckOracle(const IcuSpellout& icu, const std::vector<int64_t>& values) {
  int failures = 0;
  for (int64_t value : values) {
    std::string spelled = icu.Spell(value);
    std::optional<Numeral> got = Reader().Read(spelled);
    bool good = got && got->value == static_cast<double>(value) && got->length == spelled.size() &&
                got->chinese && !got->bare_multiplier && !got->inner_more_than &&
                got->decimals == 0;
    if (!good && ++failures <= 20) {
      ADD_FAILURE() << value << " spelled " << spelled << " read "
                    << (got ? std::to_string(got->value) + " from " +
                                  spelled.substr(0, got->length)
                            : std::string("nothing"));
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(NumeralOracleTest, IcuCardinal) {
  IcuSpellout icu;
  ASSERT_TRUE(icu.ok());
  EXPECT_EQ(icu.Spell(1010101010), "十亿一千〇一十万一千〇一十");
  EXPECT_EQ(icu.Spell(1000000000000LL), "一万亿");
  CheckOracle(icu, OracleValues());
}

TEST(NumeralOracleTest, IcuFinancial) {
  IcuSpellout icu("%spellout-cardinal-financial");
  if (!icu.ok()) GTEST_SKIP() << "this ICU has no %spellout-cardinal-financial";
  CheckOracle(icu, OracleValues());
}

// The alternate cardinal rules write 两 and 零 (两千, 一万零一).
TEST(NumeralOracleTest, IcuAlternateWithLiang) {
  IcuSpellout icu("%spellout-cardinal-alternate2");
  if (!icu.ok()) GTEST_SKIP() << "this ICU has no %spellout-cardinal-alternate2";
  CheckOracle(icu, OracleValues());
}

// Decimals: ICU spells doubles with 点 (十二点三四); the value is the double of the decimal.
TEST(NumeralOracleTest, IcuDecimals) {
  IcuSpellout icu;
  ASSERT_TRUE(icu.ok());
  std::mt19937_64 random(38);
  int failures = 0;
  for (int i = 0; i < 2000; ++i) {
    int64_t scaled = static_cast<int64_t>(random() % 100000000);
    int decimals = 1 + static_cast<int>(random() % 4);
    int64_t power = 1;
    for (int d = 0; d < decimals; ++d) power *= 10;
    if (scaled % power == 0) continue;
    while (scaled % 10 == 0) {  // ICU drops trailing zeros: 1.50 is 一点五
      scaled /= 10;
      power /= 10;
      --decimals;
    }
    double value = static_cast<double>(scaled) / static_cast<double>(power);
    icu::UnicodeString text;
    icu.format().format(value, text);
    std::string spelled;
    text.toUTF8String(spelled);
    std::optional<Numeral> got = Reader().Read(spelled);
    bool good = got && got->value == value && got->length == spelled.size() &&
                got->decimals == decimals && got->chinese;
    if (!good && ++failures <= 20) {
      ADD_FAILURE() << value << " spelled " << spelled << " read "
                    << (got ? std::to_string(got->value) + " (" + std::to_string(got->decimals) +
                                  " decimals) from " + spelled.substr(0, got->length)
                            : std::string("nothing"));
    }
  }
  EXPECT_EQ(failures, 0);
}

// Years written digit by digit (二〇一六) read as digit sequences.
TEST(NumeralOracleTest, IcuYears) {
  IcuSpellout icu("%spellout-numbering-year");
  if (!icu.ok()) GTEST_SKIP() << "this ICU has no %spellout-numbering-year";
  for (int64_t year = 1000; year <= 2100; ++year) {
    std::string spelled = icu.Spell(year);
    std::optional<Numeral> got = Reader().Read(spelled);
    ASSERT_TRUE(got) << spelled;
    EXPECT_EQ(got->value, static_cast<double>(year)) << spelled;
    EXPECT_EQ(got->length, spelled.size()) << spelled;
    EXPECT_TRUE(got->digit_sequence) << spelled;
  }
}

// The Arabic form of every oracle value reads to the same value, with and without grouping.
TEST(NumeralOracleTest, ArabicForms) {
  int failures = 0;
  for (int64_t value : OracleValues()) {
    std::string plain = std::to_string(value);
    std::string grouped;
    for (size_t i = 0; i < plain.size(); ++i) {
      if (i > 0 && (plain.size() - i) % 3 == 0) grouped += ',';
      grouped += plain[i];
    }
    for (const std::string& text : {plain, grouped}) {
      std::optional<Numeral> got = Reader().Read(text);
      bool good = got && got->value == static_cast<double>(value) && got->length == text.size() &&
                  !got->chinese && got->grouped == (text.size() > plain.size());
      if (!good && ++failures <= 20) ADD_FAILURE() << text;
    }
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace ogi
