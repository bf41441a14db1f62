// Metrics: canonical figures (requests.granted.total, review.upheld, proactive.total ...), from
// the standard tables or mapped from prose, and the catalogue that defines their ids.
//
// The catalogue (data/metrics.tsv) is the one place that lists every canonical id, its unit,
// its parent (the row or total it is part of) and the Chinese label patterns that name it in
// prose. Ids follow ../shared/spec/report-model.md and are normative.
#ifndef OGI_METRIC_H_
#define OGI_METRIC_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ogi/data.h"
#include "ogi/mention.h"
#include "ogi/offset_map.h"
#include "ogi/status.h"

namespace ogi {

struct Metric {
  std::string id;
  double value = 0;
  std::string unit;             // 件 for requests, 条 for items, 元 for money (converted)
  std::string unit_as_written;  // e.g. 万元 when the table printed 万元; "" when same as unit
  std::string scope;            // "" = the reporting body as a whole
  std::string source;           // "table" or "prose"
  std::string table;            // 表二 / 表三 / 表四 for table figures
  std::string row;              // row label as printed (whitespace removed)
  std::string column;           // column label as printed
  bool derived = false;         // computed (a group row summed from its sub-rows), never read
  bool blank = false;           // printed empty and read as 0
  bool na = false;              // printed as not applicable ("/", "—", 无, 不涉及); value 0
  bool recovered = false;       // split out of run-together digits by the table's arithmetic
  Span at;                      // in the normalized text; empty for derived values
  Evidence evidence;            // resolved by the Extractor
};

struct CatalogEntry {
  std::string id;
  std::string unit;
  std::string parent;   // id of the total this is part of along rows, "" for none
  std::string column_total;  // 表三: the 总计 column of the same row, "" for none
  std::string label;    // the label as the national format prints it, for messages
};

class MetricCatalog {
 public:
  static Result<MetricCatalog> Load(const DataFiles& files);

  const CatalogEntry* Find(std::string_view id) const;
  const std::vector<CatalogEntry>& entries() const { return entries_; }
  // Ids whose parent is `id`, in catalogue order.
  std::vector<std::string> Children(std::string_view id) const;

 private:
  std::vector<CatalogEntry> entries_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace ogi

#endif  // OGI_METRIC_H_
