// Findings: where a report's own arithmetic does not add up, and extraction warnings.
#ifndef OGI_FINDING_H_
#define OGI_FINDING_H_

#include <optional>
#include <string>
#include <vector>

#include "ogi/mention.h"
#include "ogi/offset_map.h"

namespace ogi {

struct Finding {
  std::string rule;      // e.g. table3.balance, table.row_unaligned, prose.delta
  std::string severity;  // "error", "warning", "info"
  std::string message;   // for a person
  std::vector<std::string> metrics;  // ids involved
  std::optional<double> expected;
  std::optional<double> actual;
  Span at;               // normalized text; empty when none
  std::optional<Evidence> evidence;  // resolved by the Extractor
};

}  // namespace ogi

#endif  // OGI_FINDING_H_
