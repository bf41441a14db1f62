// The HTML reader: blocks, table grids and spans of small pages, two real report pages, the
// declared charset, and malformed input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "internal/utf8.h"
#include "ogi/document.h"

#include "testing/encoding.h"

#include "testing/extractor.h"

namespace ogi {
namespace {

const Normalizer& TestNormalizer() { return ogi::testing::SharedNormalizer(); }

// Decodes `bytes` as a caller would (the page's declared charset as a hint) and reads it.
Result<Document> ReadPage(std::string_view bytes, std::string_view path = "page.html") {
  Result<DecodedText> decoded = Decode(bytes, path, DeclaredHtmlCharset(bytes));
  if (!decoded.ok()) return decoded.status();
  return ReadHtml(std::move(*decoded), TestNormalizer(), path);
}

std::string ReadTestFile(const std::string& name) {
  std::ifstream in(std::string(OGI_SOURCE_DIR) + "/data/samples/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string SpanString(Span span) {
  return "[" + std::to_string(span.start) + "," + std::to_string(span.end) + ")";
}

// A cell as the dump shows a grid position: its text where the cell starts, "<" where a
// colspan continues it, "^" where a rowspan does, "#" for a hole.
std::string GridText(const Document& document, const Table& table, size_t row, size_t column) {
  int index = table.grid[row][column];
  if (index < 0) return "#";
  const Cell& cell = table.cells[static_cast<size_t>(index)];
  if (cell.row != static_cast<int>(row)) return "^";
  if (cell.column != static_cast<int>(column)) return "<";
  return std::string(document.SpanText(cell.span));
}

std::string DumpTable(const Document& document, const Table& table) {
  std::string out;
  for (size_t r = 0; r < table.grid.size(); ++r) {
    out += " ";
    for (size_t c = 0; c < table.grid[r].size(); ++c) {
      out += (c == 0 ? " " : "|") + GridText(document, table, r, c);
    }
    out += "\n";
  }
  return out;
}

// "P|H|T [start,end) text" per block, a table's grid rows below its T line.
std::string Dump(const Document& document) {
  std::string out;
  for (const Block& block : document.blocks) {
    switch (block.kind) {
      case BlockKind::kParagraph:
        out += "P " + SpanString(block.span) + " " + std::string(document.BlockText(block)) + "\n";
        break;
      case BlockKind::kHeading:
        out += "H " + SpanString(block.span) + " " + std::string(document.BlockText(block)) + "\n";
        break;
      case BlockKind::kTable:
        out += "T " + SpanString(block.span) + "\n";
        out += DumpTable(document, document.tables[static_cast<size_t>(block.table)]);
        break;
    }
  }
  return out;
}

std::string DumpPage(std::string_view html) {
  Result<Document> document = ReadPage(html);
  if (!document.ok()) return "error: " + document.status().message();
  return Dump(*document);
}

// Decodes the character reference at html[i] (the ones these tests use, and the legacy names
// that need no ';') into `text`; returns the position after it. A lone '&' is itself.
size_t DecodeEntity(std::string_view html, size_t i, std::string* text) {
  size_t p = i + 1;
  if (p < html.size() && html[p] == '#') {
    bool hex = p + 1 < html.size() && (html[p + 1] == 'x' || html[p + 1] == 'X');
    size_t digits = p + (hex ? 2 : 1);
    size_t end = digits;
    while (end < html.size() && std::isxdigit(static_cast<unsigned char>(html[end])) != 0 &&
           (hex || std::isdigit(static_cast<unsigned char>(html[end])) != 0)) {
      ++end;
    }
    if (end == digits || end - digits > 6) {
      *text += '&';
      return i + 1;
    }
    internal::AppendUtf8(
        static_cast<uint32_t>(
            std::stoul(std::string(html.substr(digits, end - digits)), nullptr, hex ? 16 : 10)),
        text);
    return end < html.size() && html[end] == ';' ? end + 1 : end;
  }
  struct Named {
    std::string_view name;
    std::string_view text;
    bool legacy;  // decoded without ';'
  };
  static const Named kNamed[] = {
      {"nbsp", "\u00A0", true}, {"amp", "&", true},
      {"lt", "<", true},        {"gt", ">", true},
      {"quot", "\"", true},     {"copy", "\u00A9", true},
      {"not", "\u00AC", true},  {"NotEqualTilde", "\u2242\u0338", false},
  };
  size_t name_end = p;
  while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end])) != 0) {
    ++name_end;
  }
  std::string_view name = html.substr(p, name_end - p);
  bool semicolon = name_end < html.size() && html[name_end] == ';';
  for (const Named& named : kNamed) {
    if (name == named.name && semicolon) {
      *text += named.text;
      return name_end + 1;
    }
  }
  for (const Named& named : kNamed) {
    if (named.legacy && name.substr(0, named.name.size()) == named.name) {
      *text += named.text;
      return p + named.name.size();
    }
  }
  *text += '&';
  return i + 1;
}

// Text without whitespace, which the reader collapses and trims (and drops between wrapped
// Chinese lines) while the source keeps it.
std::string Squeeze(std::string_view text) {
  std::string squeezed;
  for (size_t i = 0; i < text.size();) {
    size_t length = 0;
    uint32_t cp = internal::DecodeUtf8At(text, i, &length);
    bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000;
    if (!space) squeezed.append(text, i, length);
    i += length;
  }
  return squeezed;
}

// What a reader sees of a slice of HTML source: scripts, styles, comments and tags dropped,
// the entities used in these tests decoded.
std::string VisibleText(std::string_view html) {
  std::string text;
  for (size_t i = 0; i < html.size();) {
    if (html.substr(i, 4) == "<!--") {
      size_t end = html.find("-->", i);
      i = end == std::string_view::npos ? html.size() : end + 3;
    } else if (html.substr(i, 7) == "<script" || html.substr(i, 6) == "<style") {
      std::string close = html.substr(i, 7) == "<script" ? "</script>" : "</style>";
      size_t end = html.find(close, i);
      i = end == std::string_view::npos ? html.size() : end + close.size();
    } else if (html[i] == '<' && i + 1 < html.size() &&
               (std::isalpha(static_cast<unsigned char>(html[i + 1])) != 0 || html[i + 1] == '/' ||
                html[i + 1] == '!')) {
      size_t end = html.find('>', i);
      i = end == std::string_view::npos ? html.size() : end + 1;
    } else if (html[i] == '&') {
      i = DecodeEntity(html, i, &text);
    } else {
      text += html[i++];
    }
  }
  return text;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Every block and cell span, resolved to original bytes, cuts exactly its evidence out of the
// source: the same visible text, and no markup or whitespace at either edge. `charset` is the
// encoding of `original`, as ICU names it.
void ExpectSpansCutEvidence(const Document& document, std::string_view original,
                            const char* charset) {
  auto check = [&](Span span, const std::string& what) {
    Span cut = document.text.ToOriginal(span);
    ASSERT_LE(cut.end, original.size()) << what;
    ASSERT_LE(cut.start, cut.end) << what;
    std::string bytes(original.substr(cut.start, cut.size()));
    std::string utf8 = std::string(charset) == "UTF-8" ? bytes : ogi::testing::Convert(bytes, "UTF-8", charset);
    std::string_view evidence = document.text.Evidence(span);
    EXPECT_EQ(Squeeze(VisibleText(utf8)), Squeeze(evidence)) << what << " cut " << utf8;
    // A span starting or ending in text cuts no markup or whitespace at that edge. (A table
    // ending in a blank cell ends with that cell's separator, after the previous cell's tag.)
    if (!evidence.empty() && !IsSpace(evidence.front())) {
      EXPECT_FALSE(IsSpace(utf8.front()) || (utf8.front() == '<' && evidence.front() != '<'))
          << what << " starts badly: " << utf8;
    }
    if (!evidence.empty() && !IsSpace(evidence.back())) {
      EXPECT_FALSE(IsSpace(utf8.back()) || (utf8.back() == '>' && evidence.back() != '>'))
          << what << " ends badly: " << utf8;
    }
  };
  for (size_t b = 0; b < document.blocks.size(); ++b) {
    check(document.blocks[b].span, "block " + std::to_string(b));
  }
  for (size_t t = 0; t < document.tables.size(); ++t) {
    for (size_t c = 0; c < document.tables[t].cells.size(); ++c) {
      check(document.tables[t].cells[c].span,
            "table " + std::to_string(t) + " cell " + std::to_string(c));
    }
  }
}

// ---------------------------------------------------------------------------------------------

struct PageCase {
  const char* name;
  std::string html;
  std::string dump;
};

std::vector<PageCase> PageCases() {
  return {
      {"paragraphs", "<p>第一段。</p>\n<p>Second  paragraph,\n  here.</p>",
       "P [0,12) 第一段。\n"
       "P [13,36) Second paragraph, here.\n"},
      {"line breaks",
       "<p>line one,<br>line two,<br/><br>line three</p><div>a;<div>b<!-- -->;</div>c!</div>",
       "P [0,9) line one,\n"
       "P [10,19) line two,\n"
       "H [20,30) line three\n"
       "P [31,33) a;\n"
       "P [34,36) b;\n"
       "P [37,39) c!\n"},
      {"headings",
       "<h2>The annual report, 2023</h2><p>一、总体情况&nbsp;</p>"
       "<p>本年度共收到申请26件。</p><p>26</p>",
       "H [0,23) The annual report, 2023\n"
       "H [24,42) 一、总体情况\n"
       "P [43,75) 本年度共收到申请26件。\n"
       "P [76,78) 26\n"},
      {"entities", "<p>A&nbsp;B &amp; C &#x4e00;&#20108; &lt;x&gt; &quot;q&quot; &copy;2023</p>",
       "H [0,29) A B & C 一二 <x> \"q\" ©2023\n"},
      {"legacy entities", "<p>&notit; x&ampy &NotEqualTilde;| a&b &#x;</p>",
       "P [0,25) ¬it; x&y ≂̸| a&b &#x;\n"},
      {"whitespace", "<p>  a \n\t b,  </p><p>中文\n  文本，<b>bold </b> text</p><p>\r\n</p>",
       "P [0,4) a b,\n"
       "P [5,29) 中文文本，bold text\n"},
      {"full width", "<p>共１２３件，占５８％。</p>", "P [0,21) 共123件，占58%。\n"},
      {"skipped",
       "<head><title>Page title</title><style>p{}</style></head><body>"
       "<p>a<script>var x = '<p>';</script>b;</p><style>p { color: red }</style>"
       "<noscript>enable scripts</noscript><div style=\"DISPLAY : none\">hidden</div>"
       "<span hidden>also hidden</span><!-- a comment --><template>t</template><p>d.</p>",
       "P [0,3) ab;\n"
       "P [4,6) d.\n"},
      {"pre", "<pre>\nline  1;\n  line 2;\r\n\r\nline 3;</pre>",
       "P [0,8) line  1;\n"
       "P [9,16) line 2;\n"
       "P [17,24) line 3;\n"},
      {"rowspan",
       "<table><tr><td rowspan=2>A</td><td>B</td></tr><tr><td>C</td></tr>"
       "<tr><td>D</td><td>E</td></tr></table>",
       "T [0,9)\n"
       "  A|B\n"
       "  ^|C\n"
       "  D|E\n"},
      {"colspan",
       "<table><tr><td colspan=\"3\">head</td></tr><tr><td>1</td><td colspan=2>2</td></tr>"
       "<tr><td>a</td><td>b</td></tr></table>",
       "T [0,12)\n"
       "  head|<|<\n"
       "  1|2|<\n"
       "  a|b|#\n"},
      {"rowspan and colspan",
       "<table><tr><td colspan=2 rowspan=2>X</td><td>1</td></tr><tr><td>2</td></tr>"
       "<tr><td>a</td><td>b</td><td>c</td></tr></table>",
       "T [0,11)\n"
       "  X|<|1\n"
       "  ^|^|2\n"
       "  a|b|c\n"},
      {"row groups",
       "<table><thead><tr><th rowspan=0>H</th><th>h</th></tr><tr><th>h2</th></tr></thead>"
       "<tbody><tr><td rowspan=5>a</td><td>b</td></tr></tbody></table>",
       "T [0,10)\n"
       "  H|h\n"
       "  ^|h2\n"
       "  a|b\n"},
      {"blank cells",
       "<table><tr><td>label</td><td>&nbsp;</td><td><p></p></td>"
       "<td> <p>&nbsp;</p> </td><td>7</td></tr></table>",
       "T [0,10)\n"
       "  label||||7\n"},
      {"label with br",
       "<table><tr><td>本年新<br/>制作数量</td><td>Total<br>count</td><td>26<br>件</td>"
       "<td><p>商业</p>\n<p>企业</p></td><td>社会\n &nbsp; &nbsp;</td></tr></table>",
       "T [0,60)\n"
       "  本年新制作数量|Total count|26 件|商业企业|社会\n"},
      {"text around a table",
       "<p>before:</p><table><caption>表一</caption><tr><td>1</td><td>2</td></tr></table>after.",
       "P [0,7) before:\n"
       "H [8,14) 表一\n"
       "T [15,18)\n"
       "  1|2\n"
       "P [19,25) after.\n"},
      {"layout table",
       "<table width=\"100%\"><tr><td>首页</td></tr><tr><td><p>一、总体情况</p>"
       "<p>本年度我局认真贯彻落实政府信息公开条例，全年共主动公开政府信息249条，"
       "其中发布行政公文9条，机构设置7条，重点工作39条，财政预决算6条。</p>"
       "<table><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>8</td></tr></table>"
       "</td></tr></table>",
       "H [0,6) 首页\n"
       "H [7,25) 一、总体情况\n"
       "P [26,220) 本年度我局认真贯彻落实政府信息公开条例，全年共主动公开政府信息249条，"
       "其中发布行政公文9条，机构设置7条，重点工作39条，财政预决算6条。\n"
       "T [221,247)\n"
       "  规章|0\n"
       "  规范性文件|8\n"},
      {"single cell box", "<table><tr><td><p>一段话。</p><p>另一段。</p></td></tr></table>",
       "P [0,12) 一段话。\n"
       "P [13,25) 另一段。\n"},
  };
}

TEST(ReadHtmlTest, SmallPages) {
  for (const PageCase& test : PageCases()) {
    SCOPED_TRACE(test.name);
    EXPECT_EQ(DumpPage(test.html), test.dump);
  }
}

// Hidden rows and cells are not part of the grid (and their text is not in the table's).
TEST(ReadHtmlTest, HiddenRowsAndCells) {
  EXPECT_EQ(DumpPage("<table><tr><td>a</td><td style=\"display:none\">x</td><td>b</td></tr>"
                     "<tr hidden><td>y</td><td>z</td></tr><tr><td>c</td><td>d</td></tr></table>"),
            "T [0,7)\n"
            "  a|b\n"
            "  c|d\n");
}

TEST(ReadHtmlTest, SpansCutTheirEvidence) {
  for (const PageCase& test : PageCases()) {
    SCOPED_TRACE(test.name);
    Result<Document> document = ReadPage(test.html);
    ASSERT_TRUE(document.ok()) << document.status().message();
    ExpectSpansCutEvidence(*document, test.html, "UTF-8");
  }
}

// Each decoded reference resolves to exactly the reference in the source, however the parser
// decoded it (legacy names without ';', two-code-point names, out-of-range numbers).
TEST(ReadHtmlTest, ReferencesMapToTheirSource) {
  struct Case {
    std::string html;
    std::string decoded;  // a unique substring of the normalized text
    std::string source;   // what ToOriginal cuts for it
  } cases[] = {
      {"<p>a&amp;b</p>", "&", "&amp;"},
      {"<p>a&ampb</p>", "&", "&amp"},
      {"<p>x&lt;y</p>", "<", "&lt;"},
      {"<p>一&#x4E8C;三</p>", "二", "&#x4E8C;"},
      {"<p>一&#20108三</p>", "二", "&#20108"},
      {"<p>&notit; x</p>", "¬", "&not"},
      {"<p>x&NotEqualTilde;y</p>", "\u2242\u0338", "&NotEqualTilde;"},
      {"<p>1&#x80;2</p>", "€", "&#x80;"},
      {"<p>1&#99999999999;2</p>", "\uFFFD", "&#99999999999;"},
      {"<p>1&#0;2</p>", "\uFFFD", "&#0;"},
      {"<p>&#x;&bogus; &amp</p>", "&#x;&bogus;", "&#x;&bogus;"},
      {"<p>共&nbsp;计</p>", " ", "&nbsp;"},
      {"<p>a\r\n  b</p>", " ", "\r\n  "},
      {"<p>a<b> </b> b</p>", " ", " </b> "},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.html);
    Result<Document> document = ReadPage(test.html);
    ASSERT_TRUE(document.ok()) << document.status().message();
    size_t at = document->text.normalized.find(test.decoded);
    ASSERT_NE(at, std::string::npos) << document->text.normalized;
    EXPECT_EQ(document->text.normalized.find(test.decoded, at + 1), std::string::npos);
    Span cut = document->text.ToOriginal({at, at + test.decoded.size()});
    EXPECT_EQ(test.html.substr(cut.start, cut.size()), test.source);
  }
}

TEST(ReadHtmlTest, EvidenceKeepsWidthsAndEntitiesAsDecoded) {
  Result<Document> document = ReadPage("<p>共１２３件&nbsp;&amp;&#x4e00;</p>");
  ASSERT_TRUE(document.ok());
  ASSERT_EQ(document->blocks.size(), 1u);
  EXPECT_EQ(document->BlockText(document->blocks[0]), "共123件 &一");
  EXPECT_EQ(document->text.Evidence(document->blocks[0].span), "共１２３件\u00A0&一");
  EXPECT_EQ(document->text.content, "共１２３件\u00A0&一");
  EXPECT_EQ(document->text.encoding, "UTF-8");
}

TEST(ReadHtmlTest, Gb18030PageSpansCutTheEncodedBytes) {
  const std::string utf8 =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
      "<title>标题</title></head><body><h1>沭阳县2023年报告</h1>"
      "<p>全年共收到申请&nbsp;26件，\n  办结率１００％。</p>"
      "<table><tr><td rowspan=2>三、本年度<br>办理结果</td><td>（一）予以公开</td>"
      "<td>26</td><td>&nbsp;</td></tr>"
      "<tr><td>（二）部分公开</td><td>0</td><td></td></tr></table><p>完。</p></body></html>";
  const std::string bytes = ogi::testing::Convert(utf8, "GB18030", "UTF-8");
  ASSERT_NE(bytes, utf8);
  EXPECT_EQ(DeclaredHtmlCharset(bytes), "gb2312");
  Result<Document> document = ReadPage(bytes, "gbk.html");
  ASSERT_TRUE(document.ok()) << document.status().message();
  EXPECT_EQ(document->text.encoding, "GB18030");
  EXPECT_EQ(Dump(*document),
            "H [0,22) 沭阳县2023年报告\n"
            "P [23,69) 全年共收到申请 26件，办结率100%。\n"
            "T [70,140)\n"
            "  三、本年度办理结果|(一)予以公开|26|\n"
            "  ^|(二)部分公开|0|\n"
            "P [141,147) 完。\n");
  ExpectSpansCutEvidence(*document, bytes, "GB18030");
  // One cell in detail: its original bytes are the GB18030 encoding of its label.
  const Table& table = document->tables.at(0);
  Span cut = document->text.ToOriginal(table.cells[0].span);
  EXPECT_EQ(ogi::testing::Convert(bytes.substr(cut.start, cut.size()), "UTF-8", "GB18030"),
            "三、本年度<br>办理结果");
}

// ---------------------------------------------------------------------------------------------
// Real pages.

const Table* FindTable(const Document& document, std::string_view label) {
  for (const Table& table : document.tables) {
    for (const Cell& cell : table.cells) {
      if (document.SpanText(cell.span) == label) return &table;
    }
  }
  return nullptr;
}

// The grid column whose header (in the first `header_rows` rows) reads `label`.
int ColumnOf(const Document& document, const Table& table, std::string_view label,
             size_t header_rows) {
  for (size_t r = 0; r < header_rows && r < table.grid.size(); ++r) {
    for (size_t c = 0; c < table.grid[r].size(); ++c) {
      int index = table.grid[r][c];
      if (index >= 0 && document.SpanText(table.cells[static_cast<size_t>(index)].span) == label) {
        return static_cast<int>(c);
      }
    }
  }
  return -1;
}

int RowOf(const Document& document, const Table& table, std::string_view label) {
  for (size_t r = 0; r < table.grid.size(); ++r) {
    for (int index : table.grid[r]) {
      if (index >= 0 && table.cells[static_cast<size_t>(index)].row == static_cast<int>(r) &&
          document.SpanText(table.cells[static_cast<size_t>(index)].span) == label) {
        return static_cast<int>(r);
      }
    }
  }
  return -1;
}

std::string CellAt(const Document& document, const Table& table, int row, int column) {
  if (row < 0 || column < 0) return "<missing>";
  int index = table.grid.at(static_cast<size_t>(row)).at(static_cast<size_t>(column));
  return index < 0 ? "<hole>"
                   : std::string(document.SpanText(table.cells[static_cast<size_t>(index)].span));
}

struct RealPageCase {
  const char* file;
  size_t tables;
  // 表三 values: 一、本年新收 under 自然人, 商业企业, 总计; （四）1.本机关不掌握 under 自然人.
  const char* new_natural;
  const char* new_business;
  const char* new_total;
  const char* not_held_natural;
};

TEST(ReadHtmlTest, RealPages) {
  const RealPageCase cases[] = {
      {"shuyang-fgj-2023.html", 4, "26", "", "26", "0"},
      {"pingtan-2024.html", 3, "217", "1", "218", "75"},
  };
  for (const RealPageCase& test : cases) {
    SCOPED_TRACE(test.file);
    std::string bytes = ReadTestFile(test.file);
    Result<Document> document = ReadPage(bytes, test.file);
    ASSERT_TRUE(document.ok()) << document.status().message();
    EXPECT_EQ(document->tables.size(), test.tables);

    const Table* table3 = FindTable(*document, "申请人情况");
    ASSERT_NE(table3, nullptr);
    ASSERT_EQ(table3->grid.size(), 28u);
    for (const auto& row : table3->grid) EXPECT_EQ(row.size(), 10u);
    int natural = ColumnOf(*document, *table3, "自然人", 3);
    int business = ColumnOf(*document, *table3, "商业企业", 3);
    int total = ColumnOf(*document, *table3, "总计", 3);
    EXPECT_EQ(natural, 3);
    EXPECT_EQ(business, 4);
    EXPECT_EQ(ColumnOf(*document, *table3, "社会公益组织", 3), 6);
    EXPECT_EQ(total, 9);
    int new_row = RowOf(*document, *table3, "一、本年新收政府信息公开申请数量");
    EXPECT_EQ(new_row, 3);
    EXPECT_EQ(CellAt(*document, *table3, new_row, natural), test.new_natural);
    EXPECT_EQ(CellAt(*document, *table3, new_row, business), test.new_business);
    EXPECT_EQ(CellAt(*document, *table3, new_row, total), test.new_total);
    int not_held = RowOf(*document, *table3, "1.本机关不掌握相关政府信息");
    EXPECT_EQ(not_held, 15);
    EXPECT_EQ(CellAt(*document, *table3, not_held, 0), "三、本年度办理结果");
    EXPECT_EQ(CellAt(*document, *table3, not_held, 1), "(四)无法提供");
    EXPECT_EQ(CellAt(*document, *table3, not_held, natural), test.not_held_natural);
    // The label keeps its full-width brackets in the evidence.
    int index = table3->grid[static_cast<size_t>(not_held)][1];
    EXPECT_EQ(document->text.Evidence(table3->cells[static_cast<size_t>(index)].span),
              "（四）无法提供");

    const Table* table2 = FindTable(*document, "本年制发件数");
    ASSERT_NE(table2, nullptr);
    EXPECT_EQ(table2->grid.size(), 14u);
    const Table* table4 = FindTable(*document, "行政复议");
    ASSERT_NE(table4, nullptr);
    EXPECT_EQ(table4->grid.size(), 4u);
    EXPECT_EQ(table4->grid[0].size(), 15u);

    ExpectSpansCutEvidence(*document, bytes, "UTF-8");
  }
}

TEST(ReadHtmlTest, ShuyangNavigationIsNotInATable) {
  std::string bytes = ReadTestFile("shuyang-fgj-2023.html");
  Result<Document> document = ReadPage(bytes);
  ASSERT_TRUE(document.ok()) << document.status().message();
  for (const Table& table : document->tables) {
    for (const Cell& cell : table.cells) {
      std::string_view text = document->SpanText(cell.span);
      for (std::string_view nav : {"首页", "走进沭阳", "办事服务", "政民互动", "数据开放"}) {
        EXPECT_EQ(text.find(nav), std::string_view::npos) << text;
      }
    }
  }
  // The navigation is there, as short lines of its own before the report.
  std::vector<std::string_view> lines;
  for (const Block& block : document->blocks) lines.push_back(document->BlockText(block));
  EXPECT_NE(std::find(lines.begin(), lines.end(), "走进沭阳"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "一、总体情况"), lines.end());
  // No script or style text leaks into the content.
  EXPECT_EQ(document->text.content.find("function"), std::string::npos);
  EXPECT_EQ(document->text.content.find("font-family"), std::string::npos);
  EXPECT_EQ(document->text.content.find("websiteId"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------

TEST(DeclaredHtmlCharsetTest, MetaVariants) {
  struct Case {
    std::string html;
    std::string charset;
  } cases[] = {
      {"<meta charset=\"gb2312\">", "gb2312"},
      {"<meta charset='GBK' />", "gbk"},
      {"<META CHARSET=utf-8>", "utf-8"},
      {"<meta  charset = \" GB18030 \" >", "gb18030"},
      {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", "gb2312"},
      {"<META HTTP-EQUIV=content-type CONTENT='text/html;charset=\"big5\"'>", "big5"},
      {"<meta content=\"text/html; charset=GBK\" http-equiv=\"Content-Type\"/>", "gbk"},
      {"<html><head><title>t</title>\n<meta name=\"viewport\" content=\"width=device-width\">\n"
       "<meta charset=\"utf-8\"></head>",
       "utf-8"},
      // A content charset without http-equiv declares nothing, nor does a commented-out tag.
      {"<meta name=\"x\" content=\"text/html; charset=gb2312\">", ""},
      {"<!-- <meta charset=\"gb2312\"> --><p>x</p>", ""},
      {"<meta name=\"keywords\" content=\"charset\">", ""},
      {"<metadata charset=\"gb2312\">", ""},
      {"<p>no meta</p>", ""},
      {"", ""},
      {"<meta charset=", ""},
      {std::string(5000, ' ') + "<meta charset=\"gb2312\">", ""},  // past the first 4 KB
  };
  for (const Case& test : cases) {
    EXPECT_EQ(DeclaredHtmlCharset(test.html), test.charset) << test.html;
  }
}

// ---------------------------------------------------------------------------------------------

TEST(ReadHtmlTest, EmptyPagesAreErrorsNamingThePath) {
  for (std::string html :
       {std::string(""), std::string("   \n"),
        std::string("<html><head><title>只有标题</title></head><body> &nbsp; </body></html>"),
        std::string("<script>document.write('x')</script><!-- nothing -->"),
        std::string("<table><tr><td>&nbsp;</td><td></td></tr></table>")}) {
    Result<DecodedText> decoded = Decode(html, "empty.html");
    ASSERT_TRUE(decoded.ok()) << html;
    Result<Document> document = ReadHtml(std::move(*decoded), TestNormalizer(), "dir/empty.html");
    ASSERT_FALSE(document.ok()) << html;
    EXPECT_EQ(document.status().code(), StatusCode::kEmpty);
    EXPECT_NE(document.status().message().find("dir/empty.html"), std::string::npos);
  }
}

TEST(ReadHtmlTest, MalformedPages) {
  struct Case {
    const char* name;
    std::string html;
    std::string dump;
  } cases[] = {
      {"unclosed tags", "<div><p>one;<p>two<span>three;<div>four;",
       "P [0,4) one;\nP [5,14) twothree;\nP [15,20) four;\n"},
      {"stray end tags", "<p>x</td>y</i>z.</p></table></div>", "P [0,4) xyz.\n"},
      {"stray cell end", "<table><tr><td>1</td></td><td>2</tr><tr><td>3<td>4</table>",
       "T [0,7)\n  1|2\n  3|4\n"},
      {"text in a table", "<table>stray.<tr><td>1</td><td>2</td></tr></table>",
       "P [0,6) stray.\nT [7,10)\n  1|2\n"},
      {"hostile spans",
       "<table><tr><td colspan=99999999 rowspan=-3>x</td><td rowspan=0>y</td></tr>"
       "<tr><td colspan=abc>z</td></tr></table>",
       ""},  // checked below: no crash, bounded grid
      // The unclosed attribute value swallows the rest of the page, as in a browser.
      {"broken markup", "<<p>>a & b <a href=\"x>c</a> &#x; &#99999999999; <",
       "P [0,1) <\nH [2,8) >a & b\n"},
      {"unterminated comment", "<p>a.</p><!-- never closed <p>b</p>", "P [0,2) a.\n"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.name);
    Result<Document> document = ReadPage(test.html);
    ASSERT_TRUE(document.ok()) << document.status().message();
    if (!test.dump.empty()) {
      EXPECT_EQ(Dump(*document), test.dump);
    }
    ExpectSpansCutEvidence(*document, test.html, "UTF-8");
  }
  // Spans as the table model reads them: colspan clamped to 1000, a negative rowspan is 1, and
  // rowspan=0 reaches to the end of the row group.
  Result<Document> hostile = ReadPage(cases[4].html);  // hostile spans
  ASSERT_TRUE(hostile.ok());
  ASSERT_EQ(hostile->tables.size(), 1u);
  const Table& table = hostile->tables[0];
  ASSERT_EQ(table.grid.size(), 2u);
  ASSERT_EQ(table.grid[0].size(), 1001u);
  EXPECT_EQ(table.grid[0][999], 0);
  EXPECT_EQ(table.grid[0][1000], 1);
  EXPECT_EQ(table.grid[1][0], 2);
  EXPECT_EQ(table.grid[1][1], -1);
  EXPECT_EQ(table.grid[1][1000], 1);
  EXPECT_EQ(table.cells[0].row_span, 1);
  EXPECT_EQ(table.cells[0].column_span, 1000);
  EXPECT_EQ(table.cells[1].row_span, 2);
}

// Pages pasted together from random pieces of markup: the reader must return a document or
// kEmpty, and everything it returns must be consistent.
TEST(ReadHtmlTest, RandomMarkupKeepsInvariants) {
  const std::vector<std::string> pieces = {"<p>",
                                           "</p>",
                                           "<div>",
                                           "</div>",
                                           "<br>",
                                           "<table>",
                                           "</table>",
                                           "<tr>",
                                           "</tr>",
                                           "<td>",
                                           "</td>",
                                           "<td rowspan=3>",
                                           "<th colspan=2>",
                                           "<td rowspan=0 colspan=0>",
                                           "<pre>",
                                           "</pre>",
                                           "<h1>",
                                           "</h1>",
                                           "<b>",
                                           "</i>",
                                           "<script>",
                                           "</script>",
                                           "<style>",
                                           "<!--",
                                           "-->",
                                           "<",
                                           ">",
                                           "&",
                                           "&amp;",
                                           "&nbsp;",
                                           "&#x4e00;",
                                           "&#0;",
                                           "&not",
                                           "&lt",
                                           " ",
                                           "\n",
                                           "\r\n",
                                           "\t",
                                           "一",
                                           "、",
                                           "总体情况",
                                           "26",
                                           "。",
                                           "\u3000",
                                           "\u00A0",
                                           "<span style='display:none'>",
                                           "</span>",
                                           "<caption>",
                                           "<tbody>",
                                           "<li>",
                                           "<title>",
                                           "</title>",
                                           "\"",
                                           "'",
                                           "x"};
  uint32_t state = 12345;
  auto next = [&state]() {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7FFF;
  };
  for (int page = 0; page < 400; ++page) {
    std::string html;
    int length = 1 + static_cast<int>(next() % 80);
    for (int k = 0; k < length; ++k) html += pieces[next() % pieces.size()];
    SCOPED_TRACE(html);
    Result<Document> document = ReadPage(html);
    if (!document.ok()) {
      EXPECT_EQ(document.status().code(), StatusCode::kEmpty);
      continue;
    }
    const Text& text = document->text;
    size_t previous_end = 0;
    auto check_span = [&](Span span) {
      EXPECT_LE(span.start, span.end);
      EXPECT_LE(span.end, text.normalized.size());
      Span cut = text.ToOriginal(span);
      EXPECT_LE(cut.start, cut.end);
      EXPECT_LE(cut.end, html.size());
    };
    for (const Block& block : document->blocks) {
      check_span(block.span);
      EXPECT_GE(block.span.start, previous_end);
      previous_end = block.span.end;
      EXPECT_FALSE(document->BlockText(block).empty());
      if (block.kind == BlockKind::kTable) {
        ASSERT_GE(block.table, 0);
        ASSERT_LT(static_cast<size_t>(block.table), document->tables.size());
      }
    }
    for (const Table& table : document->tables) {
      check_span(table.span);
      for (const auto& row : table.grid) EXPECT_EQ(row.size(), table.grid[0].size());
      for (size_t c = 0; c < table.cells.size(); ++c) {
        const Cell& cell = table.cells[c];
        check_span(cell.span);
        EXPECT_GE(cell.span.start, table.span.start);
        EXPECT_LE(cell.span.end, table.span.end);
        EXPECT_EQ(table.grid.at(static_cast<size_t>(cell.row)).at(static_cast<size_t>(cell.column)),
                  static_cast<int>(c));
      }
    }
  }
}

TEST(ReadHtmlTest, DeeplyNestedPage) {
  std::string html;
  while (html.size() < (1 << 20)) html += "<div>";
  html += "<p>深处的文字。</p>";
  auto start = std::chrono::steady_clock::now();
  Result<Document> document = ReadPage(html);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(document.ok()) << document.status().message();
  EXPECT_EQ(Dump(*document), "P [0,18) 深处的文字。\n");
  ExpectSpansCutEvidence(*document, html, "UTF-8");
  EXPECT_LT(seconds, 10.0);  // gumbo alone would take minutes at this depth

  // Balanced nesting with text at every level: each of the first 256 <div>s (512 elements with
  // their <span>s) starts a line; deeper ones are flattened into the last line, text intact.
  html.clear();
  for (int i = 0; i < 20000; ++i) html += "<div><span>" + std::to_string(i % 10);
  for (int i = 0; i < 20000; ++i) html += "</span></div>";
  document = ReadPage(html);
  ASSERT_TRUE(document.ok()) << document.status().message();
  EXPECT_EQ(document->blocks.size(), 256u);
  EXPECT_EQ(std::count_if(document->text.normalized.begin(), document->text.normalized.end(),
                          [](char c) { return c >= '0' && c <= '9'; }),
            20000);
  ExpectSpansCutEvidence(*document, html, "UTF-8");
}

}  // namespace
}  // namespace ogi
