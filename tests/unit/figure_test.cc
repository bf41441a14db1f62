// The figure recognizer, table-driven: each sentence and the exact figures it must give, as
// "value unit kind qualifier «text as covered»", " | " between figures.
#include "ogi/figure.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "ogi/data.h"
#include "testing/table_driven.h"

namespace ogi {
namespace {

const FigureRecognizer& Recognizer() {
  static const FigureRecognizer* recognizer = [] {
    Result<FigureRecognizer> r = FigureRecognizer::Load(DataFiles());
    EXPECT_TRUE(r.ok()) << r.status().message();
    return new FigureRecognizer(std::move(*r));
  }();
  return *recognizer;
}

std::string Dump(const std::string& text) {
  std::string out;
  for (const Figure& f : Recognizer().Find(text)) {
    if (!out.empty()) out += " | ";
    out += DumpFigure(f, false) + " «" + text.substr(f.span.start, f.span.size()) + "»";
  }
  return out;
}

void Check(const std::vector<ogi::testing::DumpCase>& cases) { ogi::testing::ExpectDumps(cases, Dump); }

TEST(FigureTest, ArabicWithUnits) {
  Check({
      {"主动公开政府信息8417833条", "8417833 条 count - «8417833条»"},
      {"召开新闻发布会2132场，较2015年减少134场", "2132 场 count - «2132场» | 134 场 count - «134场»"},
      {"共12,345件", "12345 件 count - «12,345件»"},
      {"分别为12，345件", "345 件 count - «345件»"},
      {"府网站平台主动公开政府信息 1136 条", "1136 条 count - «1136 条»"},
      {"公开政府常务会议 7\n期", "7 期 count - «7\n期»"},
      {"收取信息处理费3940元", "3940 元 amount - «3940元»"},
  });
}

TEST(FigureTest, Multipliers) {
  Check({
      {"约138.2万条", "1382000 条 count approx «约138.2万条»"},
      {"3.5亿元", "350000000 元 amount - «3.5亿元»"},
      {"301.3万家", "3013000 家 count - «301.3万家»"},
      {"日均浏览量400万，", "4000000 - count - «400万»"},
      {"超过3000万", "30000000 - count more_than «超过3000万»"},
      {"3千人", "3000 人 count - «3千人»"},
  });
}

TEST(FigureTest, ChineseNumerals) {
  Check({
      {"一千二百三十四件", "1234 件 count - «一千二百三十四件»"},
      {"一万零五百条", "10500 条 count - «一万零五百条»"},
      {"四亿五千万元", "450000000 元 amount - «四亿五千万元»"},
      {"十五万元", "150000 元 amount - «十五万元»"},
      {"召开二十一场", "21 场 count - «二十一场»"},
      {"培训两千余人", "2000 人 count more_than «两千余人»"},
      {"办理十件", "10 件 count - «十件»"},
      {"壹仟贰佰元", "1200 元 amount - «壹仟贰佰元»"},
  });
}

TEST(FigureTest, Qualifiers) {
  Check({
      {"共办理网民来信15万余封", "150000 封 count more_than «15万余封»"},
      {"近4万条", "40000 条 count approx «近4万条»"},
      {"约4584家", "4584 家 count approx «约4584家»"},
      {"4200余条", "4200 条 count more_than «4200余条»"},
      {"500余万人次", "5000000 人次 count more_than «500余万人次»"},
      {"超过10亿条", "1000000000 条 count more_than «超过10亿条»"},
      {"700余万笔", "7000000 笔 count more_than «700余万笔»"},
      {"18000多个", "18000 个 count more_than «18000多个»"},
      {"超过950万人次", "9500000 人次 count more_than «超过950万人次»"},
      {"近百条", "100 条 count approx «近百条»"},
      {"千余件", "1000 件 count more_than «千余件»"},
      {"十余万人", "100000 人 count more_than «十余万人»"},
      {"1万余件", "10000 件 count more_than «1万余件»"},
      {"500人以上", "500 人 count more_than «500人以上»"},
      {"100件左右", "100 件 count approx «100件左右»"},
      {"不足10件", "10 件 count less_than «不足10件»"},
      {"10件以下", "10 件 count at_most «10件以下»"},
  });
}

TEST(FigureTest, PercentagesAndRelatives) {
  Check({
      {"占66%", "66 % percent - «66%»"},
      {"占百分之五十八", "58 % percent - «百分之五十八»"},
      {"百分之三点五", "3.5 % percent - «百分之三点五»"},
      {"差错率5‰", "5 ‰ permille - «5‰»"},
      {"上升2.3个百分点", "2.3 个百分点 percentage_points - «2.3个百分点»"},
      {"超过3成", "0.3 成 ratio more_than «超过3成»"},
  });
}

TEST(FigureTest, VagueAmountsAreNotValues) {
  Check({
      {"数十件", ""},
      {"上百条", ""},
      {"十几件", ""},
      {"若干条", ""},
      {"百条", ""},
  });
}

TEST(FigureTest, NotFigures) {
  Check({
      {"2016年", ""},
      {"二〇一六年", ""},
      {"2017年3月", ""},
      {"2018-02-28", ""},
      {"自2017年1月1日起至12月31日止", ""},
      {"浙政办发〔2016〕142号", ""},
      {"国令第711号", ""},
      {"第二十条第（一）项", ""},
      {"第四届", ""},
      {"一是加强组织领导", ""},
      {"（三）主动公开", ""},
      {"1.属于国家秘密", ""},
      {"十三五规划", ""},
      {"三改一拆", ""},
      {"四张清单一张网改革", ""},
      {"五证合一", ""},
      {"一纵三横", ""},
      {"三同步", ""},
      {"五星级", ""},
      {"十八届三中全会", ""},
      {"G20峰会", ""},
      {"12366热线", ""},
      {"电话：0517-83605210", ""},
      {"邮编：223001", ""},
      {"hazwgkc@163.com", ""},
      {"www.zj.gov.cn", ""},
      {"索引号 014416330/2018-04736", ""},
      {"5.23武林广场", ""},
      {"一个", ""},
      {"一批", ""},
      {"两个维护", ""},
  });
}

// A plain Arabic number is rejected early unless a character that starts a unit or an
// after-number qualifier follows it (after spaces). Over random texts of numbers, spaces, units,
// qualifiers and other words, with no not-a-figure pattern possible (no year, date, code or
// list marker words, no 1, 2, 3, 4 or 6 that phones and names need): a number followed by a
// unit word of the tables, directly or after a qualifier, is a figure with its value, and one
// followed by anything else is none.
TEST(FigureTest, PlainNumbersAreFiguresExactlyWhenAUnitFollows) {
  Result<TsvTable> units = LoadTsv(DataFiles(), "units.tsv");
  Result<TsvTable> qualifiers = LoadTsv(DataFiles(), "qualifiers.tsv");
  ASSERT_TRUE(units.ok() && qualifiers.ok());
  std::vector<std::string> unit_words, after_number;
  std::vector<double> scales;
  for (size_t r = 0; r < units->rows.size(); ++r) {
    if (units->Cell(r, "position") == "prefix") continue;
    unit_words.emplace_back(units->Cell(r, "written"));
    const std::string scale(units->Cell(r, "scale"));
    scales.push_back(scale.empty() ? 1.0 : std::stod(scale));
  }
  for (size_t r = 0; r < qualifiers->rows.size(); ++r) {
    if (qualifiers->Cell(r, "position") == "after_number" && qualifiers->Cell(r, "qualifier") != "vague") {
      after_number.emplace_back(qualifiers->Cell(r, "written"));
    }
  }
  ASSERT_GT(unit_words.size(), 20u);
  ASSERT_FALSE(after_number.empty());
  // Words that start no unit, no qualifier and no not-a-figure match after a number.
  const std::vector<std::string> others = {"的", "和", "，", "。", "；", "在", "全", "其中", "（", "）", "共"};
  std::mt19937_64 random(3940);
  size_t figures = 0, rejected = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string text = others[random() % others.size()];
    std::vector<std::pair<size_t, double>> expected;  // number start, value
    std::vector<size_t> bare;                         // starts of numbers that are no figure
    const int numbers = 1 + static_cast<int>(random() % 6);
    for (int n = 0; n < numbers; ++n) {
      std::string digits;
      // Up to 15 digits: exact in a double, so that a value times a scale (万元) is rounded once
      // here as in the reader.
      const int count = 1 + static_cast<int>(random() % 15);
      for (int k = 0; k < count; ++k) digits += "05789"[random() % 5];
      const size_t start = text.size();
      text += digits;
      if (random() % 3 == 0) text += std::string(random() % 3, ' ');
      const int follow = static_cast<int>(random() % 4);
      if (follow == 0) {
        text += others[random() % others.size()];
        bare.push_back(start);
      } else {
        if (follow == 1) text += after_number[random() % after_number.size()];
        const size_t unit = random() % unit_words.size();
        text += unit_words[unit];
        expected.emplace_back(start, std::strtod(digits.c_str(), nullptr) * scales[unit]);
      }
      text += others[random() % others.size()];
    }
    SCOPED_TRACE("text: " + text);
    const std::vector<Figure> found = Recognizer().Find(text);
    std::map<size_t, double> by_start;
    for (const Figure& f : found) by_start[f.number.start] = f.value;
    for (auto [start, value] : expected) {
      auto it = by_start.find(start);
      ASSERT_NE(it, by_start.end()) << "no figure at " << start;
      EXPECT_EQ(it->second, value);
      ++figures;
    }
    for (size_t start : bare) {
      EXPECT_EQ(by_start.count(start), 0u) << "a figure at " << start;
      ++rejected;
    }
    EXPECT_EQ(found.size(), expected.size());
  }
  EXPECT_GT(figures, 5000u);
  EXPECT_GT(rejected, 2000u);
}

TEST(FigureTest, FormerBugs) {
  Check({
      // A year must not leave its last digits behind as a figure.
      {"2016年共受理12件", "12 件 count - «12件»"},
      // A qualifier before a figure must not reach back over the previous figure.
      {"12件约5件", "12 件 count - «12件» | 5 件 count approx «约5件»"},
  });
}

}  // namespace
}  // namespace ogi
