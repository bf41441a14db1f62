// `ogi extract`: inputs -> one record each, in input order, as JSON, JSON Lines or CSV.
//
// Inputs are files, directories (walked recursively, filtered by --include/--exclude globs on
// names), "-" (standard input), a list of paths (--files-from), or JSON Lines records on standard
// input (--stdin-jsonl) carrying an id and a path or the text itself. They run on --jobs worker
// threads sharing one Extractor; results are written in input order as soon as they are ready,
// with a small window of documents in flight whatever the batch size (ogi/batch.h).
//
// Exit status: 0 every input extracted; 1 some inputs had errors (each still has its record);
// 2 a usage error, an I/O failure of the output itself, or a single named input that does not
// exist or cannot be read. A closed output pipe (`| head`) ends the run quietly.
#ifndef OGI_CLI_EXTRACT_COMMAND_H_
#define OGI_CLI_EXTRACT_COMMAND_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace ogi::cli {

struct ExtractCommandOptions {
  std::vector<std::string> inputs;   // files, directories, "-"
  std::vector<std::string> include;  // globs on file names found in directories
  std::vector<std::string> exclude;
  std::string files_from;            // one path per line; "-" standard input
  bool stdin_jsonl = false;          // records {"id", "path"} or {"id", "text"} on stdin
  std::string format;                // "" (JSON for one input, JSON Lines for several),
                                     // "json", "jsonl", "csv"
  bool csv_mentions = false;         // CSV rows of mentions instead of metrics
  bool csv_bom = false;              // start the CSV with a UTF-8 BOM (Excel)
  int jobs = 0;                      // worker threads; 0: the machine's cores
  bool pretty = false;
  bool validate = false;
  bool explain = false;
  bool summary = false;              // the summary line even for a single input
  bool no_progress = false;
  std::string data_dir;
};

void SetupExtract(CLI::App& app, int* exit_code);
int RunExtract(const ExtractCommandOptions& options);

}  // namespace ogi::cli

#endif  // OGI_CLI_EXTRACT_COMMAND_H_
