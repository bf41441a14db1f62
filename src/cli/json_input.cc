#include "cli/json_input.h"

#include <fstream>
#include <iostream>
#include <sstream>

namespace ogi::cli {

std::vector<nlohmann::json> ReadJsonDocuments(const std::string& path, std::string* error) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      *error = path + ": cannot open";
      return {};
    }
  }
  std::istream& stream = path == "-" ? std::cin : file;
  std::stringstream buffer;
  buffer << stream.rdbuf();
  const std::string text = buffer.str();
  std::vector<nlohmann::json> documents;
  nlohmann::json whole = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!whole.is_discarded()) {
    documents.push_back(std::move(whole));
    return documents;
  }
  std::istringstream lines(text);
  std::string line;
  size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json document = nlohmann::json::parse(line, nullptr, false);
    if (document.is_discarded()) {
      *error = path + ":" + std::to_string(number) + ": not JSON";
      return {};
    }
    documents.push_back(std::move(document));
  }
  if (documents.empty()) *error = path + ": no JSON document";
  return documents;
}

}  // namespace ogi::cli
