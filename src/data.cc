#include "ogi/data.h"

#include <fstream>
#include <sstream>

#include "internal/embedded_data.h"
#include "internal/utf8.h"

namespace ogi {

Result<std::string> DataFiles::Read(std::string_view name) const {
  if (directory_.empty()) {
    std::string_view contents;
    if (!internal::FindEmbeddedData(name, &contents)) {
      return Status(StatusCode::kNotFound, "data file " + std::string(name) + " is not built in");
    }
    return std::string(contents);
  }
  std::string path = directory_ + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, path + ": cannot open data file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int TsvTable::ColumnIndex(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return static_cast<int>(i);
  }
  return -1;
}

std::string_view TsvTable::Cell(size_t row, std::string_view column) const {
  int index = ColumnIndex(column);
  if (index < 0 || row >= rows.size() || static_cast<size_t>(index) >= rows[row].size()) return {};
  return rows[row][static_cast<size_t>(index)];
}

namespace {

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    cells.emplace_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cells;
}

}  // namespace

Result<TsvTable> ParseTsv(std::string_view name, std::string_view contents) {
  TsvTable table;
  table.name = std::string(name);
  size_t pos = 0;
  int line_number = 0;
  while (pos <= contents.size()) {
    size_t newline = contents.find('\n', pos);
    std::string_view line = contents.substr(pos, newline == std::string_view::npos
                                                     ? std::string_view::npos
                                                     : newline - pos);
    ++line_number;
    pos = newline == std::string_view::npos ? contents.size() + 1 : newline + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (table.columns.empty()) {
      table.columns = SplitTabs(line);
      continue;
    }
    table.rows.push_back(SplitTabs(line));
    table.line_numbers.push_back(line_number);
  }
  if (table.columns.empty()) {
    return Status(StatusCode::kInvalidArgument, table.name + ": no header line");
  }
  return table;
}

Result<TsvTable> LoadTsv(const DataFiles& files, std::string_view name) {
  Result<std::string> contents = files.Read(name);
  if (!contents.ok()) return contents.status();
  return ParseTsv(name, *contents);
}

std::string DecodeDataCell(std::string_view cell) {
  if (cell == "\\e") return "";
  if (cell == "\\s") return " ";
  if (cell == "\\t") return "\t";
  if (cell.size() > 2 && cell[0] == 'U' && cell[1] == '+') {
    std::string out;
    uint32_t code_point = static_cast<uint32_t>(std::stoul(std::string(cell.substr(2)), nullptr, 16));
    internal::AppendUtf8(code_point, &out);
    return out;
  }
  return std::string(cell);
}

}  // namespace ogi
