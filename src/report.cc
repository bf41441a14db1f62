#include "ogi/report.h"

#include <re2/re2.h>

namespace ogi {

Extractor::Extractor(Normalizer normalizer, Segmenter segmenter, FigureRecognizer figures,
                     MentionBuilder mentions, MetricCatalog catalog, TableReader tables,
                     ConsistencyChecker checker)
    : normalizer_(std::move(normalizer)),
      segmenter_(std::move(segmenter)),
      figures_(std::move(figures)),
      mentions_(std::move(mentions)),
      catalog_(std::move(catalog)),
      tables_(std::move(tables)),
      checker_(std::move(checker)) {}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

Result<Extractor> Extractor::Create(const ExtractorOptions& options) {
  Result<Normalizer> normalizer = Normalizer::Load(options.data);
  if (!normalizer.ok()) return normalizer.status();
  Result<Segmenter> segmenter = Segmenter::Load(options.data);
  if (!segmenter.ok()) return segmenter.status();
  Result<FigureRecognizer> figures = FigureRecognizer::Load(options.data);
  if (!figures.ok()) return figures.status();
  Result<MentionBuilder> mentions = MentionBuilder::Load(options.data, *segmenter, *figures);
  if (!mentions.ok()) return mentions.status();
  Result<MetricCatalog> catalog = MetricCatalog::Load(options.data);
  if (!catalog.ok()) return catalog.status();
  Result<TableReader> tables = TableReader::Load(options.data);
  if (!tables.ok()) return tables.status();
  Result<ConsistencyChecker> checker = ConsistencyChecker::Load(options.data, *catalog);
  if (!checker.ok()) return checker.status();
  return Extractor(std::move(*normalizer), std::move(*segmenter), std::move(*figures),
                   std::move(*mentions), std::move(*catalog), std::move(*tables), std::move(*checker));
}

Result<Document> Extractor::ReadDocument(const Source& source) const {
  switch (source.format) {
    case Format::kPdf:
      return ReadPdf(source.bytes, normalizer_, source.path);
    case Format::kDocx:
    case Format::kZip:  // a .docx whose word/ part lies past the bytes DetectFormat looks at
      return ReadDocx(source.bytes, normalizer_, source.path);
    case Format::kDoc:
      return Status(StatusCode::kUnsupportedFormat, LegacyOfficeMessage(source.bytes, source.path));
    case Format::kText:
    case Format::kHtml:
      break;
  }
  if (source.bytes.empty()) return Status(StatusCode::kEmpty, source.path + ": empty input");
  std::string declared = source.format == Format::kHtml ? DeclaredHtmlCharset(source.bytes) : "";
  Result<DecodedText> decoded = Decode(source.bytes, source.path, declared);
  if (!decoded.ok()) return decoded.status();
  if (source.format == Format::kHtml) return ReadHtml(std::move(*decoded), normalizer_, source.path);
  Document document = ReadPlainText(std::move(*decoded), normalizer_);
  if (document.blocks.empty()) {
    return Status(StatusCode::kEmpty, source.path + ": no text in the input");
  }
  return document;
}

namespace {

Evidence Resolve(const Text& text, Span normalized) {
  const Span content = text.ToContent(normalized);
  Evidence evidence{text.ContentToOriginal(content), text.content.substr(content.start, content.size())};
  evidence.page = text.PageAt(evidence.span.start);
  return evidence;
}

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') out += c;
  }
  return out;
}

}  // namespace

namespace {

// 2016 -> 2016; 二〇一六 -> 2016 (digit by digit, as years are written in Chinese).
int YearValue(std::string_view digits) {
  static constexpr std::string_view kDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  int value = 0;
  for (size_t i = 0; i < digits.size();) {
    if (digits[i] >= '0' && digits[i] <= '9') {
      value = value * 10 + (digits[i++] - '0');
      continue;
    }
    int digit = 0;
    size_t length = 3;  // every Chinese digit here is 3 bytes of UTF-8
    std::string_view ch = digits.substr(i, length);
    for (int d = 0; d < 10; ++d) {
      if (ch == kDigits[d]) digit = d;
    }
    value = value * 10 + digit;  // 零 and ○ are 0 as well
    i += length;
  }
  return value;
}

}  // namespace

ReportInfo ReadTitle(const Document& document) {
  // 浙江省2016年政府信息公开工作年度报告; 淮安市人民政府 / 2024 年政府信息公开工作年度报告.
  // A label that web archivers and portals put before the title ("标题:") is not the issuer.
  static const LazyRE2 kTitle = {
      R"(^(?:(?:标题|题目|文章标题|名称)[:：])?(.*?)(\d{4}|[〇零○一二三四五六七八九]{4})\s*年度?\s*(.*报告)$)"};
  ReportInfo info;
  const size_t kBlocksToLook = 200;
  for (size_t i = 0; i < document.blocks.size() && i < kBlocksToLook; ++i) {
    const Block& block = document.blocks[i];
    if (block.kind == BlockKind::kTable) continue;
    std::string line = WithoutSpaces(document.BlockText(block));
    if (line.size() > 150 || line.find("报告") == std::string::npos) continue;
    std::string issuer, year, rest;
    if (!RE2::FullMatch(line, *kTitle, &issuer, &year, &rest)) continue;
    if (line.find("公开") == std::string::npos) continue;
    Span span = block.span;
    // The issuer may stand on the line above the title ("淮安市人民政府").
    if (issuer.empty() && i > 0 && document.blocks[i - 1].kind != BlockKind::kTable) {
      const Block& above = document.blocks[i - 1];
      std::string above_text = WithoutSpaces(document.BlockText(above));
      if (!above_text.empty() && above_text.size() <= 60) {
        issuer = above_text;
        span.start = above.span.start;
      }
    }
    info.issuer = issuer;
    info.year = YearValue(year);
    info.title = issuer + year + "年" + rest;
    if (line.find(year + "年度") != std::string::npos) info.title = issuer + year + "年度" + rest;
    info.title_evidence = Resolve(document.text, span);
    break;
  }
  return info;
}

Report Extractor::Extract(const Source& source, const ExtractOptions& options) const {
  Report report;
  report.source.path = source.path;
  report.source.bytes = source.bytes.size();
  report.source.sha256 = source.sha256;
  report.source.format = FormatName(source.format);
  // PDF and Word text is extracted from compressed content: spans index that text.
  bool extracted = source.format == Format::kPdf || source.format == Format::kDocx ||
                   source.format == Format::kZip;
  report.source.span_basis = extracted ? "extracted_text" : "original_bytes";
  Result<Document> document = ReadDocument(source);
  if (!document.ok()) {
    report.errors.push_back({StatusCodeName(document.status().code()), document.status().message()});
    return report;
  }
  const Document& doc = *document;
  report.source.encoding = doc.text.encoding;
  report.report = ReadTitle(doc);
  TableExtraction tables = tables_.Read(doc);
  report.report.format_revision = tables.format_revision.empty() ? "prose" : tables.format_revision;
  report.metrics = std::move(tables.metrics);
  for (Metric& metric : report.metrics) {
    if (!metric.at.empty()) metric.evidence = Resolve(doc.text, metric.at);
  }
  report.findings = std::move(tables.findings);
  for (Finding& finding : report.findings) {
    if (!finding.at.empty()) finding.evidence = Resolve(doc.text, finding.at);
  }
  MentionOptions mention_options;
  mention_options.report_year = report.report.year;
  mention_options.issuer = report.report.issuer;
  mention_options.explain = options.explain;
  for (const Block& block : doc.blocks) {
    if (block.kind == BlockKind::kTable) continue;
    std::vector<Figure> figures = figures_.Find(doc.text.normalized, block.span);
    if (figures.empty()) continue;
    std::vector<Mention> mentions =
        mentions_.Build(doc.text.normalized, block.span, figures, segmenter_, mention_options);
    size_t offset = report.mentions.size();
    for (Mention& mention : mentions) {
      if (mention.part_of) *mention.part_of += offset;
      mention.evidence = Resolve(doc.text, mention.figure.span);
      report.mentions.push_back(std::move(mention));
    }
  }
  std::vector<Metric> prose_metrics = mentions_.MapMetrics(&report.mentions, report.report.year);
  report.metrics.reserve(report.metrics.size() + prose_metrics.size());
  // A prose metric is the figure of a mention, whose evidence was resolved above: the metrics
  // come in the order of their mentions, so one walk over the mentions finds them.
  size_t next_mention = 0;
  for (Metric& metric : prose_metrics) {
    const std::vector<Mention>& mentions = report.mentions;
    while (next_mention < mentions.size() &&
           !(mentions[next_mention].figure.span == metric.at && mentions[next_mention].metric == metric.id)) {
      ++next_mention;
    }
    metric.evidence =
        next_mention < mentions.size() ? mentions[next_mention].evidence : Resolve(doc.text, metric.at);
    report.metrics.push_back(std::move(metric));
  }
  for (Finding& finding : checker_.Check(report.metrics, report.mentions)) {
    if (!finding.at.empty()) finding.evidence = Resolve(doc.text, finding.at);
    report.findings.push_back(std::move(finding));
  }
  return report;
}

}  // namespace ogi
