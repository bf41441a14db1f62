#include "cli/segment_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "ogi/report.h"

namespace ogi::cli {

namespace {

struct SegmentOptions {
  std::string input;
  std::string data_dir;
};

// Reads one input into a Document for the debugging commands; on failure prints the reason
// and returns the exit status to use.
int LoadDocument(const SegmentOptions& options, std::optional<Extractor>* extractor,
                 std::optional<Document>* document) {
  Result<Extractor> created = Extractor::Create({DataFiles(options.data_dir)});
  if (!created.ok()) {
    std::cerr << "ogi: " << created.status().message() << "\n";
    return 2;
  }
  extractor->emplace(std::move(*created));
  Result<Source> source = ReadSource(options.input);
  if (!source.ok()) {
    std::cerr << "ogi: " << source.status().message() << "\n";
    return 2;
  }
  Result<Document> read = (*extractor)->ReadDocument(*source);
  if (!read.ok()) {
    std::cerr << "ogi: " << read.status().message() << "\n";
    return 1;
  }
  document->emplace(std::move(*read));
  return 0;
}

// The text that spans index when source.span_basis is extracted_text (PDF, Word): so that
// `ogi text X.docx | tail -c +$((start+1)) | head -c $((end-start))` shows a figure's evidence.
int RunText(const SegmentOptions& options) {
  std::optional<Extractor> extractor;
  std::optional<Document> document;
  if (int status = LoadDocument(options, &extractor, &document); status != 0) return status;
  std::cout << document->text.decoded;
  return std::cout ? 0 : 2;
}

int RunSegment(const SegmentOptions& options) {
  std::optional<Extractor> extractor;
  std::optional<Document> document;
  if (int status = LoadDocument(options, &extractor, &document); status != 0) return status;
  const std::string& text = document->text.normalized;
  for (const Block& block : document->blocks) {
    std::string line;
    for (const Token& token : extractor->segmenter().Segment(text, block.span)) {
      if (!line.empty()) line += " / ";
      line.append(text, token.span.start, token.span.size());
    }
    std::cout << line << "\n";
  }
  return 0;
}

}  // namespace

void SetupText(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<SegmentOptions>();
  CLI::App* sub = app.add_subcommand(
      "text",
      "Print the decoded text of a report as UTF-8: for PDF and Word input, the extracted text "
      "that spans index (source.span_basis extracted_text); for text and HTML, the decoded file "
      "(markup included), whose spans index the original bytes instead.");
  sub->add_option("input", options->input, "a report file; - reads standard input")->required();
  sub->add_option("--data-dir", options->data_dir,
                  "read vocabularies from this directory instead of the built-in data/");
  sub->callback([options, exit_code] { *exit_code = RunText(*options); });
}

void SetupSegment(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<SegmentOptions>();
  CLI::App* sub = app.add_subcommand(
      "segment", "Print the words the segmenter finds, one line per block, joined by ' / '.");
  sub->add_option("input", options->input, "a report file; - reads standard input")->required();
  sub->add_option("--data-dir", options->data_dir,
                  "read vocabularies from this directory instead of the built-in data/");
  sub->callback([options, exit_code] { *exit_code = RunSegment(*options); });
}

}  // namespace ogi::cli
