// Report: the JSON model of one input (../shared/spec/report-model.md), as plain structs, and
// the Extractor façade that produces it.
//
// The façade reads like the pipeline: Source -> Text (decode, read, normalize) -> Document
// (blocks) -> Figures -> Mentions -> Report. Every span in a Report is already resolved to
// ORIGINAL input bytes (for PDF and DOCX: the extracted text, see SourceInfo::span_basis), with
// the evidence text beside it. Domain structs know nothing of JSON: output/json.h turns them
// into the wire format.
#ifndef OGI_REPORT_H_
#define OGI_REPORT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ogi/data.h"
#include "ogi/document.h"
#include "ogi/figure.h"
#include "ogi/finding.h"
#include "ogi/mention.h"
#include "ogi/metric.h"
#include "ogi/segment.h"
#include "ogi/source.h"
#include "ogi/status.h"
#include "ogi/table.h"
#include "ogi/text.h"

namespace ogi {

// 1.1 (additive): source.span_basis, and page on mentions and metrics of PDF input.
inline constexpr const char* kSchemaVersion = "1.1";

struct SourceInfo {
  std::string path;
  size_t bytes = 0;
  std::string sha256;
  std::string encoding;  // empty when decoding failed
  std::string format;
  // What spans index: "original_bytes" (text, HTML: the file as read) or "extracted_text"
  // (PDF, DOCX: compressed containers, so spans index the text ogi extracted from them).
  std::string span_basis = "original_bytes";
  std::optional<std::string> id;  // the caller's id for this input (--stdin-jsonl), echoed back
};

struct ReportInfo {
  std::string title;
  std::string issuer;
  std::optional<int> year;
  std::string format_revision;  // "prose", "2019", "2021"
  std::optional<Evidence> title_evidence;
};

struct ReportError {
  std::string code;     // StatusCodeName()
  std::string message;  // names the input and the reason
};

struct Report {
  SourceInfo source;
  ReportInfo report;
  std::vector<Metric> metrics;
  std::vector<Mention> mentions;
  std::vector<Finding> findings;
  std::vector<ReportError> errors;
  bool ok() const { return errors.empty(); }
};

struct ExtractorOptions {
  DataFiles data;  // where data/ comes from (compiled in by default)
};

struct ExtractOptions {
  bool explain = false;  // record in each mention how its meaning was found
};

// Holds every recognizer, built once from data. Immutable after Create(), so one Extractor
// serves any number of threads.
class Extractor {
 public:
  static Result<Extractor> Create(const ExtractorOptions& options = {});

  Extractor(Extractor&&) noexcept;
  Extractor& operator=(Extractor&&) noexcept;
  ~Extractor();

  // Never fails: an input that cannot be processed gives a Report with `errors`.
  Report Extract(const Source& source, const ExtractOptions& options = {}) const;

  // The stages, exposed for the CLI's debugging commands and for tests.
  Result<Document> ReadDocument(const Source& source) const;
  const Normalizer& normalizer() const { return normalizer_; }
  const Segmenter& segmenter() const { return segmenter_; }
  const FigureRecognizer& figures() const { return figures_; }
  const MentionBuilder& mentions() const { return mentions_; }
  const TableReader& tables() const { return tables_; }
  const MetricCatalog& catalog() const { return catalog_; }
  const ConsistencyChecker& checker() const { return checker_; }

 private:
  Extractor(Normalizer normalizer, Segmenter segmenter, FigureRecognizer figures,
            MentionBuilder mentions, MetricCatalog catalog, TableReader tables,
            ConsistencyChecker checker);
  Normalizer normalizer_;
  Segmenter segmenter_;
  FigureRecognizer figures_;
  MentionBuilder mentions_;
  MetricCatalog catalog_;
  TableReader tables_;
  ConsistencyChecker checker_;
};

// Title, issuer and year from the report's title line, e.g. 浙江省2016年政府信息公开工作年度报告
// -> issuer 浙江省, year 2016. Looks at the first blocks of the document.
ReportInfo ReadTitle(const Document& document);

}  // namespace ogi

#endif  // OGI_REPORT_H_
