// The table reader: 表二, 表三 and 表四 from layout text, tab-separated and pipe text, HTML grids,
// one phenomenon per case, then every reference cell of the real reports, then HTML against the
// same table copied as tab-separated text.
//
// A case's dump lists every metric as "id=value [flags]" in output order, then the findings as
// "! rule: message", then the revision.
#include "ogi/table.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "ogi/report.h"
#include "ogi/source.h"
#include "testing/run.h"

#include "testing/extractor.h"

namespace ogi {
namespace {

const Extractor& TestExtractor() { return ogi::testing::SharedExtractor(); }

const TableReader& Reader() {
  static const TableReader* reader = [] {
    Result<TableReader> loaded = TableReader::Load(DataFiles());
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return new TableReader(std::move(*loaded));
  }();
  return *reader;
}

Document ReadDoc(const std::string& text, const std::string& path = "t.txt") {
  Result<Document> doc = TestExtractor().ReadDocument(SourceFromBytes(path, text));
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return doc.ok() ? std::move(*doc) : Document{};
}

std::string Num(double v) {
  std::ostringstream out;
  if (std::fabs(v - std::round(v)) < 1e-9) {
    out << static_cast<long long>(std::llround(v));
  } else {
    out << v;
  }
  return out.str();
}

std::string MetricLine(const Metric& m) {
  std::string line = m.id + "=" + Num(m.value);
  if (m.blank) line += " blank";
  if (m.na) line += " na";
  if (m.derived) line += " derived";
  if (m.recovered) line += " recovered";
  if (!m.unit_as_written.empty()) line += " " + m.unit + "(" + m.unit_as_written + ")";
  return line + "\n";
}

std::string Dump(const TableExtraction& t) {
  std::string out;
  for (const Metric& m : t.metrics) out += MetricLine(m);
  for (const Finding& f : t.findings) out += "! " + f.rule + ": " + f.message + "\n";
  out += "revision=" + t.format_revision + "\n";
  return out;
}

std::string ReadTables(const std::string& text, const std::string& path = "t.txt") {
  return Dump(Reader().Read(ReadDoc(text, path)));
}

const char* const kApplicants[] = {"natural_person", "commercial", "research", "nonprofit",
                                   "legal_services", "other_org",  "total"};
const char* const kOutcomes[] = {"upheld", "corrected", "other", "pending", "total"};

// The dump lines of one 表三 row: Row("granted", "1 0 0 0 0 0 1"); a value may carry flags
// after a colon ("0:blank", "0:na"); `flags` applies to every cell ("derived").
std::string Row(const std::string& row, const std::string& values, const std::string& flags = "") {
  std::istringstream in(values);
  std::string out, value;
  for (const char* column : kApplicants) {
    in >> value;
    size_t colon = value.find(':');
    std::string v = value.substr(0, colon);
    std::string f = colon == std::string::npos ? "" : " " + value.substr(colon + 1);
    out += "requests." + row + "." + column + "=" + v + f + (flags.empty() ? "" : " " + flags) + "\n";
  }
  return out;
}

std::string Body(const std::string& body, const std::string& values) {
  std::istringstream in(values);
  std::string out, value;
  for (const char* outcome : kOutcomes) {
    in >> value;
    out += body + "." + outcome + "=" + value + "\n";
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Layout text (pdftotext -layout).

// The header cell that opens every 表三 (the table starts at it).
const std::string kHeader3 = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n";

TEST(TableReaderTest, WrappedLabelsWithNumbersBetweenTheirLines) {
  const std::string text =
      "一、本年新收政府信息公开申请数量                3001        53       0        0    61       4   3119\n"
      "\n"
      "      （二）部分公开（区分处理的，只计这一情\n"
      "                                447         7        0        0        0    0   454\n"
      "      形，不计其他情形）\n"
      "\n"
      "             5.要求行政机关确认或重新出\n"
      "                                        1         0        0         0        0         0    1\n"
      "             具已获取信息\n";
  EXPECT_EQ(ReadTables(text), Row("new_received", "3001 53 0 0 61 4 3119") +
                           Row("partially_granted", "447 7 0 0 0 0 454") +
                           Row("not_processed.confirmation", "1 0 0 0 0 0 1") + "revision=2019\n");
}

TEST(TableReaderTest, GroupLabelPrintedVerticallyBetweenSubRows) {
  // 三、本年度办理结果 one character per line, （三）不予公开 split over two lines; the group row
  // has no numbers and is summed from its eight sub-rows.
  const std::string text = kHeader3 +
      "             1.属于国家秘密            2          0        0        0        0    0    2\n"
      "三、\n"
      "\n"
      "本            2.其他法律行政法规禁止公开     30          1        0        0        0    0    31\n"
      "\n"
      "年\n"
      "             3.危及“三安全一稳定”        5          0        0        0        0    0    5\n"
      "度\n"
      "\n"
      "办            4.保护第三方合法权益         6          0        0        0        0    0    6\n"
      "      （三）不\n"
      "理\n"
      "      予公开\n"
      "             5.属于三类内部事务信息        7          1        0        0        0    0    8\n"
      "结\n"
      "\n"
      "果            6.属于四类过程性信息        12          0        0        0        0    0    12\n"
      "\n"
      "             7.属于行政执法案卷          9          0        0        0        0    0    9\n"
      "\n"
      "             8.属于行政查询事项         105         0        0        0        0    0   105\n";
  EXPECT_EQ(ReadTables(text), Row("denied", "176 2 0 0 0 0 178", "derived") +
                           Row("denied.state_secret", "2 0 0 0 0 0 2") +
                           Row("denied.prohibited_by_law", "30 1 0 0 0 0 31") +
                           Row("denied.security_stability", "5 0 0 0 0 0 5") +
                           Row("denied.third_party", "6 0 0 0 0 0 6") +
                           Row("denied.internal_affairs", "7 1 0 0 0 0 8") +
                           Row("denied.process_info", "12 0 0 0 0 0 12") +
                           Row("denied.enforcement_files", "9 0 0 0 0 0 9") +
                           Row("denied.inquiry", "105 0 0 0 0 0 105") + "revision=2019\n");
}

TEST(TableReaderTest, GroupLabelSpreadOverOneLineAndGarbledSubRowLabel) {
  // pdftotext prints the vertical label as " 三 、本 年 度办 理 结果"; 洪泽区 prints
  // "2.其他法律行政止公开" (法规禁 missing) and "4.无正当理由大量反复 申请".
  const std::string text = kHeader3 +
      "                            1.属于国家秘密         1     0      0     0   0   0     1\n"
      " 三 、本 年 度办 理 结果\n"
      "\n"
      "                            2.其他法律行政止公开      0     0      0     0   0   0     0\n"
      "                 4.无正当理由大量反复 申请        3    0   0   0    0    0   3\n";
  EXPECT_EQ(ReadTables(text), Row("denied.state_secret", "1 0 0 0 0 0 1") +
                           Row("denied.prohibited_by_law", "0 0 0 0 0 0 0") +
                           Row("not_processed.excessive", "3 0 0 0 0 0 3") + "revision=2019\n");
}

TEST(TableReaderTest, PageBreakInsideTableAndBlankCellsPlacedByColumn) {
  // A page number and a form feed between the rows of （四）; the next page starts at another
  // indent. The last row prints only 自然人 and 总计: the other cells are blank, placed by the x
  // columns of the complete row on the same page.
  const std::string text = kHeader3 +
      "             1.本机关不掌握相关政府信息     746         12       0        0    10       1   769\n"
      "      （四）无\n"
      "\n"
      "\n"
      "-4-\n"
      "\f     法提供       2.没有现成信息需要另行制作           11        0        0         0        0         0    11\n"
      "\n"
      "\n"
      "               3.补正后申请内容仍不明确            1                                                   1\n";
  EXPECT_EQ(ReadTables(text), Row("unavailable", "758 12 0 0 10 1 781", "derived") +
                           Row("unavailable.not_held", "746 12 0 0 10 1 769") +
                           Row("unavailable.needs_creation", "11 0 0 0 0 0 11") +
                           Row("unavailable.unclear", "1 0:blank 0:blank 0:blank 0:blank 0:blank 1") +
                           "revision=2019\n");
}

TEST(TableReaderTest, NumbersRunningOntoTheNextLine) {
  // Flowing text (no columns): a row's numbers continue on the next line, or on the lines
  // after its label.
  const std::string text =
      "一、本年新收政府信息公开申请数量 26 1 0 0\n"
      "0 0 27\n"
      "二、上年结转政府信息公开申请数量\n"
      "2 0 0\n0 0\n0 2\n";
  EXPECT_EQ(ReadTables(text), Row("new_received", "26 1 0 0 0 0 27") + Row("carried_over", "2 0 0 0 0 0 2") +
                           "revision=2019\n");
}

TEST(TableReaderTest, UnalignableRowIsReportedAndNotRead) {
  // Six numbers where seven are due, crammed so that x cannot place them: the row is reported
  // and none of its values is guessed; the rows around it are read.
  const std::string text =
      "一、本年新收政府信息公开申请数量                3001        53       0        0    61       4   3119\n"
      "二、上年结转政府信息公开申请数量                34   0   0   0   0   34\n"
      "      （一）予以公开                   1288        21       0        0    50       3   1362\n";
  EXPECT_EQ(ReadTables(text),
            Row("new_received", "3001 53 0 0 61 4 3119") + Row("granted", "1288 21 0 0 50 3 1362") +
                "! table.row_unaligned: 表三 row \"二、上年结转政府信息公开申请数量\": expected 7 "
                "numbers, found 6 (34 0 0 0 0 34); the row was not read\n"
                "revision=2019\n");
  // Without columns to go by (flowing text), a missing number cannot be placed either.
  EXPECT_EQ(ReadTables(kHeader3 + "（一）予以公开 5 0 0 0 0 5\n（七）总计 5 0 0 0 0 0 5\n"),
            Row("handled_total", "5 0 0 0 0 0 5") +
                "! table.row_unaligned: 表三 row \"（一）予以公开\": expected 7 numbers, found 6 (5 0 "
                "0 0 0 5); the row was not read\nrevision=2019\n");
}

TEST(TableReaderTest, BlankAndNotApplicableCells) {
  const std::string text =
      "一、本年新收政府信息公开申请数量      5      —      —      —      —      —      5\n"
      "二、上年结转政府信息公开申请数量      0      /      /      /      /      /      0\n"
      "四、结转下年度继续办理\t1\t\t\t\t\t\t1\n";
  EXPECT_EQ(ReadTables(text), Row("new_received", "5 0:na 0:na 0:na 0:na 0:na 5") +
                           Row("carried_over", "0 0:na 0:na 0:na 0:na 0:na 0") +
                           Row("carried_forward", "1 0:blank 0:blank 0:blank 0:blank 0:blank 1") +
                           "revision=2019\n");
}

TEST(TableReaderTest, BlankLegalPersonColumnsPlacedByTheHeader) {
  // No row has all seven numbers: the columns come from the header labels, stretched over the
  // numbers of each page (the second page starts further right).
  const std::string text =
      "（本列数据的勾稽关系为：第一项加第二项之和，                  法人或其他组织\n"
      "等于第三项加第四项之和）\n"
      "                               自然人                                              总计\n"
      "                                        商业企      科研机     社会公益     法律服务\n"
      "                                                                           其他\n"
      "                                        业        构       组织       机构\n"
      "\n"
      "一、本年新收政府信息公开申请数量                26                                            26\n"
      "二、上年结转政府信息公开申请数量                0                                             0\n"
      "      （一）予以公开                   20                                            20\n"
      "\n"
      "                                           -3-\n"
      "\f       （二）部分公开（区分处理的，只计这一情形，不计其他情形）    6                                             6\n"
      "       （七）总计                           26                                            26\n";
  const std::string blanks = " 0:blank 0:blank 0:blank 0:blank 0:blank ";
  EXPECT_EQ(ReadTables(text), Row("new_received", "26" + blanks + "26") +
                                  Row("carried_over", "0" + blanks + "0") +
                                  Row("granted", "20" + blanks + "20") +
                                  Row("partially_granted", "6" + blanks + "6") +
                                  Row("handled_total", "26" + blanks + "26") + "revision=2019\n");
}

TEST(TableReaderTest, CellsRunTogetherAreCutWhereTheArithmeticAllowsOneWay) {
  // A web archiver's text: every cell of a row printed without separators. A row is recovered
  // only where one way of cutting keeps the table's arithmetic (总计 = the six applicants, each
  // 表四 block's 总计 = its four outcomes); 表二 has no arithmetic, so only a row with as many
  // digits as columns is recovered.
  const std::string text =
      "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
      "行政规范性文件6233440三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，"
      "等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
      "一、本年新收政府信息公开申请数量801000081二、上年结转政府信息公开申请数量0000000"
      "三、本年度办理结果（一）予以公开11111116（七）总计801000081四、政府信息公开行政复议、行政诉讼情况"
      "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果"
      "尚未审结总计结果维持结果纠正其他结果尚未审结总计21317000001324019五、存在的主要问题及改进情况\n";
  EXPECT_EQ(ReadTables(text),
            "proactive.regulations.issued=0 recovered\n"
            "proactive.regulations.repealed=0 recovered\n"
            "proactive.regulations.in_force=0 recovered\n" +
                Row("new_received", "80 1 0 0 0 0 81", "recovered") +
                Row("carried_over", "0 0 0 0 0 0 0", "recovered") +
                Row("handled_total", "80 1 0 0 0 0 81", "recovered") +
                "review.upheld=2 recovered\nreview.corrected=1 recovered\nreview.other=3 recovered\n"
                "review.pending=1 recovered\nreview.total=7 recovered\n"
                "litigation.direct.upheld=0 recovered\nlitigation.direct.corrected=0 recovered\n"
                "litigation.direct.other=0 recovered\nlitigation.direct.pending=0 recovered\n"
                "litigation.direct.total=0 recovered\n"
                "litigation.after_review.upheld=13 recovered\nlitigation.after_review.corrected=2 recovered\n"
                "litigation.after_review.other=4 recovered\nlitigation.after_review.pending=0 recovered\n"
                "litigation.after_review.total=19 recovered\n"
                "! table.row_unaligned: 表二 row \"行政规范性文件\": the numbers run together (6233440) and "
                "more than one way of cutting them into 3 fits; the row was not read\n"
                "! table.row_unaligned: 表三 row \"（一）予以公开\": the numbers run together (11111116) and "
                "no way of cutting them into 7 keeps the table's arithmetic; the row was not read\n"
                "revision=2021\n");
}

// ---------------------------------------------------------------------------------------------
// Browser copies and markdown.

const char* const kTabTable3 =
    "三、收到和处理政府信息公开申请情况\n"
    "(本列数据的勾稽关系为:第一项加第二项之和，等于第三项加第四项之和)\t申请人情况\n"
    "自然人\t法人或其他组织\t总计\n"
    "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n"
    "一、本年新收政府信息公开申请数量\t26\t\t\t\t\t\t26\n"
    "三、本年度办理结果\t(一)予以公开\t20\t\t\t\t\t\t20\n"
    "(二)部分公开(区分处理的，只计这一情形，不计其他情形)\t6\t\t\t\t\t\t6\n"
    "(六)其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
    "3.其他\t1\t1\t0\t0\t0\t0\t2\n"
    "(七)总计\t26\t\t\t\t\t\t26\n";

TEST(TableReaderTest, TabSeparatedCopy) {
  EXPECT_EQ(ReadTables(kTabTable3),
            Row("new_received", "26 0:blank 0:blank 0:blank 0:blank 0:blank 26") +
                Row("granted", "20 0:blank 0:blank 0:blank 0:blank 0:blank 20") +
                Row("partially_granted", "6 0:blank 0:blank 0:blank 0:blank 0:blank 6") +
                Row("other", "1 1 0 0 0 0 2", "derived") + Row("other.no_correction", "0 0 0 0 0 0 0") +
                Row("other.fee_unpaid", "0 0 0 0 0 0 0") + Row("other.other", "1 1 0 0 0 0 2") +
                Row("handled_total", "26 0:blank 0:blank 0:blank 0:blank 0:blank 26") +
                "revision=2021\n");
}

TEST(TableReaderTest, TabsThatOnlyIndentAreNotCells) {
  EXPECT_EQ(ReadTables(kHeader3 + "\t一、本年新收政府信息公开申请数量 12 0 0 0 0 0 12\n"),
            Row("new_received", "12 0 0 0 0 0 12") + "revision=2019\n");
}

TEST(TableReaderTest, MarkdownPipes) {
  const std::string text =
      "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
      "|---|---|---|---|\n"
      "| 规章 | 0 | 0 | 0 |\n"
      "| 行政规范性文件 | 3 | / | 8 |\n"
      "\n"
      "| 一、本年新收政府信息公开申请数量 | 95 | 0 | 0 | 0 | 0 | 0 | 95 |\n"
      "|:--|--:|--:|--:|--:|--:|--:|--:|\n"
      "| （六）其他处理 | 2 |  | 0 | 0 | 0 | 0 | 2 |\n";
  EXPECT_EQ(ReadTables(text), "proactive.regulations.issued=0\n"
                       "proactive.regulations.repealed=0\n"
                       "proactive.regulations.in_force=0\n"
                       "proactive.normative_documents.issued=3\n"
                       "proactive.normative_documents.repealed=0 na\n"
                       "proactive.normative_documents.in_force=8\n" +
                           Row("new_received", "95 0 0 0 0 0 95") +
                           Row("other", "2 0:blank 0 0 0 0 2") + "revision=2021\n");
}

// ---------------------------------------------------------------------------------------------
// 表二 and 表四; revisions.

TEST(TableReaderTest, Table2Of2021WithAmountInWanYuan) {
  const std::string text =
      "     二、主动公开政府信息情况\n"
      "第二十条 第（一）项\n"
      "\n"
      "信息内容          本年制发件数     本年废止件数   现行有效件数\n"
      "\n"
      "规章            1          0        11\n"
      "\n"
      "行政规范性文件       8          26       66\n"
      "\n"
      "第二十条 第（五）项\n"
      "信息内容          本年处理决定数量\n"
      "行政许可          447228\n"
      "第二十条 第（八）项\n"
      "信息内容                          本年收费金额（单位：万元）\n"
      "行政事业性收费                       96171.6\n";
  EXPECT_EQ(ReadTables(text), "proactive.regulations.issued=1\n"
                       "proactive.regulations.repealed=0\n"
                       "proactive.regulations.in_force=11\n"
                       "proactive.normative_documents.issued=8\n"
                       "proactive.normative_documents.repealed=26\n"
                       "proactive.normative_documents.in_force=66\n"
                       "proactive.licensing.decisions=447228\n"
                       "proactive.admin_fees.fee_amount=961716000 元(万元)\n"
                       "revision=2021\n");
  TableExtraction t = Reader().Read(ReadDoc(text));
  ASSERT_EQ(t.metrics.size(), 8u);
  EXPECT_EQ(t.metrics[7].row, "行政事业性收费");
  EXPECT_EQ(t.metrics[7].column, "本年收费金额（单位：万元）");
  EXPECT_EQ(t.metrics[7].table, "表二");
  EXPECT_EQ(t.metrics[7].source, "table");
  EXPECT_EQ(t.metrics[7].unit, "元");
  EXPECT_EQ(t.metrics[7].unit_as_written, "万元");
}

TEST(TableReaderTest, Table2Of2019) {
  const std::string text =
      "第二十条第（一）项\n"
      "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
      "规章\t/\t/\t/\n"
      "规范性文件\t5\t5\t120\n"
      "第二十条第（五）项\n"
      "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
      "行政许可\t120\t-3\t4500\n"
      "其他对外管理服务事项\t10\t0\t16\n"
      "第二十条第（八）项\n"
      "信息内容\t上一年项目数量\t本年增/减\n"
      "行政事业性收费\t3\t+1\n"
      "第二十条第（九）项\n"
      "信息内容\t采购项目数量\t采购总金额\n"
      "政府集中采购\t12\t356.8万元\n";
  EXPECT_EQ(ReadTables(text), "proactive.regulations.made=0 na\n"
                       "proactive.regulations.published=0 na\n"
                       "proactive.regulations.total_published=0 na\n"
                       "proactive.normative_documents.made=5\n"
                       "proactive.normative_documents.published=5\n"
                       "proactive.normative_documents.total_published=120\n"
                       "proactive.licensing.previous_items=120\n"
                       "proactive.licensing.change=-3\n"
                       "proactive.licensing.decisions=4500\n"
                       "proactive.other_services.previous_items=10\n"
                       "proactive.other_services.change=0\n"
                       "proactive.other_services.decisions=16\n"
                       "proactive.admin_fees.previous_items=3\n"
                       "proactive.admin_fees.change=1\n"
                       "proactive.procurement.projects=12\n"
                       "proactive.procurement.amount=3568000 元(万元)\n"
                       "revision=2019\n");
}

const char* const kTable4Layout =
    "     四、政府信息公开行政复议、行政诉讼情况\n"
    "行政复议                          行政诉讼\n"
    "                              未经复议直接起诉                              复议后起诉\n"
    "结果   结果    其他结    尚未\n"
    "                        总计\n"
    "                              结 果   结果       其他       尚未            结果   结果    其他   尚未审\n"
    "维持   纠正    果      审结\n"
    "                                                               总计                           总计\n"
    "                              维持    纠正       结果       审结            维持   纠正    结果   结\n"
    "\n"
    "72   64    178    37    351   13    4        8        1        26   12   1     1    6       20\n"
    "\n"
    "       五、存在的主要问题及改进情况\n"
    "       对照上级新要求和公众新期待，还有 3 个方面需要加强。\n";

TEST(TableReaderTest, Table4UnderATwoLevelHeader) {
  EXPECT_EQ(ReadTables(kTable4Layout), Body("review", "72 64 178 37 351") +
                                    Body("litigation.direct", "13 4 8 1 26") +
                                    Body("litigation.after_review", "12 1 1 6 20") + "revision=2021\n");
  // One number missing: the table is reported, nothing is shifted.
  std::string missing = kTable4Layout;
  missing.replace(missing.find("   12   1"), 5, "");
  EXPECT_EQ(ReadTables(missing),
            "! table.row_unaligned: 表四: expected 15 numbers, found 14 (72 64 178 37 351 13 4 8 1 26 1 "
            "1 6 20); the table was not read\nrevision=\n");
}

TEST(TableReaderTest, ProseAfterTheTableIsNotRead) {
  // The next section's heading is not one the reader knows; its prose numbers stay out of 表四.
  const std::string text = std::string(kTable4Layout).substr(0, std::string(kTable4Layout).find("       五、")) +
                           "       下一步工作\n"
                           "       对照上级新要求和公众新期待，我们将在 3 个方面、12 项任务上加强。\n";
  EXPECT_EQ(ReadTables(text), Body("review", "72 64 178 37 351") +
                                  Body("litigation.direct", "13 4 8 1 26") +
                                  Body("litigation.after_review", "12 1 1 6 20") + "revision=2021\n");
}

TEST(TableReaderTest, Table4RowPerBody) {
  const std::string text =
      "四、政府信息公开行政复议、行政诉讼情况\n"
      "\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
      "行政复议\t1\t0\t0\t1\t2\n"
      "行政诉讼（未经复议直接起诉）\t0\t0\t0\t0\t0\n"
      "行政诉讼（复议后起诉）\t1\t0\t0\t0\t1\n";
  EXPECT_EQ(ReadTables(text), Body("review", "1 0 0 1 2") + Body("litigation.direct", "0 0 0 0 0") +
                           Body("litigation.after_review", "1 0 0 0 1") + "revision=2021\n");
}

TEST(TableReaderTest, RevisionFromTheLabels) {
  const std::string single_other = kHeader3 + "（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n";
  const std::string sub_rows = "3、其他\t0\t0\t0\t0\t0\t0\t0\n";
  const std::string table2_2021 =
      "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n";
  // 表三 alone: （六） with sub-rows is the 2021 revision, a single row the 2019 one.
  EXPECT_EQ(Reader().Read(ReadDoc(single_other)).format_revision, "2019");
  EXPECT_EQ(Reader().Read(ReadDoc(kHeader3 + "（六）其他处理\n" + sub_rows)).format_revision, "2021");
  // 洪泽区: the 2021 表二 with the single-row （六） is the 2021 revision.
  EXPECT_EQ(Reader().Read(ReadDoc(table2_2021 + single_other)).format_revision, "2021");
  // No table: prose.
  TableExtraction prose = Reader().Read(ReadDoc("2016年，全省共受理政府信息公开申请12件。\n"));
  EXPECT_EQ(Dump(prose), "revision=\n");
}

TEST(TableReaderTest, AnnouncedTable3ThatCannotBeRead) {
  const std::string text =
      "三、收到和处理政府信息公开申请情况\n"
      "本年度共收到申请25件，均已按时答复。\n"
      "四、政府信息公开行政复议、行政诉讼情况\n"
      "本年度未发生行政复议、行政诉讼。\n";
  EXPECT_EQ(ReadTables(text), "! table.missing: 表三 (收到和处理政府信息公开申请情况) was announced but could "
                       "not be read\nrevision=\n");
}

TEST(TableReaderTest, LabelsAsPrintedAndSpansOfTheNumbers) {
  const std::string text = kHeader3 +
      "      （二）部分公开（区分处理的，只计这一情\n"
      "                                447         7        0        0        0    0   454\n"
      "      形，不计其他情形）\n";
  Document doc = ReadDoc(text);
  TableExtraction t = Reader().Read(doc);
  ASSERT_EQ(t.metrics.size(), 7u);
  EXPECT_EQ(t.metrics[0].row, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
  EXPECT_EQ(t.metrics[0].column, "自然人");
  EXPECT_EQ(t.metrics[0].table, "表三");
  EXPECT_EQ(t.metrics[0].unit, "件");
  EXPECT_EQ(t.metrics[0].scope, "");
  EXPECT_EQ(doc.SpanText(t.metrics[0].at), "447");
  EXPECT_EQ(doc.SpanText(t.metrics[6].at), "454");
  EXPECT_EQ(t.metrics[6].column, "总计");
}

// ---------------------------------------------------------------------------------------------
// HTML against the same table copied as text.

const char* const kHtmlTable3 = R"(<html><head><meta charset="utf-8"></head><body>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>26</td><td></td><td></td><td></td><td></td><td></td><td>26</td></tr>
<tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>20</td><td></td><td></td><td></td><td></td><td></td><td>20</td></tr>
<tr><td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td><td>6</td><td></td><td></td><td></td><td></td><td></td><td>6</td></tr>
<tr><td rowspan="3">（六）其他处理</td><td>1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>3.其他</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
<tr><td colspan="2">（七）总计</td><td>26</td><td></td><td></td><td></td><td></td><td></td><td>26</td></tr>
</table>
</body></html>
)";

std::string Values(const TableExtraction& t) {
  std::string out;
  for (const Metric& m : t.metrics) out += MetricLine(m);
  return out;
}

TEST(TableReaderTest, HtmlGridAndTabSeparatedCopyGiveTheSameMetrics) {
  TableExtraction html = Reader().Read(ReadDoc(kHtmlTable3, "t.html"));
  TableExtraction tabs = Reader().Read(ReadDoc(kTabTable3));
  EXPECT_FALSE(html.metrics.empty());
  EXPECT_EQ(Values(html), Values(tabs));
  EXPECT_EQ(html.format_revision, tabs.format_revision);
  EXPECT_TRUE(html.findings.empty()) << Dump(html);
}

// ---------------------------------------------------------------------------------------------
// Real reports: every cell of the hand-made reference values.

// The reports are the bundled samples; their hand-made reference values are test data.
std::string ReportPath(const std::string& name) {
  bool reference = name.find(".reference.json") != std::string::npos;
  return std::string(OGI_SOURCE_DIR) + (reference ? "/tests/data/reports/" : "/data/samples/") + name;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// Removes spaces and folds full-width ASCII, as labels are compared.
std::string Fold(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xEF && i + 2 < s.size()) {
      unsigned cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out += static_cast<char>(cp - 0xFEE0);
        i += 3;
        continue;
      }
    }
    if (c != ' ') out += s[i];
    ++i;
  }
  return out;
}

// The canonical id of a reference cell (labels as the reference transcribes them).
std::string Table3RowId(const std::string& label) {
  std::string l = Fold(label);
  std::string last = l.substr(l.rfind('/') == std::string::npos ? 0 : l.rfind('/') + 1);
  auto starts = [](const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; };
  if (starts(l, "一、")) return "new_received";
  if (starts(l, "二、")) return "carried_over";
  if (starts(l, "四、")) return "carried_forward";
  if (l.find("(七)") != std::string::npos) return "handled_total";
  if (l.find("(一)") != std::string::npos) return "granted";
  if (l.find("(二)") != std::string::npos) return "partially_granted";
  const std::vector<std::pair<std::string, std::pair<std::string, std::vector<std::string>>>> groups = {
      {"(三)", {"denied", {"state_secret", "prohibited_by_law", "security_stability", "third_party",
                          "internal_affairs", "process_info", "enforcement_files", "inquiry"}}},
      {"(四)", {"unavailable", {"not_held", "needs_creation", "unclear"}}},
      {"(五)", {"not_processed", {"petition", "duplicate", "publication", "excessive", "confirmation"}}},
      {"(六)", {"other", {"no_correction", "fee_unpaid", "other"}}},
  };
  for (const auto& [key, group] : groups) {
    if (l.find(key) == std::string::npos) continue;
    if (!last.empty() && last[0] >= '1' && last[0] <= '9' && !starts(last, key)) {
      return group.first + "." + group.second[static_cast<size_t>(last[0] - '1')];
    }
    return group.first;
  }
  return "";
}

std::map<std::string, double> ReferenceCells(const nlohmann::json& gold) {
  std::map<std::string, double> cells;
  const std::map<std::string, std::string> applicants = {
      {"自然人", "natural_person"}, {"商业企业", "commercial"}, {"科研机构", "research"},
      {"社会公益组织", "nonprofit"}, {"法律服务机构", "legal_services"}, {"其他", "other_org"},
      {"总计", "total"}};
  for (const auto& [row, columns] : gold["tables"]["table3"].items()) {
    std::string id = Table3RowId(row);
    EXPECT_FALSE(id.empty()) << row;
    for (const auto& [column, value] : columns.items()) {
      cells["requests." + id + "." + applicants.at(Fold(column))] = value.get<double>();
    }
  }
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"未经复议直接起诉", "litigation.direct"}, {"复议后起诉", "litigation.after_review"},
      {"行政复议", "review"}};
  const std::map<std::string, std::string> outcomes = {
      {"结果维持", "upheld"}, {"结果纠正", "corrected"}, {"其他结果", "other"},
      {"尚未审结", "pending"}, {"总计", "total"}};
  for (const auto& [body, columns] : gold["tables"]["table4"].items()) {
    std::string id;
    for (const auto& [key, value] : bodies) {
      if (id.empty() && body.find(key) != std::string::npos) id = value;
    }
    for (const auto& [column, value] : columns.items()) {
      cells[id + "." + outcomes.at(Fold(column))] = value.get<double>();
    }
  }
  const std::vector<std::pair<std::string, std::string>> items = {
      {"行政规范性文件", "normative_documents"}, {"规范性文件", "normative_documents"},
      {"规章", "regulations"}, {"行政许可", "licensing"}, {"行政处罚", "penalties"},
      {"行政强制", "coercive_measures"}, {"行政事业性收费", "admin_fees"}};
  const std::vector<std::pair<std::string, std::string>> columns2 = {
      {"本年制发件数", "issued"}, {"本年废止件数", "repealed"}, {"现行有效件数", "in_force"},
      {"本年处理决定数量", "decisions"}, {"本年收费金额", "fee_amount"}};
  for (const auto& [row, columns] : gold["tables"]["table2"].items()) {
    std::string last = Fold(row.substr(row.rfind('/') + 1));
    std::string id;
    for (const auto& [key, value] : items) {
      if (id.empty() && last == key) id = value;
    }
    EXPECT_FALSE(id.empty()) << row;
    for (const auto& [column, value] : columns.items()) {
      std::string col;
      for (const auto& [key, v] : columns2) {
        if (col.empty() && column.rfind(key, 0) == 0) col = v;
      }
      double scale = column.find("万元") != std::string::npos ? 10000 : 1;
      cells["proactive." + id + "." + col] = value.get<double>() * scale;
    }
  }
  return cells;
}

struct ReportCase {
  const char* input;
  const char* reference;
  const char* revision;
};

class RealReportTest : public ::testing::TestWithParam<ReportCase> {};

TEST_P(RealReportTest, EveryReferenceCell) {
  const ReportCase& c = GetParam();
  nlohmann::json gold = nlohmann::json::parse(ReadBytes(ReportPath(c.reference)));
  std::map<std::string, double> expected = ReferenceCells(gold);
  ASSERT_GT(expected.size(), 150u);
  Report report = TestExtractor().Extract(SourceFromBytes(c.input, ReadBytes(ReportPath(c.input))));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.report.format_revision, c.revision);
  std::map<std::string, const Metric*> got;
  for (const Metric& m : report.metrics) {
    if (m.source == "table" && m.scope.empty()) got[m.id] = &m;
  }
  size_t right = 0;
  for (const auto& [id, value] : expected) {
    auto it = got.find(id);
    if (it == got.end()) {
      ADD_FAILURE() << c.input << ": " << id << " missing (reference " << value << ")";
      continue;
    }
    if (std::fabs(it->second->value - value) > 1e-6 * std::max(1.0, std::fabs(value))) {
      ADD_FAILURE() << c.input << ": " << id << " = " << it->second->value << ", reference " << value;
      continue;
    }
    ++right;
  }
  EXPECT_EQ(right, expected.size());
  // Blank cells are flagged as such; nothing else is.
  std::set<std::string> blanks;
  for (const auto& cell : gold["blank_cells"]) blanks.insert(cell.get<std::string>());
  size_t blank_metrics = 0;
  for (const Metric& m : report.metrics) blank_metrics += m.blank;
  EXPECT_EQ(blank_metrics, blanks.size());
  // Every read cell points at its number in the input.
  for (const Metric& m : report.metrics) {
    if (m.source != "table" || m.derived || m.blank) continue;
    EXPECT_FALSE(m.evidence.text.empty()) << m.id;
  }
  for (const Finding& f : report.findings) {
    EXPECT_NE(f.rule.rfind("table.", 0), 0u) << f.rule << ": " << f.message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Reports, RealReportTest,
    ::testing::Values(ReportCase{"huaian-2024.layout.txt", "huaian-2024.reference.json", "2021"},
                      ReportCase{"hongze-2023.layout.txt", "hongze-2023.reference.json", "2021"},
                      ReportCase{"hongze-2024.layout.txt", "hongze-2024.reference.json", "2021"},
                      ReportCase{"pingtan-2024.html", "pingtan-2024.reference.json", "2021"},
                      ReportCase{"shuyang-fgj-2023.html", "shuyang-fgj-2023.reference.json", "2021"}),
    [](const ::testing::TestParamInfo<ReportCase>& info) {
      std::string name = info.param.input;
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

TEST(RunTogetherReportTest, PingtanArchiveText) {
  // pingtan-2024.txt: the same report as pingtan-2024.html, its cells run together. Every cell
  // is recovered but the 表二 row 行政规范性文件 (6233440: 62|33|440 or 6|233|440 ...), which is
  // reported instead.
  nlohmann::json gold = nlohmann::json::parse(ReadBytes(ReportPath("pingtan-2024.reference.json")));
  std::map<std::string, double> expected = ReferenceCells(gold);
  Report report = TestExtractor().Extract(
      SourceFromBytes("pingtan-2024.txt", ReadBytes(ReportPath("pingtan-2024.txt"))));
  std::map<std::string, const Metric*> got;
  for (const Metric& m : report.metrics) {
    if (m.source == "table") got[m.id] = &m;
  }
  size_t right = 0;
  std::vector<std::string> missing;
  for (const auto& [id, value] : expected) {
    auto it = got.find(id);
    if (it == got.end()) {
      missing.push_back(id);
    } else if (std::fabs(it->second->value - value) < 1e-6 * std::max(1.0, value)) {
      ++right;
    } else {
      ADD_FAILURE() << id << " = " << it->second->value << ", reference " << value;
    }
  }
  EXPECT_EQ(right, expected.size() - 3);
  EXPECT_EQ(missing, (std::vector<std::string>{"proactive.normative_documents.in_force",
                                               "proactive.normative_documents.issued",
                                               "proactive.normative_documents.repealed"}));
  std::vector<std::string> findings;
  for (const Finding& f : report.findings) {
    if (f.rule.rfind("table.", 0) == 0) findings.push_back(f.rule + ": " + f.message);
  }
  EXPECT_EQ(findings, (std::vector<std::string>{
                          "table.row_unaligned: 表二 row \"行政规范性文件\": the numbers run together "
                          "(6233440) and more than one way of cutting them into 3 fits; the row was not read"}));
  EXPECT_TRUE(got.at("requests.new_received.total")->recovered);
  EXPECT_EQ(got.at("requests.new_received.total")->evidence.text, "218");
}

// ---------------------------------------------------------------------------------------------
// The searches' fast paths against plain RE2.

// The label data with every pattern p written "(?-m:p)|\b\B": the same matches in any text
// (RE2 is not in multi-line mode unless told, and \b\B matches nowhere), but no literals to find
// the rules by (FilteredRE2 finds none that a match must hold) and no search of lines joined
// (which turns multi-line mode on). A reader of these labels searches every line with RE2 for
// every list of rules and asks RE2 of every label: what the fast paths must answer too (literals
// found several characters a step, literals that are a match by themselves where they are
// found, literals at a line's start, one search of all lines).
std::string LabelsSearchedByRe2(const std::string& labels) {
  std::istringstream in(labels);
  std::string out, line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      out += line + "\n";
      continue;
    }
    std::vector<std::string> cells;
    for (size_t start = 0;;) {
      const size_t tab = line.find('\t', start);
      cells.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (!header && cells.size() > 3 && cells[1] != "cells") {
      cells[3] = "(?-m:" + cells[3] + ")|\\b\\B";
    }
    header = false;
    for (size_t c = 0; c < cells.size(); ++c) out += (c > 0 ? "\t" : "") + cells[c];
    out += "\n";
  }
  return out;
}

// A report's lines shuffled about: lines dropped, repeated, split and joined, labels of the
// tables (and words that start them) put between and into lines, spaces put into words.
std::string Mutated(const std::string& text, std::mt19937* random) {
  static const char* const kPieces[] = {
      "表三", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
      "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "勾稽关系",
      "申请人情况", "信息内容", "第二十条第(一)项", "本年制发件数", "本年新制作数量",
      "本年新收政府信息公开申请数量", "政府信息公开行政复议", "行政复议", "行政诉讼", "存在的主要问题",
      "其他需要报告的事项", "五、", "六、其他", "三、", "维持", "纠正", "审结", "直接起诉",
      "复议后起诉", "规章", "规范性文件", "行政许可", "上年结转政府信息公开申请数量", "予以公开",
      "信访", "总计", "结转下年度继续办理", "政府信息公开", "政府", "本年", "公开", "12",
      "3 0 0 1 0 0 4", "1 0 2 0 0 0 0 3", "—", "/", "万元", "（一）", "1.", "(七)", "说明", "备注",
      "附注", "附件", "附录"};
  auto piece = [&] {
    std::uniform_int_distribution<size_t> any(0, std::size(kPieces) - 1);
    return std::string(kPieces[any(*random)]);
  };
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (lines.empty()) lines.emplace_back();
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(*random); };
  // A byte offset of `s` where a character starts (or its end).
  auto boundary = [&](const std::string& s) {
    size_t at = pick(s.size() + 1);
    while (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
    return at;
  };
  const size_t edits = 1 + pick(8);
  for (size_t e = 0; e < edits; ++e) {
    const size_t l = pick(lines.size());
    std::string& line = lines[l];
    switch (pick(8)) {
      case 0:
        if (lines.size() > 1) lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(l));
        break;
      case 1: {
        std::string copy = line;
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(pick(lines.size() + 1)), copy);
        break;
      }
      case 2:
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(l),
                     std::string(pick(3) * 4, ' ') + piece() + (pick(2) == 0 ? "" : piece()));
        break;
      case 3: {
        const size_t at = boundary(line);
        std::string rest = line.substr(at);
        line.resize(at);
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(l) + 1, rest);
        break;
      }
      case 4:
        if (l + 1 < lines.size()) {
          line += (pick(2) == 0 ? "" : "  ") + lines[l + 1];
          lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(l) + 1);
        }
        break;
      case 5: {
        const std::string spaces(pick(3), ' ');
        line.insert(boundary(line), spaces + piece() + spaces);
        break;
      }
      case 6:
        line.insert(boundary(line), std::string(1 + pick(2), ' '));
        break;
      default:
        line = piece() + line;
        break;
    }
  }
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

TEST(TableReaderTest, FastSearchesReadAsRe2Alone) {
  // The labels, and stops of every literal form the data may come to hold ("^" and "$" on
  // literals, alone and among others).
  const std::string labels = testing::ReadFile(testing::SourcePath("data/table_labels.tsv")) +
                             "*\tstop\t\t^说明$\t\t\t\n"
                             "*\tstop\t\t备注$|^附注|^附件$|附录\t\t\t\n";
  auto load = [&](const std::string& edited) {
    testing::TempDir dir;
    testing::WriteFile(dir.File("metrics.tsv"),
                       testing::ReadFile(testing::SourcePath("data/metrics.tsv")));
    testing::WriteFile(dir.File("table_labels.tsv"), edited);
    Result<TableReader> reader = TableReader::Load(DataFiles(dir.path()));
    EXPECT_TRUE(reader.ok()) << reader.status().message();
    return reader;
  };
  Result<TableReader> fast_reader = load(labels);
  Result<TableReader> by_re2 = load(LabelsSearchedByRe2(labels));
  ASSERT_TRUE(fast_reader.ok() && by_re2.ok());
  std::mt19937 random(20261130);
  int compared = 0, differing = 0;
  for (const char* sample : {"hongze-2023.layout.txt", "hongze-2024.layout.txt",
                             "huaian-2024.layout.txt", "pingtan-2024.txt", "zhejiang-2016.txt"}) {
    const std::string text = ReadBytes(ReportPath(sample));
    for (int variant = 0; variant < 100 && differing < 3; ++variant) {
      const std::string input = variant == 0 ? text : Mutated(text, &random);
      const Document doc = ReadDoc(input);
      const std::string fast = Dump(fast_reader->Read(doc));
      const std::string slow = Dump(by_re2->Read(doc));
      ++compared;
      if (fast != slow) {
        ++differing;
        ADD_FAILURE() << sample << " variant " << variant << ":\n--- fast\n" << fast << "--- RE2\n"
                      << slow << "--- input\n" << input;
      }
    }
  }
  EXPECT_EQ(compared, 500);
}

TEST(TableReaderTest, LoadChecksTheLabelData) {
  std::string labels = testing::ReadFile(testing::SourcePath("data/table_labels.tsv"));
  std::string metrics = testing::ReadFile(testing::SourcePath("data/metrics.tsv"));
  auto load = [&](const std::string& edited) {
    testing::TempDir dir;
    testing::WriteFile(dir.File("metrics.tsv"), metrics);
    testing::WriteFile(dir.File("table_labels.tsv"), edited);
    Result<TableReader> reader = TableReader::Load(DataFiles(dir.path()));
    return reader.ok() ? std::string("ok") : reader.status().message();
  };
  EXPECT_EQ(load(labels), "ok");
  // An example that another row reads better.
  std::string ambiguous = labels + "表三\trow\tgranted\t公开\t\t\t（二）部分公开\n";
  EXPECT_NE(load(ambiguous).find("example '（二）部分公开' reads as row partially_granted"),
            std::string::npos)
      << load(ambiguous);
  // A row whose metric ids are not in the catalogue.
  std::string unknown = labels + "表三\trow\tdenied.secret\t绝密\t\t\t1.绝密\n";
  EXPECT_NE(load(unknown).find("'requests.denied.secret.natural_person' is not in metrics.tsv"),
            std::string::npos)
      << load(unknown);
  // A pattern RE2 does not accept.
  std::string bad = labels + "表三\trow\tgranted\t予以(公开\t\t\t予以公开\n";
  EXPECT_NE(load(bad).find("bad pattern"), std::string::npos) << load(bad);
}

}  // namespace
}  // namespace ogi
