// `ogi diff`: what changed between two extractions, for regression checks in CI.
#ifndef OGI_CLI_DIFF_COMMAND_H_
#define OGI_CLI_DIFF_COMMAND_H_

#include <CLI/CLI.hpp>

namespace ogi::cli {

void SetupDiff(CLI::App& app, int* exit_code);

}  // namespace ogi::cli

#endif  // OGI_CLI_DIFF_COMMAND_H_
