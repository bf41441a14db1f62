// The ogi command: registers the subcommands; each lives in its own file.
#include <CLI/CLI.hpp>

#include <csignal>

#include "cli/check_command.h"
#include "cli/diff_command.h"
#include "cli/extract_command.h"
#include "cli/segment_command.h"

int main(int argc, char** argv) {
  // Piping into `head` closes stdout early; the write then fails and we stop quietly
  // instead of dying from SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{
      "ogi: Chinese government open-information annual reports (政府信息公开工作年度报告) to "
      "typed JSON with evidence.",
      "ogi"};
  app.set_version_flag("--version", std::string("ogi ") + OGI_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  ogi::cli::SetupExtract(app, &exit_code);
  ogi::cli::SetupCheck(app, &exit_code);
  ogi::cli::SetupDiff(app, &exit_code);
  ogi::cli::SetupSegment(app, &exit_code);
  ogi::cli::SetupText(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
