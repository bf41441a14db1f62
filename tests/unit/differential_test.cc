// The same report in two forms must give the same metrics: only spans may differ.
#include <gtest/gtest.h>

#include <map>

#include "ogi/report.h"
#include "testing/run.h"

#include "testing/extractor.h"

#include "testing/encoding.h"

namespace ogi {
namespace {

std::map<std::string, std::string> Metrics(const Report& report) {
  std::map<std::string, std::string> out;  // "id|scope|source" -> "value evidence-text flags"
  for (const Metric& m : report.metrics) {
    std::string key = m.id + "|" + m.scope + "|" + m.source;
    char value[64];
    std::snprintf(value, sizeof value, "%.15g", m.value);
    out[key] += std::string(value) + " " + m.evidence.text + (m.blank ? " blank" : "") + (m.derived ? " derived" : "") + ";";
  }
  return out;
}

const Extractor& TheExtractor() { return ogi::testing::SharedExtractor(); }

class EncodingTwinTest : public ::testing::TestWithParam<const char*> {};

// A page saved as GBK (GB18030) and as UTF-8: identical table metrics and evidence.
TEST_P(EncodingTwinTest, SameMetricsInGb18030) {
  std::string utf8 = ogi::testing::ReadFile(ogi::testing::SourcePath(std::string("data/samples/") + GetParam()));
  Report a = TheExtractor().Extract(SourceFromBytes(GetParam(), utf8));
  Report b = TheExtractor().Extract(SourceFromBytes(GetParam(), ogi::testing::Convert(utf8, "GB18030")));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok()) << b.errors[0].message;
  EXPECT_EQ(b.source.encoding, "GB18030");
  EXPECT_GT(a.metrics.size(), 100u);
  EXPECT_EQ(Metrics(a), Metrics(b));
  EXPECT_EQ(a.findings.size(), b.findings.size());
}

INSTANTIATE_TEST_SUITE_P(Samples, EncodingTwinTest,
                         ::testing::Values("shuyang-fgj-2023.html", "pingtan-2024.html", "huaian-2024.layout.txt"));

}  // namespace
}  // namespace ogi
