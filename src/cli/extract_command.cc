#include "cli/extract_command.h"

#include <iostream>
#include <memory>

#include "ogi/explain.h"
#include "ogi/json.h"
#include "ogi/report.h"

namespace ogi::cli {

void SetupExtract(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ExtractCommandOptions>();
  CLI::App* sub = app.add_subcommand(
      "extract",
      "Extract the report model (figures with evidence) as JSON. One input prints one JSON "
      "document; several print JSON Lines, one record per input in input order, errors included.");
  sub->add_option("inputs", options->inputs, "report files (text or HTML); - reads standard input")
      ->required();
  sub->add_flag("--pretty", options->pretty, "indent the JSON for people");
  sub->add_flag("--explain", options->explain,
                "instead of JSON, print each figure with its subject, scope, year, comparison and "
                "metric, and how they were found");
  sub->add_flag("--validate", options->validate,
                "validate each document against schemas/report.schema.json before printing");
  sub->add_option("--data-dir", options->data_dir,
                  "read vocabularies from this directory instead of the built-in data/");
  sub->callback([options, exit_code] { *exit_code = RunExtract(*options); });
}

int RunExtract(const ExtractCommandOptions& options) {
  ExtractorOptions extractor_options;
  extractor_options.data = DataFiles(options.data_dir);
  Result<Extractor> extractor = Extractor::Create(extractor_options);
  if (!extractor.ok()) {
    std::cerr << "ogi: " << extractor.status().message() << "\n";
    return 2;
  }
  std::unique_ptr<SchemaValidator> validator;
  if (options.validate) {
    Result<SchemaValidator> loaded = SchemaValidator::Load(extractor_options.data);
    if (!loaded.ok()) {
      std::cerr << "ogi: " << loaded.status().message() << "\n";
      return 2;
    }
    validator = std::make_unique<SchemaValidator>(std::move(*loaded));
  }
  bool any_error = false;
  bool unreadable_single = false;
  for (const std::string& input : options.inputs) {
    Report report;
    Result<Source> source = ReadSource(input);
    if (source.ok()) {
      ogi::ExtractOptions extract_options;
      extract_options.explain = options.explain;
      report = extractor->Extract(*source, extract_options);
    } else {
      report.source.path = input;
      report.source.sha256 = Sha256Hex("");
      report.source.format = "text";
      report.errors.push_back({StatusCodeName(source.status().code()), source.status().message()});
      StatusCode code = source.status().code();
      unreadable_single = options.inputs.size() == 1 &&
                          (code == StatusCode::kNotFound || code == StatusCode::kUnreadable);
    }
    for (const ReportError& error : report.errors) std::cerr << "ogi: " << error.message << "\n";
    any_error = any_error || !report.ok();
    if (options.explain) {
      std::cout << ExplainReport(report) << "\n";
      continue;
    }
    nlohmann::ordered_json document = ReportToJson(report);
    if (validator) {
      Status valid = validator->Validate(document);
      if (!valid.ok()) {
        std::cerr << "ogi: " << input << ": output " << valid.message() << "\n";
        return 2;
      }
    }
    std::cout << document.dump(options.pretty ? 2 : -1, ' ', false,
                               nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
    if (!std::cout) return 2;
  }
  if (unreadable_single) return 2;
  return any_error ? 1 : 0;
}

}  // namespace ogi::cli
