// Records are matched by source path, metrics by (id, scope, table or prose) and, when a
// report states the same one twice, by their order. Mentions (with --mentions) are matched by their
// evidence text and its occurrence. Spans are compared only with --spans: an edit elsewhere in
// a file moves every span after it, which is not a change of what was extracted.
#include "cli/diff_command.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/json_input.h"

namespace ogi::cli {

namespace {

using nlohmann::json;

struct DiffOptions {
  std::string expected;
  std::string actual;
  bool mentions = false;
  bool spans = false;
};

std::string Show(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// (key, occurrence) -> item, in a stable order.
std::map<std::pair<std::string, int>, json> Index(const json& items, bool metrics) {
  std::map<std::pair<std::string, int>, json> index;
  std::map<std::string, int> seen;
  if (!items.is_array()) return index;
  for (const json& item : items) {
    std::string scope = metrics && item.contains("scope") && item["scope"].is_string() ? item["scope"].get<std::string>() : "";
    // A report may state a figure both in a table and in prose: those are two metrics.
    std::string source = metrics && item.value("source", "") == "prose" ? " (prose)" : "";
    std::string key = metrics ? item.value("id", "") + (scope.empty() ? "" : " [" + scope + "]") + source
                              : item.value("text", "");
    index[{key, seen[key]++}] = item;
  }
  return index;
}

// Fields that differ between two items, as "field: a -> b".
std::vector<std::string> Changes(const json& a, const json& b, bool spans) {
  std::vector<std::string> out;
  for (auto it = a.begin(); it != a.end(); ++it) {
    if (!spans && (it.key() == "span" || it.key() == "part_of" || it.key() == "page")) continue;
    json other = b.contains(it.key()) ? b[it.key()] : json();
    if (*it != other) out.push_back(it.key() + ": " + Show(*it) + " -> " + Show(other));
  }
  for (auto it = b.begin(); it != b.end(); ++it) {
    if (!spans && (it.key() == "span" || it.key() == "part_of" || it.key() == "page")) continue;
    if (!a.contains(it.key())) out.push_back(it.key() + ": (none) -> " + Show(*it));
  }
  return out;
}

int RunDiff(const DiffOptions& options) {
  std::string error;
  std::vector<json> expected = ReadJsonDocuments(options.expected, &error);
  if (!error.empty()) {
    std::cerr << "ogi: " << error << "\n";
    return 2;
  }
  std::vector<json> actual = ReadJsonDocuments(options.actual, &error);
  if (!error.empty()) {
    std::cerr << "ogi: " << error << "\n";
    return 2;
  }
  auto path_of = [](const json& doc) {
    return doc.contains("source") && doc["source"].is_object() ? doc["source"].value("path", "") : "";
  };
  std::map<std::string, const json*> actual_by_path;
  for (const json& doc : actual) actual_by_path[path_of(doc)] = &doc;
  size_t differences = 0;
  auto say = [&](const std::string& line) {
    std::cout << line << "\n";
    ++differences;
  };
  std::map<std::string, bool> matched;
  for (const json& doc : expected) {
    std::string path = path_of(doc);
    auto found = actual_by_path.find(path);
    if (found == actual_by_path.end()) {
      say(path + ": record removed");
      continue;
    }
    matched[path] = true;
    const json& other = *found->second;
    if (doc.contains("errors") != other.contains("errors")) {
      say(path + ": errors: " + (doc.contains("errors") ? Show(doc["errors"]) : "(none)") + " -> " +
          (other.contains("errors") ? Show(other["errors"]) : "(none)"));
    }
    for (const char* field : {"title", "issuer", "year", "format_revision"}) {
      json a = doc["report"].value(field, json()), b = other["report"].value(field, json());
      if (a != b) say(path + ": report " + field + ": " + Show(a) + " -> " + Show(b));
    }
    std::vector<std::pair<const char*, bool>> kinds = {{"metrics", true}};
    if (options.mentions) kinds.push_back({"mentions", false});
    for (const auto& [kind, is_metric] : kinds) {
      std::string noun = is_metric ? "metric" : "mention";
      auto a = Index(doc.value(kind, json::array()), is_metric);
      auto b = Index(other.value(kind, json::array()), is_metric);
      for (const auto& [key, item] : a) {
        auto it = b.find(key);
        std::string name = key.first + (key.second > 0 ? " #" + std::to_string(key.second + 1) : "");
        if (it == b.end()) {
          say(path + ": removed " + noun + " " + name + " = " + Show(item.value("value", json())));
          continue;
        }
        for (const std::string& change : Changes(item, it->second, options.spans)) {
          say(path + ": changed " + noun + " " + name + ": " + change);
        }
      }
      for (const auto& [key, item] : b) {
        if (a.count(key)) continue;
        std::string name = key.first + (key.second > 0 ? " #" + std::to_string(key.second + 1) : "");
        say(path + ": added " + noun + " " + name + " = " + Show(item.value("value", json())));
      }
    }
  }
  for (const json& doc : actual) {
    if (!matched.count(path_of(doc))) say(path_of(doc) + ": record added");
  }
  if (differences == 0) return 0;
  std::cerr << "ogi: " << differences << " difference" << (differences == 1 ? "" : "s") << "\n";
  return 1;
}

}  // namespace

void SetupDiff(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* sub = app.add_subcommand(
      "diff",
      "Compare two extractions (JSON or JSON Lines, records matched by source path) metric by "
      "metric: added, removed and changed values, one line each. Exit 0 when equal, 1 when "
      "anything differs, 2 on errors.");
  sub->add_option("expected", options->expected, "the reference extraction (e.g. a committed golden file)")
      ->required();
  sub->add_option("actual", options->actual, "the new extraction; - reads standard input")->required();
  sub->add_flag("--mentions", options->mentions, "compare mentions too (matched by their text)");
  sub->add_flag("--spans", options->spans, "treat moved spans as changes");
  sub->callback([options, exit_code] { *exit_code = RunDiff(*options); });
}

}  // namespace ogi::cli
