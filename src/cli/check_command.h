// `ogi check`: the report's own arithmetic, as compiler-style diagnostics for CI logs.
#ifndef OGI_CLI_CHECK_COMMAND_H_
#define OGI_CLI_CHECK_COMMAND_H_

#include <CLI/CLI.hpp>

namespace ogi::cli {

void SetupCheck(CLI::App& app, int* exit_code);

}  // namespace ogi::cli

#endif  // OGI_CLI_CHECK_COMMAND_H_
