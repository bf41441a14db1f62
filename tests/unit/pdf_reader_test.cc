// The PDF reader: real reports read from the PDF agree with their `pdftotext -layout` text
// cell for cell and span for span; pages; running headers; and one clear error for a scanned,
// an encrypted and a damaged file.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "ogi/json.h"
#include "ogi/report.h"

#include "testing/extractor.h"

namespace ogi {
namespace {

const Extractor& TestExtractor() { return ogi::testing::SharedExtractor(); }

// The reports' pdftotext layouts are the bundled samples; the PDFs and the broken files are
// test data of their own.
std::string DataPath(const std::string& name) {
  bool sample = name.size() > 11 && name.compare(name.size() - 11, 11, ".layout.txt") == 0;
  return std::string(OGI_SOURCE_DIR) + (sample ? "/data/samples/" : "/tests/data/pdf/") + name;
}

std::string ReadTestFile(const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

Report ExtractFile(const std::string& name) {
  Result<Source> source = ReadSource(DataPath(name));
  EXPECT_TRUE(source.ok()) << source.status().message();
  return TestExtractor().Extract(*source);
}

Report ExtractBytes(const std::string& name, std::string bytes) {
  return TestExtractor().Extract(SourceFromBytes(name, std::move(bytes)));
}

// Everything a metric says, evidence included.
using MetricRow = std::tuple<std::string, double, std::string, std::string, std::string, std::string, size_t, size_t,
                             std::string>;

std::vector<MetricRow> MetricRows(const Report& report) {
  std::vector<MetricRow> rows;
  for (const Metric& m : report.metrics) {
    rows.emplace_back(m.id, m.value, m.scope, m.source, m.row, m.column, m.evidence.span.start, m.evidence.span.end,
                      m.evidence.text);
  }
  return rows;
}

std::vector<std::tuple<double, std::string, std::string, size_t, size_t>> MentionRows(const Report& report) {
  std::vector<std::tuple<double, std::string, std::string, size_t, size_t>> rows;
  for (const Mention& m : report.mentions) {
    rows.emplace_back(m.figure.value, m.figure.unit, m.subject, m.evidence.span.start, m.evidence.span.end);
  }
  return rows;
}

class RealReportTest : public ::testing::TestWithParam<const char*> {};

// The PDF is read exactly as its .layout.txt: the same metrics (table cells first), the same
// mentions, at the same offsets, since the extracted text is what pdftotext -layout prints.
TEST_P(RealReportTest, SameAsLayoutText) {
  std::string name = GetParam();
  Report pdf = ExtractFile(name + ".pdf");
  Report text = ExtractFile(name + ".layout.txt");
  ASSERT_TRUE(pdf.ok()) << pdf.errors[0].message;
  ASSERT_TRUE(text.ok()) << text.errors[0].message;
  EXPECT_EQ(pdf.source.format, "pdf");
  EXPECT_EQ(pdf.source.span_basis, "extracted_text");
  EXPECT_EQ(text.source.span_basis, "original_bytes");
  EXPECT_EQ(pdf.report.title, text.report.title);
  EXPECT_EQ(pdf.report.format_revision, "2021");
  size_t cells = std::count_if(pdf.metrics.begin(), pdf.metrics.end(), [](const Metric& m) { return m.source == "table"; });
  EXPECT_GE(cells, 200u);
  EXPECT_EQ(MetricRows(pdf), MetricRows(text));
  EXPECT_EQ(MentionRows(pdf), MentionRows(text));
  EXPECT_EQ(pdf.findings.size(), text.findings.size());
  // Nothing was taken out: these reports have page numbers but no running headers.
  Result<Document> document = TestExtractor().ReadDocument(SourceFromBytes(name + ".pdf", ReadTestFile(name + ".pdf")));
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(document->text.decoded, ReadTestFile(name + ".layout.txt"));
}

// Spans index the extracted text (here: the .layout.txt bytes) and pages count its form feeds.
TEST_P(RealReportTest, SpansAndPagesIndexTheExtractedText) {
  std::string name = GetParam();
  std::string layout = ReadTestFile(name + ".layout.txt");
  Report pdf = ExtractFile(name + ".pdf");
  ASSERT_TRUE(pdf.ok());
  int pages_seen = 0;
  auto check = [&](const Evidence& evidence) {
    if (evidence.span.empty()) return;
    ASSERT_LE(evidence.span.end, layout.size());
    EXPECT_EQ(layout.substr(evidence.span.start, evidence.span.size()), evidence.text);
    int page = 1 + static_cast<int>(std::count(layout.begin(), layout.begin() + evidence.span.start, '\f'));
    EXPECT_EQ(evidence.page, page) << evidence.text;
    pages_seen = std::max(pages_seen, page);
  };
  for (const Metric& m : pdf.metrics) check(m.evidence);
  for (const Mention& m : pdf.mentions) check(m.evidence);
  EXPECT_GE(pages_seen, 4);
}

INSTANTIATE_TEST_SUITE_P(PdfReader, RealReportTest, ::testing::Values("hongze-2023", "hongze-2024", "huaian-2024"));

TEST(PdfReaderTest, OutputValidatesWithPages) {
  static const SchemaValidator validator = [] {
    Result<SchemaValidator> v = SchemaValidator::Load(DataFiles());
    EXPECT_TRUE(v.ok()) << v.status().message();
    return std::move(*v);
  }();
  nlohmann::ordered_json doc = ReportToJson(ExtractFile("huaian-2024.pdf"));
  Status valid = validator.Validate(doc);
  EXPECT_TRUE(valid.ok()) << valid.message();
  EXPECT_EQ(doc["schema_version"], "1.1");
  EXPECT_EQ(doc["source"]["span_basis"], "extracted_text");
  ASSERT_FALSE(doc["metrics"].empty());
  EXPECT_TRUE(doc["metrics"][0].contains("page"));
  ASSERT_FALSE(doc["mentions"].empty());
  EXPECT_GE(doc["mentions"][0]["page"].get<int>(), 1);
  // Text input has no pages and says so by leaving the field out.
  nlohmann::ordered_json text = ReportToJson(ExtractFile("huaian-2024.layout.txt"));
  EXPECT_TRUE(validator.Validate(text).ok());
  EXPECT_FALSE(text["metrics"][0].contains("page"));
}

// A line repeated at the top or bottom of every page is no content; the body reads on.
TEST(PdfReaderTest, RunningHeadersAndFootersAreDropped) {
  Result<Document> document = ReadPdf(ReadTestFile("running-headers.pdf"), Normalizer::Load(DataFiles()).value(),
                                      "running-headers.pdf");
  ASSERT_TRUE(document.ok()) << document.status().message();
  const Text& text = document->text;
  EXPECT_EQ(text.normalized.find("CITY OF EXAMPLE"), std::string::npos) << text.normalized;
  EXPECT_EQ(text.normalized.find(" of 4"), std::string::npos) << text.normalized;
  ASSERT_EQ(text.page_starts.size(), 4u);
  // Where only a footer, a header and blank lines stood between two pages, the page break is
  // a bare form feed: the paragraph reads on as it does across a plain page number.
  EXPECT_NE(text.decoded.find("line 3 of the body text goes on.\fPage 2 paragraph line 1"), std::string::npos)
      << text.decoded;
  for (int page = 1; page <= 4; ++page) {
    std::string line = "Page " + std::to_string(page) + " paragraph line 2 of the body text goes on.";
    size_t at = text.normalized.find(line);
    ASSERT_NE(at, std::string::npos) << line;
    // Offsets still index the full extracted text, headers included, and find the page.
    Span original = text.ToOriginal({at, at + line.size()});
    EXPECT_EQ(text.PageAt(original.start), page);
    EXPECT_GT(original.start, at);  // the dropped header lines came before it
  }
}

TEST(PdfReaderTest, OwnerPasswordOnlyStillReads) {
  Report report = ExtractFile("owner-only.pdf");
  EXPECT_TRUE(report.ok()) << report.errors[0].message;
  Result<Document> document = TestExtractor().ReadDocument(SourceFromBytes("owner-only.pdf", ReadTestFile("owner-only.pdf")));
  ASSERT_TRUE(document.ok());
  EXPECT_NE(document->text.normalized.find("Report 2024: 12 requests received."), std::string::npos);
}

// One error record each, saying what is wrong and what to do.
TEST(PdfReaderTest, ErrorsSayWhatToDo) {
  struct Case {
    std::string name;
    std::string bytes;
    std::string code;
    std::vector<std::string> message_has;
  };
  std::vector<Case> cases = {
      {"scanned.pdf", ReadTestFile("scanned.pdf"), "unsupported_format", {"scanned.pdf: ", "no text layer", "OCR"}},
      {"encrypted.pdf", ReadTestFile("encrypted.pdf"), "unreadable", {"encrypted.pdf: ", "encrypted", "password"}},
      {"damaged.pdf", "%PDF-1.4\nthis is no PDF at all\n", "unreadable", {"damaged.pdf: ", "damaged PDF"}},
      {"truncated.pdf", ReadTestFile("hongze-2024.pdf").substr(0, 2000), "", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Report report = ExtractBytes(c.name, c.bytes);
    EXPECT_EQ(report.source.format, "pdf");
    if (c.code.empty()) {
      // A cut-off file is either refused or read as what is there; never a crash.
      EXPECT_LE(report.errors.size(), 1u);
      continue;
    }
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, c.code);
    for (const std::string& part : c.message_has) {
      EXPECT_NE(report.errors[0].message.find(part), std::string::npos) << report.errors[0].message;
    }
    EXPECT_TRUE(report.metrics.empty());
    EXPECT_TRUE(report.mentions.empty());
  }
}

// One Extractor serves many threads, PDF input included.
TEST(PdfReaderTest, ThreadsAgree) {
  std::string bytes = ReadTestFile("huaian-2024.pdf");
  std::vector<MetricRow> expected = MetricRows(ExtractBytes("huaian-2024.pdf", bytes));
  std::vector<std::vector<MetricRow>> got(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 3; ++k) got[i] = MetricRows(ExtractBytes("huaian-2024.pdf", bytes));
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& rows : got) EXPECT_EQ(rows, expected);
}

}  // namespace
}  // namespace ogi
