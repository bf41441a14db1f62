#include "cli/check_command.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/json_input.h"
#include "internal/utf8.h"
#include "ogi/json.h"
#include "ogi/report.h"

namespace ogi::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> inputs;
  bool from_json = false;
  bool json = false;
  std::string fail_on = "error";
  std::string data_dir;
};

int SeverityRank(std::string_view severity) {
  if (severity == "error") return 3;
  if (severity == "warning") return 2;
  if (severity == "info") return 1;
  return 0;
}

// 1-based line and column (in characters for UTF-8, in bytes otherwise) of a byte offset.
std::pair<size_t, size_t> LineColumn(const std::string& bytes, size_t offset, bool utf8) {
  offset = std::min(offset, bytes.size());
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (bytes[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  size_t column = 1;
  for (size_t i = line_start; i < offset; ++column) {
    size_t length = 1;
    if (utf8) internal::DecodeUtf8At(bytes, i, &length);
    i += length;
  }
  return {line, column};
}

int RunCheck(const CheckOptions& options) {
  Result<Extractor> extractor = Extractor::Create({DataFiles(options.data_dir)});
  if (!extractor.ok()) {
    std::cerr << "ogi: " << extractor.status().message() << "\n";
    return 2;
  }
  Result<SchemaValidator> validator = SchemaValidator::Load(DataFiles(options.data_dir));
  if (!validator.ok()) {
    std::cerr << "ogi: " << validator.status().message() << "\n";
    return 2;
  }
  const int fail_rank = options.fail_on == "none" ? 99 : SeverityRank(options.fail_on);
  bool failed = false, io_error = false;
  auto report_findings = [&](const Report& report) {
    std::string bytes;
    bool have_bytes = false;
    bool byte_spans = report.source.format == "text" || report.source.format == "html";
    if (byte_spans && report.source.path != "-") {
      std::ifstream in(report.source.path, std::ios::binary);
      if (in) {
        std::stringstream buffer;
        buffer << in.rdbuf();
        bytes = buffer.str();
        have_bytes = true;
      }
    }
    for (const Finding& f : report.findings) {
      failed = failed || SeverityRank(f.severity) >= fail_rank;
      std::optional<std::pair<size_t, size_t>> where;
      if (have_bytes && f.evidence) where = LineColumn(bytes, f.evidence->span.start, report.source.encoding == "UTF-8");
      if (options.json) {
        nlohmann::ordered_json out;
        out["path"] = report.source.path;
        out["line"] = where ? nlohmann::ordered_json(where->first) : nlohmann::ordered_json(nullptr);
        out["column"] = where ? nlohmann::ordered_json(where->second) : nlohmann::ordered_json(nullptr);
        out["severity"] = f.severity;
        out["rule"] = f.rule;
        out["message"] = f.message;
        out["metrics"] = f.metrics;
        // Whole numbers print as integers, as in `ogi extract`.
        auto number = [](double v) {
          return v == static_cast<double>(static_cast<int64_t>(v)) ? nlohmann::ordered_json(static_cast<int64_t>(v))
                                                                   : nlohmann::ordered_json(v);
        };
        if (f.expected) out["expected"] = number(*f.expected);
        if (f.actual) out["actual"] = number(*f.actual);
        if (f.evidence) out["span"] = {{"start", f.evidence->span.start}, {"end", f.evidence->span.end}};
        std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
      } else {
        std::cout << report.source.path;
        if (where) std::cout << ":" << where->first << ":" << where->second;
        std::cout << ": " << f.severity << ": " << f.rule << ": " << f.message << "\n";
      }
    }
  };
  for (const std::string& input : options.inputs) {
    if (options.from_json) {
      std::string error;
      std::vector<nlohmann::json> documents = ReadJsonDocuments(input, &error);
      if (!error.empty()) {
        std::cerr << "ogi: " << error << "\n";
        io_error = true;
        continue;
      }
      for (const nlohmann::json& document : documents) {
        Status valid = validator->Validate(document);
        if (!valid.ok()) {
          std::cerr << "ogi: " << input << ": " << valid.message() << "\n";
          io_error = true;
          continue;
        }
        Result<Report> report = ReportFromJson(document);
        if (!report.ok()) {
          std::cerr << "ogi: " << input << ": " << report.status().message() << "\n";
          io_error = true;
          continue;
        }
        // Recompute the rules (the vocabulary may be newer than the extraction); keep the
        // extraction's own warnings, which cannot be recomputed from JSON.
        std::vector<Finding> findings;
        for (Finding& f : report->findings) {
          if (!extractor->checker().Owns(f.rule)) findings.push_back(std::move(f));
        }
        for (Finding& f : extractor->checker().Check(report->metrics, report->mentions)) {
          if (!f.at.empty()) f.evidence = Evidence{f.at, ""};
          findings.push_back(std::move(f));
        }
        report->findings = std::move(findings);
        report_findings(*report);
      }
      continue;
    }
    Result<Source> source = ReadSource(input);
    if (!source.ok()) {
      std::cerr << "ogi: " << source.status().message() << "\n";
      io_error = true;
      continue;
    }
    Report report = extractor->Extract(*source);
    for (const ReportError& e : report.errors) {
      std::cerr << "ogi: " << e.message << "\n";
      io_error = true;
    }
    Status valid = validator->Validate(ReportToJson(report));
    if (!valid.ok()) {
      std::cerr << "ogi: " << input << ": output " << valid.message() << "\n";
      io_error = true;
    }
    report_findings(report);
  }
  if (io_error) return 2;
  return failed ? 1 : 0;
}

}  // namespace

void SetupCheck(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* sub = app.add_subcommand(
      "check",
      "Check each report's own arithmetic (表三 balance and sums, 表四 totals, prose deltas, "
      "rates, shares and parts, prose against tables). Prints path:line:col: severity: rule: "
      "message. Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 on usage "
      "or input errors.");
  sub->add_option("inputs", options->inputs, "report files, or extracted JSON / JSON Lines with --from-json")
      ->required();
  sub->add_flag("--from-json", options->from_json,
                "read documents printed by `ogi extract` instead of reports, and check them again");
  sub->add_flag("--json", options->json, "print one JSON object per finding (JSON Lines)");
  sub->add_option("--fail-on", options->fail_on, "lowest severity that makes the exit status 1")
      ->check(CLI::IsMember({"error", "warning", "info", "none"}))
      ->capture_default_str();
  sub->add_option("--data-dir", options->data_dir,
                  "read vocabularies from this directory instead of the built-in data/");
  sub->callback([options, exit_code] { *exit_code = RunCheck(*options); });
}

}  // namespace ogi::cli
