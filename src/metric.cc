#include "ogi/metric.h"

namespace ogi {

Result<MetricCatalog> MetricCatalog::Load(const DataFiles& files) {
  Result<TsvTable> table = LoadTsv(files, "metrics.tsv");
  if (!table.ok()) return table.status();
  MetricCatalog catalog;
  for (size_t r = 0; r < table->rows.size(); ++r) {
    CatalogEntry entry{std::string(table->Cell(r, "id")), std::string(table->Cell(r, "unit")),
                       std::string(table->Cell(r, "parent")),
                       std::string(table->Cell(r, "column_total")),
                       std::string(table->Cell(r, "label"))};
    if (entry.id.empty() || catalog.index_.count(entry.id)) {
      return Status(StatusCode::kInvalidArgument, "metrics.tsv line " +
                                                     std::to_string(table->line_numbers[r]) +
                                                     ": empty or repeated id '" + entry.id + "'");
    }
    catalog.index_[entry.id] = catalog.entries_.size();
    catalog.entries_.push_back(std::move(entry));
  }
  // Every parent must itself be in the catalogue: a typo would silently disable a rule.
  for (const CatalogEntry& entry : catalog.entries_) {
    for (const std::string* ref : {&entry.parent, &entry.column_total}) {
      if (!ref->empty() && !catalog.index_.count(*ref)) {
        return Status(StatusCode::kInvalidArgument,
                      "metrics.tsv: " + entry.id + " refers to unknown id '" + *ref + "'");
      }
    }
  }
  return catalog;
}

const CatalogEntry* MetricCatalog::Find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

std::vector<std::string> MetricCatalog::Children(std::string_view id) const {
  std::vector<std::string> children;
  for (const CatalogEntry& entry : entries_) {
    if (entry.parent == id) children.push_back(entry.id);
  }
  return children;
}

}  // namespace ogi
