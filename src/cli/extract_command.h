// `ogi extract`: inputs -> one JSON document each (JSON Lines when there are several).
#ifndef OGI_CLI_EXTRACT_COMMAND_H_
#define OGI_CLI_EXTRACT_COMMAND_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace ogi::cli {

struct ExtractCommandOptions {
  std::vector<std::string> inputs;
  bool pretty = false;
  bool validate = false;
  bool explain = false;
  std::string data_dir;
};

void SetupExtract(CLI::App& app, int* exit_code);
int RunExtract(const ExtractCommandOptions& options);

}  // namespace ogi::cli

#endif  // OGI_CLI_EXTRACT_COMMAND_H_
