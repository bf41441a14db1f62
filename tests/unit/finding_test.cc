// Each consistency rule on a consistent fixture (no finding) and on a broken one (exactly the
// expected finding, fields asserted).
#include "ogi/finding.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "ogi/metric.h"
#include "ogi/report.h"

#include "testing/extractor.h"

namespace ogi {
namespace {

const Extractor& TheExtractor() { return ogi::testing::SharedExtractor(); }

std::string Num(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.15g", v);
  return b;
}

std::string Dump(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += f.severity + " " + f.rule + " expected=" + (f.expected ? Num(*f.expected) : "-") +
           " actual=" + (f.actual ? Num(*f.actual) : "-");
    for (const std::string& id : f.metrics) out += " " + id;
    out += "\n";
  }
  return out;
}

Metric TableMetric(const std::string& id, double value) {
  Metric m;
  m.id = id;
  m.value = value;
  m.unit = "件";
  m.source = "table";
  m.at = {1, 2};
  return m;
}

// A consistent 表三 (总计 column only, plus one applicant column) and 表四.
std::vector<Metric> ConsistentTables() {
  std::map<std::string, double> rows = {
      {"new_received", 30}, {"carried_over", 2},  {"granted", 10}, {"partially_granted", 5},
      {"denied", 3},        {"denied.state_secret", 1}, {"denied.third_party", 2},
      {"unavailable", 6},   {"not_processed", 2},  {"other", 1},   {"handled_total", 27},
      {"carried_forward", 5}};
  std::vector<Metric> metrics;
  for (const auto& [row, value] : rows) {
    // All requests came from natural persons: the applicant columns sum to the total.
    for (const char* column : {"natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org"}) {
      metrics.push_back(TableMetric("requests." + row + "." + column, std::string(column) == "natural_person" ? value : 0));
    }
    metrics.push_back(TableMetric("requests." + row + ".total", value));
  }
  // The other sub-rows of (三) are zero.
  for (const char* sub : {"prohibited_by_law", "security_stability", "internal_affairs", "process_info",
                          "enforcement_files", "inquiry"}) {
    for (const char* column : {"natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total"}) {
      metrics.push_back(TableMetric(std::string("requests.denied.") + sub + "." + column, 0));
    }
  }
  for (auto [id, value] : std::vector<std::pair<std::string, double>>{
           {"review.upheld", 3}, {"review.corrected", 1}, {"review.other", 0}, {"review.pending", 1}, {"review.total", 5}}) {
    metrics.push_back(TableMetric(id, value));
  }
  return metrics;
}

void Set(std::vector<Metric>* metrics, const std::string& id, double value) {
  for (Metric& m : *metrics) {
    if (m.id == id) m.value = value;
  }
}

TEST(ConsistencyTest, ConsistentTablesGiveNoFinding) {
  EXPECT_EQ(Dump(TheExtractor().checker().Check(ConsistentTables(), {})), "");
}

TEST(ConsistencyTest, Table3Balance) {
  std::vector<Metric> metrics = ConsistentTables();
  Set(&metrics, "requests.carried_forward.total", 4);  // 30 + 2 = 27 + 5, printed 4
  Set(&metrics, "requests.carried_forward.natural_person", 4);
  EXPECT_EQ(Dump(TheExtractor().checker().Check(metrics, {})),
            "error table3.balance expected=32 actual=31 requests.new_received.natural_person "
            "requests.carried_over.natural_person requests.handled_total.natural_person "
            "requests.carried_forward.natural_person\n"
            "error table3.balance expected=32 actual=31 requests.new_received.total requests.carried_over.total "
            "requests.handled_total.total requests.carried_forward.total\n");
}

TEST(ConsistencyTest, Table3HandledTotalAndGroups) {
  std::vector<Metric> metrics = ConsistentTables();
  Set(&metrics, "requests.denied.total", 4);  // sub-rows sum to 3
  std::string dump = Dump(TheExtractor().checker().Check(metrics, {}));
  EXPECT_NE(dump.find("error table3.handled_total expected=28 actual=27 requests.handled_total.total"), std::string::npos) << dump;
  EXPECT_NE(dump.find("error table3.group expected=3 actual=4 requests.denied.total"), std::string::npos) << dump;
  EXPECT_NE(dump.find("error table3.row_total expected=3 actual=4 requests.denied.total"), std::string::npos) << dump;
}

TEST(ConsistencyTest, DerivedGroupRowsAreNotCheckedAgainstTheirOwnParts) {
  std::vector<Metric> metrics = ConsistentTables();
  for (Metric& m : metrics) {
    if (m.id.rfind("requests.denied.total", 0) == 0) m.derived = true;
  }
  Set(&metrics, "requests.denied.total", 4);
  EXPECT_EQ(Dump(TheExtractor().checker().Check(metrics, {})).find("table3.group"), std::string::npos);
}

TEST(ConsistencyTest, Table4Total) {
  std::vector<Metric> metrics = ConsistentTables();
  Set(&metrics, "review.total", 0);  // 3 + 1 + 0 + 1 printed as 0
  EXPECT_EQ(Dump(TheExtractor().checker().Check(metrics, {})),
            "error table4.total expected=5 actual=0 review.total review.upheld review.corrected review.other review.pending\n");
}

TEST(ConsistencyTest, MissingMetricsSkipARule) {
  std::vector<Metric> metrics = ConsistentTables();
  std::erase_if(metrics, [](const Metric& m) { return m.id == "review.other"; });
  Set(&metrics, "review.total", 0);
  EXPECT_EQ(Dump(TheExtractor().checker().Check(metrics, {})), "");
}

TEST(ConsistencyTest, ProseAgainstTables) {
  std::vector<Metric> metrics = ConsistentTables();
  Metric prose = TableMetric("requests.total", 32);  // new + carried over: agrees
  prose.source = "prose";
  metrics.push_back(prose);
  EXPECT_EQ(Dump(TheExtractor().checker().Check(metrics, {})), "");
  metrics.back().value = 17;
  EXPECT_EQ(Dump(TheExtractor().checker().Check(metrics, {})),
            "warning prose_table.requests expected=30 actual=17 requests.total requests.new_received.total\n");
}

// Prose rules run on real sentences through the extractor.
std::string ProseFindings(const std::string& text) {
  Report report = TheExtractor().Extract(SourceFromBytes("t.txt", "浙江省2016年政府信息公开工作年度报告\n" + text));
  return Dump(report.findings);
}

TEST(ConsistencyTest, ProseDelta) {
  EXPECT_EQ(ProseFindings("召开新闻发布会2132场，较2015年2266场减少134场。"), "");
  EXPECT_EQ(ProseFindings("召开新闻发布会2132场，较2015年2266场减少143场。"),
            "error prose.delta expected=134 actual=143\n");
  EXPECT_EQ(ProseFindings("召开新闻发布会2132场，较2015年2266场增加134场。"),
            "error prose.direction expected=-134 actual=134\n");
}

TEST(ConsistencyTest, ProseRate) {
  EXPECT_EQ(ProseFindings("受理申请110件，比2015年的100件增长10%。"), "");
  EXPECT_EQ(ProseFindings("受理申请110件，比2015年的100件增长12%。"), "error prose.rate expected=10 actual=12\n");
}

TEST(ConsistencyTest, ProseShare) {
  EXPECT_EQ(ProseFindings("行政复议1489件，其中维持987件，占66%；纠错147件，占10%；其他355件，占24%。"), "");
  EXPECT_EQ(ProseFindings("行政复议1489件，其中维持987件，占60%；纠错147件，占10%；其他355件，占24%。"),
            "warning prose.share expected=66.29 actual=60\n");
}

TEST(ConsistencyTest, ProseParts) {
  EXPECT_EQ(ProseFindings("行政复议100件，其中结果维持60件，结果纠正20件。"), "");
  EXPECT_EQ(ProseFindings("行政复议100件，其中结果维持80件，结果纠正30件。"),
            "error prose.parts_exceed_total expected=100 actual=110\n");
  // With a catch-all part (其他结果) the parts are meant to make up the whole.
  EXPECT_EQ(ProseFindings("行政复议100件，其中结果维持60件，结果纠正20件，其他结果10件。"),
            "error prose.parts_sum expected=100 actual=90\n");
}

}  // namespace
}  // namespace ogi
