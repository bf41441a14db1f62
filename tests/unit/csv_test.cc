// The CSV printer: RFC 4180 quoting, the header, metric and mention rows, error rows.
#include "ogi/csv.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ogi {
namespace {

std::string Field(std::string_view field) {
  std::string out;
  AppendCsvField(field, &out);
  return out;
}

TEST(CsvFieldTest, QuotesOnlyWhatRfc4180Requires) {
  const struct {
    std::string in, out;
  } cases[] = {
      {"", ""},
      {"plain", "plain"},
      {"浙江省", "浙江省"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"\"", "\"\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\r", "\"cr\r\""},
      {" spaced ", " spaced "},
      {"全省，共", "全省，共"},  // a full-width comma is not a separator
  };
  for (const auto& c : cases) EXPECT_EQ(Field(c.in), c.out) << c.in;
}

Report SampleReport() {
  Report report;
  report.source.path = "reports/a,b.txt";
  report.source.id = "r-1";
  report.report.issuer = "浙江省";
  report.report.year = 2016;
  report.report.format_revision = "2021";
  Metric granted;
  granted.id = "requests.granted.total";
  granted.value = 9835;
  granted.unit = "件";
  granted.source = "table";
  Metric share;
  share.id = "review.corrected";
  share.value = 0.35;
  share.unit = "%";
  share.scope = "省级,部门 \"直属\"";
  share.source = "prose";
  share.derived = true;
  share.blank = true;
  report.metrics = {granted, share};
  Mention m;
  m.figure.value = 150000;
  m.figure.unit = "封";
  m.figure.kind = "count";
  m.figure.qualifier = "more_than";
  m.subject = "来信";
  m.year = 2016;
  m.compare = Compare{2015, 120000.5, std::nullopt, 25, "up"};
  m.part_of = 3;
  m.evidence = {{10, 22}, "15万余封"};
  report.mentions = {m};
  return report;
}

TEST(CsvTest, MetricRows) {
  std::string out = CsvHeader();
  AppendCsvRows(SampleReport(), {}, &out);
  EXPECT_EQ(out,
            "path,issuer,year,revision,id,scope,value,unit,source,derived,blank,source_id,error\n"
            "\"reports/a,b.txt\",浙江省,2016,2021,requests.granted.total,,9835,件,table,false,false,r-1,\n"
            "\"reports/a,b.txt\",浙江省,2016,2021,review.corrected,\"省级,部门 \"\"直属\"\"\",0.35,%,"
            "prose,true,true,r-1,\n");
}

TEST(CsvTest, MentionRows) {
  CsvOptions options;
  options.mentions = true;
  std::string out = CsvHeader(options);
  AppendCsvRows(SampleReport(), options, &out);
  EXPECT_EQ(out,
            "path,issuer,year,revision,mention,value,unit,kind,qualifier,subject,scope,mention_year,"
            "metric,base_year,base_value,delta,direction,rate_percent,share_percent,share_of,"
            "part_of,start,end,text,source_id,error\n"
            "\"reports/a,b.txt\",浙江省,2016,2021,0,150000,封,count,more_than,来信,,2016,,2015,"
            "120000.5,,up,25,,,3,10,22,15万余封,r-1,\n");
}

TEST(CsvTest, AnInputWithErrorsAndNoRowsStillHasOne) {
  Report report;
  report.source.path = "missing.txt";
  report.errors = {{"not_found", "missing.txt: No such file or directory"}, {"internal", "x"}};
  std::string metrics, mentions;
  AppendCsvRows(report, {}, &metrics);
  CsvOptions options;
  options.mentions = true;
  AppendCsvRows(report, options, &mentions);
  EXPECT_EQ(metrics, "missing.txt,,,,,,,,,,,,not_found;internal\n");
  EXPECT_EQ(mentions, "missing.txt" + std::string(23, ',') + ",,not_found;internal\n");
  // As many fields as the header has.
  auto fields = [](const std::string& line) { return std::count(line.begin(), line.end(), ',') + 1; };
  EXPECT_EQ(fields(metrics), fields(CsvHeader()));
  EXPECT_EQ(fields(mentions), fields(CsvHeader(options)));
}

TEST(CsvTest, AnInputWithoutMetricsOrErrorsHasNoRows) {
  Report report;
  report.source.path = "a.txt";
  std::string out;
  AppendCsvRows(report, {}, &out);
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace ogi
