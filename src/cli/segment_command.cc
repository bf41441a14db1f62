#include "cli/segment_command.h"

#include <iostream>
#include <memory>
#include <string>

#include "ogi/report.h"

namespace ogi::cli {

namespace {

struct SegmentOptions {
  std::string input;
  std::string data_dir;
};

int RunSegment(const SegmentOptions& options) {
  Result<Extractor> extractor = Extractor::Create({DataFiles(options.data_dir)});
  if (!extractor.ok()) {
    std::cerr << "ogi: " << extractor.status().message() << "\n";
    return 2;
  }
  Result<Source> source = ReadSource(options.input);
  if (!source.ok()) {
    std::cerr << "ogi: " << source.status().message() << "\n";
    return 2;
  }
  Result<Document> document = extractor->ReadDocument(*source);
  if (!document.ok()) {
    std::cerr << "ogi: " << document.status().message() << "\n";
    return 1;
  }
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
