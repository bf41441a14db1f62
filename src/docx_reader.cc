// The Word reader: a .docx (a zip of XML parts) to blocks and table grids.
//
// The main part (word/document.xml, or wherever _rels/.rels points) is parsed with pugixml and
// walked in document order. A paragraph (w:p) becomes a line of the content, and a line break
// inside it (w:br) starts another; its text is the w:t of its runs, w:tab as a tab, with
// deleted revisions, field instructions and hidden runs left out. Content controls (w:sdt),
// hyperlinks, inserted revisions and the like are read through. Text boxes are read after the
// paragraph that anchors them, the first alternative of mc:AlternateContent only (the others
// repeat it).
//
// A w:tbl becomes a Table following Word's grid model: a cell covers w:gridSpan grid columns
// from the next free column (after w:gridBefore), and a cell whose w:vMerge continues the
// cell above extends that cell's row span instead of being a cell of its own (legacy w:hMerge
// likewise extends the cell to its left). Its text is laid out as ReadHtml lays out a <table>:
// cells separated by tabs, rows by line breaks, a cell's paragraphs joined into one line.
// Tables used for page layout (holding another table, a passage of text, or a single cell)
// are read as the blocks inside them, as ReadHtml does.
//
// There is no text in a .docx that offsets could point at (its XML is deflated), so the
// content built here is the extracted text, and original offsets index it.
#include <pugixml.hpp>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "internal/utf8.h"
#include "ogi/document.h"

namespace ogi {

namespace {

using internal::FirstCodePoint;
using internal::IsCjk;
using internal::LastCodePoint;

// A part larger than this once inflated is refused (a zip bomb, not a report).
constexpr size_t kMaxPartBytes = size_t{256} << 20;
// A cell with more text than this is a passage laid out in a table, not a figure or a label.
constexpr size_t kLayoutCellChars = 150;
// Word allows 63 columns; the caps keep a hostile gridSpan from exhausting memory.
constexpr int kMaxGridSpan = 1000;
constexpr size_t kMaxGridPositions = size_t{1} << 20;

constexpr std::string_view kMainNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kStrictNamespace = "http://purl.oclc.org/ooxml/wordprocessingml/main";

// Spaces at the edge of a line are no content: ASCII blanks, no-break and ideographic spaces
// (Chinese paragraphs are indented with two U+3000).
bool IsEdgeSpace(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == 0x00A0 || cp == 0x3000 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0xFEFF;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && IsEdgeSpace(FirstCodePoint(s))) {
    size_t length = 0;
    internal::DecodeUtf8At(s, 0, &length);
    s.remove_prefix(length);
  }
  while (!s.empty() && IsEdgeSpace(LastCodePoint(s))) {
    s.remove_suffix(internal::PreviousCodePointLength(s, s.size()));
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// The zip container.

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

bool IsEncryptionError(int code) { return code == ZIP_ER_NOPASSWD || code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_WRONGPASSWD; }

// Opens the zip held in `bytes` (read in place; they outlive the archive).
Result<Archive> OpenArchive(std::string_view bytes, const std::string& where) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status(StatusCode::kInternal, where + ": cannot read the zip archive (" + reason + ")");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    zip_source_free(source);  // still ours when opening fails
    std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status(StatusCode::kUnreadable,
                  where + ": corrupt zip archive, the file is damaged or truncated (" + reason + ")");
  }
  zip_error_fini(&error);
  return Archive(archive);
}

bool HasPart(zip_t* archive, const std::string& name) {
  return zip_name_locate(archive, name.c_str(), ZIP_FL_NOCASE) >= 0;
}

// The inflated bytes of part `name`, which must exist.
Result<std::string> ReadPart(zip_t* archive, const std::string& name, const std::string& where) {
  zip_int64_t index = zip_name_locate(archive, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return Status(StatusCode::kUnreadable, where + ": no " + name + " in the archive");
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0));
  if (file == nullptr) {
    zip_error_t* error = zip_get_error(archive);
    if (IsEncryptionError(zip_error_code_zip(error))) {
      return Status(StatusCode::kUnreadable,
                    where + ": the archive is encrypted (" + name + " needs a password); remove the password first");
    }
    return Status(StatusCode::kUnreadable,
                  where + ": corrupt zip archive (" + name + ": " + zip_error_strerror(error) + ")");
  }
  std::string data;
  char buffer[1 << 16];
  for (;;) {
    zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
    if (n < 0) {
      return Status(StatusCode::kUnreadable, where + ": corrupt zip archive (" + name + ": " +
                                                 zip_error_strerror(zip_file_get_error(file.get())) + ")");
    }
    if (n == 0) break;
    data.append(buffer, static_cast<size_t>(n));
    if (data.size() > kMaxPartBytes) {
      return Status(StatusCode::kTooLarge, where + ": " + name + " inflates to more than " +
                                               std::to_string(kMaxPartBytes) + " bytes");
    }
  }
  return data;
}

Result<pugi::xml_document> ParseXml(const std::string& data, const std::string& name, const std::string& where) {
  pugi::xml_document xml;
  // Whitespace-only text is kept where it is an element's only child: <w:t> </w:t> is a space.
  pugi::xml_parse_result parsed =
      xml.load_buffer(data.data(), data.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed) {
    return Status(StatusCode::kUnreadable, where + ": broken XML in " + name + " (" + parsed.description() +
                                               " at byte " + std::to_string(parsed.offset) + ")");
  }
  return xml;
}

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The main document part named by the package relationships, or "" when there is none.
std::string MainPartName(zip_t* archive, const std::string& where) {
  std::string fallback = HasPart(archive, "word/document.xml") ? "word/document.xml" : "";
  if (!HasPart(archive, "_rels/.rels")) return fallback;
  Result<std::string> rels = ReadPart(archive, "_rels/.rels", where);
  if (!rels.ok()) return fallback;
  Result<pugi::xml_document> xml = ParseXml(*rels, "_rels/.rels", where);
  if (!xml.ok()) return fallback;
  for (pugi::xml_node rel : xml->document_element().children()) {
    std::string_view type = rel.attribute("Type").value();
    if (LocalName(rel) != "Relationship" || !type.ends_with("/officeDocument")) continue;
    std::string target = rel.attribute("Target").value();
    while (!target.empty() && target.front() == '/') target.erase(0, 1);
    if (!target.empty() && HasPart(archive, target)) return target;
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// The walk.

struct BlockRecord {
  BlockKind kind;
  Span content;
  int table;
};

class Walker {
 public:
  // `prefix` is the one the document binds to the WordprocessingML namespace ("w" as a rule).
  explicit Walker(std::string prefix) : prefix_(prefix.empty() ? "" : prefix + ":") {}

  // Block-level content: the children of w:body, a cell, a text box, a content control.
  void Blocks(const pugi::xml_node& parent) {
    for (pugi::xml_node child : parent.children()) {
      if (child.type() != pugi::node_element) continue;
      if (Is(child, "p")) {
        Paragraph(child);
      } else if (Is(child, "tbl")) {
        TableElement(child);
      } else if (Is(child, "sdt")) {
        Blocks(child.child(Name("sdtContent").c_str()));
      } else if (Is(child, "customXml") || Is(child, "ins") || Is(child, "moveTo") || Is(child, "smartTag")) {
        Blocks(child);
      } else if (LocalName(child) == "AlternateContent") {
        Blocks(FirstAlternative(child));
      }
    }
  }

  std::string& text() { return text_; }
  std::vector<BlockRecord>& blocks() { return blocks_; }
  std::vector<Table>& tables() { return tables_; }

 private:
  std::string Name(std::string_view local) const { return prefix_ + std::string(local); }
  bool Is(const pugi::xml_node& node, std::string_view local) const {
    std::string_view name = node.name();
    return name.size() == prefix_.size() + local.size() && name.starts_with(prefix_) && name.ends_with(local);
  }

  static pugi::xml_node FirstAlternative(const pugi::xml_node& alternate) {
    for (pugi::xml_node child : alternate.children()) {
      if (child.type() == pugi::node_element && LocalName(child) == "Choice") return child;
    }
    return alternate.child("mc:Fallback");
  }

  // An on/off property (<w:vanish/>, <w:vanish w:val="false"/>).
  bool IsOn(const pugi::xml_node& property) const {
    if (!property) return false;
    std::string_view value = property.attribute(Name("val").c_str()).value();
    return value != "0" && value != "false" && value != "off";
  }

  // Appends the text of a paragraph's inline content to `out`: line breaks as '\n', tabs as
  // '\t'. Text boxes are collected in `boxes` to be read after the paragraph.
  void Inline(const pugi::xml_node& parent, std::string* out, std::vector<pugi::xml_node>* boxes) const {
    for (pugi::xml_node child : parent.children()) {
      if (child.type() != pugi::node_element) continue;
      if (Is(child, "t")) {
        *out += child.text().get();
      } else if (Is(child, "r")) {
        if (!IsOn(child.child(Name("rPr").c_str()).child(Name("vanish").c_str()))) Inline(child, out, boxes);
      } else if (Is(child, "tab") || Is(child, "ptab")) {
        *out += '\t';
      } else if (Is(child, "br") || Is(child, "cr")) {
        *out += '\n';
      } else if (Is(child, "noBreakHyphen")) {
        *out += '-';
      } else if (Is(child, "txbxContent")) {
        boxes->push_back(child);
      } else if (LocalName(child) == "AlternateContent") {
        Inline(FirstAlternative(child), out, boxes);
      } else if (Is(child, "del") || Is(child, "moveFrom") || Is(child, "delText") || Is(child, "instrText") ||
                 Is(child, "pPr") || Is(child, "rPr") || Is(child, "sectPr")) {
        // Deleted revisions and field instructions are not shown; properties hold no text.
      } else {
        Inline(child, out, boxes);  // hyperlink, ins, smartTag, sdt, fldSimple, drawing ...
      }
    }
  }

  void EmitLine(std::string_view line) {
    line = TrimSpaces(line);
    if (line.empty()) return;
    if (!text_.empty()) text_ += '\n';
    size_t start = text_.size();
    text_ += line;
    BlockKind kind = LooksLikeHeading(line) ? BlockKind::kHeading : BlockKind::kParagraph;
    blocks_.push_back({kind, {start, text_.size()}, -1});
  }

  void Paragraph(const pugi::xml_node& p) {
    std::string text;
    std::vector<pugi::xml_node> boxes;
    Inline(p, &text, &boxes);
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      EmitLine(std::string_view(text).substr(start, end - start));
      start = end + 1;
    }
    for (const pugi::xml_node& box : boxes) Blocks(box);
  }

  // The text of a data table's cell on one line: its paragraphs and line breaks joined with a
  // space, or with nothing between two Chinese characters (a label wrapped in its cell).
  std::string CellText(const pugi::xml_node& cell) const {
    std::vector<std::string> lines;
    CellLines(cell, &lines);
    std::string out;
    for (const std::string& raw : lines) {
      std::string_view line = TrimSpaces(raw);
      if (line.empty()) continue;
      if (!out.empty() && !(IsCjk(LastCodePoint(out)) && IsCjk(FirstCodePoint(line)))) out += ' ';
      out += line;
    }
    // A tab inside a cell would read as a cell boundary in the content.
    std::replace(out.begin(), out.end(), '\t', ' ');
    return out;
  }

  void CellLines(const pugi::xml_node& parent, std::vector<std::string>* lines) const {
    for (pugi::xml_node child : parent.children()) {
      if (child.type() != pugi::node_element) continue;
      if (Is(child, "p")) {
        std::string text;
        std::vector<pugi::xml_node> boxes;
        Inline(child, &text, &boxes);
        size_t start = 0;
        while (start <= text.size()) {
          size_t end = text.find('\n', start);
          if (end == std::string::npos) end = text.size();
          lines->push_back(text.substr(start, end - start));
          start = end + 1;
        }
        for (const pugi::xml_node& box : boxes) CellLines(box, lines);
      } else if (Is(child, "sdt")) {
        CellLines(child.child(Name("sdtContent").c_str()), lines);
      } else if (Is(child, "customXml") || Is(child, "ins") || Is(child, "moveTo")) {
        CellLines(child, lines);
      }
    }
  }

  // Rows of a table and cells of a row, seen through content controls and custom XML.
  void Collect(const pugi::xml_node& parent, std::string_view local, std::vector<pugi::xml_node>* out) const {
    for (pugi::xml_node child : parent.children()) {
      if (child.type() != pugi::node_element) continue;
      if (Is(child, local)) {
        out->push_back(child);
      } else if (Is(child, "sdt")) {
        Collect(child.child(Name("sdtContent").c_str()), local, out);
      } else if (Is(child, "customXml") || Is(child, "ins") || Is(child, "moveTo")) {
        Collect(child, local, out);
      }
    }
  }

  int IntProperty(const pugi::xml_node& properties, std::string_view local, int fallback) const {
    pugi::xml_node property = properties.child(Name(local).c_str());
    if (!property) return fallback;
    return property.attribute(Name("val").c_str()).as_int(fallback);
  }

  // Whether a table arranges the page rather than holding data (see kLayoutCellChars).
  bool IsLayout(const std::vector<std::vector<pugi::xml_node>>& rows) const {
    size_t cells = 0;
    for (const auto& row : rows) {
      for (const pugi::xml_node& cell : row) {
        ++cells;
        if (cell.find_node([this](const pugi::xml_node& n) { return Is(n, "tbl"); })) return true;
        if (internal::CodePointCount(CellText(cell)) > kLayoutCellChars) return true;
      }
    }
    return cells < 2;
  }

  void TableElement(const pugi::xml_node& tbl) {
    std::vector<pugi::xml_node> row_nodes;
    Collect(tbl, "tr", &row_nodes);
    std::vector<std::vector<pugi::xml_node>> rows;
    for (const pugi::xml_node& tr : row_nodes) {
      rows.emplace_back();
      Collect(tr, "tc", &rows.back());
    }
    if (IsLayout(rows) || !ReadGrid(row_nodes, rows)) {
      for (const auto& row : rows) {
        for (const pugi::xml_node& cell : row) Blocks(cell);
      }
    }
  }

  // Builds the grid of a data table and emits its cells. Returns false, emitting nothing, when
  // the grid would be absurdly large.
  bool ReadGrid(const std::vector<pugi::xml_node>& row_nodes, const std::vector<std::vector<pugi::xml_node>>& rows) {
    Table table;
    std::vector<std::vector<int>>& grid = table.grid;
    grid.resize(rows.size());
    // The cell each <w:tc> starts, or -1 when it continues another (vMerge, hMerge).
    std::vector<std::vector<int>> starts(rows.size());
    size_t width = 0;
    for (size_t r = 0; r < rows.size(); ++r) {
      pugi::xml_node row_properties = row_nodes[r].child(Name("trPr").c_str());
      size_t column = static_cast<size_t>(std::clamp(IntProperty(row_properties, "gridBefore", 0), 0, kMaxGridSpan));
      int previous = -1;
      for (const pugi::xml_node& tc : rows[r]) {
        pugi::xml_node properties = tc.child(Name("tcPr").c_str());
        size_t span = static_cast<size_t>(std::clamp(IntProperty(properties, "gridSpan", 1), 1, kMaxGridSpan));
        if ((column + span) * rows.size() > kMaxGridPositions) return false;
        if (grid[r].size() < column + span) grid[r].resize(column + span, -1);
        pugi::xml_node vmerge = properties.child(Name("vMerge").c_str());
        pugi::xml_node hmerge = properties.child(Name("hMerge").c_str());
        std::string_view vmerge_value = vmerge.attribute(Name("val").c_str()).value();
        std::string_view hmerge_value = hmerge.attribute(Name("val").c_str()).value();
        int above = (r > 0 && column < grid[r - 1].size()) ? grid[r - 1][column] : -1;
        int index = -1;
        if (vmerge && vmerge_value != "restart" && above >= 0 &&
            table.cells[static_cast<size_t>(above)].column == static_cast<int>(column)) {
          // Continues the cell above: it grows down by a row.
          index = above;
          Cell& cell = table.cells[static_cast<size_t>(index)];
          cell.row_span = static_cast<int>(r) - cell.row + 1;
          starts[r].push_back(-1);
        } else if (hmerge && hmerge_value != "restart" && previous >= 0) {
          // Legacy horizontal merge: continues the cell to the left.
          index = previous;
          table.cells[static_cast<size_t>(index)].column_span += static_cast<int>(span);
          starts[r].push_back(-1);
        } else {
          Cell cell;
          cell.row = static_cast<int>(r);
          cell.column = static_cast<int>(column);
          cell.column_span = static_cast<int>(span);
          index = static_cast<int>(table.cells.size());
          table.cells.push_back(cell);
          starts[r].push_back(index);
        }
        for (size_t c = column; c < column + span; ++c) grid[r][c] = index;
        previous = index;
        column += span;
        width = std::max(width, column);
      }
    }
    for (auto& grid_row : grid) grid_row.resize(width, -1);
    if (table.cells.size() < 2) return false;

    // Cells in document order, a row per line, like a browser's copy of a table.
    if (!text_.empty()) text_ += '\n';
    size_t table_start = text_.size();
    bool first_in_table = true;
    for (size_t r = 0; r < rows.size(); ++r) {
      bool first_in_row = true;
      for (size_t k = 0; k < rows[r].size(); ++k) {
        int index = starts[r][k];
        if (index < 0) continue;
        if (!first_in_table) text_ += first_in_row ? '\n' : '\t';
        first_in_table = false;
        first_in_row = false;
        size_t start = text_.size();
        text_ += CellText(rows[r][k]);
        table.cells[static_cast<size_t>(index)].span = {start, text_.size()};
      }
    }
    table.span = {table_start, text_.size()};
    blocks_.push_back({BlockKind::kTable, table.span, static_cast<int>(tables_.size())});
    tables_.push_back(std::move(table));
    return true;
  }

  std::string prefix_;
  std::string text_;
  std::vector<BlockRecord> blocks_;
  std::vector<Table> tables_;
};

// The prefix the root element binds to the WordprocessingML namespace.
std::string WordPrefix(const pugi::xml_node& root) {
  for (pugi::xml_attribute attribute : root.attributes()) {
    std::string_view name = attribute.name();
    std::string_view value = attribute.value();
    if (value != kMainNamespace && value != kStrictNamespace) continue;
    if (name == "xmlns") return "";
    if (name.starts_with("xmlns:")) return std::string(name.substr(6));
  }
  std::string_view name = root.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? "" : std::string(name.substr(0, colon));
}

}  // namespace

Result<Document> ReadDocx(std::string_view bytes, const Normalizer& normalizer, std::string_view path) {
  std::string where(path);
  Result<Archive> archive = OpenArchive(bytes, where);
  if (!archive.ok()) return archive.status();
  std::string main_part = MainPartName(archive->get(), where);
  if (main_part.empty()) {
    if (HasPart(archive->get(), "OFD.xml")) {
      return Status(StatusCode::kUnsupportedFormat,
                    where + ": an OFD document, which ogi does not read; export it as PDF first");
    }
    return Status(StatusCode::kUnsupportedFormat,
                  where + ": a zip archive that holds no Word document (no word/document.xml); "
                          "unpack it and pass the report inside");
  }
  Result<std::string> data = ReadPart(archive->get(), main_part, where);
  if (!data.ok()) return data.status();
  archive->reset();
  Result<pugi::xml_document> xml = ParseXml(*data, main_part, where);
  if (!xml.ok()) return xml.status();
  data->clear();

  pugi::xml_node root = xml->document_element();
  std::string prefix = WordPrefix(root);
  pugi::xml_node body = root.child((prefix.empty() ? std::string("body") : prefix + ":body").c_str());
  Walker walker(prefix);
  walker.Blocks(body);
  xml->reset();

  Document document;
  Text& text = document.text;
  text.encoding = "UTF-8";
  text.content = std::move(walker.text());
  if (!internal::IsValidUtf8(text.content)) {
    return Status(StatusCode::kBadEncoding, where + ": the Word document's text is not valid UTF-8");
  }
  if (text.content.find_first_not_of(" \t\n") == std::string::npos) {
    return Status(StatusCode::kEmpty, where + ": the Word document has no text");
  }
  // The extracted text is both the decoded layer and the original the spans index.
  text.decoded = text.content;
  text.decoded_to_source.AddCopy(0, text.decoded.size());
  text.content_to_decoded.AddCopy(0, text.content.size());
  normalizer.Normalize(text.content, &text.normalized, &text.normalized_to_content);

  const OffsetMap& map = text.normalized_to_content;
  document.tables = std::move(walker.tables());
  for (Table& table : document.tables) {
    table.span = map.FromInput(table.span);
    for (Cell& cell : table.cells) cell.span = map.FromInput(cell.span);
  }
  for (const BlockRecord& record : walker.blocks()) {
    document.blocks.push_back({record.kind, map.FromInput(record.content), record.table});
  }
  return document;
}

std::string LegacyOfficeMessage(std::string_view bytes, std::string_view path) {
  // OLE2 directory entry names are UTF-16LE. Office wraps a password-protected .docx in an
  // OLE2 file whose package is the stream "EncryptedPackage"; Word 97-2003 keeps its text in
  // the stream "WordDocument".
  auto has_stream = [&](std::string_view name) {
    std::string utf16;
    for (char c : name) {
      utf16 += c;
      utf16 += '\0';
    }
    return bytes.find(utf16) != std::string_view::npos;
  };
  std::string where(path);
  if (has_stream("EncryptedPackage")) {
    return where + ": a password-protected Office document; open it with its password and save it "
                   "again without one";
  }
  if (has_stream("WordDocument")) {
    return where + ": a Word 97-2003 document (.doc), which ogi does not read; save it as .docx, "
                   "or convert it: libreoffice --headless --convert-to docx " + where;
  }
  return where + ": a legacy binary Office file (OLE2), which ogi does not read; save the report "
                 "as .docx, PDF or text";
}

}  // namespace ogi
