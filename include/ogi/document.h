// Document: a report as ordered blocks (headings, paragraphs, tables) over its normalized text.
//
// Consumes a Source and its DecodedText; produces a Text (content + normalized layers) and the
// blocks found in it. One reader per format (plain text here, HTML in html_reader.cc; PDF and
// Word later); everything downstream is format-blind and sees only Blocks, Tables and Text.
// All spans are byte ranges into Text::normalized.
#ifndef OGI_DOCUMENT_H_
#define OGI_DOCUMENT_H_

#include <string>
#include <string_view>
#include <vector>

#include "ogi/source.h"
#include "ogi/status.h"
#include "ogi/text.h"

namespace ogi {

enum class BlockKind { kHeading, kParagraph, kTable };

// One cell of a table grid. A cell spanning several grid positions appears once in `cells` and
// its index is repeated in every grid position it covers.
struct Cell {
  Span span;       // its text in Text::normalized (may be empty: a blank cell)
  int row = 0;     // top-left grid position
  int column = 0;
  int row_span = 1;
  int column_span = 1;
};

struct Table {
  Span span;                           // the whole table in Text::normalized
  std::vector<Cell> cells;
  std::vector<std::vector<int>> grid;  // grid[row][column] = index into cells, -1 if none
};

struct Block {
  BlockKind kind = BlockKind::kParagraph;
  Span span;        // in Text::normalized
  int table = -1;   // index into Document::tables for kTable
};

struct Document {
  Text text;
  std::vector<Block> blocks;
  std::vector<Table> tables;

  std::string_view BlockText(const Block& block) const {
    return std::string_view(text.normalized).substr(block.span.start, block.span.size());
  }
  std::string_view SpanText(Span span) const {
    return std::string_view(text.normalized).substr(span.start, span.size());
  }
};

// Builds the document of a plain-text report: every line break ends a block; a short line
// without sentence punctuation is a heading. Tables flattened into text are found later by the
// table reader, which works on lines of the same text.
Document ReadPlainText(DecodedText decoded, const Normalizer& normalizer);

// Builds the document of an HTML page (gumbo): text of the body without scripts, styles and
// markup, block elements as blocks, <table>s as grids with rowspan/colspan expanded.
Result<Document> ReadHtml(DecodedText decoded, const Normalizer& normalizer, std::string_view path);

// The charset an HTML page declares in a <meta> tag within its first bytes, or "".
std::string DeclaredHtmlCharset(std::string_view bytes);

// PDF and Word files are compressed containers: their readers extract UTF-8 text, and that
// extracted text plays the part of the original bytes (Text::ToOriginal yields offsets into
// it; see span_basis in docs/output.md).

// Builds the document of a PDF with poppler (pdf_reader.cc): every page's text in physical
// layout, exactly as `pdftotext -layout` prints it, each page ended by a form feed; running
// headers and footers dropped; then read by ReadPlainText, so tables arrive as the same
// aligned columns as from a .layout.txt. Fills Text::page_starts. Errors name `path`: a
// damaged file, a password, no text layer (a scanned image: run OCR first).
Result<Document> ReadPdf(std::string_view bytes, const Normalizer& normalizer, std::string_view path);

// Builds the document of a Word .docx with libzip and pugixml (docx_reader.cc): paragraphs as
// blocks, w:tbl tables as grids with w:gridSpan and w:vMerge expanded, laid out in content like
// ReadHtml lays out <table>s (cells separated by tabs, rows by line breaks). Errors name
// `path`: a corrupt zip, a zip that holds no Word document, encrypted members, broken XML.
Result<Document> ReadDocx(std::string_view bytes, const Normalizer& normalizer, std::string_view path);

// Why a legacy binary Office file (OLE2: Word 97-2003 .doc, WPS, or a password-protected
// .docx, which Office wraps in OLE2) cannot be read, and what to do instead; names `path`.
std::string LegacyOfficeMessage(std::string_view bytes, std::string_view path);

// Short lines that are not sentences: "一、总体情况", "（二）主动公开情况". At most 30
// characters, with words (a line of digits is a value), without sentence punctuation, and
// not ending in '.' ("1.属于国家秘密" is a label). Every reader marks headings with it.
bool LooksLikeHeading(std::string_view line);

// Sentences of a block: split after 。！？； (and ! ? ;) and at line breaks, trimmed of
// surrounding spaces; each span lies within `block`.
std::vector<Span> SplitSentences(std::string_view normalized, Span block);

// Clauses of a sentence: split after ，, 、 : ：as well as sentence ends. Used to bound the
// context searched for a figure's subject.
std::vector<Span> SplitClauses(std::string_view normalized, Span sentence);

}  // namespace ogi

#endif  // OGI_DOCUMENT_H_
