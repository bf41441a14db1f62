// `ogi segment`: the segmenter's tokens, one line per block, for debugging subjects.
#ifndef OGI_CLI_SEGMENT_COMMAND_H_
#define OGI_CLI_SEGMENT_COMMAND_H_

#include <CLI/CLI.hpp>

namespace ogi::cli {

void SetupSegment(CLI::App& app, int* exit_code);

// `ogi text`: the decoded / extracted text of a report, the basis of PDF and Word spans.
void SetupText(CLI::App& app, int* exit_code);

}  // namespace ogi::cli

#endif  // OGI_CLI_SEGMENT_COMMAND_H_
