// The Word reader: paragraphs and runs, table grids with gridSpan / vMerge / hMerge /
// gridBefore expanded, layout tables, two real reports saved as .docx read into the same table
// cells as their HTML pages, and one clear error for a corrupt zip, a zip that is no Word
// document, broken XML and a legacy .doc.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ogi/report.h"

#include "testing/extractor.h"

namespace ogi {
namespace {

const Extractor& TestExtractor() { return ogi::testing::SharedExtractor(); }

const Normalizer& TestNormalizer() { return ogi::testing::SharedNormalizer(); }

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(OGI_SOURCE_DIR) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in.good()) << relative;
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// ---------------------------------------------------------------------------------------------
// A zip writer for test inputs: members stored uncompressed (method 0), which every reader
// must accept, so the tests need no zip library of their own.

uint32_t Crc32(const std::string& data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : data) crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

void Put16(std::string* out, uint32_t v) {
  out->push_back(static_cast<char>(v & 0xFF));
  out->push_back(static_cast<char>((v >> 8) & 0xFF));
}
void Put32(std::string* out, uint32_t v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}

std::string Zip(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out, directory;
  for (const auto& [name, data] : members) {
    uint32_t offset = static_cast<uint32_t>(out.size());
    uint32_t crc = Crc32(data);
    auto common = [&](std::string* s) {
      Put16(s, 20);  // version needed
      Put16(s, 0);   // flags
      Put16(s, 0);   // stored
      Put16(s, 0);   // time
      Put16(s, 0x21);  // date
      Put32(s, crc);
      Put32(s, static_cast<uint32_t>(data.size()));
      Put32(s, static_cast<uint32_t>(data.size()));
      Put16(s, static_cast<uint32_t>(name.size()));
      Put16(s, 0);  // extra
    };
    Put32(&out, 0x04034b50);
    common(&out);
    out += name;
    out += data;
    Put32(&directory, 0x02014b50);
    Put16(&directory, 20);  // version made by
    common(&directory);
    Put16(&directory, 0);  // comment
    Put16(&directory, 0);  // disk
    Put16(&directory, 0);  // internal attributes
    Put32(&directory, 0);  // external attributes
    Put32(&directory, offset);
    directory += name;
  }
  uint32_t directory_offset = static_cast<uint32_t>(out.size());
  out += directory;
  Put32(&out, 0x06054b50);
  Put16(&out, 0);
  Put16(&out, 0);
  Put16(&out, static_cast<uint32_t>(members.size()));
  Put16(&out, static_cast<uint32_t>(members.size()));
  Put32(&out, static_cast<uint32_t>(directory.size()));
  Put32(&out, directory_offset);
  Put16(&out, 0);
  return out;
}

const char* kRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
    R"(</Relationships>)";

// A .docx whose body is `body` (WordprocessingML with the w: prefix).
std::string Docx(const std::string& body) {
  std::string document =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
      R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" )"
      R"(xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>)" +
      body + "</w:body></w:document>";
  return Zip({{"[Content_Types].xml", "<Types/>"}, {"_rels/.rels", kRels}, {"word/document.xml", document}});
}

std::string P(const std::string& text) { return "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>"; }

// A cell: `properties` inside <w:tcPr>, then one paragraph per text.
std::string Tc(const std::string& properties, const std::vector<std::string>& paragraphs) {
  std::string out = "<w:tc><w:tcPr>" + properties + "</w:tcPr>";
  for (const std::string& p : paragraphs) out += P(p);
  if (paragraphs.empty()) out += "<w:p/>";
  return out + "</w:tc>";
}
std::string Tc(const std::string& text) { return Tc("", {text}); }
std::string Tr(const std::string& cells, const std::string& properties = "") {
  return "<w:tr>" + (properties.empty() ? "" : "<w:trPr>" + properties + "</w:trPr>") + cells + "</w:tr>";
}
std::string Tbl(const std::string& rows) { return "<w:tbl><w:tblGrid/>" + rows + "</w:tbl>"; }

Result<Document> Read(const std::string& docx, const std::string& path = "t.docx") {
  return ReadDocx(docx, TestNormalizer(), path);
}

// The grid as text: a cell's text where it starts, "<" where a column span continues it, "^"
// where a row span does, "#" for a hole; cells separated by "|", rows by "/".
std::string GridDump(const Document& document, const Table& table) {
  std::string out;
  for (size_t r = 0; r < table.grid.size(); ++r) {
    if (r > 0) out += " / ";
    for (size_t c = 0; c < table.grid[r].size(); ++c) {
      if (c > 0) out += "|";
      int index = table.grid[r][c];
      if (index < 0) {
        out += "#";
        continue;
      }
      const Cell& cell = table.cells[static_cast<size_t>(index)];
      if (cell.row != static_cast<int>(r)) out += "^";
      else if (cell.column != static_cast<int>(c)) out += "<";
      else out += std::string(document.SpanText(cell.span));
    }
  }
  return out;
}

std::string BlocksDump(const Document& document) {
  std::string out;
  for (const Block& block : document.blocks) {
    if (!out.empty()) out += " | ";
    out += block.kind == BlockKind::kTable ? "T:" : block.kind == BlockKind::kHeading ? "H:" : "P:";
    out += block.kind == BlockKind::kTable ? GridDump(document, document.tables[static_cast<size_t>(block.table)])
                                           : std::string(document.BlockText(block));
  }
  return out;
}

TEST(DocxReaderTest, Grids) {
  struct Case {
    const char* what;
    std::string table;
    std::string grid;
  };
  const std::string vmerge_restart = R"(<w:vMerge w:val="restart"/>)";
  const std::string vmerge = "<w:vMerge/>";
  const Case cases[] = {
      {"plain", Tbl(Tr(Tc("a") + Tc("b")) + Tr(Tc("1") + Tc("2"))), "a|b / 1|2"},
      {"gridSpan", Tbl(Tr(Tc(R"(<w:gridSpan w:val="2"/>)", {"申请人情况"}) + Tc("x")) + Tr(Tc("自然人") + Tc("法人") + Tc("y"))),
       "申请人情况|<|x / 自然人|法人|y"},
      {"vMerge", Tbl(Tr(Tc(vmerge_restart, {"三、结果"}) + Tc("(一)") + Tc("1")) +
                     Tr(Tc(vmerge, {}) + Tc("(二)") + Tc("2")) + Tr(Tc(vmerge, {}) + Tc("(三)") + Tc("3"))),
       "三、结果|(一)|1 / ^|(二)|2 / ^|(三)|3"},
      {"vMerge over a gridSpan",
       Tbl(Tr(Tc(R"(<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>)", {"总计"}) + Tc("9")) +
           Tr(Tc(R"(<w:gridSpan w:val="2"/><w:vMerge/>)", {}) + Tc("8"))),
       "总计|<|9 / ^|^|8"},
      {"vMerge continuing nothing starts a cell", Tbl(Tr(Tc(vmerge, {"a"}) + Tc("b")) + Tr(Tc("c") + Tc("d"))),
       "a|b / c|d"},
      {"restart after continue", Tbl(Tr(Tc(vmerge_restart, {"a"}) + Tc("1")) + Tr(Tc(vmerge, {}) + Tc("2")) +
                                     Tr(Tc(vmerge_restart, {"b"}) + Tc("3"))),
       "a|1 / ^|2 / b|3"},
      {"hMerge", Tbl(Tr(Tc(R"(<w:hMerge w:val="restart"/>)", {"ab"}) + Tc("<w:hMerge/>", {}) + Tc("c")) +
                     Tr(Tc("1") + Tc("2") + Tc("3"))),
       "ab|<|c / 1|2|3"},
      {"gridBefore", Tbl(Tr(Tc("a") + Tc("b") + Tc("c")) + Tr(Tc("2") + Tc("3"), R"(<w:gridBefore w:val="1"/>)")),
       "a|b|c / #|2|3"},
      {"short rows are padded", Tbl(Tr(Tc("a") + Tc("b") + Tc("c")) + Tr(Tc("1"))), "a|b|c / 1|#|#"},
      {"a cell's paragraphs make one line", Tbl(Tr(Tc("", {"不予", "公开"}) + Tc("", {"Other", "result"}))),
       "不予公开|Other result"},
      {"blank cells", Tbl(Tr(Tc("a") + Tc("", {})) + Tr(Tc("", {}) + Tc("d"))), "a| / |d"},
      {"rows and cells inside content controls",
       Tbl("<w:sdt><w:sdtContent>" + Tr("<w:sdt><w:sdtContent>" + Tc("a") + "</w:sdtContent></w:sdt>" + Tc("b")) +
           "</w:sdtContent></w:sdt>"),
       "a|b"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Result<Document> document = Read(Docx(P("before") + c.table + P("after")));
    ASSERT_TRUE(document.ok()) << document.status().message();
    ASSERT_EQ(document->tables.size(), 1u);
    EXPECT_EQ(GridDump(*document, document->tables[0]), c.grid);
    ASSERT_EQ(document->blocks.size(), 3u);
    EXPECT_EQ(document->blocks[1].kind, BlockKind::kTable);
    EXPECT_EQ(document->BlockText(document->blocks[2]), "after");
  }
}

TEST(DocxReaderTest, SpansOfCells) {
  Result<Document> document = Read(Docx(
      Tbl(Tr(Tc(R"(<w:vMerge w:val="restart"/>)", {"行"}) + Tc("１２")) + Tr(Tc("<w:vMerge/>", {}) + Tc("3")))));
  ASSERT_TRUE(document.ok());
  const Table& table = document->tables[0];
  ASSERT_EQ(table.cells.size(), 3u);
  EXPECT_EQ(table.cells[0].row_span, 2);
  EXPECT_EQ(document->SpanText(table.cells[1].span), "12");  // normalized; evidence keeps １２
  EXPECT_EQ(document->text.Evidence(table.cells[1].span), "１２");
  // The extracted text is the content: cells separated by tabs, rows by line breaks.
  EXPECT_EQ(document->text.content, "行\t１２\n3");
  Span original = document->text.ToOriginal(table.cells[2].span);
  EXPECT_EQ(document->text.content.substr(original.start, original.size()), "3");
  EXPECT_TRUE(document->text.page_starts.empty());
}

TEST(DocxReaderTest, Paragraphs) {
  struct Case {
    const char* what;
    std::string body;
    std::string blocks;
  };
  const Case cases[] = {
      {"runs join", "<w:p><w:r><w:t>全年受理</w:t></w:r><w:r><w:t xml:space=\"preserve\"> 12 </w:t></w:r><w:r><w:t>件。</w:t></w:r></w:p>",
       "P:全年受理 12 件。"},
      {"indent and empty paragraphs", "<w:p/>" + P("　　本报告，依据条例编制。") + "<w:p><w:r><w:t> </w:t></w:r></w:p>",
       "P:本报告，依据条例编制。"},
      {"headings", P("一、总体情况") + P("2024年，我局共受理申请8件。"), "H:一、总体情况 | P:2024年，我局共受理申请8件。"},
      {"line break starts a line", "<w:p><w:r><w:t>第一行，</w:t><w:br/><w:t>第二行，</w:t></w:r></w:p>", "P:第一行， | P:第二行，"},
      {"tab", "<w:p><w:r><w:t>项目</w:t><w:tab/><w:t>数量，</w:t></w:r></w:p>", "P:项目\t数量，"},
      {"hidden runs, deleted text and field codes are not shown",
       "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>共</w:t></w:r>"
       "<w:del><w:r><w:delText>9</w:delText></w:r></w:del><w:ins><w:r><w:t>8</w:t></w:r></w:ins>"
       "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
       "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>件，</w:t></w:r>"
       "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
       "P:共8件，"},
      {"hyperlinks and content controls",
       "<w:p><w:hyperlink><w:r><w:t>网站</w:t></w:r></w:hyperlink><w:sdt><w:sdtContent><w:r><w:t>公开，</w:t></w:r></w:sdtContent></w:sdt></w:p>"
       "<w:sdt><w:sdtContent>" + P("块内，") + "</w:sdtContent></w:sdt>",
       "P:网站公开， | P:块内，"},
      {"text boxes after their paragraph, one alternative only",
       "<w:p><w:r><w:t>正文，</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>"
       "<w:txbxContent>" + P("框内，") + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>"
       "<w:txbxContent>" + P("框内，") + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
       "P:正文， | P:框内，"},
      {"a one-cell table is layout", Tbl(Tr(Tc("", {"框中第一段，", "框中第二段，"}))), "P:框中第一段， | P:框中第二段，"},
      {"a table holding a table is layout",
       Tbl(Tr(Tc("", {"外，"}) + "<w:tc>" + Tbl(Tr(Tc("a") + Tc("b"))) + "<w:p/></w:tc>")),
       "P:外， | T:a|b"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Result<Document> document = Read(Docx(c.body));
    ASSERT_TRUE(document.ok()) << document.status().message();
    EXPECT_EQ(BlocksDump(*document), c.blocks);
  }
}

// Word can bind the main namespace to any prefix, or make it the default namespace.
TEST(DocxReaderTest, OtherPrefixes) {
  std::string document =
      R"(<?xml version="1.0"?><document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
      R"(<body><p><r><t>默认命名空间，</t></r></p></body></document>)";
  Result<Document> read = Read(Zip({{"_rels/.rels", kRels}, {"word/document.xml", document}}));
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(BlocksDump(*read), "P:默认命名空间，");
  document =
      R"(<?xml version="1.0"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
      R"(<x:body><x:p><x:r><x:t>前缀x，</x:t></x:r></x:p></x:body></x:document>)";
  read = Read(Zip({{"word/document.xml", document}}));  // no _rels/.rels: the usual name
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(BlocksDump(*read), "P:前缀x，");
}

// The main part is found through the package relationships.
TEST(DocxReaderTest, MainPartFromRelationships) {
  std::string rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/>)"
      R"(</Relationships>)";
  std::string document = R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
                         R"(<w:body>)" + P("主文档，") + "</w:body></w:document>";
  Result<Document> read = Read(Zip({{"_rels/.rels", rels}, {"word/main.xml", document}}));
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(BlocksDump(*read), "P:主文档，");
}

// DetectFormat sees a .docx whose word/ members come after a large first member.
TEST(DocxReaderTest, DetectedByItsCentralDirectory) {
  std::string big(100000, 'x');
  std::string docx = Zip({{"media/image1.bin", big}, {"_rels/.rels", kRels},
                          {"word/document.xml", R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
                                                    P("远处，") + "</w:body></w:document>"}});
  EXPECT_EQ(DetectFormat(docx), Format::kDocx);
  EXPECT_EQ(DetectFormat(Zip({{"a.txt", big}, {"b.txt", "b"}})), Format::kZip);
}

// The real reports saved as Word read into the same table cells as their HTML pages.
class RealReportTest : public ::testing::TestWithParam<const char*> {};

TEST_P(RealReportTest, SameCellsAsHtml) {
  std::string name = GetParam();
  Report docx = TestExtractor().Extract(SourceFromBytes(name + ".docx", ReadSourceFile("tests/data/docx/" + name + ".docx")));
  Report html = TestExtractor().Extract(SourceFromBytes(name + ".html", ReadSourceFile("data/samples/" + name + ".html")));
  ASSERT_TRUE(docx.ok()) << docx.errors[0].message;
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(docx.source.format, "docx");
  EXPECT_EQ(docx.source.span_basis, "extracted_text");
  EXPECT_EQ(docx.report.format_revision, "2021");
  std::map<std::pair<std::string, std::string>, double> docx_cells, html_cells;
  for (const Metric& m : docx.metrics) {
    if (m.source == "table") docx_cells[{m.id, m.scope}] = m.value;
    EXPECT_EQ(m.evidence.page, 0);
  }
  for (const Metric& m : html.metrics) {
    if (m.source == "table") html_cells[{m.id, m.scope}] = m.value;
  }
  EXPECT_GE(docx_cells.size(), 200u);
  EXPECT_EQ(docx_cells, html_cells);
  EXPECT_EQ(docx.report.title, html.report.title);
}

INSTANTIATE_TEST_SUITE_P(DocxReader, RealReportTest, ::testing::Values("pingtan-2024", "shuyang-fgj-2023"));

// 表三 of the real report is a grid of merged cells: every cell of it is read.
TEST(DocxReaderTest, MergedTable3) {
  Result<Document> document = Read(ReadSourceFile("tests/data/docx/pingtan-2024.docx"), "pingtan-2024.docx");
  ASSERT_TRUE(document.ok()) << document.status().message();
  const Table* table3 = nullptr;
  for (const Table& table : document->tables) {
    for (const Cell& cell : table.cells) {
      if (document->SpanText(cell.span).find("本年新收政府信息公开申请数量") != std::string_view::npos) table3 = &table;
    }
  }
  ASSERT_NE(table3, nullptr);
  int row_spans = 0, column_spans = 0;
  for (const Cell& cell : table3->cells) {
    row_spans += cell.row_span > 1;
    column_spans += cell.column_span > 1;
  }
  EXPECT_GT(row_spans, 3);
  EXPECT_GT(column_spans, 3);
  // Every grid position holds a cell, and the value columns of the 25 data rows are full.
  for (const auto& row : table3->grid) {
    for (int index : row) EXPECT_GE(index, 0);
  }
  Report report = TestExtractor().Extract(SourceFromBytes("pingtan-2024.docx", ReadSourceFile("tests/data/docx/pingtan-2024.docx")));
  int table3_cells = 0;
  for (const Metric& m : report.metrics) table3_cells += m.table == "表三" && !m.derived;
  EXPECT_GE(table3_cells, 25 * 7);
}

TEST(DocxReaderTest, ErrorsSayWhatToDo) {
  std::string ole_encrypted = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0');
  for (char c : std::string("EncryptedPackage")) ole_encrypted += std::string{c, '\0'};
  struct Case {
    std::string name;
    std::string bytes;
    std::string format;
    std::string code;
    std::vector<std::string> message_has;
  };
  std::vector<Case> cases = {
      {"truncated.docx", ReadSourceFile("tests/data/docx/truncated.docx"), "docx", "unreadable",
       {"truncated.docx: ", "corrupt zip archive", "damaged or truncated"}},
      {"damaged.docx", ReadSourceFile("tests/data/docx/damaged.docx"), "docx", "unreadable",
       {"damaged.docx: ", "corrupt zip archive", "word/document.xml"}},
      {"junk.zip", "PK\x03\x04 and then nothing of a zip", "zip", "unreadable", {"junk.zip: ", "corrupt zip archive"}},
      {"other.zip", Zip({{"readme.txt", "hello"}}), "zip", "unsupported_format",
       {"other.zip: ", "no Word document", "unpack it"}},
      {"broken.docx", Zip({{"word/document.xml", "<w:document><w:body><w:p>"}}), "docx", "unreadable",
       {"broken.docx: ", "broken XML in word/document.xml"}},
      {"empty.docx", Docx(""), "docx", "empty", {"empty.docx: ", "no text"}},
      {"legacy.doc", ReadSourceFile("tests/data/docx/legacy.doc"), "doc", "unsupported_format",
       {"legacy.doc: ", "Word 97-2003", "save it as .docx", "libreoffice --headless --convert-to docx legacy.doc"}},
      {"locked.docx", ole_encrypted, "doc", "unsupported_format", {"locked.docx: ", "password-protected"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Report report = TestExtractor().Extract(SourceFromBytes(c.name, c.bytes));
    EXPECT_EQ(report.source.format, c.format);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, c.code);
    for (const std::string& part : c.message_has) {
      EXPECT_NE(report.errors[0].message.find(part), std::string::npos) << report.errors[0].message;
    }
  }
}

}  // namespace
}  // namespace ogi
