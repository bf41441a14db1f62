// End to end through the real binary: the sample report, its GB18030 twin, exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>
#include <set>

#include "ogi/json.h"
#include "testing/run.h"

#include "testing/encoding.h"

namespace ogi {
namespace {

using ::ogi::testing::ReadFile;
using ::ogi::testing::RunOgi;
using ::ogi::testing::SourcePath;
using ::ogi::testing::TempDir;
using ::ogi::testing::WriteFile;
using nlohmann::json;

const char* kSample = "data/samples/zhejiang-2016.txt";

std::string ToGb18030(const std::string& utf8) { return ogi::testing::Convert(utf8, "GB18030"); }

json Extract(const std::string& path) {
  ogi::testing::RunResult run = RunOgi({"extract", "--validate", path});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return json::parse(run.out);
}

// The figures issue 2 requires from the sample, as written in the file.
const std::vector<std::string> kRequiredFigures = {
    "8417833条", "7345987条", "1071846条", "2797179条", "2132场", "630场",
    "2527件",    "9835件",    "1730件",    "2393件",    "10%",   "1489件",
    "987件",     "66%",       "1023件",    "23788件"};

TEST(CliTest, SampleMentionsCutTheirFiguresOutOfTheFile) {
  std::string path = SourcePath(kSample);
  std::string bytes = ReadFile(path);
  json doc = Extract(path);
  EXPECT_EQ(doc["schema_version"], "1.1");
  EXPECT_EQ(doc["source"]["encoding"], "UTF-8");
  EXPECT_EQ(doc["source"]["bytes"], bytes.size());
  EXPECT_EQ(doc["source"]["sha256"], Sha256Hex(bytes));
  EXPECT_EQ(doc["report"]["issuer"], "浙江省");
  EXPECT_EQ(doc["report"]["year"], 2016);
  EXPECT_EQ(doc["report"]["title"], "浙江省2016年政府信息公开工作年度报告");
  std::multiset<std::string> texts;
  for (const json& m : doc["mentions"]) {
    size_t s = m["span"]["start"], e = m["span"]["end"];
    ASSERT_LE(e, bytes.size());
    // The span's bytes are exactly the evidence text.
    EXPECT_EQ(bytes.substr(s, e - s), m["text"].get<std::string>());
    texts.insert(m["text"].get<std::string>());
  }
  for (const std::string& figure : kRequiredFigures) {
    EXPECT_TRUE(texts.count(figure)) << "missing mention " << figure;
  }
}

// Issue 3: figures written with qualifiers and multipliers, and what is never a figure.
TEST(CliTest, SampleQualifiedFiguresAndNonFigures) {
  json doc = Extract(SourcePath(kSample));
  std::map<std::string, std::pair<double, std::string>> by_text;  // text -> value, qualifier
  for (const json& m : doc["mentions"]) {
    by_text[m["text"]] = {m["value"].get<double>(),
                          m["qualifier"].is_null() ? "" : m["qualifier"].get<std::string>()};
  }
  const std::map<std::string, std::pair<double, std::string>> expected = {
      {"15万余封", {150000, "more_than"}},    {"近4万条", {40000, "approx"}},
      {"约4584家", {4584, "approx"}},         {"4200余条", {4200, "more_than"}},
      {"500余万人次", {5000000, "more_than"}}, {"超过10亿条", {1e9, "more_than"}},
      {"301.3万家", {3013000, ""}},           {"约138.2万条", {1382000, "approx"}},
      {"700余万笔", {7000000, "more_than"}},   {"18000多个", {18000, "more_than"}},
      {"超过3000万", {30000000, "more_than"}}, {"超过950万人次", {9500000, "more_than"}},
  };
  for (const auto& [text, value] : expected) {
    ASSERT_TRUE(by_text.count(text)) << "missing " << text;
    EXPECT_EQ(by_text[text], value) << text;
  }
  // No mention may overlap these strings of the file.
  std::string bytes = ReadFile(SourcePath(kSample));
  for (std::string never : {"十三五", "三改一拆", "四张清单一张网", "G20", "12366", "5.23",
                            "〔2016〕142号", "第四届", "2016年", "2015年", "12月31日"}) {
    for (size_t at = bytes.find(never); at != std::string::npos; at = bytes.find(never, at + 1)) {
      for (const json& m : doc["mentions"]) {
        size_t s = m["span"]["start"], e = m["span"]["end"];
        EXPECT_FALSE(s < at + never.size() && at < e) << m["text"] << " overlaps " << never;
      }
    }
  }
}

// Issue 4: canonical metrics and comparisons read from the sample's prose.
TEST(CliTest, SampleProseMetricsAndComparisons) {
  json doc = Extract(SourcePath(kSample));
  std::map<std::string, double> metrics;  // id for the body as a whole (scope null or 全省)
  for (const json& m : doc["metrics"]) {
    std::string scope = m["scope"].is_null() ? "" : m["scope"].get<std::string>();
    if (scope.empty() || scope == "全省") metrics[m["id"]] = m["value"].get<double>();
  }
  EXPECT_EQ(metrics["requests.granted.total"], 9835);
  EXPECT_EQ(metrics["requests.partially_granted.total"], 1730);
  EXPECT_EQ(metrics["requests.denied.total"], 2393);
  EXPECT_EQ(metrics["review.total"], 1489);
  EXPECT_EQ(metrics["review.upheld"], 987);
  EXPECT_EQ(metrics["review.corrected"], 147);
  EXPECT_EQ(metrics["litigation.upheld"], 740);
  EXPECT_EQ(metrics["proactive.total"], 8417833);
  bool litigation_found = false;
  for (const json& m : doc["metrics"]) litigation_found |= m["id"] == "litigation.total" && m["value"] == 1023;
  EXPECT_TRUE(litigation_found);

  std::map<std::string, json> compare_of;
  for (const json& m : doc["mentions"]) compare_of[m["text"]] = m["compare"];
  EXPECT_EQ(compare_of["3834件"], json::parse(R"({"base_year":2015,"base_value":950,"delta":2884,"direction":"up"})"));
  EXPECT_EQ(compare_of["18320件"], json::parse(R"({"base_year":2015,"base_value":31839,"delta":13519,"direction":"down"})"));
  EXPECT_EQ(compare_of["2132场"], json::parse(R"({"base_year":2015,"base_value":2266,"delta":143,"direction":"down"})"));
  EXPECT_EQ(compare_of["630场"], json::parse(R"({"base_year":2015,"base_value":146,"delta":484,"direction":"up"})"));
  EXPECT_EQ(compare_of["8417833条"], json::parse(R"({"base_year":2015,"direction":"up","rate_percent":6})"));
  // The base of a comparison is a figure of the base year.
  for (const json& m : doc["mentions"]) {
    if (m["text"] == "2266场" || m["text"] == "950件") EXPECT_EQ(m["year"], 2015) << m["text"];
  }
}

TEST(CliTest, Gb18030TwinGivesTheSameMentions) {
  TempDir dir;
  std::string utf8_path = SourcePath(kSample);
  std::string gb_bytes = ToGb18030(ReadFile(utf8_path));
  std::string gb_path = dir.File("zhejiang-2016.gb18030.txt");
  WriteFile(gb_path, gb_bytes);
  json a = Extract(utf8_path);
  json b = Extract(gb_path);
  EXPECT_EQ(b["source"]["encoding"], "GB18030");
  ASSERT_EQ(a["mentions"].size(), b["mentions"].size());
  for (size_t i = 0; i < a["mentions"].size(); ++i) {
    json ma = a["mentions"][i], mb = b["mentions"][i];
    EXPECT_EQ(ma["value"], mb["value"]);
    EXPECT_EQ(ma["unit"], mb["unit"]);
    EXPECT_EQ(ma["text"], mb["text"]);
    EXPECT_EQ(ma["subject"], mb["subject"]);
    size_t s = mb["span"]["start"], e = mb["span"]["end"];
    EXPECT_EQ(gb_bytes.substr(s, e - s), ToGb18030(mb["text"].get<std::string>()));
  }
  for (const char* field : {"title", "issuer", "year", "text"}) {
    EXPECT_EQ(a["report"][field], b["report"][field]) << field;
  }
}

// For Word and PDF input spans index the extracted text, which `ogi text` prints.
TEST(CliTest, TextCommandPrintsWhatExtractedSpansIndex) {
  for (const char* input : {"tests/data/docx/pingtan-2024.docx", "tests/data/pdf/huaian-2024.pdf"}) {
    ogi::testing::RunResult text = RunOgi({"text", input});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    json doc = Extract(input);
    EXPECT_EQ(doc["source"]["span_basis"], "extracted_text");
    ASSERT_FALSE(doc["mentions"].empty());
    for (const json& m : doc["mentions"]) {
      size_t s = m["span"]["start"], e = m["span"]["end"];
      ASSERT_LE(e, text.out.size());
      EXPECT_EQ(text.out.substr(s, e - s), m["text"].get<std::string>()) << input;
    }
  }
}

TEST(CliTest, StdinIsAnInput) {
  ogi::testing::RunResult run = RunOgi({"extract", "-"}, "全省共受理申请12件。");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json doc = json::parse(run.out);
  EXPECT_EQ(doc["source"]["path"], "-");
  ASSERT_EQ(doc["mentions"].size(), 1u);
  EXPECT_EQ(doc["mentions"][0]["value"], 12);
  EXPECT_EQ(doc["mentions"][0]["text"], "12件");
}

TEST(CliTest, UnreadableInputsExit2WithOneLineNamingThem) {
  TempDir dir;
  // A directory is no longer unreadable: it is walked (a batch, tests/unit/extract_batch_test.cc).
  ASSERT_EQ(::mkfifo(dir.File("fifo").c_str(), 0600), 0);
  struct Case {
    std::string path;
    std::string reason;
  } cases[] = {
      {dir.File("missing.txt"), "No such file or directory"},
      {dir.File("fifo"), "not a regular file"},
  };
  for (const Case& c : cases) {
    ogi::testing::RunResult run = RunOgi({"extract", c.path});
    EXPECT_EQ(run.exit_code, 2) << c.path;
    EXPECT_EQ(run.err, "ogi: " + c.path + ": " + c.reason + "\n");
  }
}

TEST(CliTest, BadContentIsARecordWithErrors) {
  TempDir dir;
  std::string binary = dir.File("image.bin");
  WriteFile(binary, std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", 18));
  ogi::testing::RunResult run = RunOgi({"extract", "--validate", binary});
  EXPECT_EQ(run.exit_code, 1);
  json doc = json::parse(run.out);
  ASSERT_EQ(doc["errors"].size(), 1u);
  EXPECT_EQ(doc["errors"][0]["code"], "binary");
  EXPECT_THAT(run.err, ::testing::HasSubstr(binary));
}

TEST(CliTest, VersionAndHelp) {
  ogi::testing::RunResult version = RunOgi({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.out, ::testing::StartsWith("ogi "));
  ogi::testing::RunResult help = RunOgi({"extract", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, ::testing::HasSubstr("--validate"));
  ogi::testing::RunResult none = RunOgi({});
  EXPECT_EQ(none.exit_code, 2);
}

// The whole output for the sample, compared with the reviewed golden file.
// Regenerate with OGI_UPDATE_GOLDEN=1 and review the diff.
TEST(GoldenTest, ZhejiangSample) {
  std::string expected_path = SourcePath("tests/data/golden/zhejiang-2016/expected.json");
  ogi::testing::RunResult run = RunOgi({"extract", "--pretty", kSample});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  if (std::getenv("OGI_UPDATE_GOLDEN") != nullptr) WriteFile(expected_path, run.out);
  std::string expected = ReadFile(expected_path);
  EXPECT_EQ(run.out, expected) << "golden mismatch; diff with: ogi extract --pretty " << kSample;
}

}  // namespace
}  // namespace ogi
