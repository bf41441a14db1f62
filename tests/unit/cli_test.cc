// End to end through the real binary: the sample report, its GB18030 twin, exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <map>
#include <set>

#include "ogi/json.h"
#include "testing/run.h"

namespace ogi {
namespace {

using ::ogi::testing::ReadFile;
using ::ogi::testing::RunOgi;
using ::ogi::testing::SourcePath;
using ::ogi::testing::TempDir;
using ::ogi::testing::WriteFile;
using nlohmann::json;

const char* kSample = "data/samples/zhejiang-2016.txt";

std::string ToGb18030(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 16, '\0');
  int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                           utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status));
  out.resize(static_cast<size_t>(n));
  return out;
}

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
  EXPECT_EQ(doc["schema_version"], "1.0");
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
  struct Case {
    std::string path;
    std::string reason;
  } cases[] = {
      {dir.File("missing.txt"), "No such file or directory"},
      {dir.path(), "is a directory"},
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
