// `ogi check` and `ogi diff` through the real binary: outputs and exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/run.h"

namespace ogi {
namespace {

using ::ogi::testing::ReadFile;
using ::ogi::testing::RunOgi;
using ::ogi::testing::TempDir;
using ::ogi::testing::WriteFile;
using ::testing::HasSubstr;
using nlohmann::json;

TEST(CheckCommandTest, ReportsTheSampleDeltaError) {
  ogi::testing::RunResult run = RunOgi({"check", "data/samples/zhejiang-2016.txt"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            "data/samples/zhejiang-2016.txt:3:8759: error: prose.delta: 新闻发布会: 2266 -> 2132 is a "
            "change of 134, the text says 143\n");
}

TEST(CheckCommandTest, FailOnDecidesTheExitStatus) {
  // hongze-2024 has one warning (prose against 表三) and no error.
  EXPECT_EQ(RunOgi({"check", "data/samples/hongze-2024.layout.txt"}).exit_code, 0);
  EXPECT_EQ(RunOgi({"check", "--fail-on", "warning", "data/samples/hongze-2024.layout.txt"}).exit_code, 1);
  EXPECT_EQ(RunOgi({"check", "--fail-on", "none", "data/samples/hongze-2023.layout.txt"}).exit_code, 0);
  EXPECT_EQ(RunOgi({"check", "--fail-on", "bogus", "data/samples/hongze-2023.layout.txt"}).exit_code, 2);
  EXPECT_EQ(RunOgi({"check", "data/samples/missing.txt"}).exit_code, 2);
}

TEST(CheckCommandTest, JsonOutputAndFromJson) {
  TempDir dir;
  ogi::testing::RunResult extract = RunOgi({"extract", "data/samples/hongze-2023.layout.txt"});
  ASSERT_EQ(extract.exit_code, 0) << extract.err;
  std::string extracted = dir.File("hongze.json");
  WriteFile(extracted, extract.out);
  ogi::testing::RunResult run = RunOgi({"check", "--from-json", "--json", extracted});
  EXPECT_EQ(run.exit_code, 1);
  std::vector<json> findings;
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) findings.push_back(json::parse(line));
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0]["rule"], "table4.total");
  EXPECT_EQ(findings[0]["expected"], 11);
  EXPECT_EQ(findings[0]["actual"], 0);
  EXPECT_EQ(findings[0]["line"], 149);
  EXPECT_EQ(findings[1]["expected"], 5);
  // A document that does not match the schema is an input error.
  std::string broken = dir.File("broken.json");
  WriteFile(broken, R"({"schema_version":"1.0"})");
  EXPECT_EQ(RunOgi({"check", "--from-json", broken}).exit_code, 2);
}

class DiffCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ogi::testing::RunResult run = RunOgi({"extract", "data/samples/huaian-2024.layout.txt"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    original_ = json::parse(run.out);
    expected_ = dir_.File("expected.json");
    WriteFile(expected_, original_.dump());
  }
  std::string Write(const json& doc) {
    std::string path = dir_.File("actual.json");
    WriteFile(path, doc.dump());
    return path;
  }
  static json& Metric(json& doc, const std::string& id) {
    for (json& m : doc["metrics"]) {
      if (m["id"] == id) return m;
    }
    throw std::runtime_error("no metric " + id);
  }
  TempDir dir_;
  json original_;
  std::string expected_;
};

TEST_F(DiffCommandTest, NoDifferenceExitsZero) {
  ogi::testing::RunResult run = RunOgi({"diff", expected_, Write(original_)});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "");
}

TEST_F(DiffCommandTest, ChangedCell) {
  json actual = original_;
  Metric(actual, "requests.granted.total")["value"] = 1363;
  ogi::testing::RunResult run = RunOgi({"diff", expected_, Write(actual)});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "data/samples/huaian-2024.layout.txt: changed metric requests.granted.total: value: 1362 -> 1363\n");
}

TEST_F(DiffCommandTest, AddedAndRemovedMetrics) {
  json actual = original_;
  json removed;
  for (size_t i = 0; i < actual["metrics"].size(); ++i) {
    if (actual["metrics"][i]["id"] == "review.pending") {
      removed = actual["metrics"][i];
      actual["metrics"].erase(i);
      break;
    }
  }
  json added = removed;
  added["id"] = "complaints";
  added["value"] = 7;
  actual["metrics"].push_back(added);
  ogi::testing::RunResult run = RunOgi({"diff", expected_, Write(actual)});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            "data/samples/huaian-2024.layout.txt: removed metric review.pending = 37\n"
            "data/samples/huaian-2024.layout.txt: added metric complaints = 7\n");
}

TEST_F(DiffCommandTest, SpansOnlyWithSpans) {
  json actual = original_;
  Metric(actual, "review.total")["span"]["start"] = 1;
  EXPECT_EQ(RunOgi({"diff", expected_, Write(actual)}).exit_code, 0);
  EXPECT_EQ(RunOgi({"diff", "--spans", expected_, Write(actual)}).exit_code, 1);
}

TEST_F(DiffCommandTest, BadInputExitsTwo) {
  std::string garbage = dir_.File("garbage.json");
  WriteFile(garbage, "not json\n");
  EXPECT_EQ(RunOgi({"diff", expected_, garbage}).exit_code, 2);
  EXPECT_EQ(RunOgi({"diff", expected_, dir_.File("missing.json")}).exit_code, 2);
}

}  // namespace
}  // namespace ogi
