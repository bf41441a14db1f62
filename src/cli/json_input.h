// Reading what `ogi extract` printed: one JSON document or JSON Lines, from a file or stdin.
#ifndef OGI_CLI_JSON_INPUT_H_
#define OGI_CLI_JSON_INPUT_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ogi::cli {

// The documents in `path` ("-" for standard input). On failure returns nothing and sets
// `error` to a message naming the path (and the line, for JSON Lines).
std::vector<nlohmann::json> ReadJsonDocuments(const std::string& path, std::string* error);

}  // namespace ogi::cli

#endif  // OGI_CLI_JSON_INPUT_H_
