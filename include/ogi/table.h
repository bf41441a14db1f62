// TableReader: the standard tables (表二, 表三, 表四) of the 2019 and 2021 national formats,
// read into canonical metrics.
//
// Consumes a Document: its HTML tables (Document::tables, grids with spans expanded) and its
// text lines, where tables arrive flattened (pdftotext -layout columns, tab-separated browser
// copies, markdown pipes). Produces one Metric per cell with the row and column labels as
// printed, the format revision decided from the labels, and a Finding for every row that
// cannot be aligned (never a value shifted into its neighbour's column).
//
// Label variants (whitespace inside labels, full/half-width brackets, 规范性文件 vs
// 行政规范性文件, 本年增/减 vs 本年增减) are data: data/table_labels.tsv.
#ifndef OGI_TABLE_H_
#define OGI_TABLE_H_

#include <memory>
#include <string>
#include <vector>

#include "ogi/data.h"
#include "ogi/document.h"
#include "ogi/finding.h"
#include "ogi/metric.h"
#include "ogi/status.h"

namespace ogi {

struct TableExtraction {
  std::vector<Metric> metrics;    // source "table"; spans in the normalized text
  std::vector<Finding> findings;  // rows that could not be aligned, tables missing ...
  std::string format_revision;    // "2019", "2021", or "" when no standard table was found
};

// Built once from data; immutable and thread-safe.
class TableReader {
 public:
  static Result<TableReader> Load(const DataFiles& files);
  TableExtraction Read(const Document& document) const;

 private:
  TableReader() = default;
  friend struct TableReaderAccess;  // lets table.cc keep its state private to that file
  std::vector<std::vector<std::string>> labels_;  // rows of data/table_labels.tsv, parsed
  struct Model;                        // the labels compiled (patterns, templates, units)
  std::shared_ptr<const Model> model_;  // immutable; shared by copies
};

}  // namespace ogi

#endif  // OGI_TABLE_H_
