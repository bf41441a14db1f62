// DataFiles: where the vocabularies and rules in data/ come from at run time.
//
// The files under data/ (units, qualifiers, lexicon, metric catalogue, not-a-figure patterns)
// are compiled into the library, so the `ogi` binary works wherever it is copied. A directory
// can be named instead (`--data-dir`) to try an edited vocabulary without rebuilding.
#ifndef OGI_DATA_H_
#define OGI_DATA_H_

#include <string>
#include <string_view>
#include <vector>

#include "ogi/status.h"

namespace ogi {

class DataFiles {
 public:
  // The copies compiled into the library.
  DataFiles() = default;
  // Files in `directory`; an empty name means the compiled-in copies.
  explicit DataFiles(std::string directory) : directory_(std::move(directory)) {}

  // The contents of data/<name>, e.g. Read("units.tsv").
  Result<std::string> Read(std::string_view name) const;

  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
};

// A parsed tab-separated table: '#' lines and blank lines are skipped, the first remaining line
// names the columns. Cells are kept as written (UTF-8), trailing '\r' removed.
struct TsvTable {
  std::string name;  // file name, for error messages
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> line_numbers;  // 1-based source line of each row

  // Index of column `column`, or -1.
  int ColumnIndex(std::string_view column) const;
  // Cell of row `row` in column `column`; empty when the column is absent or the row short.
  std::string_view Cell(size_t row, std::string_view column) const;
};

Result<TsvTable> ParseTsv(std::string_view name, std::string_view contents);
Result<TsvTable> LoadTsv(const DataFiles& files, std::string_view name);

// Decodes the escapes data files use for invisible characters: "U+3000" -> that character,
// "\t", "\s" (a space) and "\e" (the empty string). Anything else is returned as written.
std::string DecodeDataCell(std::string_view cell);

}  // namespace ogi

#endif  // OGI_DATA_H_
