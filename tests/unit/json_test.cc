// The wire format and the schema: what a valid document looks like, and that the validator
// rejects what breaks the contract.
#include "ogi/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "ogi/report.h"
#include "ogi/source.h"

namespace ogi {
namespace {

const SchemaValidator& Validator() {
  static const SchemaValidator* validator = [] {
    Result<SchemaValidator> v = SchemaValidator::Load(DataFiles());
    EXPECT_TRUE(v.ok()) << v.status().message();
    return new SchemaValidator(std::move(*v));
  }();
  return *validator;
}

Report SampleReport() {
  Report report;
  report.source = {"a.txt", 10, std::string(64, 'a'), "UTF-8", "text"};
  report.report.title = "浙江省2016年政府信息公开工作年度报告";
  report.report.issuer = "浙江省";
  report.report.year = 2016;
  report.report.format_revision = "prose";
  Mention m;
  m.figure.value = 15e4;
  m.figure.unit = "封";
  m.figure.kind = "count";
  m.figure.qualifier = "more_than";
  m.subject = "网民来信";
  m.year = 2016;
  m.evidence = {{3, 11}, "15万余封"};
  report.mentions.push_back(m);
  return report;
}

TEST(JsonTest, FieldsAndOrder) {
  nlohmann::ordered_json doc = ReportToJson(SampleReport());
  std::vector<std::string> keys;
  for (auto it = doc.begin(); it != doc.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"schema_version", "source", "report", "metrics",
                                            "mentions", "findings"}));
  const auto& m = doc["mentions"][0];
  EXPECT_EQ(m.dump(),
            R"({"value":150000,"unit":"封","kind":"count","qualifier":"more_than","subject":"网民来信",)"
            R"("scope":null,"year":2016,"compare":null,"share":null,"span":{"start":3,"end":11},)"
            R"("text":"15万余封","metric":null,"part_of":null,"role":"figure"})");
  EXPECT_TRUE(Validator().Validate(doc).ok()) << Validator().Validate(doc).message();
}

TEST(JsonTest, ErrorsOnlyWhenThereAreSome) {
  Report report = SampleReport();
  EXPECT_FALSE(ReportToJson(report).contains("errors"));
  report.errors.push_back({"binary", "x.bin: binary data"});
  nlohmann::ordered_json doc = ReportToJson(report);
  ASSERT_TRUE(doc.contains("errors"));
  EXPECT_EQ(doc["errors"][0]["code"], "binary");
  EXPECT_TRUE(Validator().Validate(doc).ok());
}

TEST(JsonTest, ValidatorRejectsBrokenDocuments) {
  struct Case {
    const char* what;
    void (*breaks)(nlohmann::json*);
  } cases[] = {
      {"missing mentions", [](nlohmann::json* d) { d->erase("mentions"); }},
      {"unknown field", [](nlohmann::json* d) { (*d)["extra"] = 1; }},
      {"bad qualifier", [](nlohmann::json* d) { (*d)["mentions"][0]["qualifier"] = "roughly"; }},
      {"span without end", [](nlohmann::json* d) { (*d)["mentions"][0]["span"].erase("end"); }},
      {"bad sha256", [](nlohmann::json* d) { (*d)["source"]["sha256"] = "xyz"; }},
      {"bad metric id", [](nlohmann::json* d) {
         (*d)["metrics"].push_back({{"id", "Requests Total"}, {"value", 1}, {"unit", "件"},
                                   {"scope", nullptr}, {"source", "prose"}, {"derived", false},
                                   {"blank", false}, {"span", {{"start", 0}, {"end", 1}}}, {"text", "1"}});
       }},
  };
  for (const Case& c : cases) {
    nlohmann::json doc = nlohmann::json::parse(ReportToJson(SampleReport()).dump());
    ASSERT_TRUE(Validator().Validate(doc).ok());
    c.breaks(&doc);
    Status status = Validator().Validate(doc);
    EXPECT_FALSE(status.ok()) << c.what;
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << c.what;
  }
}

// ReportToJsonText writes the tree's bytes without building it: compare both, one line and
// indented, on a report with every optional field, awkward strings and numbers, and on the
// bundled samples.
void ExpectSameText(const Report& report, const std::string& what) {
  for (int indent : {-1, 2}) {
    EXPECT_EQ(ReportToJsonText(report, indent),
              ReportToJson(report).dump(indent, ' ', false,
                                        nlohmann::ordered_json::error_handler_t::replace))
        << what << " indent " << indent;
  }
  // Without --pretty, metrics and mentions are printed by a one-piece writer of their own; the
  // --pretty text, printed field by field, says what they must be.
  EXPECT_EQ(ReportToJsonText(report, -1),
            nlohmann::ordered_json::parse(ReportToJsonText(report, 2))
                .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace))
      << what;
}

// The printer finds the bytes that need care eight at a time: each kind of such byte, at each
// offset of a word, after ASCII or Chinese, prints as nlohmann prints it.
TEST(JsonTest, SpecialBytesAtEveryOffset) {
  const std::vector<std::string> specials = {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xff",
                                             "\xe6\xb5", "\xed\xa0\x80", "中", "\xc3\xa9", "\xf0\x9f\x98\x80"};
  for (const std::string& special : specials) {
    for (size_t offset = 0; offset < 19; ++offset) {
      for (const std::string& filler : {std::string("a"), std::string("中")}) {
        std::string text;
        for (size_t i = 0; i < offset; ++i) text += filler;
        Report report = SampleReport();
        report.mentions[0].subject = text + special + std::string(11, 'b');
        ExpectSameText(report, "offset " + std::to_string(offset));
      }
    }
  }
}

TEST(JsonTest, TextIsTheTreeDumped) {
  Report report = SampleReport();
  ExpectSameText(report, "sample");
  report.source.id = "id \"7\"\t\\";
  report.source.encoding = "";
  report.report.title_evidence = Evidence{{1, 2}, "标题\n\r\b\f\x01\x1f\x7f/", 0};
  report.report.year.reset();
  Mention& m = report.mentions[0];
  m.figure.value = 0.1 + 0.2;
  m.compare = Compare{2015, 1.5, -0.25, 1e-7, "up"};
  m.share = Share{33.333333333333336, "全部"};
  m.evidence.page = 3;
  m.part_of = 0;
  m.subject = "bad \xff\xfe utf-8 \xe6\xb5 \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf end";
  report.mentions.push_back(m);
  Mention empty = report.mentions[0];
  empty.compare = Compare{};
  empty.share = Share{};
  empty.figure.value = std::nan("");
  report.mentions.push_back(empty);
  Metric metric;
  metric.id = "requests.total";
  metric.value = 1e20;
  metric.unit = "元";
  metric.unit_as_written = "万元";
  metric.source = "table";
  metric.table = "表二";
  metric.row = "行";
  metric.column = "列";
  metric.na = metric.recovered = metric.derived = true;
  metric.evidence = {{5, 9}, "12.5", 2};
  report.metrics.push_back(metric);
  metric.value = -12.5;
  report.metrics.push_back(metric);
  metric.value = 7;  // whole: printed in one piece, with every optional field
  report.metrics.push_back(metric);
  Mention whole = report.mentions[0];  // whole, no comparison: printed in one piece
  whole.figure.value = 42;
  whole.compare.reset();
  whole.share.reset();
  whole.evidence.page = 2;
  whole.part_of = 1;
  whole.metric = "requests.total";
  report.mentions.push_back(whole);
  report.findings.push_back({"table3.balance", "error", "msg", {}, std::nullopt, std::nullopt, {}, std::nullopt});
  report.findings.push_back({"prose.delta", "warning", "m", {"a", "b"}, 3.0, 2.75, {}, Evidence{{1, 4}, "x", 0}});
  report.errors.push_back({"binary", "x.bin: \x80 binary"});
  ExpectSameText(report, "awkward");
  ExpectSameText(Report{}, "empty");

  Result<Extractor> extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  for (const auto& entry : std::filesystem::directory_iterator(std::string(OGI_SOURCE_DIR) + "/data/samples")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    ExpectSameText(extractor->Extract(SourceFromBytes(entry.path().string(), bytes.str())),
                   entry.path().string());
  }
}

}  // namespace
}  // namespace ogi
