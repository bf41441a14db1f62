// Flags -> validated options -> the batch: enumerate inputs, extract and render on the workers
// (rendering is a fair share of the time, so it runs in parallel too), write in order here.
#include "cli/extract_command.h"

#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <exception>
#include <iostream>
#include <memory>
#include <thread>

#include "ogi/batch.h"
#include "ogi/csv.h"
#include "ogi/explain.h"
#include "ogi/json.h"
#include "ogi/report.h"
#include "output/fd_writer.h"
#include "output/progress.h"

namespace ogi::cli {

void SetupExtract(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ExtractCommandOptions>();
  CLI::App* sub = app.add_subcommand(
      "extract",
      "Extract the report model (figures with evidence). One input prints one JSON document; "
      "several print JSON Lines, one record per input in input order, errors included. Exit "
      "status: 0 all inputs extracted, 1 some inputs had errors, 2 usage or output failure (or "
      "a single named input that cannot be read).");
  sub->add_option("inputs", options->inputs,
                  "report files (text, HTML, ...), directories (walked recursively), - for "
                  "standard input");
  sub->add_option("--include", options->include,
                  "in directories, take only files whose name matches this glob (repeatable)")
      ->allow_extra_args(false)
      ->group("Inputs");
  sub->add_option("--exclude", options->exclude,
                  "in directories, skip files and directories whose name matches this glob "
                  "(repeatable)")
      ->allow_extra_args(false)
      ->group("Inputs");
  sub->add_option("--files-from", options->files_from,
                  "read input paths from this file, one per line (- for standard input)")
      ->group("Inputs");
  sub->add_flag("--stdin-jsonl", options->stdin_jsonl,
                "read JSON Lines records from standard input, {\"id\": ..., \"path\": ...} or "
                "{\"id\": ..., \"text\": ...}; the id is carried into the output")
      ->group("Inputs");
  sub->add_option("--format", options->format,
                  "json (one document; an array for several inputs), jsonl (one line per "
                  "input) or csv (one row per metric); default: json for one input, jsonl for "
                  "several")
      ->check(CLI::IsMember({"json", "jsonl", "csv"}))
      ->group("Output");
  sub->add_flag("--csv-mentions", options->csv_mentions,
                "with --format csv: one row per mention instead of one per metric")
      ->group("Output");
  sub->add_flag("--csv-bom", options->csv_bom,
                "with --format csv: start with a UTF-8 byte order mark, for Excel")
      ->group("Output");
  sub->add_flag("--pretty", options->pretty, "indent the JSON for people")->group("Output");
  sub->add_flag("--explain", options->explain,
                "instead of JSON, print each figure with its subject, scope, year, comparison and "
                "metric, and how they were found")
      ->group("Output");
  sub->add_flag("--validate", options->validate,
                "validate each document against schemas/report.schema.json before printing")
      ->group("Output");
  sub->add_option("--jobs,-j", options->jobs,
                  "worker threads (default: the number of cores); output order does not depend "
                  "on it")
      ->check(CLI::Range(0, 1024));
  sub->add_flag("--summary", options->summary,
                "print the summary line on stderr even for a single input");
  sub->add_flag("--no-progress", options->no_progress, "no progress bar, even on a terminal");
  sub->add_option("--data-dir", options->data_dir,
                  "read vocabularies from this directory instead of the built-in data/");
  sub->callback([options, exit_code] { *exit_code = RunExtract(*options); });
}

namespace {

enum class Framing {
  kDocument,  // one input: its JSON document
  kLines,     // one record per line (or per indented block with --pretty)
  kArray,     // --format json with several inputs: one JSON array
  kCsv,
  kExplain,
};

int UsageError(const std::string& message) {
  std::cerr << "ogi extract: " << message << "\n";
  return 2;
}

// The one named input is a file (or stdin), not a directory and not a list: the cases where
// `ogi extract x` has always meant "this document", printed alone, exit 2 if it cannot be read.
bool IsSingleInput(const ExtractCommandOptions& options) {
  if (options.inputs.size() != 1 || !options.files_from.empty() || options.stdin_jsonl) return false;
  const std::string& path = options.inputs[0];
  struct stat st {};
  return path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode);
}

// The record of an input that could not be read: what is known of it, and why.
Report FailedReport(const std::string& path, StatusCode code, const std::string& message) {
  Report report;
  report.source.path = path;
  report.source.sha256 = Sha256Hex("");
  report.source.format = "text";
  report.errors.push_back({StatusCodeName(code), message});
  return report;
}

// Figures read with evidence: every mention, and every table cell read (not computed).
size_t FiguresOf(const Report& report) {
  size_t figures = report.mentions.size();
  for (const Metric& m : report.metrics) figures += m.source == "table" && !m.derived ? 1 : 0;
  return figures;
}

}  // namespace

int RunExtract(const ExtractCommandOptions& options) {
  // Flags first: every usage error before any work.
  if (options.inputs.empty() && options.files_from.empty() && !options.stdin_jsonl) {
    return UsageError("no inputs: name files or directories, or use --files-from or --stdin-jsonl");
  }
  if (options.explain && !options.format.empty()) return UsageError("--explain prints text: it takes no --format");
  if (options.pretty && (options.format == "jsonl" || options.format == "csv" || options.explain)) {
    return UsageError("--pretty indents JSON documents: not with " +
                      (options.explain ? std::string("--explain") : "--format " + options.format));
  }
  if ((options.csv_mentions || options.csv_bom) && options.format != "csv") {
    return UsageError("--csv-mentions and --csv-bom go with --format csv");
  }
  InputOptions input_options;
  input_options.paths = options.inputs;
  input_options.include = options.include;
  input_options.exclude = options.exclude;
  input_options.files_from = options.files_from;
  input_options.stdin_jsonl = options.stdin_jsonl;
  Result<InputEnumerator> inputs = InputEnumerator::Create(input_options);
  if (!inputs.ok()) return UsageError(inputs.status().message());

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

  const bool single = IsSingleInput(options);
  Framing framing = options.explain           ? Framing::kExplain
                    : options.format == "csv" ? Framing::kCsv
                    : single && options.format != "jsonl" ? Framing::kDocument
                    : options.format == "json"            ? Framing::kArray
                                                          : Framing::kLines;
  const int indent = options.pretty ? 2 : -1;
  CsvOptions csv_options;
  csv_options.mentions = options.csv_mentions;
  ExtractOptions extract_options;
  extract_options.explain = options.explain;
  std::atomic<bool> unreadable_single{false};

  // Runs on the workers: read, extract, render. Never throws: our own bug in any stage becomes
  // an `internal` error in that input's record, and the batch goes on.
  auto work = [&](BatchInput input) {
    BatchOutput output;
    Report report;
    try {
      Result<Source> source = ReadBatchInput(input);
      if (source.ok()) {
        report = extractor->Extract(*source, extract_options);
      } else {
        StatusCode code = source.status().code();
        report = FailedReport(input.path, code, source.status().message());
        if (single && (code == StatusCode::kNotFound || code == StatusCode::kUnreadable)) {
          unreadable_single = true;
        }
      }
    } catch (const std::exception& e) {
      report = FailedReport(input.path, StatusCode::kInternal,
                            input.path + ": internal error: " + e.what());
    }
    report.source.id = input.id;
    output.ok = report.ok();
    output.bytes = report.source.bytes;
    output.figures = FiguresOf(report);
    for (const ReportError& error : report.errors) output.err += "ogi: " + error.message + "\n";
    switch (framing) {
      case Framing::kExplain:
        output.out = ExplainReport(report) + "\n";
        return output;
      case Framing::kCsv:
        AppendCsvRows(report, csv_options, &output.out);
        if (!validator) return output;
        break;  // validate the model all the same
      default:
        break;
    }
    if (validator) {
      // Only validation needs the tree; printing writes the same bytes without it.
      Status valid = validator->Validate(ReportToJson(report));
      if (!valid.ok()) {
        output.err += "ogi: " + input.path + ": output " + valid.message() + "\n";
        output.out.clear();
        output.fatal = true;
        return output;
      }
    }
    if (framing == Framing::kCsv) return output;
    output.out = ReportToJsonText(report, indent);
    if (framing != Framing::kArray) output.out += '\n';
    return output;
  };

  FdWriter out(STDOUT_FILENO);
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  Progress progress(!single && terminal && !options.no_progress, STDERR_FILENO);
  BatchStats stats;
  bool fatal = false;

  // The total for the bar's ETA, counted on the side when the inputs can be listed twice
  // (standard input cannot).
  std::unique_ptr<InputEnumerator> counter;
  std::thread counting;
  if (!single && terminal && !options.no_progress && !options.stdin_jsonl && options.files_from != "-") {
    Result<InputEnumerator> again = InputEnumerator::Create(input_options);
    if (again.ok()) {
      counter = std::make_unique<InputEnumerator>(std::move(*again));
      counting = std::thread([&] {
        size_t total = 0;
        while (counter->Next()) ++total;
        progress.SetTotal(total);
      });
    }
  }

  if (framing == Framing::kCsv) {
    if (options.csv_bom) out.Write("\xEF\xBB\xBF");
    out.Write(CsvHeader(csv_options));
  }
  auto emit = [&](BatchOutput& output) {
    if (!output.err.empty()) progress.Message(output.err);
    if (output.fatal) {
      fatal = true;
      return false;
    }
    if (framing == Framing::kArray) out.Write(stats.inputs == 0 ? "[\n" : ",\n");
    out.Write(output.out);
    ++stats.inputs;
    ++(output.ok ? stats.ok : stats.with_errors);
    stats.figures += output.figures;
    stats.bytes += output.bytes;
    progress.Update(stats);
    return out.ok();
  };
  auto idle = [&] {
    progress.Update(stats);
    return out.Flush();
  };
  // Each document allocates and frees a few megabytes. By default glibc gives the freed top of
  // each thread's heap back to the kernel after every document and the next one faults the
  // pages in again: on 200 copies of the sample, 40,000 page faults and an eighth of the time in
  // the kernel. Keeping freed memory for the next document removes nearly all of them; the
  // window still bounds the high-water mark, so peak RSS does not grow with the batch. (This
  // matters only for a build without mimalloc, which replaces glibc's malloc; see CMakeLists.)
#ifdef __GLIBC__
  ::mallopt(M_TRIM_THRESHOLD, 64 << 20);
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
  PoolOptions pool;
  pool.jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
  if (out.ok()) RunOrdered(*inputs, pool, work, emit, idle);
  if (framing == Framing::kArray && !fatal) out.Write(stats.inputs == 0 ? "[]\n" : "\n]\n");
  out.Flush();
  if (counter) {
    counter->Cancel();
    counting.join();
  }
  progress.Clear();

  if (!out.ok() && !out.broken_pipe()) {
    std::cerr << "ogi: writing output: " << out.message() << "\n";
    return 2;
  }
  if (stats.inputs == 0 && !fatal && out.ok() && !options.stdin_jsonl) {
    std::cerr << "ogi: no inputs found\n";
  }
  if (out.broken_pipe()) return stats.with_errors > 0 ? 1 : 0;  // the reader is gone: quietly
  if ((!single && stats.inputs > 1) || options.summary) {
    progress.Message(FormatSummary(stats, progress.seconds()));
  }
  if (fatal || unreadable_single) return 2;
  return stats.with_errors > 0 ? 1 : 0;
}

}  // namespace ogi::cli
