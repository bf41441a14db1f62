// The report's title line: issuer, year and title as written.
#include "ogi/report.h"

#include <gtest/gtest.h>

#include "testing/extractor.h"
#include "testing/table_driven.h"

namespace ogi {
namespace {

std::string DumpTitle(const std::string& text) {
  Report report = ogi::testing::SharedExtractor().Extract(SourceFromBytes("t.txt", text));
  const ReportInfo& r = report.report;
  return r.issuer + "|" + (r.year ? std::to_string(*r.year) : "-") + "|" + r.title + "|" +
         (r.title_evidence ? r.title_evidence->text : "-");
}

TEST(ReadTitleTest, TitleLines) {
  ogi::testing::ExpectDumps(
      {
          {"浙江省2016年政府信息公开工作年度报告\n正文。", "浙江省|2016|浙江省2016年政府信息公开工作年度报告|浙江省2016年政府信息公开工作年度报告"},
          // pdftotext layout: the issuer on the line above, spaces around the year.
          {"            淮安市人民政府\n     2024 年政府信息公开工作年度报告\n\n   本报告由……编制。",
           "淮安市人民政府|2024|淮安市人民政府2024年政府信息公开工作年度报告|淮安市人民政府\n     2024 年政府信息公开工作年度报告"},
          // 年度 kept as written; a label an archiver put before the title is not the issuer.
          {"标题:平潭综合实验区2024年度政府信息公开工作年度报告\n正文。",
           "平潭综合实验区|2024|平潭综合实验区2024年度政府信息公开工作年度报告|标题:平潭综合实验区2024年度政府信息公开工作年度报告"},
          // A year written in Chinese digits.
          {"浙江省二〇一六年政府信息公开工作年度报告\n正文。",
           "浙江省|2016|浙江省二〇一六年政府信息公开工作年度报告|浙江省二〇一六年政府信息公开工作年度报告"},
          // No title line: nothing is guessed.
          {"本报告根据《条例》编制。\n一、总体情况\n", "|-||-"},
      },
      DumpTitle);
}

}  // namespace
}  // namespace ogi
