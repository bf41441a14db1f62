// The PDF reader: poppler's text of every page, laid out as printed, read as plain text.
//
// The table reader was built against `pdftotext -layout`, which flattens tables into aligned
// columns that keep each value under its column label. poppler's C++ binding runs the same
// layout (TextOutputDev in physical-layout mode), so each page's text here is byte for byte
// what pdftotext prints, form feed included, and the rest of the pipeline sees exactly what it
// sees for a .layout.txt: tables, page numbers and paragraphs wrapped across pages work the
// same way. That text is the "extracted text" that spans index (docs/output.md); anyone can
// reproduce it with `pdftotext -layout` of the same poppler version.
//
// Between extraction and ReadPlainText one thing is removed: running headers and footers,
// lines repeated at the top or bottom of most pages (a document title, "第 1 页 共 6 页"). They
// are not content, and in the middle of a paragraph or a table they would split it. They are
// dropped through an offset map, so offsets still index the full extracted text. Plain page
// numbers ("-1-") stay: ReadPlainText drops those itself, keeping the paragraph around them.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "internal/lines.h"
#include "internal/utf8.h"
#include "ogi/document.h"

namespace ogi {

namespace {

// A line repeated at the edge of this share of the pages (and on at least kMinRepeats pages) is
// a running header or footer. Half, because headers often alternate between odd and even pages
// or skip the first page.
constexpr double kRunningShare = 0.5;
constexpr size_t kMinRepeats = 3;
// Lines looked at from each edge of a page, and the widest header or footer, in characters.
constexpr size_t kEdgeLines = 2;
constexpr size_t kMaxRunningChars = 40;
// A text layer where more than this share of the characters is U+FFFD, private use or
// control characters comes from fonts without a Unicode mapping: glyph ids, not text.
constexpr double kMaxUnmappedShare = 0.5;

// poppler reports recoverable damage on stderr by default; the reader's errors are values
// (Status) instead, and a batch must not scribble on the terminal. The callback is global, so
// it is installed once for every thread.
void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
  });
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

// A line as a header or footer compares with its twins on other pages: trimmed, inner spaces
// collapsed, digits masked (page numbers and dates change from page to page).
std::string RunningKey(std::string_view line) {
  std::string key;
  bool space = false;
  for (char c : line) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
      space = !key.empty();
      continue;
    }
    if (space) key += ' ';
    space = false;
    key += (c >= '0' && c <= '9') ? '#' : c;
  }
  return key;
}

// A line [start, end) of the extracted text, without its line break.
struct TextLine {
  size_t start;
  size_t end;
};

// Lines of each page; pages are ended by form feeds.
std::vector<std::vector<TextLine>> PageLines(std::string_view text) {
  std::vector<std::vector<TextLine>> pages(1);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = internal::FindLineBreak(text, start);
    if (end == std::string_view::npos) end = text.size();
    pages.back().push_back({start, end});
    if (end < text.size() && text[end] == '\f') pages.emplace_back();
    start = end + 1;
  }
  if (pages.back().empty()) pages.pop_back();
  return pages;
}

// A page number as ReadPlainText knows it ("-#-", "#", "第#页"): left in place, because that
// reader already drops it and keeps the paragraph around it whole.
bool IsPlainPageNumber(std::string_view key) {
  std::string compact;
  for (char c : key) {
    if (c != ' ') compact += c;
  }
  std::string_view k = compact;
  auto skip = [&k](std::string_view what) {
    if (k.substr(0, what.size()) == what) k.remove_prefix(what.size());
  };
  auto skip_back = [&k](std::string_view what) {
    if (k.size() >= what.size() && k.substr(k.size() - what.size()) == what) k.remove_suffix(what.size());
  };
  skip("第");
  skip("-");
  skip("—");
  skip_back("页");
  skip_back("-");
  skip_back("—");
  return !k.empty() && k.size() <= 3 && k.find_first_not_of('#') == std::string_view::npos;
}

// A piece of the extracted text left out of the decoded layer; `form_feed` keeps the page
// break in its place.
struct Cut {
  size_t start;
  size_t end;
  bool form_feed;
};

// What to leave out: running headers and footers, lines that stand at the top or bottom of
// most pages alike (digits aside). Lines with column gaps are left alone (a table header
// repeated on every page of a long table is data, and the table reader expects it). Where a
// page break holds nothing but such lines and blank lines, the whole seam becomes a bare form
// feed, so that a paragraph or a table running over the break reads on as it does across a
// page number.
std::vector<Cut> RunningCuts(std::string_view text) {
  std::vector<std::vector<TextLine>> pages = PageLines(text);
  if (pages.size() < kMinRepeats) return {};
  auto body = [&](const TextLine& line) { return text.substr(line.start, line.end - line.start); };
  std::map<std::string, std::set<size_t>> pages_of;  // key -> pages where it stands at an edge
  std::vector<std::map<size_t, std::string>> edges(pages.size());  // line index -> key
  for (size_t p = 0; p < pages.size(); ++p) {
    std::vector<size_t> content;
    for (size_t i = 0; i < pages[p].size(); ++i) {
      if (!IsBlank(body(pages[p][i]))) content.push_back(i);
    }
    for (size_t k = 0; k < content.size() && k < kEdgeLines; ++k) {
      for (size_t i : {content[k], content[content.size() - 1 - k]}) {
        std::string_view line = body(pages[p][i]);
        std::string key = RunningKey(line);
        // Wide lines and lines with column gaps (after the indent) are prose or table rows.
        size_t indent = line.find_first_not_of(' ');
        if (internal::CodePointCount(key) > kMaxRunningChars || line.find("   ", indent) != std::string_view::npos ||
            IsPlainPageNumber(key)) {
          continue;
        }
        pages_of[key].insert(p);
        edges[p][i] = key;
      }
    }
  }
  size_t needed = std::max<size_t>(kMinRepeats, static_cast<size_t>(pages.size() * kRunningShare + 0.999));
  std::vector<std::vector<bool>> running(pages.size());
  bool any = false;
  for (size_t p = 0; p < pages.size(); ++p) {
    running[p].assign(pages[p].size(), false);
    for (const auto& [i, key] : edges[p]) {
      running[p][i] = pages_of[key].size() >= needed;
      any = any || running[p][i];
    }
  }
  if (!any) return {};

  std::vector<Cut> cuts;
  std::vector<std::vector<bool>> covered(pages.size());
  for (size_t p = 0; p < pages.size(); ++p) covered[p].assign(pages[p].size(), false);
  auto is_body = [&](size_t p, size_t i) { return !running[p][i] && !IsBlank(body(pages[p][i])); };
  for (size_t p = 0; p + 1 < pages.size(); ++p) {
    // The seam runs from the end of the last body line of page p to the start of the first
    // body line of page p + 1.
    size_t a = pages[p].size();
    while (a > 0 && !is_body(p, a - 1)) --a;
    size_t b = 0;
    while (b < pages[p + 1].size() && !is_body(p + 1, b)) ++b;
    if (a == 0 || b == pages[p + 1].size()) continue;
    bool seam_running = false;
    for (size_t i = a; i < pages[p].size(); ++i) seam_running = seam_running || running[p][i];
    for (size_t i = 0; i < b; ++i) seam_running = seam_running || running[p + 1][i];
    if (!seam_running) continue;
    cuts.push_back({pages[p][a - 1].end, pages[p + 1][b].start, true});
    for (size_t i = a; i < pages[p].size(); ++i) covered[p][i] = true;
    for (size_t i = 0; i < b; ++i) covered[p + 1][i] = true;
  }
  for (size_t p = 0; p < pages.size(); ++p) {
    for (size_t i = 0; i < pages[p].size(); ++i) {
      if (!running[p][i] || covered[p][i]) continue;
      const TextLine& line = pages[p][i];
      size_t end = line.end < text.size() && text[line.end] == '\n' ? line.end + 1 : line.end;
      cuts.push_back({line.start, end, false});
    }
  }
  std::sort(cuts.begin(), cuts.end(), [](const Cut& x, const Cut& y) { return x.start < y.start; });
  return cuts;
}

// Whether the text layer is glyph ids rather than text (see kMaxUnmappedShare).
bool LooksUnmapped(std::string_view text) {
  size_t visible = 0, unmapped = 0;
  for (size_t i = 0; i < text.size();) {
    size_t length = 0;
    uint32_t cp = internal::DecodeUtf8At(text, i, &length);
    i += length;
    if (cp == ' ' || cp == '\n' || cp == '\f' || cp == '\t' || cp == '\r' || cp == 0x3000) continue;
    ++visible;
    if (cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || cp < 0x20) ++unmapped;
  }
  return visible > 0 && unmapped > visible * kMaxUnmappedShare;
}

}  // namespace

Result<Document> ReadPdf(std::string_view bytes, const Normalizer& normalizer, std::string_view path) {
  std::string where(path);
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return Status(StatusCode::kTooLarge, where + ": PDF larger than 2 GB");
  }
  SilencePoppler();
  // load_from_raw_data reads `bytes` in place (no copy); they outlive the document.
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (pdf == nullptr) {
    return Status(StatusCode::kUnreadable, where + ": damaged PDF (poppler cannot open it)");
  }
  if (pdf->is_locked()) {
    return Status(StatusCode::kUnreadable,
                  where + ": the PDF is encrypted and needs a password to open; decrypt it first "
                          "(qpdf --decrypt --password=... in.pdf out.pdf)");
  }
  if (pdf->pages() <= 0) return Status(StatusCode::kEmpty, where + ": the PDF has no pages");
  // Each page's text ends with the form feed that pdftotext also prints after a page.
  std::string extracted;
  std::vector<size_t> page_starts;
  for (int i = 0; i < pdf->pages(); ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    page_starts.push_back(extracted.size());
    if (page != nullptr) {
      std::vector<char> utf8 = page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
      extracted.append(utf8.data(), utf8.size());
    }
    if (extracted.empty() || extracted.back() != '\f') extracted += '\f';
  }
  if (IsBlank(extracted)) {
    return Status(StatusCode::kUnsupportedFormat,
                  where + ": no text layer (a scanned image?); run OCR on it first (e.g. ocrmypdf)");
  }
  if (LooksUnmapped(extracted) || !internal::IsValidUtf8(extracted)) {
    return Status(StatusCode::kBadEncoding,
                  where + ": the PDF's text layer does not map to Unicode (fonts without a "
                          "ToUnicode table); run OCR on it first (e.g. ocrmypdf --force-ocr)");
  }

  // The decoded layer is the extracted text without running headers and footers; its map
  // points into the full extracted text, which is what original offsets index.
  TextBuilder kept;
  size_t pos = 0;
  for (const Cut& cut : RunningCuts(extracted)) {
    kept.AppendCopy(std::string_view(extracted).substr(pos, cut.start - pos), pos);
    kept.AppendReplacement(cut.form_feed ? "\f" : "", cut.start, cut.end);
    pos = cut.end;
  }
  kept.AppendCopy(std::string_view(extracted).substr(pos), pos);
  DecodedText decoded;
  decoded.encoding = "UTF-8";
  decoded.utf8 = kept.TakeText();
  decoded.to_source = kept.TakeMap();
  Document document = ReadPlainText(std::move(decoded), normalizer);
  if (document.blocks.empty()) {
    return Status(StatusCode::kEmpty, where + ": the PDF has no text but page headers and numbers");
  }
  document.text.page_starts = std::move(page_starts);
  return document;
}

}  // namespace ogi
