// The HTML reader: a gumbo parse tree to the content layer, blocks and table grids.
//
// Content is what a reader of the rendered page sees: body text without scripts, styles, hidden
// elements and markup, entities decoded, HTML whitespace collapsed, one line per block. Every
// content byte is mapped back to the decoded byte it came from by walking each text node's
// `original_text` (a slice of the input) alongside its decoded `text`: plain characters are
// copies, an entity or a collapsed whitespace run is one replacement. Nothing is found by
// searching the source afterwards, so offsets stay exact however often a string repeats.
//
// Tables become grids following the HTML table model (rowspan/colspan), with their cells'
// text laid out in content as a browser copies a table: cells separated by tabs, rows by line
// breaks. Tables that hold other tables or long passages are page layout, not data, and are
// read as ordinary blocks.
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
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

// Blink stops nesting elements at this depth (kMaximumHTMLParserDOMTreeDepth); gumbo does not,
// and its tree construction scans the stack of open elements for every start tag, so a page of
// 200k nested <div>s takes minutes. We flatten deeper nesting before parsing instead.
constexpr size_t kMaxNestingDepth = 512;
// A cell with more text than this is a passage of an article laid out in a table, not a figure
// or a label (the longest 表三 labels are about 40 characters).
constexpr size_t kLayoutCellChars = 150;
// Limits from the HTML table model; the grid cap keeps a hostile colspan from exhausting memory.
constexpr int kMaxColspan = 1000;
constexpr int kMaxRowspan = 65534;
constexpr size_t kMaxGridPositions = size_t{1} << 20;
// Bounds on re-aligning a text node whose source and decoded text disagree (see Walker::Text).
constexpr int kMaxResyncs = 64;
constexpr size_t kResyncWindow = 4096;

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Spaces that HTML does not collapse but that are no content at the edge of a line or a cell:
// a cell holding only &nbsp; is blank, and "一、总体情况&nbsp;" is the heading 一、总体情况.
bool IsTrimmableSpace(uint32_t cp) {
  return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// Not std::tolower: that is a call into the C locale for every character of every style and
// tag name of a page.
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(s[i]) != AsciiLower(prefix[i])) return false;
  }
  return true;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }

// ---------------------------------------------------------------------------------------------
// Nesting limit.

// Whether `name` is one of `names`.
template <size_t N>
bool IsOneOf(std::string_view name, const std::string_view (&names)[N]) {
  for (std::string_view v : names) {
    if (name == v) return true;
  }
  return false;
}

bool IsVoidOrSelfClosingName(std::string_view name) {
  // constexpr views: a braced list of literals was measured with strlen on every call.
  static constexpr std::string_view kNames[] = {
      "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
      "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"};
  return IsOneOf(name, kNames);
}

// Elements whose end tag is optional; the parser closes them itself, so they never nest deeply
// and counting them would overestimate the depth of ordinary pages full of unclosed <p>s.
bool HasOptionalEndTag(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead", "tfoot",
      "caption", "colgroup", "rb", "rt", "rtc", "rp", "html", "head", "body"};
  return IsOneOf(name, kNames);
}

bool IsRawTextName(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
      "noscript", "plaintext"};
  return IsOneOf(name, kNames);
}

// End of the tag starting at `i` (just past its '>'), honouring quoted attribute values.
size_t TagEnd(std::string_view html, size_t i) {
  char quote = 0;
  for (size_t p = i + 1; p < html.size(); ++p) {
    char c = html[p];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return p + 1;
    }
  }
  return html.size();
}

// Blanks (with spaces, so every offset stays valid) the start and end tags of elements nested
// deeper than kMaxNestingDepth, as counted by a rough tokenizer. Returns false, leaving `out`
// alone, when the page nests less deeply, which is every real page.
bool LimitNesting(std::string_view html, std::string* out) {
  struct Open {
    std::string name;
    bool blanked;
  };
  std::vector<Open> stack;
  std::vector<Span> blank;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    std::string_view rest = html.substr(i);
    if (rest.substr(0, 4) == "<!--") {
      size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (rest.size() >= 2 && (rest[1] == '!' || rest[1] == '?')) {
      i = TagEnd(html, i);
      continue;
    }
    bool end_tag = rest.size() >= 2 && rest[1] == '/';
    size_t name_begin = i + (end_tag ? 2 : 1);
    if (name_begin >= html.size() || !IsAsciiAlpha(html[name_begin])) {
      ++i;
      continue;
    }
    size_t name_end = name_begin;
    while (name_end < html.size() && !IsHtmlSpace(html[name_end]) && html[name_end] != '/' &&
           html[name_end] != '>') {
      ++name_end;
    }
    std::string name = AsciiLower(html.substr(name_begin, name_end - name_begin));
    size_t tag_end = TagEnd(html, i);
    if (end_tag) {
      // Only the top of the stack is searched: a stray end tag deep down is ignored rather
      // than making every end tag cost the whole depth.
      size_t limit = std::min<size_t>(stack.size(), 2 * kMaxNestingDepth);
      for (size_t k = 0; k < limit; ++k) {
        size_t index = stack.size() - 1 - k;
        if (stack[index].name == name) {
          if (stack[index].blanked) blank.push_back({i, tag_end});
          stack.resize(index);
          break;
        }
      }
    } else if (IsRawTextName(name)) {
      // Their content is text, not tags: skip to the matching end tag.
      std::string close = "</" + name;
      size_t p = tag_end;
      while (p < html.size() && !StartsWithIgnoreCase(html.substr(p), close)) {
        p = html.find('<', p + 1);
        if (p == std::string_view::npos) p = html.size();
      }
      tag_end = p;
    } else if (!IsVoidOrSelfClosingName(name) && !HasOptionalEndTag(name)) {
      bool too_deep = stack.size() >= kMaxNestingDepth;
      stack.push_back({name, too_deep});
      if (too_deep) blank.push_back({i, tag_end});
    }
    i = tag_end;
  }
  if (blank.empty()) return false;
  out->assign(html);
  for (const Span& span : blank) std::fill(out->begin() + span.start, out->begin() + span.end, ' ');
  return true;
}

// ---------------------------------------------------------------------------------------------
// Content emission.

struct BlockRecord {
  BlockKind kind;
  Span content;  // in content coordinates until the end, then normalized
  int table;
};

// Builds the content layer line by line. Whitespace is held back until visible text follows,
// so lines and cells never start or end with a space and a run of whitespace becomes one space.
// Outside tables a block boundary ends the line (recorded as a block); inside a data table cell
// it only joins the cell's lines, with a space unless both neighbours are CJK.
class Emitter {
 public:
  explicit Emitter(std::vector<BlockRecord>* blocks) : blocks_(blocks) {}

  // A visible character (or the decoded characters of one entity) for input [begin, end).
  void Visible(std::string_view text, size_t begin, size_t end, bool copy) {
    if (in_cell_) {
      if (!cell_has_content_) {
        pending_.clear();
      } else if (soft_break_) {
        pending_.clear();
        if (!(IsCjk(LastCodePoint(builder_.text())) && IsCjk(FirstCodePoint(text)))) {
          Append(" ", soft_break_at_, soft_break_at_, false);
        }
      } else {
        FlushPending(text);
      }
      soft_break_ = false;
      cell_has_content_ = true;
    } else {
      if (!line_open_) {
        pending_.clear();
        if (need_newline_) Append("\n", newline_at_.start, newline_at_.end, false);
        need_newline_ = false;
        line_open_ = true;
        line_start_ = builder_.size();
        line_heading_ = false;
      } else {
        FlushPending(text);
      }
      if (heading_depth_ > 0) line_heading_ = true;
    }
    Append(text, begin, end, copy);
  }

  // A run of collapsible HTML whitespace, input [begin, end).
  void CollapsibleSpace(size_t begin, size_t end, bool has_line_break) {
    if (!AcceptsSpace()) return;
    if (!pending_.empty() && pending_.back().collapsible) {
      pending_.back().end = std::max(pending_.back().end, end);
      pending_.back().line_break = pending_.back().line_break || has_line_break;
      return;
    }
    pending_.push_back({" ", begin, end, true, has_line_break, false});
  }

  // A space that does not collapse (&nbsp;, U+3000; spaces and tabs inside <pre>).
  void FixedSpace(std::string_view text, size_t begin, size_t end, bool copy) {
    if (!AcceptsSpace()) return;
    pending_.push_back({std::string(text), begin, end, false, false, copy});
  }

  // A block boundary (block element, <br>, a line break in <pre>) at input [begin, end).
  void Break(size_t begin, size_t end) {
    begin = std::max(begin, cursor_);
    end = std::max(begin, end);
    pending_.clear();
    if (in_cell_) {
      if (cell_has_content_ && !soft_break_) {
        soft_break_ = true;
        soft_break_at_ = begin;
      }
      return;
    }
    if (!line_open_) return;
    BlockKind kind = line_heading_ ? BlockKind::kHeading : BlockKind::kParagraph;
    blocks_->push_back({kind, {line_start_, builder_.size()}, -1});
    line_open_ = false;
    need_newline_ = true;
    newline_at_ = {begin, end};
  }

  // Starts a data table's cell at input `pos`; `separator` is "\t" or "\n", ignored for the
  // first cell of a table, which starts a new line. Returns the cell's content start.
  size_t BeginCell(size_t pos, bool first_in_table, std::string_view separator) {
    pos = std::max(pos, cursor_);
    if (first_in_table) {
      Break(pos, pos);
      if (need_newline_) Append("\n", newline_at_.start, newline_at_.end, false);
      need_newline_ = false;
    } else {
      Append(separator, pos, pos, false);
    }
    in_cell_ = true;
    cell_has_content_ = false;
    soft_break_ = false;
    pending_.clear();
    return builder_.size();
  }

  size_t EndCell() {
    pending_.clear();
    in_cell_ = false;
    soft_break_ = false;
    return builder_.size();
  }

  // After a table the next text starts a new line.
  void EndTable() {
    line_open_ = false;
    need_newline_ = true;
    newline_at_ = {cursor_, cursor_};
  }

  bool in_cell() const { return in_cell_; }
  size_t cursor() const { return cursor_; }
  void EnterHeading() { ++heading_depth_; }
  void ExitHeading() { --heading_depth_; }
  TextBuilder& builder() { return builder_; }

 private:
  struct PendingSpace {
    std::string text;
    size_t begin;
    size_t end;
    bool collapsible;
    bool line_break;
    bool copy;
  };

  bool AcceptsSpace() const { return in_cell_ ? cell_has_content_ && !soft_break_ : line_open_; }

  // Emits the whitespace held back before `next` (the visible text that follows it).
  void FlushPending(std::string_view next) {
    for (size_t k = 0; k < pending_.size(); ++k) {
      const PendingSpace& space = pending_[k];
      if (space.collapsible) {
        uint32_t after =
            k + 1 < pending_.size() ? FirstCodePoint(pending_[k + 1].text) : FirstCodePoint(next);
        // A source line break between two Chinese characters is no space (CSS Text 3).
        if (space.line_break && IsCjk(LastCodePoint(builder_.text())) && IsCjk(after)) continue;
      }
      Append(space.text, space.begin, space.end, space.copy);
    }
    pending_.clear();
  }

  void Append(std::string_view text, size_t begin, size_t end, bool copy) {
    if (copy) {
      builder_.AppendCopy(text, begin);
    } else {
      builder_.AppendReplacement(text, begin, end);
    }
    cursor_ = std::max(cursor_, end);
  }

  std::vector<BlockRecord>* blocks_;
  TextBuilder builder_;
  size_t cursor_ = 0;  // furthest input offset emitted; keeps inserted separators in order
  bool line_open_ = false;
  size_t line_start_ = 0;
  bool line_heading_ = false;
  int heading_depth_ = 0;
  bool need_newline_ = false;
  Span newline_at_;
  bool in_cell_ = false;
  bool cell_has_content_ = false;
  bool soft_break_ = false;
  size_t soft_break_at_ = 0;
  std::vector<PendingSpace> pending_;
};

// ---------------------------------------------------------------------------------------------
// The tree walk.

const GumboVector& Children(const GumboNode* node) {
  return node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
}

bool IsElement(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

bool IsTag(const GumboNode* node, GumboTag tag) {
  return node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

// Elements whose content is never shown as page text.
bool IsSkippedTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_CANVAS:
      return true;
    default:
      return false;
  }
}

// Elements that start and end a line of text.
bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

bool IsHeadingTag(GumboTag tag) {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
         tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// display:none or the hidden attribute: the element renders nothing, not even a line break.
bool IsHidden(const GumboNode* node) {
  const GumboVector& attributes = node->v.element.attributes;
  if (gumbo_get_attribute(&attributes, "hidden") != nullptr) return true;
  const GumboAttribute* style = gumbo_get_attribute(&attributes, "style");
  if (style == nullptr || style->value == nullptr) return false;
  // Pages exported from Word put a long style on every cell: one buffer for all of them.
  thread_local std::string compact;
  compact.clear();
  for (const char* p = style->value; *p != '\0'; ++p) {
    if (!IsHtmlSpace(*p)) compact += AsciiLower(*p);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

// A span attribute (colspan/rowspan) as the HTML table model reads it: digits, clamped.
int SpanAttribute(const GumboNode* cell, const char* name, int fallback, int max) {
  const GumboAttribute* attribute = gumbo_get_attribute(&cell->v.element.attributes, name);
  if (attribute == nullptr || attribute->value == nullptr) return fallback;
  const char* p = attribute->value;
  while (IsHtmlSpace(*p)) ++p;
  if (*p == '+') ++p;
  if (*p < '0' || *p > '9') return fallback;
  long value = 0;
  for (; *p >= '0' && *p <= '9'; ++p) value = std::min<long>(value * 10 + (*p - '0'), max);
  return static_cast<int>(value);
}

struct TableRow {
  const GumboNode* tr;
  int group;  // rowspans do not reach past the end of their row group (thead/tbody/tfoot)
  std::vector<const GumboNode*> cells;
};

// One entity or character reference at input[i] and the decoded text it became.
struct EntityMatch {
  size_t input_end;
  size_t text_end;
};

class Walker {
 public:
  Walker(std::string_view input, Emitter* emitter, std::vector<BlockRecord>* blocks,
         std::vector<Table>* tables)
      : input_(input), emitter_(emitter), blocks_(blocks), tables_(tables) {}

  // Walks the children of `parent` in document order. Iterative: nesting depth is the page's,
  // not ours to trust.
  void WalkChildren(const GumboNode* parent) {
    struct Frame {
      const GumboNode* node;
      bool exit;
    };
    std::vector<Frame> stack;
    auto push_children = [&stack](const GumboNode* node) {
      const GumboVector& children = Children(node);
      for (unsigned k = children.length; k > 0; --k) {
        stack.push_back({static_cast<const GumboNode*>(children.data[k - 1]), false});
      }
    };
    push_children(parent);
    while (!stack.empty()) {
      Frame frame = stack.back();
      stack.pop_back();
      const GumboNode* node = frame.node;
      if (frame.exit) {
        Exit(node);
        continue;
      }
      switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
          Text(node);
          break;
        case GUMBO_NODE_ELEMENT:
          if (Enter(node)) {
            stack.push_back({node, true});
            push_children(node);
          }
          break;
        default:  // comments, <template> contents, the document
          break;
      }
    }
  }

  void Finish() { emitter_->Break(emitter_->cursor(), emitter_->cursor()); }

 private:
  size_t OffsetOf(const char* p) const { return static_cast<size_t>(p - input_.data()); }

  size_t StartOf(const GumboNode* element) const {
    const GumboElement& e = element->v.element;
    if (e.original_tag.length > 0 && InInput(e.original_tag.data, 0)) {
      return OffsetOf(e.original_tag.data);
    }
    return std::min<size_t>(e.start_pos.offset, input_.size());
  }

  size_t EndOf(const GumboNode* element) const {
    const GumboElement& e = element->v.element;
    if (e.original_end_tag.length > 0 && InInput(e.original_end_tag.data, 0)) {
      return OffsetOf(e.original_end_tag.data);
    }
    return emitter_->cursor();
  }

  bool InInput(const char* p, size_t length) const {
    return p != nullptr && p >= input_.data() && p <= input_.data() + input_.size() &&
           length <= static_cast<size_t>(input_.data() + input_.size() - p);
  }

  // Returns whether to descend into the element's children.
  bool Enter(const GumboNode* node) {
    GumboTag tag = node->v.element.tag;
    if (IsSkippedTag(tag) || IsHidden(node)) return false;
    if (tag == GUMBO_TAG_TABLE && !emitter_->in_cell() && ReadDataTable(node)) return false;
    size_t start = StartOf(node);
    if (IsBlockTag(tag)) emitter_->Break(start, start);
    if (IsHeadingTag(tag)) emitter_->EnterHeading();
    if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING) ++pre_depth_;
    return true;
  }

  void Exit(const GumboNode* node) {
    GumboTag tag = node->v.element.tag;
    if (IsBlockTag(tag) && tag != GUMBO_TAG_BR) {
      size_t end = EndOf(node);
      emitter_->Break(end, end);
    }
    if (IsHeadingTag(tag)) emitter_->ExitHeading();
    if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING) --pre_depth_;
  }

  // --- text nodes ---

  void Text(const GumboNode* node) {
    const GumboText& t = node->v.text;
    std::string_view text = t.text != nullptr ? t.text : "";
    if (!InInput(t.original_text.data, t.original_text.length)) {
      size_t at =
          std::max<size_t>(std::min<size_t>(t.start_pos.offset, input_.size()), emitter_->cursor());
      EmitUnaligned(text, at, at);
      return;
    }
    size_t i = OffsetOf(t.original_text.data);
    size_t end = i + t.original_text.length;
    size_t j = 0;
    int resyncs = 0;
    while (i < end) {
      char c = input_[i];
      if (IsHtmlSpace(c)) {
        // The parser folds CR LF to LF; otherwise the run is in the decoded text as written.
        size_t run_end = i;
        size_t decoded_length = 0;
        for (; run_end < end && IsHtmlSpace(input_[run_end]); ++run_end) {
          if (!(input_[run_end] == '\r' && run_end + 1 < end && input_[run_end + 1] == '\n')) {
            ++decoded_length;
          }
        }
        for (size_t n = 0; n < decoded_length && j < text.size() && IsHtmlSpace(text[j]); ++n) ++j;
        EmitWhitespace(i, run_end);
        i = run_end;
        continue;
      }
      if (c == '&') {
        EntityMatch match;
        if (MatchEntity(i, end, text, j, &match)) {
          EmitDecoded(text.substr(j, match.text_end - j), i, match.input_end);
          i = match.input_end;
          j = match.text_end;
          continue;
        }
      }
      if (c == '<' && (j >= text.size() || text[j] != '<')) {
        // Markup inside a text node's source: a tag the parser ignored (a stray </td>), after
        // which the text continued in the same node.
        i = SkipMarkup(i, end);
        continue;
      }
      if (c == '\0') {
        // The parser drops NULs in body text, or replaces them by U+FFFD elsewhere.
        if (text.substr(j, 3) == "\xEF\xBF\xBD") {
          emitter_->Visible(text.substr(j, 3), i, i + 1, false);
          j += 3;
        }
        ++i;
        continue;
      }
      size_t length = 0;
      uint32_t cp = internal::DecodeUtf8At(input_, i, &length);
      if (length > end - i || text.substr(j, length) != input_.substr(i, length)) {
        // The source and the decoded text no longer line up. Seen only for text the parser
        // moved out of a table: its source slice can start at an earlier tag, and text from
        // elsewhere can join it. Skip source up to where the text continues, or else
        // take the character as coming from nowhere in particular.
        if (j >= text.size()) break;  // the rest of the source became no text
        if (++resyncs > kMaxResyncs) {
          EmitUnaligned(text.substr(j), i, end);
          return;
        }
        size_t resume = Resync(i, end, text, j);
        if (resume != std::string_view::npos) {
          i = resume;
        } else {
          size_t skip = 0;
          internal::DecodeUtf8At(text, j, &skip);
          EmitUnaligned(text.substr(j, skip), i, i);
          j += skip;
        }
        continue;
      }
      if (IsTrimmableSpace(cp)) {
        emitter_->FixedSpace(input_.substr(i, length), i, i + length, true);
      } else {
        emitter_->Visible(input_.substr(i, length), i, i + length, true);
      }
      i += length;
      j += length;
    }
    if (j < text.size()) EmitUnaligned(text.substr(j), end, end);
  }

  void EmitWhitespace(size_t begin, size_t end) {
    if (pre_depth_ == 0) {
      bool line_break = false;
      for (size_t k = begin; k < end; ++k) {
        if (input_[k] == '\n' || input_[k] == '\r' || input_[k] == '\f') line_break = true;
      }
      emitter_->CollapsibleSpace(begin, end, line_break);
      return;
    }
    // <pre> keeps its lines; spaces inside a line are kept as written.
    for (size_t k = begin; k < end;) {
      char c = input_[k];
      if (c == '\r' && k + 1 < end && input_[k + 1] == '\n') {
        emitter_->Break(k, k + 2);
        k += 2;
      } else if (c == '\n' || c == '\r' || c == '\f') {
        emitter_->Break(k, k + 1);
        ++k;
      } else {
        emitter_->FixedSpace(input_.substr(k, 1), k, k + 1, true);
        ++k;
      }
    }
  }

  // The decoded text of one entity, standing for input [begin, end).
  void EmitDecoded(std::string_view decoded, size_t begin, size_t end) {
    uint32_t cp = FirstCodePoint(decoded);
    if (decoded.size() == 1 && IsHtmlSpace(decoded[0])) {
      // &#32; &#10; are spaces like any other once decoded.
      if (pre_depth_ > 0 && (cp == '\n' || cp == '\r')) {
        emitter_->Break(begin, end);
      } else if (pre_depth_ > 0) {
        emitter_->FixedSpace(decoded, begin, end, false);
      } else {
        emitter_->CollapsibleSpace(begin, end, cp != ' ' && cp != '\t');
      }
    } else if (IsTrimmableSpace(cp) && LastCodePoint(decoded) == cp) {
      emitter_->FixedSpace(decoded, begin, end, false);
    } else {
      emitter_->Visible(decoded, begin, end, false);
    }
  }

  // Decoded text whose characters cannot be placed individually in the source: each maps to
  // the whole input range.
  void EmitUnaligned(std::string_view text, size_t begin, size_t end) {
    for (size_t k = 0; k < text.size();) {
      if (IsHtmlSpace(text[k])) {
        bool line_break = false;
        for (; k < text.size() && IsHtmlSpace(text[k]); ++k) {
          if (text[k] == '\n') line_break = true;
        }
        emitter_->CollapsibleSpace(begin, end, line_break);
        continue;
      }
      size_t length = 0;
      uint32_t cp = internal::DecodeUtf8At(text, k, &length);
      if (IsTrimmableSpace(cp)) {
        emitter_->FixedSpace(text.substr(k, length), begin, end, false);
      } else {
        emitter_->Visible(text.substr(k, length), begin, end, false);
      }
      k += length;
    }
  }

  // The first source position after `i` from which the decoded text[j...] lines up again, or
  // npos. Searches a bounded window: this repairs parser reshuffles, not arbitrary damage.
  size_t Resync(size_t i, size_t end, std::string_view text, size_t j) const {
    if (j >= text.size()) return std::string_view::npos;
    size_t length = 0;
    uint32_t want = internal::DecodeUtf8At(text, j, &length);
    size_t limit = std::min(end, i + kResyncWindow);
    for (size_t k = i + 1; k < limit; ++k) {
      if ((static_cast<unsigned char>(input_[k]) & 0xC0) == 0x80) continue;  // inside a character
      size_t n = 0;
      if (internal::DecodeUtf8At(input_, k, &n) == want && Lines(k, end, text, j)) return k;
    }
    return std::string_view::npos;
  }

  size_t SkipMarkup(size_t i, size_t end) const {
    std::string_view rest = input_.substr(i, end - i);
    if (rest.substr(0, 4) == "<!--") {
      size_t close = rest.find("-->", 4);
      return close == std::string_view::npos ? end : i + close + 3;
    }
    return std::min(TagEnd(input_.substr(0, end), i), end);
  }

  // Whether decoded text[j...] continuing from input[k...] is plausible: used to find where a
  // named entity ends, since legacy names need no ';' ("&notit;" is "¬it;").
  // Compares up to a few plain characters; markup or another reference ends the comparison.
  bool Lines(size_t k, size_t end, std::string_view text, size_t j) const {
    if (j > text.size()) return false;
    for (int compared = 0; compared < 8; ++compared) {
      if (k >= end) return j == text.size();
      char c = input_[k];
      if (c == '<' || c == '&' || c == '\0') return true;
      if (j == text.size()) return false;
      if (IsHtmlSpace(c)) return IsHtmlSpace(text[j]);
      size_t a = 0, b = 0;
      if (internal::DecodeUtf8At(input_, k, &a) != internal::DecodeUtf8At(text, j, &b)) {
        return false;
      }
      k += a;
      j += b;
    }
    return true;
  }

  bool MatchEntity(size_t i, size_t end, std::string_view text, size_t j,
                   EntityMatch* match) const {
    if (j >= text.size()) return false;
    auto advance = [&text](size_t from, int code_points) {
      size_t p = from;
      for (int n = 0; n < code_points && p < text.size(); ++n) {
        size_t length = 0;
        internal::DecodeUtf8At(text, p, &length);
        p += length;
      }
      return p;
    };
    size_t p = i + 1;
    if (p < end && input_[p] == '#') {
      ++p;
      bool hex = p < end && (input_[p] == 'x' || input_[p] == 'X');
      if (hex) ++p;
      size_t digits = p;
      while (p < end && (hex ? std::isxdigit(static_cast<unsigned char>(input_[p])) != 0
                             : (input_[p] >= '0' && input_[p] <= '9'))) {
        ++p;
      }
      if (p == digits) return false;  // "&#" without digits stays literal
      if (p < end && input_[p] == ';') ++p;
      *match = {p, advance(j, 1)};  // a character reference is always one code point
      return true;
    }
    size_t name_end = p;
    while (name_end < end && IsAsciiAlnum(input_[name_end])) ++name_end;
    if (name_end == p) return false;
    std::string_view name = input_.substr(p, name_end - p);
    if (text[j] == '&') {
      // Either a literal '&' or &amp; itself.
      if (name.substr(0, 3) != "amp" && name.substr(0, 3) != "AMP") return false;
      size_t after = p + 3;
      if (after < end && input_[after] == ';') ++after;
      if (!Lines(after, end, text, j + 1)) return false;
      *match = {after, j + 1};
      return true;
    }
    // "&name;" decodes to one or two code points; a legacy name without ';' (possibly a prefix
    // of the run of letters) to one.
    if (name_end < end && input_[name_end] == ';') {
      for (int code_points = 1; code_points <= 2; ++code_points) {
        size_t text_end = advance(j, code_points);
        if (Lines(name_end + 1, end, text, text_end)) {
          *match = {name_end + 1, text_end};
          return true;
        }
      }
    }
    for (size_t k = name_end; k >= p + 2; --k) {
      size_t text_end = advance(j, 1);
      if (Lines(k, end, text, text_end)) {
        *match = {k, text_end};
        return true;
      }
    }
    return false;
  }

  // --- tables ---

  // Reads `table` as a data table unless it is page layout. Returns false (nothing emitted)
  // for layout tables, which the caller then reads as ordinary blocks.
  bool ReadDataTable(const GumboNode* table) {
    std::vector<TableRow> rows;
    std::vector<const GumboNode*> captions;
    int group = 0;
    for (unsigned k = 0; k < table->v.element.children.length; ++k) {
      const GumboNode* child = static_cast<const GumboNode*>(table->v.element.children.data[k]);
      if (IsTag(child, GUMBO_TAG_TR)) {
        if (!IsHidden(child)) rows.push_back({child, group, {}});
      } else if (IsTag(child, GUMBO_TAG_THEAD) || IsTag(child, GUMBO_TAG_TBODY) ||
                 IsTag(child, GUMBO_TAG_TFOOT)) {
        ++group;
        for (unsigned m = 0; m < child->v.element.children.length; ++m) {
          const GumboNode* tr = static_cast<const GumboNode*>(child->v.element.children.data[m]);
          if (IsTag(tr, GUMBO_TAG_TR) && !IsHidden(tr)) rows.push_back({tr, group, {}});
        }
        ++group;
      } else if (IsTag(child, GUMBO_TAG_CAPTION)) {
        captions.push_back(child);
      }
    }
    size_t cell_count = 0;
    for (TableRow& row : rows) {
      for (unsigned m = 0; m < row.tr->v.element.children.length; ++m) {
        const GumboNode* cell = static_cast<const GumboNode*>(row.tr->v.element.children.data[m]);
        if ((IsTag(cell, GUMBO_TAG_TD) || IsTag(cell, GUMBO_TAG_TH)) && !IsHidden(cell)) {
          row.cells.push_back(cell);
        }
      }
      cell_count += row.cells.size();
    }
    if (cell_count < 2 || IsLayout(rows)) return false;

    // The HTML table model: each cell takes the next free column of its row and covers
    // rowspan x colspan positions.
    Table result;
    std::vector<std::vector<int>>& grid = result.grid;
    grid.resize(rows.size());
    std::vector<size_t> group_end(rows.size());
    for (size_t r = rows.size(); r > 0; --r) {
      bool last = r == rows.size() || rows[r].group != rows[r - 1].group;
      group_end[r - 1] = last ? r : group_end[r];
    }
    size_t width = 0;
    for (size_t r = 0; r < rows.size(); ++r) {
      size_t column = 0;
      for (const GumboNode* cell : rows[r].cells) {
        while (column < grid[r].size() && grid[r][column] != -1) ++column;
        int colspan = std::max(1, SpanAttribute(cell, "colspan", 1, kMaxColspan));
        int rowspan = SpanAttribute(cell, "rowspan", 1, kMaxRowspan);
        size_t row_end = rowspan == 0 ? group_end[r] : std::min(group_end[r], r + rowspan);
        if (row_end <= r) row_end = r + 1;
        if ((column + colspan) * rows.size() > kMaxGridPositions) return false;
        Cell placed;
        placed.row = static_cast<int>(r);
        placed.column = static_cast<int>(column);
        placed.row_span = static_cast<int>(row_end - r);
        placed.column_span = colspan;
        int index = static_cast<int>(result.cells.size());
        result.cells.push_back(placed);
        for (size_t rr = r; rr < row_end; ++rr) {
          if (grid[rr].size() < column + colspan) grid[rr].resize(column + colspan, -1);
          for (size_t cc = column; cc < column + colspan; ++cc) grid[rr][cc] = index;
        }
        column += colspan;
        width = std::max(width, column);
      }
    }
    for (auto& grid_row : grid) grid_row.resize(width, -1);

    for (const GumboNode* caption : captions) {
      size_t start = StartOf(caption);
      emitter_->Break(start, start);
      WalkChildren(caption);
      size_t end = EndOf(caption);
      emitter_->Break(end, end);
    }
    // Cells in source order, a row per line: the text a browser copies from the table.
    size_t index = 0;
    size_t table_start = 0;
    bool first = true;
    for (const TableRow& row : rows) {
      bool first_in_row = true;
      for (const GumboNode* cell : row.cells) {
        size_t start = emitter_->BeginCell(StartOf(cell), first, first_in_row ? "\n" : "\t");
        if (first) table_start = start;
        first = false;
        first_in_row = false;
        WalkChildren(cell);
        size_t end = emitter_->EndCell();
        result.cells[index++].span = {start, end};
      }
    }
    size_t table_end = emitter_->builder().size();
    emitter_->EndTable();
    result.span = {table_start, table_end};
    blocks_->push_back({BlockKind::kTable, result.span, static_cast<int>(tables_->size())});
    tables_->push_back(std::move(result));
    return true;
  }

  // A table that holds another table, a passage of text, or a single cell arranges the page;
  // its cells are not figures and labels.
  bool IsLayout(const std::vector<TableRow>& rows) const {
    for (const TableRow& row : rows) {
      for (const GumboNode* cell : row.cells) {
        size_t chars = 0;
        std::vector<const GumboNode*> stack = {cell};
        while (!stack.empty()) {
          const GumboNode* node = stack.back();
          stack.pop_back();
          if (node->type == GUMBO_NODE_TEXT) {
            const char* p = node->v.text.text;
            for (; p != nullptr && *p != '\0'; ++p) {
              if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80 && !IsHtmlSpace(*p)) ++chars;
            }
            if (chars > kLayoutCellChars) return true;
          } else if (IsElement(node)) {
            if (node != cell && IsTag(node, GUMBO_TAG_TABLE)) return true;
            if (node->type == GUMBO_NODE_ELEMENT && IsSkippedTag(node->v.element.tag)) continue;
            const GumboVector& children = node->v.element.children;
            for (unsigned k = 0; k < children.length; ++k) {
              stack.push_back(static_cast<const GumboNode*>(children.data[k]));
            }
          }
        }
      }
    }
    return false;
  }

  std::string_view input_;
  Emitter* emitter_;
  std::vector<BlockRecord>* blocks_;
  std::vector<Table>* tables_;
  int pre_depth_ = 0;
};

struct GumboOutputCloser {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};

}  // namespace

Result<Document> ReadHtml(DecodedText decoded, const Normalizer& normalizer,
                          std::string_view path) {
  std::string where(path);
  std::string limited;
  std::string_view input = decoded.utf8;
  if (LimitNesting(input, &limited)) input = limited;
  if (input.size() > UINT32_MAX) {
    return Status(StatusCode::kTooLarge, where + ": HTML page larger than 4 GB");
  }

  GumboOptions options = kGumboDefaultOptions;
  // Errors are not used, and gumbo copies the stack of open elements into each one: a
  // malformed page would otherwise cost memory quadratic in its nesting.
  options.max_errors = 0;
  std::unique_ptr<GumboOutput, GumboOutputCloser> output(
      gumbo_parse_with_options(&options, input.data(), input.size()));
  if (output == nullptr || output->document == nullptr) {
    return Status(StatusCode::kInternal, where + ": the HTML parser returned nothing");
  }

  std::vector<BlockRecord> blocks;
  std::vector<Table> tables;
  Emitter emitter(&blocks);
  Walker walker(input, &emitter, &blocks, &tables);
  walker.WalkChildren(output->document);
  walker.Finish();
  output.reset();

  Document document;
  Text& text = document.text;
  text.content = emitter.builder().TakeText();
  text.content_to_decoded = emitter.builder().TakeMap();
  normalizer.Normalize(text.content, &text.normalized, &text.normalized_to_content);
  if (text.normalized.find_first_not_of(" \t\n") == std::string::npos) {
    return Status(StatusCode::kEmpty, where + ": the HTML page has no text");
  }

  const OffsetMap& map = text.normalized_to_content;
  for (Table& table : tables) {
    table.span = map.FromInput(table.span);
    for (Cell& cell : table.cells) cell.span = map.FromInput(cell.span);
  }
  for (const BlockRecord& record : blocks) {
    Block block;
    block.kind = record.kind;
    block.table = record.table;
    if (block.kind == BlockKind::kParagraph &&
        LooksLikeHeading(
            std::string_view(text.content).substr(record.content.start, record.content.size()))) {
      block.kind = BlockKind::kHeading;
    }
    block.span = map.FromInput(record.content);
    document.blocks.push_back(block);
  }
  document.tables = std::move(tables);
  text.encoding = std::move(decoded.encoding);
  text.decoded = std::move(decoded.utf8);
  text.decoded_to_source = std::move(decoded.to_source);
  return document;
}

std::string DeclaredHtmlCharset(std::string_view bytes) {
  // The prescan of the HTML encoding sniffing algorithm, reduced to <meta> tags: a charset
  // attribute, or http-equiv="Content-Type" with "charset=" in its content.
  std::string_view head = bytes.substr(0, 4096);
  auto clean = [](std::string_view value) {
    size_t b = 0, e = value.size();
    while (b < e && (IsHtmlSpace(value[b]) || value[b] == '"' || value[b] == '\'')) ++b;
    while (e > b && (IsHtmlSpace(value[e - 1]) || value[e - 1] == '"' || value[e - 1] == '\'')) --e;
    return AsciiLower(value.substr(b, e - b));
  };
  size_t i = 0;
  while ((i = head.find('<', i)) != std::string_view::npos) {
    if (head.substr(i, 4) == "<!--") {
      size_t close = head.find("-->", i + 4);
      if (close == std::string_view::npos) break;
      i = close + 3;
      continue;
    }
    if (!StartsWithIgnoreCase(head.substr(i + 1), "meta") || i + 5 >= head.size() ||
        !(IsHtmlSpace(head[i + 5]) || head[i + 5] == '/')) {
      ++i;
      continue;
    }
    std::string charset, content;
    bool pragma = false;
    size_t p = i + 5;
    while (p < head.size() && head[p] != '>') {
      if (IsHtmlSpace(head[p]) || head[p] == '/') {
        ++p;
        continue;
      }
      size_t name_begin = p;
      while (p < head.size() && !IsHtmlSpace(head[p]) && head[p] != '=' && head[p] != '>' &&
             head[p] != '/') {
        ++p;
      }
      std::string name = AsciiLower(head.substr(name_begin, p - name_begin));
      while (p < head.size() && IsHtmlSpace(head[p])) ++p;
      std::string value;
      if (p < head.size() && head[p] == '=') {
        ++p;
        while (p < head.size() && IsHtmlSpace(head[p])) ++p;
        if (p < head.size() && (head[p] == '"' || head[p] == '\'')) {
          char quote = head[p++];
          size_t close = head.find(quote, p);
          if (close == std::string_view::npos) close = head.size();
          value = head.substr(p, close - p);
          p = std::min(close + 1, head.size());
        } else {
          size_t value_begin = p;
          while (p < head.size() && !IsHtmlSpace(head[p]) && head[p] != '>') ++p;
          value = head.substr(value_begin, p - value_begin);
        }
      }
      if (name == "charset" && charset.empty()) charset = value;
      if (name == "http-equiv" && clean(value) == "content-type") pragma = true;
      if (name == "content" && content.empty()) content = value;
    }
    if (!clean(charset).empty()) return clean(charset);
    if (pragma) {
      std::string lower = AsciiLower(content);
      for (size_t at = lower.find("charset"); at != std::string::npos;
           at = lower.find("charset", at + 7)) {
        size_t q = at + 7;
        while (q < lower.size() && IsHtmlSpace(lower[q])) ++q;
        if (q >= lower.size() || lower[q] != '=') continue;
        ++q;
        while (q < lower.size() && IsHtmlSpace(lower[q])) ++q;
        size_t value_end = q;
        if (q < lower.size() && (lower[q] == '"' || lower[q] == '\'')) {
          char quote = lower[q++];
          value_end = lower.find(quote, q);
          if (value_end == std::string::npos) break;  // an unterminated quote declares nothing
        } else {
          while (value_end < lower.size() && !IsHtmlSpace(lower[value_end]) &&
                 lower[value_end] != ';') {
            ++value_end;
          }
        }
        std::string value = clean(lower.substr(q, value_end - q));
        if (!value.empty()) return value;
        break;
      }
    }
    i = p;
  }
  return "";
}

}  // namespace ogi
