// Findings: where a report's own arithmetic does not add up, and extraction warnings.
#ifndef OGI_FINDING_H_
#define OGI_FINDING_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ogi/data.h"
#include "ogi/mention.h"
#include "ogi/offset_map.h"
#include "ogi/status.h"

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

class MetricCatalog;
struct Metric;

// Runs the consistency rules: the declarative ones of data/rules.tsv over the metrics (sums
// along the catalogue's parent/child relations, 表三's balance, prose against tables), and the
// prose rules that need a sentence's structure (a stated change against the stated values, a
// growth rate against base and current value, a share against its counts, parts announced with
// 其中 against their total). Immutable after Load; thread-safe.
class ConsistencyChecker {
 public:
  static Result<ConsistencyChecker> Load(const DataFiles& files, const MetricCatalog& catalog);
  ConsistencyChecker(ConsistencyChecker&&) noexcept;
  ConsistencyChecker& operator=(ConsistencyChecker&&) noexcept;
  ~ConsistencyChecker();

  // Findings in a stable order: rules in file order, then prose rules in text order. Spans
  // (`at`) are those of the metric or mention that carries the wrong value.
  std::vector<Finding> Check(const std::vector<Metric>& metrics,
                             const std::vector<Mention>& mentions) const;

  // Whether findings of rule `rule` come from Check() (and so can be recomputed), as opposed
  // to extraction warnings such as table.row_unaligned.
  bool Owns(std::string_view rule) const;

 private:
  struct Rules;
  explicit ConsistencyChecker(std::unique_ptr<Rules> rules);
  std::vector<Finding> CheckProse(const std::vector<Mention>& mentions) const;
  std::unique_ptr<Rules> rules_;
};

}  // namespace ogi

#endif  // OGI_FINDING_H_
