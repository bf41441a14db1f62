// The plain-text reader and the sentence and clause splitters shared by every format.
#include <algorithm>
#include <cstdint>

#include "internal/byte_scan.h"
#include "internal/lines.h"
#include "internal/utf8.h"
#include "ogi/document.h"

namespace ogi {

namespace {

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

Span Trim(std::string_view text, Span span) {
  while (span.start < span.end && IsSpaceByte(text[span.start])) ++span.start;
  while (span.end > span.start && IsSpaceByte(text[span.end - 1])) --span.end;
  return span;
}


// Whether the character at `pos` ends a sentence (or a clause); sets its byte length.
// Line breaks end nothing: the readers already decided which lines form one block.
bool EndsSentenceAt(std::string_view text, size_t pos, size_t* length) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) {
    *length = 1;
    return c == '!' || c == '?' || c == ';';
  }
  // Every mark below (and every clause mark of EndsClauseAt) starts with E3 or EF: other
  // characters are skipped by the length their lead byte gives, without decoding them.
  if (c != 0xE3 && c != 0xEF) {
    internal::DecodeUtf8At(text, pos, length);
    return false;
  }
  uint32_t cp = internal::DecodeUtf8At(text, pos, length);
  return cp == 0x3002 /*。*/ || cp == 0xFF01 /*！*/ || cp == 0xFF1F /*？*/ || cp == 0xFF1B /*；*/;
}

bool EndsClauseAt(std::string_view text, size_t pos, size_t* length) {
  if (EndsSentenceAt(text, pos, length)) return true;
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c == ',') {
    // An ASCII comma between digits groups thousands (12,345); it ends nothing.
    return !(pos > 0 && pos + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[pos - 1])) &&
             std::isdigit(static_cast<unsigned char>(text[pos + 1])));
  }
  if (c == ':') return true;
  if (c < 0x80 || (c != 0xE3 && c != 0xEF)) return false;  // *length was set above
  uint32_t cp = internal::DecodeUtf8At(text, pos, length);
  return cp == 0xFF0C /*，*/ || cp == 0x3001 /*、*/ || cp == 0xFF1A /*：*/;
}

// `mark_starts`: the bytes a mark of ends_at may start with. The walk goes from one such byte
// to the next, sixteen bytes a step: in valid UTF-8 (every normalized text) the bytes passed
// over are whole characters that are no mark, since a lead byte (E3, EF) or an ASCII byte is
// never part of another character. Walking every character was most of the mention builder's
// splitting.
template <unsigned char... mark_starts, typename EndsAt>
std::vector<Span> SplitAfter(std::string_view text, Span range, EndsAt ends_at) {
  std::vector<Span> out;
  size_t start = range.start;
  for (size_t i = range.start; (i = internal::NextByteOf<mark_starts...>(text, i, range.end)) < range.end;) {
    size_t length = 1;
    if (ends_at(text, i, &length)) {
      Span piece = Trim(text, {start, std::min(i + length, range.end)});
      if (!piece.empty()) out.push_back(piece);
      start = i + length;
    }
    i += length;
  }
  Span last = Trim(text, {start, range.end});
  if (!last.empty()) out.push_back(last);
  return out;
}

enum class LineKind { kBlank, kPageMarker, kColumns, kText };

struct Line {
  LineKind kind = LineKind::kText;
  Span content;        // trimmed
  size_t width = 0;    // display columns: CJK 2, others 1
  size_t characters = 0;
  bool indented = false;
  bool next_to_page_marker = false;
};

// Whether a page break (form feed) or the end of the text is next to [start, end), across
// blank lines only.
bool NextToPageBreak(std::string_view text, size_t start, size_t end) {
  size_t after = end;
  while (after < text.size() && (text[after] == ' ' || text[after] == '\n' || text[after] == '\r')) ++after;
  // The last page's number ends the text; only paginated text (with form feeds) has one.
  if (after >= text.size()) return text.find('\f') != std::string_view::npos;
  if (text[after] == '\f') return true;
  size_t before = start;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\n' || text[before - 1] == '\r')) --before;
  return before == 0 ? false : text[before - 1] == '\f';
}

// "-1-", "- 2 -", "第 3 页" anywhere, and a bare "3" at a page break: the page numbers that
// pdftotext leaves between lines. A bare number elsewhere is a value (a table printed one cell
// per line), not a page number.
// `next_to_page_break` is asked only for a bare number: it scans the blank lines around.
template <typename NextToPageBreakFn>
bool IsPageMarker(std::string_view line, NextToPageBreakFn next_to_page_break) {
  size_t i = 0;
  // Byte by byte, not by compare(): this runs for most lines, and memcmp calls on one to three
  // bytes were most of its time.
  auto starts_at_i = [&](std::string_view what) {
    if (line.size() - i < what.size()) return false;
    for (size_t k = 0; k < what.size(); ++k) {
      if (line[i + k] != what[k]) return false;
    }
    return true;
  };
  auto skip = [&](std::string_view what) {
    bool any = false;
    while (starts_at_i(what)) { i += what.size(); any = true; }
    return any;
  };
  auto skip_spaces = [&] { while (i < line.size() && IsSpaceByte(line[i])) ++i; };
  skip_spaces();
  bool decorated = skip("第");
  bool chinese = decorated;
  skip_spaces();
  decorated = (skip("-") || skip("—")) || decorated;
  skip_spaces();
  size_t digits_start = i;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  size_t digits = i - digits_start;
  if (digits == 0 || digits > 3) return false;
  skip_spaces();
  if (chinese) skip("页");
  decorated = (skip("-") || skip("—")) || decorated;
  skip_spaces();
  return i == line.size() && (decorated || next_to_page_break());
}

std::vector<Line> ClassifyLines(std::string_view text) {
  std::vector<Line> lines;
  internal::LineBreakFinder line_breaks(text);
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = line_breaks.Next(start);
    if (end == std::string_view::npos) end = text.size();
    Line line;
    line.content = Trim(text, {start, end});
    std::string_view content = text.substr(line.content.start, line.content.size());
    line.indented = line.content.start >= start + 2;
    // The text is valid UTF-8: a character takes one column when ASCII, two otherwise, i.e.
    // one per ASCII byte and two per lead byte (continuation bytes, 10xxxxxx, take none).
    // Counted branch-free into 32-bit locals so that the compiler vectorizes it (a line is far
    // shorter than 4 GB), with the characters, which spare LooksLikeHeading most lines.
    const auto* bytes = reinterpret_cast<const unsigned char*>(content.data());
    uint32_t ascii = 0, leads = 0;
    for (size_t k = 0; k < content.size(); ++k) {
      ascii += bytes[k] < 0x80;
      leads += bytes[k] >= 0xC0;
    }
    line.width = size_t{ascii} + 2 * size_t{leads};
    line.characters = size_t{ascii} + leads;
    if (line.content.empty()) {
      line.kind = LineKind::kBlank;
    } else if (IsPageMarker(content, [&] { return NextToPageBreak(text, start, end); })) {
      line.kind = LineKind::kPageMarker;
    } else if (content.find("   ") != std::string_view::npos) {
      line.kind = LineKind::kColumns;
    }
    lines.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  // Blank lines around a page marker belong to the page break, not to the paragraphs.
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].kind != LineKind::kPageMarker) continue;
    for (size_t j = i; j > 0 && lines[j - 1].kind == LineKind::kBlank; --j) lines[j - 1].next_to_page_marker = true;
    for (size_t j = i + 1; j < lines.size() && lines[j].kind == LineKind::kBlank; ++j) lines[j].next_to_page_marker = true;
  }
  return lines;
}

// The width at which the text was wrapped, or 0 when lines are whole paragraphs. Taken as the
// 90th percentile of text line widths; wrapped layouts (pdftotext) sit near 60-80 columns.
size_t WrapWidth(const std::vector<Line>& lines) {
  std::vector<size_t> widths;
  for (const Line& line : lines) {
    if (line.kind == LineKind::kText) widths.push_back(line.width);
  }
  if (widths.size() < 5) return 0;
  std::sort(widths.begin(), widths.end());
  size_t width = widths[widths.size() * 9 / 10];
  return width <= 120 ? width : 0;
}

}  // namespace

Document ReadPlainText(DecodedText decoded, const Normalizer& normalizer) {
  Document doc;
  Text& text = doc.text;
  text.encoding = std::move(decoded.encoding);
  text.decoded = std::move(decoded.utf8);
  text.decoded_to_source = std::move(decoded.to_source);
  // Plain text keeps every character but the page numbers that pdftotext leaves between the
  // lines of a paragraph ("-1-"): they are not content, and would end up inside subjects.
  TextBuilder content;
  std::string_view decoded_text = text.decoded;
  std::string line_normalized;
  OffsetMap unused;
  // Lines are copied in runs, up to the next page number: one append per page, not per line.
  size_t copied_upto = 0;
  internal::LineBreakFinder line_breaks(decoded_text);
  for (size_t start = 0; start < decoded_text.size();) {
    size_t end = line_breaks.Next(start);
    end = end == std::string_view::npos ? decoded_text.size() : end + 1;
    std::string_view line = decoded_text.substr(start, end - start);
    bool marker = false;
    if (line.size() <= 48) {
      // Most lines are already normal: normalizing them only to look for a page number built
      // an offset map each (a quarter of reading a layout report).
      std::string_view body = line;
      if (!normalizer.LeavesUnchanged(line)) {
        normalizer.Normalize(line, &line_normalized, &unused);
        body = line_normalized;
      }
      while (!body.empty() && (body.back() == '\n' || body.back() == '\f' || body.back() == '\r')) body.remove_suffix(1);
      marker = IsPageMarker(body, [&] { return NextToPageBreak(decoded_text, start, end); });
    }
    if (marker) {
      size_t body_end = end;
      while (body_end > start && (decoded_text[body_end - 1] == '\n' || decoded_text[body_end - 1] == '\f' ||
                                  decoded_text[body_end - 1] == '\r')) {
        --body_end;
      }
      content.AppendCopy(decoded_text.substr(copied_upto, start - copied_upto), copied_upto);
      content.AppendReplacement("", start, body_end);
      copied_upto = body_end;  // the line break after the number stays
    }
    start = end;
  }
  content.AppendCopy(decoded_text.substr(copied_upto), copied_upto);
  text.content = content.TakeText();
  text.content_to_decoded = content.TakeMap();
  normalizer.Normalize(text.content, &text.normalized, &text.normalized_to_content);

  std::string_view normalized = text.normalized;
  std::vector<Line> lines = ClassifyLines(normalized);
  size_t wrap_width = WrapWidth(lines);
  Block current;
  bool open = false;
  bool previous_wrapped = false;
  auto close = [&] {
    if (open) doc.blocks.push_back(current);
    open = false;
  };
  for (const Line& line : lines) {
    if (line.kind == LineKind::kPageMarker) continue;  // a page break does not end a paragraph
    if (line.kind == LineKind::kBlank) {
      if (!line.next_to_page_marker) close();
      continue;
    }
    std::string_view content = normalized.substr(line.content.start, line.content.size());
    // A heading has at most 30 characters: a longer line is not one, without reading it.
    bool heading = line.characters <= 30 && LooksLikeHeading(content);
    bool columns = line.kind == LineKind::kColumns;
    // Layout text wraps paragraphs at a fixed width; a line that reaches that width continues
    // into the next line unless the next one is indented (a new paragraph) or tabular.
    if (open && previous_wrapped && !line.indented && !columns && current.kind != BlockKind::kHeading) {
      current.span.end = line.content.end;
    } else {
      close();
      current = Block();
      current.span = line.content;
      current.kind = heading ? BlockKind::kHeading : BlockKind::kParagraph;
      open = true;
    }
    previous_wrapped = !columns && wrap_width > 0 && line.width * 4 >= wrap_width * 3;
    if (previous_wrapped && current.kind == BlockKind::kHeading) current.kind = BlockKind::kParagraph;
    if (columns) close();
  }
  close();
  return doc;
}

bool LooksLikeHeading(std::string_view line) {
  // Byte by byte (the text is valid UTF-8): this runs for every line of a report, and decoding
  // each character was most of its time.
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  const size_t n = line.size();
  size_t chars = 0;
  bool has_word = false;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = p[i];
    if ((c & 0xC0) == 0x80) continue;  // inside a character that the step below did not skip
    if (++chars > 30) return false;  // most lines of a report: no need to read on
    // Punctuation of a sentence: 。，；：！？ and their ASCII forms.
    if (c < 0x80) {
      if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?') return false;
      has_word = has_word || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
      continue;
    }
    if (i + 2 < n) {
      if (c == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x82) return false;  // 。 U+3002
      if (c == 0xEF && p[i + 1] == 0xBC &&
          (p[i + 2] == 0x8C || p[i + 2] == 0x9B || p[i + 2] == 0x9A || p[i + 2] == 0x81 || p[i + 2] == 0x9F)) {
        return false;  // ，；：！？ U+FF0C U+FF1B U+FF1A U+FF01 U+FF1F
      }
    }
    // CJK ideographs U+4E00 to U+9FFF: E4 B8 80 to E9 BF BF.
    has_word = has_word || (c >= 0xE5 && c <= 0xE9) || (c == 0xE4 && i + 1 < n && p[i + 1] >= 0xB8);
    // Past the continuation bytes of a three-byte character (most of a Chinese line) at once;
    // the test above them skips any other continuation byte.
    if (i + 2 < n && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) i += 2;
  }
  if (!has_word) return false;
  return line.back() != '.';  // "1.属于国家秘密" is a label, "Done." a sentence
}

std::vector<Span> SplitSentences(std::string_view normalized, Span block) {
  // Lambdas, not function pointers: the test inlines into SplitAfter's per-character loop.
  return SplitAfter<'!', '?', ';', 0xE3, 0xEF>(normalized, block, [](std::string_view text, size_t pos,
                                                                       size_t* length) {
    return EndsSentenceAt(text, pos, length);
  });
}

std::vector<Span> SplitClauses(std::string_view normalized, Span sentence) {
  return SplitAfter<'!', '?', ';', ',', ':', 0xE3, 0xEF>(normalized, sentence, [](std::string_view text, size_t pos,
                                                                                 size_t* length) {
    return EndsClauseAt(text, pos, length);
  });
}

}  // namespace ogi
