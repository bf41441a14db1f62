#include "ogi/json.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string_view>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace ogi {

namespace {

using json = nlohmann::ordered_json;

// Writes the JSON text of a report straight from the structs, exactly as nlohmann's
// dump(indent, ' ', false, error_handler_t::replace) prints the same document. Building an
// ordered_json tree (an allocation per key and value, ordered maps searched linearly on
// insert), dumping it and freeing it was 17-19% of a report's time in `ogi extract`; this
// writer appends to one string. Anything whose printing it does not reproduce itself
// (non-integral doubles, strings that are not valid UTF-8) is printed by nlohmann's own
// serializer, so the bytes stay the same; json_test checks that dumping the parsed text gives
// the text back.
// Whether `value` is printed as an integer: whole and small enough to be exact. The range is
// tested first, so that the conversion is defined.
bool IsWholeNumber(double value) {
  return value < 9e15 && value > -9e15 && value == static_cast<double>(static_cast<int64_t>(value));
}

class JsonWriter {
 public:
  JsonWriter(int indent, std::string* out, size_t expected_size)
      : indent_(indent), out_(out), size_(out->size()) {
    out_->resize(size_ + expected_size);
  }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  // Cuts the string to what was written (it is kept larger while writing).
  ~JsonWriter() { out_->resize(size_); }

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // `key` is one of ours: ASCII, nothing to escape.
  [[gnu::always_inline]] void Key(std::string_view key) {
    Separate();
    char* p = Room(key.size() + 4);
    *p++ = '"';
    std::memcpy(p, key.data(), key.size());
    p += key.size();
    *p++ = '"';
    *p++ = ':';
    if (indent_ >= 0) *p++ = ' ';
    size_ = static_cast<size_t>(p - out_->data());
    after_key_ = true;
  }

  bool compact() const { return indent_ < 0; }
  // Whether String(s) would copy s as it is (no escape, valid UTF-8).
  static bool IsPlain(std::string_view s) {
    return PlainPrefixLength(reinterpret_cast<const unsigned char*>(s.data()), s.size()) == s.size();
  }
  // Room for `strings` printed with String and `fixed` bytes around them, or nullopt when one of
  // them needs an escape or is not valid UTF-8 (String's careful path).
  static std::optional<size_t> PlainSize(std::initializer_list<std::string_view> strings, size_t fixed) {
    for (std::string_view s : strings) {
      if (!IsPlain(s)) return std::nullopt;
      fixed += s.size() + 2;
    }
    return fixed;
  }
  // A value written by `write` into room for `max_size` bytes; returns where it stopped.
  template <typename Write>
  void AppendRaw(size_t max_size, const Write& write) {
    Separate();
    char* const begin = Room(max_size);
    size_ += static_cast<size_t>(write(begin) - begin);
  }
  // {"start":N,"end":M} as a value, without --pretty.
  void CompactSpan(uint64_t start, uint64_t end) {
    Separate();
    char* const begin = Room(64);
    char* p = begin;
    std::memcpy(p, "{\"start\":", 9);
    p = std::to_chars(p + 9, p + 29, start).ptr;
    std::memcpy(p, ",\"end\":", 7);
    p = std::to_chars(p + 7, p + 27, end).ptr;
    *p++ = '}';
    size_ += static_cast<size_t>(p - begin);
  }
  void Null() { Scalar("null"); }
  void Bool(bool b) { Scalar(b ? "true" : "false"); }
  void Int(int64_t v) {
    Separate();
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    Put({buffer, static_cast<size_t>(end - buffer)});
  }
  void Uint(uint64_t v) {
    Separate();
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    Put({buffer, static_cast<size_t>(end - buffer)});
  }
  // Integral values as integers (8417833, not 8417833.0) so that jq and spreadsheets compare
  // them exactly; the rest as nlohmann prints a double.
  void Number(double value) {
    if (IsWholeNumber(value)) {
      Int(static_cast<int64_t>(value));
      return;
    }
    Separate();
    Put(json(value).dump());
  }
  // Most strings need no escape: one scan finds the first byte that needs care, and a string
  // that has none is copied whole. Escapes and anything but ASCII and three-byte characters
  // go through the careful loop from there.
  void String(std::string_view s) {
    Separate();
    const size_t n = s.size();
    const size_t plain = PlainPrefixLength(reinterpret_cast<const unsigned char*>(s.data()), n);
    if (plain == n) [[likely]] {
      char* p = Room(n + 2);
      *p = '"';
      std::memcpy(p + 1, s.data(), n);
      p[n + 1] = '"';
      size_ += n + 2;
      return;
    }
    StringFrom(s, plain);
  }
  // A string or, when empty, null: absent values are null, never omitted.
  void StringOrNull(const std::string& s) {
    if (s.empty()) {
      Null();
    } else {
      String(s);
    }
  }
  void IntOrNull(const std::optional<int>& v) {
    if (v) {
      Int(*v);
    } else {
      Null();
    }
  }

 private:
  // Bytes at the start of p[0, n) that are printed as they are: ASCII other than control
  // characters, quote and backslash, and well-formed three-byte characters.
  static size_t PlainPrefixLength(const unsigned char* p, size_t n) {
    constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    size_t i = 0;
    while (i < n) {
      const unsigned char c = p[i];
      if (c >= 0x80) {
        // Chinese: three bytes, U+1000 to U+CFFF or U+E000 up, well-formed when both
        // continuation bytes are.
        if (static_cast<unsigned char>(c - 0xE1) < 0x0F && c != 0xED && n - i >= 3 &&
            (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
          i += 3;
          continue;
        }
        return i;
      }
      if (n - i >= 8 && std::endian::native == std::endian::little) {
        uint64_t word;
        std::memcpy(&word, p + i, 8);
        const uint64_t quote = word ^ (kOnes * '"'), backslash = word ^ (kOnes * '\\');
        // High bit of a byte set where the byte is < 0x20, '"' or '\\', or >= 0x80 (and maybe
        // above such a byte, by a borrow): on to the first such byte.
        const uint64_t special = ((word - kOnes * 0x20) | (quote - kOnes) | (backslash - kOnes) | word) & kHigh;
        const size_t plain = special == 0 ? 8 : static_cast<size_t>(std::countr_zero(special)) / 8;
        if (plain > 0) {
          i += plain;
          continue;
        }
      }
      if (c < 0x20 || c == '"' || c == '\\') return i;
      ++i;
    }
    return n;
  }

  // The rest of String from `from` on: escapes as it copies and checks UTF-8 as it goes; a
  // string that turns out not to be valid UTF-8 is taken back and printed by nlohmann, which
  // replaces the bad bytes.
  [[gnu::noinline]] void StringFrom(std::string_view s, size_t from) {
    const size_t start = size_;
    Put('"');
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    size_t run = 0;  // start of the bytes not yet copied
    for (size_t i = from; i < n;) {
      const unsigned char c = p[i];
      if (c >= 0x80) {
        size_t length = Utf8SequenceLength(p + i, n - i);
        if (length == 0) {
          size_ = start;
          Put(json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace));
          return;
        }
        i += length;
        continue;
      }
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      Put(s.substr(run, i - run));
      run = i + 1;
      switch (c) {
        case '"': Put("\\\""); break;
        case '\\': Put("\\\\"); break;
        case '\b': Put("\\b"); break;
        case '\f': Put("\\f"); break;
        case '\n': Put("\\n"); break;
        case '\r': Put("\\r"); break;
        case '\t': Put("\\t"); break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
          Put({escaped, sizeof escaped});
        }
      }
      ++i;
    }
    Put(s.substr(run, n - run));
    Put('"');
  }

  // The length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
  // nothing above U+10FFFF) that starts at `p` with a byte >= 0x80, or 0 when there is none:
  // the same set nlohmann's decoder accepts.
  static size_t Utf8SequenceLength(const unsigned char* p, size_t available) {
    const unsigned char c = *p;
    int extra;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return 0;
    }
    if (available <= static_cast<size_t>(extra)) return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (int k = 2; k <= extra; ++k) {
      if (p[k] < 0x80 || p[k] > 0xBF) return 0;
    }
    return static_cast<size_t>(extra) + 1;
  }

  void Scalar(std::string_view text) {
    Separate();
    Put(text);
  }
  // Before a key or an array element: the comma, and with --pretty the line break and indent.
  [[gnu::always_inline]] void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ == 0) return;  // the top-level value
    if (has_element_[depth_ - 1]) {
      Put(',');
    } else {
      has_element_[depth_ - 1] = true;
    }
    if (indent_ >= 0) {
      Indent();
    }
  }
  void Open(char c) {
    Separate();
    Put(c);
    // The writers below nest five deep at most; deeper would be a new writer's bug.
    if (depth_ == has_element_.size()) throw std::length_error("JsonWriter: nesting too deep");
    has_element_[depth_++] = false;
  }
  // nlohmann prints empty containers as {} and [] in both modes.
  void Close(char c) {
    const bool had_elements = has_element_[--depth_];
    if (had_elements && indent_ >= 0) {
      Indent();
    }
    Put(c);
  }

  const int indent_;
  // A line break and the indent of the current depth (--pretty).
  void Indent() {
    const size_t spaces = static_cast<size_t>(indent_) * depth_;
    char* p = Room(spaces + 1);
    *p = '\n';
    std::memset(p + 1, ' ', spaces);
    size_ += spaces + 1;
  }
  // Room for n more bytes at out_->data() + size_. The string is kept longer than what was
  // written and cut once at the end: std::string::append and push_back checked and grew it
  // on every call, which was most of the printer's time.
  [[gnu::always_inline]] char* Room(size_t n) {
    if (out_->size() - size_ < n) [[unlikely]] Grow(n);
    return out_->data() + size_;
  }
  [[gnu::noinline]] void Grow(size_t n) { out_->resize(std::max(2 * out_->size(), size_ + n + 4096)); }
  [[gnu::always_inline]] void Put(std::string_view bytes) {
    std::memcpy(Room(bytes.size()), bytes.data(), bytes.size());
    size_ += bytes.size();
  }
  [[gnu::always_inline]] void Put(char c) {
    *Room(1) = c;
    ++size_;
  }

  std::string* out_;
  size_t size_;  // bytes of *out_ written so far
  // Per open container: has it an element yet. A fixed array: a vector's bounds and
  // pointer loads on every value were a tenth of the printer's time.
  std::array<bool, 16> has_element_{};
  size_t depth_ = 0;
  bool after_key_ = false;
};

void WriteSpan(Span span, JsonWriter& w) {
  if (w.compact()) {
    // Every figure has one: in one piece it costs a third of what the generic calls cost.
    w.CompactSpan(span.start, span.end);
    return;
  }
  w.BeginObject();
  w.Key("start");
  w.Uint(span.start);
  w.Key("end");
  w.Uint(span.end);
  w.EndObject();
}

// Writes `literal` (a string literal: its size is known at compile time) and moves p past it.
template <size_t N>
[[gnu::always_inline]] inline char* Put(char* p, const char (&literal)[N]) {
  std::memcpy(p, literal, N - 1);
  return p + N - 1;
}
[[gnu::always_inline]] inline char* PutQuoted(char* p, std::string_view s) {
  *p++ = '"';
  std::memcpy(p, s.data(), s.size());
  p += s.size();
  *p++ = '"';
  return p;
}
[[gnu::always_inline]] inline char* PutInt(char* p, int64_t v) { return std::to_chars(p, p + 24, v).ptr; }
// The fields that end a metric and a mention alike: ,"page":N (when paginated),"span":{...},"text":"...".
inline char* PutEvidence(char* p, const Evidence& evidence) {
  if (evidence.page > 0) {
    p = Put(p, ",\"page\":");
    p = PutInt(p, evidence.page);
  }
  p = Put(p, ",\"span\":{\"start\":");
  p = std::to_chars(p, p + 24, static_cast<uint64_t>(evidence.span.start)).ptr;
  p = Put(p, ",\"end\":");
  p = std::to_chars(p, p + 24, static_cast<uint64_t>(evidence.span.end)).ptr;
  p = Put(p, "},\"text\":");
  return PutQuoted(p, evidence.text);
}

// As WriteMetricCompact (below), for the common mention: a whole number with no comparison or
// share.
bool WriteMentionCompact(const Mention& m, JsonWriter& w) {
  const double v = m.figure.value;
  if (!w.compact() || m.compare || m.share || !IsWholeNumber(v)) return false;
  const char* role = MentionRoleName(m.role);
  const std::optional<size_t> size =
      JsonWriter::PlainSize({m.figure.unit, m.figure.kind, m.figure.qualifier, m.subject, m.scope,
                             m.evidence.text, m.metric, role},
                            400);  // keys, numbers, punctuation
  if (!size) return false;
  w.AppendRaw(*size, [&](char* p) {
    p = Put(p, "{\"value\":");
    p = PutInt(p, static_cast<int64_t>(v));
    p = Put(p, ",\"unit\":");
    p = PutQuoted(p, m.figure.unit);
    p = Put(p, ",\"kind\":");
    p = PutQuoted(p, m.figure.kind);
    p = Put(p, ",\"qualifier\":");
    p = m.figure.qualifier.empty() ? Put(p, "null") : PutQuoted(p, m.figure.qualifier);
    p = Put(p, ",\"subject\":");
    p = PutQuoted(p, m.subject);
    p = Put(p, ",\"scope\":");
    p = m.scope.empty() ? Put(p, "null") : PutQuoted(p, m.scope);
    p = Put(p, ",\"year\":");
    p = m.year ? PutInt(p, *m.year) : Put(p, "null");
    p = Put(p, ",\"compare\":null,\"share\":null");
    p = PutEvidence(p, m.evidence);
    p = Put(p, ",\"metric\":");
    p = m.metric.empty() ? Put(p, "null") : PutQuoted(p, m.metric);
    p = Put(p, ",\"part_of\":");
    p = m.part_of ? std::to_chars(p, p + 24, static_cast<uint64_t>(*m.part_of)).ptr : Put(p, "null");
    p = Put(p, ",\"role\":");
    p = PutQuoted(p, role);
    *p++ = '}';
    return p;
  });
  return true;
}

void WriteMention(const Mention& m, JsonWriter& w) {
  if (WriteMentionCompact(m, w)) return;
  w.BeginObject();
  w.Key("value");
  w.Number(m.figure.value);
  w.Key("unit");
  w.String(m.figure.unit);
  w.Key("kind");
  w.String(m.figure.kind);
  w.Key("qualifier");
  w.StringOrNull(m.figure.qualifier);
  w.Key("subject");
  w.String(m.subject);
  w.Key("scope");
  w.StringOrNull(m.scope);
  w.Key("year");
  w.IntOrNull(m.year);
  w.Key("compare");
  if (m.compare) {
    const Compare& c = *m.compare;
    w.BeginObject();
    if (c.base_year) {
      w.Key("base_year");
      w.Int(*c.base_year);
    }
    if (c.base_value) {
      w.Key("base_value");
      w.Number(*c.base_value);
    }
    if (c.delta) {
      w.Key("delta");
      w.Number(*c.delta);
    }
    if (!c.direction.empty()) {
      w.Key("direction");
      w.String(c.direction);
    }
    if (c.rate_percent) {
      w.Key("rate_percent");
      w.Number(*c.rate_percent);
    }
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("share");
  if (m.share) {
    w.BeginObject();
    if (m.share->percent) {
      w.Key("percent");
      w.Number(*m.share->percent);
    }
    if (!m.share->of.empty()) {
      w.Key("of");
      w.String(m.share->of);
    }
    w.EndObject();
  } else {
    w.Null();
  }
  if (m.evidence.page > 0) {
    w.Key("page");
    w.Int(m.evidence.page);
  }
  w.Key("span");
  WriteSpan(m.evidence.span, w);
  w.Key("text");
  w.String(m.evidence.text);
  w.Key("metric");
  w.StringOrNull(m.metric);
  w.Key("part_of");
  if (m.part_of) {
    w.Uint(*m.part_of);
  } else {
    w.Null();
  }
  w.Key("role");
  w.String(MentionRoleName(m.role));
  w.EndObject();
}

// A metric is about a third of a report's JSON and has the same shape each time: without
// --pretty, and when its strings need no escape and its value is a whole number (nearly always),
// it is written in one piece, the keys as constants. Bytes as WriteMetric writes them.
bool WriteMetricCompact(const Metric& m, JsonWriter& w) {
  const double v = m.value;
  if (!w.compact() || !IsWholeNumber(v)) return false;
  const std::optional<size_t> size =
      JsonWriter::PlainSize({m.id, m.unit, m.unit_as_written, m.scope, m.source, m.table, m.row,
                             m.column, m.evidence.text},
                            400);  // keys, numbers, punctuation
  if (!size) return false;
  w.AppendRaw(*size, [&](char* p) {
    p = Put(p, "{\"id\":");
    p = PutQuoted(p, m.id);
    p = Put(p, ",\"value\":");
    p = PutInt(p, static_cast<int64_t>(v));
    p = Put(p, ",\"unit\":");
    p = PutQuoted(p, m.unit);
    if (!m.unit_as_written.empty()) {
      p = Put(p, ",\"unit_as_written\":");
      p = PutQuoted(p, m.unit_as_written);
    }
    p = Put(p, ",\"scope\":");
    p = m.scope.empty() ? Put(p, "null") : PutQuoted(p, m.scope);
    p = Put(p, ",\"source\":");
    p = PutQuoted(p, m.source);
    if (!m.table.empty()) {
      p = Put(p, ",\"table\":");
      p = PutQuoted(p, m.table);
    }
    if (!m.row.empty()) {
      p = Put(p, ",\"row\":");
      p = PutQuoted(p, m.row);
    }
    if (!m.column.empty()) {
      p = Put(p, ",\"column\":");
      p = PutQuoted(p, m.column);
    }
    p = m.derived ? Put(p, ",\"derived\":true") : Put(p, ",\"derived\":false");
    p = m.blank ? Put(p, ",\"blank\":true") : Put(p, ",\"blank\":false");
    if (m.na) p = Put(p, ",\"na\":true");
    if (m.recovered) p = Put(p, ",\"recovered\":true");
    p = PutEvidence(p, m.evidence);
    *p++ = '}';
    return p;
  });
  return true;
}

void WriteMetric(const Metric& m, JsonWriter& w) {
  if (WriteMetricCompact(m, w)) return;
  w.BeginObject();
  w.Key("id");
  w.String(m.id);
  w.Key("value");
  w.Number(m.value);
  w.Key("unit");
  w.String(m.unit);
  if (!m.unit_as_written.empty()) {
    w.Key("unit_as_written");
    w.String(m.unit_as_written);
  }
  w.Key("scope");
  w.StringOrNull(m.scope);
  w.Key("source");
  w.String(m.source);
  if (!m.table.empty()) {
    w.Key("table");
    w.String(m.table);
  }
  if (!m.row.empty()) {
    w.Key("row");
    w.String(m.row);
  }
  if (!m.column.empty()) {
    w.Key("column");
    w.String(m.column);
  }
  w.Key("derived");
  w.Bool(m.derived);
  w.Key("blank");
  w.Bool(m.blank);
  if (m.na) {
    w.Key("na");
    w.Bool(true);
  }
  if (m.recovered) {
    w.Key("recovered");
    w.Bool(true);
  }
  if (m.evidence.page > 0) {
    w.Key("page");
    w.Int(m.evidence.page);
  }
  w.Key("span");
  WriteSpan(m.evidence.span, w);
  w.Key("text");
  w.String(m.evidence.text);
  w.EndObject();
}

void WriteFinding(const Finding& f, JsonWriter& w) {
  w.BeginObject();
  w.Key("rule");
  w.String(f.rule);
  w.Key("severity");
  w.String(f.severity);
  w.Key("message");
  w.String(f.message);
  w.Key("metrics");
  w.BeginArray();
  for (const std::string& id : f.metrics) w.String(id);
  w.EndArray();
  if (f.expected) {
    w.Key("expected");
    w.Number(*f.expected);
  }
  if (f.actual) {
    w.Key("actual");
    w.Number(*f.actual);
  }
  if (f.evidence) {
    w.Key("span");
    WriteSpan(f.evidence->span, w);
  }
  w.EndObject();
}

void WriteReport(const Report& report, JsonWriter& w) {
  w.BeginObject();
  w.Key("schema_version");
  w.String(kSchemaVersion);
  w.Key("source");
  w.BeginObject();
  w.Key("path");
  w.String(report.source.path);
  w.Key("bytes");
  w.Uint(report.source.bytes);
  w.Key("sha256");
  w.String(report.source.sha256);
  w.Key("encoding");
  w.StringOrNull(report.source.encoding);
  w.Key("format");
  w.String(report.source.format);
  w.Key("span_basis");
  w.String(report.source.span_basis);
  if (report.source.id) {
    w.Key("id");
    w.String(*report.source.id);
  }
  w.EndObject();
  w.Key("report");
  w.BeginObject();
  w.Key("title");
  w.StringOrNull(report.report.title);
  w.Key("issuer");
  w.StringOrNull(report.report.issuer);
  w.Key("year");
  w.IntOrNull(report.report.year);
  w.Key("format_revision");
  w.StringOrNull(report.report.format_revision);
  if (report.report.title_evidence) {
    w.Key("span");
    WriteSpan(report.report.title_evidence->span, w);
    w.Key("text");
    w.String(report.report.title_evidence->text);
  }
  w.EndObject();
  w.Key("metrics");
  w.BeginArray();
  for (const Metric& m : report.metrics) WriteMetric(m, w);
  w.EndArray();
  w.Key("mentions");
  w.BeginArray();
  for (const Mention& m : report.mentions) WriteMention(m, w);
  w.EndArray();
  w.Key("findings");
  w.BeginArray();
  for (const Finding& f : report.findings) WriteFinding(f, w);
  w.EndArray();
  if (!report.errors.empty()) {
    w.Key("errors");
    w.BeginArray();
    for (const ReportError& e : report.errors) {
      w.BeginObject();
      w.Key("code");
      w.String(e.code);
      w.Key("message");
      w.String(e.message);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

// The tree is read back from the text so that there is one printer: the two can never differ.
json ReportToJson(const Report& report) {
  return json::parse(ReportToJsonText(report, -1), nullptr, /*allow_exceptions=*/false);
}

std::string ReportToJsonText(const Report& report, int indent) {
  std::string out;
  {
    // Roughly the size of the text printed for the bundled samples, to grow the text rarely.
    JsonWriter w(indent, &out, 4096 + 256 * (report.metrics.size() + report.mentions.size()));
    WriteReport(report, w);
  }  // the writer cuts the text to what it wrote
  return out;
}

struct SchemaValidator::Impl {
  valijson::Schema schema;
};

SchemaValidator::SchemaValidator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SchemaValidator::SchemaValidator(SchemaValidator&&) noexcept = default;
SchemaValidator& SchemaValidator::operator=(SchemaValidator&&) noexcept = default;
SchemaValidator::~SchemaValidator() = default;

Result<SchemaValidator> SchemaValidator::Load(const DataFiles& files) {
  Result<std::string> text = files.Read("report.schema.json");
  if (!text.ok()) return text.status();
  nlohmann::json schema_document = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (schema_document.is_discarded()) {
    return Status(StatusCode::kInvalidArgument, "report.schema.json is not valid JSON");
  }
  auto impl = std::make_unique<Impl>();
  try {
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(schema_document);
    parser.populateSchema(adapter, impl->schema);
  } catch (const std::exception& e) {
    return Status(StatusCode::kInvalidArgument, std::string("report.schema.json: ") + e.what());
  }
  return SchemaValidator(std::move(impl));
}

Status SchemaValidator::Validate(const nlohmann::ordered_json& document) const {
  // valijson's adapter reads nlohmann::json; key order does not matter to a schema.
  return Validate(nlohmann::json::parse(document.dump()));
}

Status SchemaValidator::Validate(const nlohmann::json& document) const {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(impl_->schema, target, &results)) return Status::Ok();
  std::string message = "does not match schemas/report.schema.json:";
  valijson::ValidationResults::Error error;
  int shown = 0;
  while (results.popError(error) && shown < 20) {
    std::string where;
    for (const std::string& part : error.context) where += part;
    message += "\n  " + where + ": " + error.description;
    ++shown;
  }
  return Status(StatusCode::kInvalidArgument, message);
}

}  // namespace ogi
