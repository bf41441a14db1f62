// From figures to mentions, per block, in four passes:
//   1. roles: the text between a figure and the one before it says whether the figure is a
//      comparison base (比2015年的950件), a change (增加2884件), a rate (同比增长6%), a share
//      (占66%) or a figure in its own right;
//   2. subject, scope and year of each main figure from the words of its clause before it
//      (time phrase, scope phrase, connectives and linkers stripped); dependent figures take
//      the subject of the figure they depend on;
//   3. comparisons and shares attached to the main figure they belong to;
//   4. parts: figures after 其中 are parts of the total before it, up to the end of the sentence.
// Everything is computed on text with spaces and line breaks removed (layout text wraps lines
// inside words), while spans stay those of the figures.
#include "ogi/mention.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>

#include "internal/byte_scan.h"
#include "internal/regex_starts.h"
#include "internal/utf8.h"
#include "ogi/metric.h"

namespace ogi {

namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// The value of the first run of four ASCII digits in s (the leftmost match of RE2's \d{4},
// which is ASCII only), or nullopt. Read by hand: RE2 with a capture allocates on every call.
std::optional<int> FirstFourDigits(std::string_view s) {
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    if (IsAsciiDigit(s[i]) && IsAsciiDigit(s[i + 1]) && IsAsciiDigit(s[i + 2]) && IsAsciiDigit(s[i + 3])) {
      return (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
    }
  }
  return std::nullopt;
}

// The year of a text that starts with four digits and 年 (^(\d{4})年), or nullopt.
std::optional<int> LeadingYear(std::string_view s) {
  if (s.size() < 4 + std::strlen("年") || s.substr(4, std::strlen("年")) != "年") return std::nullopt;
  return FirstFourDigits(s.substr(0, 4));
}

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The first space byte (IsSpaceByte) of s at or after `from`, or s.size().
size_t FirstSpaceByte(std::string_view s, size_t from) { return internal::NextByteOf<' ', '\t', '\n', '\r', '\f'>(s, from, s.size()); }


// s without spaces and line breaks: s itself when it has none (most prose), else a copy in
// *buffer.
std::string_view WithoutSpaces(std::string_view s, std::string* buffer) {
  size_t space = FirstSpaceByte(s, 0);
  if (space == s.size()) return s;
  buffer->clear();
  size_t run = 0;  // start of the run of non-space bytes not copied yet
  while (space < s.size()) {
    buffer->append(s.data() + run, space - run);
    run = space + 1;
    space = FirstSpaceByte(s, run);
  }
  buffer->append(s.data() + run, s.size() - run);
  return *buffer;
}

std::string WithoutSpaces(std::string_view s) {
  std::string buffer;
  return std::string(WithoutSpaces(s, &buffer));
}

// The first (last) byte is compared first: it rejects most words without the call to memcmp
// that dominated these short compares. Inlined: with a literal word most of the test folds.
[[gnu::always_inline]] inline bool StartsWith(std::string_view s, std::string_view p) {
  return p.empty() || (s.size() >= p.size() && s[0] == p[0] && s.substr(0, p.size()) == p);
}
[[gnu::always_inline]] inline bool EndsWith(std::string_view s, std::string_view p) {
  return p.empty() || (s.size() >= p.size() && s.back() == p.back() && s.substr(s.size() - p.size()) == p);
}

// Where a sentence mark may start: ! and ?, and E3 and EF, with which 。！？ start. In valid UTF-8 (every normalized text) these
// bytes only start characters, so the bytes passed over hold no mark; ideographs, most of a
// Chinese text, start with E4 to E9.
size_t NextSentenceMarkByte(std::string_view text, size_t from, size_t end) {
  return internal::NextByteOf<'!', '?', 0xE3, 0xEF>(text, from, end);
}

// Whether 。！？ (E3 80 82, EF BC 81, EF BC 9F) is at text[i]: compared by byte, as the
// string_view compares were calls, one per E3 or EF character of a block.
bool IsFullStopAt(std::string_view text, size_t i) {
  if (i + 3 > text.size()) return false;
  const auto* b = reinterpret_cast<const unsigned char*>(text.data() + i);
  return (b[0] == 0xE3 && b[1] == 0x80 && b[2] == 0x82) || (b[0] == 0xEF && b[1] == 0xBC && (b[2] == 0x81 || b[2] == 0x9F));
}

}  // namespace

namespace internal {

std::string_view TextWithoutSpaces(std::string_view text, std::string* buffer) { return WithoutSpaces(text, buffer); }

// Sentence ends for roles and parts: 。！？ (not ；, which separates the parts of one sentence).
// Only as far as the first sentence that ends after `until` (the last figure's start): Build
// looks no further, and past that sentence it would pick the same ones from the whole list.
// Not inlined: inside Build its loop ran out of registers and reloaded them at every character.
[[gnu::noinline]] std::vector<Span> SentencesThrough(std::string_view text, Span block, size_t until) {
  std::vector<Span> out;
  size_t start = block.start;
  for (size_t i = NextSentenceMarkByte(text, block.start, block.end); i < block.end;
       i = NextSentenceMarkByte(text, i, block.end)) {
    const auto c = static_cast<unsigned char>(text[i]);
    bool ends = true;  // ! or ?
    if (c < 0x80) {
      ++i;
    } else {  // E3 or EF: a three-byte character
      ends = IsFullStopAt(text, i);
      i += 3;
    }
    if (ends) {
      out.push_back({start, i});
      start = i;
      if (i > until) return out;
    }
  }
  if (start < block.end) out.push_back({start, block.end});
  return out;
}

}  // namespace internal

namespace {

std::string AlternationOf(const std::vector<std::string>& words, bool escape) {
  std::vector<std::string> sorted = words;
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string out;
  for (const std::string& w : sorted) {
    if (!out.empty()) out += "|";
    out += escape ? RE2::QuoteMeta(w) : w;
  }
  return out;
}

}  // namespace

namespace {

// An anchored alternation of the words of one role, with the first characters of the words:
// most texts start with none of them, and testing the first character spares the RE2 call.
struct WordPattern {
  std::unique_ptr<RE2> re;
  CodePointSet starts;
  bool has_empty_word = false;  // an empty word (or none at all) starts every text

  // False when no word of the role is a prefix of text.
  bool MayStartWithWord(std::string_view text) const {
    return has_empty_word || (!text.empty() && starts.Contains(internal::FirstCodePoint(text)));
  }
  const RE2& operator*() const { return *re; }
};

WordPattern MakeWordPattern(std::unique_ptr<RE2> re, const std::vector<std::string>& words) {
  WordPattern pattern;
  pattern.re = std::move(re);
  pattern.has_empty_word = words.empty();
  for (const std::string& word : words) {
    if (word.empty()) pattern.has_empty_word = true;
    else pattern.starts.Insert(internal::FirstCodePoint(word));
  }
  return pattern;
}

// What a text needs for a pattern to match it: a first character among `starts` and one of
// `needed` written in it. Most gaps and tails fail the first test; the RE2 call costs more
// than both. Built from the same words as the pattern.
class Gate {
 public:
  // The pattern starts with one of `words`, or with one of `openers` that may precede them.
  void StartWith(std::initializer_list<const std::vector<std::string>*> words,
                 const std::vector<std::string_view>& openers = {}) {
    checks_start_ = true;
    for (std::string_view opener : openers) starts_.Insert(internal::FirstCodePoint(opener));
    for (const std::vector<std::string>* list : words) {
      // An empty alternation or word matches the empty string: anything may follow it.
      any_start_ = any_start_ || list->empty();
      for (const std::string& word : *list) {
        any_start_ = any_start_ || word.empty();
        starts_.Insert(internal::FirstCodePoint(word));
      }
    }
  }
  // The pattern cannot match without one of `words` written in the text.
  void Need(std::initializer_list<const std::vector<std::string>*> words) {
    checks_words_ = true;
    for (const std::vector<std::string>* list : words) {
      any_text_ = any_text_ || list->empty();
      for (const std::string& word : *list) {
        any_text_ = any_text_ || word.empty();
        needed_.push_back(word);
        need_starts_.Insert(internal::FirstCodePoint(word));
      }
    }
  }
  bool MayStart(std::string_view text) const {
    return !checks_start_ || any_start_ || (!text.empty() && starts_.Contains(internal::FirstCodePoint(text)));
  }
  bool MayMatch(std::string_view text) const {
    if (!MayStart(text)) return false;
    if (!checks_words_ || any_text_) return true;
    // One pass over the text: only where a needed word may start are the words compared.
    for (size_t pos = 0; pos < text.size();) {
      // Most characters are three bytes long (valid UTF-8: E0 to EF and two continuation
      // bytes): their first two bytes give their block of 64 code points, and most blocks
      // hold no first character of a needed word. Decoding each character cost more.
      const auto lead = static_cast<unsigned char>(text[pos]);
      if ((lead & 0xF0) == 0xE0 && pos + 3 <= text.size() &&
          !need_starts_.AnyInBlock((lead & 0x0Fu) << 6 | (static_cast<unsigned char>(text[pos + 1]) & 0x3Fu))) {
        pos += 3;
        continue;
      }
      size_t length = 0;
      if (need_starts_.Contains(internal::DecodeUtf8At(text, pos, &length))) {
        for (const std::string& word : needed_) {
          if (text.compare(pos, word.size(), word) == 0) return true;
        }
      }
      pos += length;
    }
    return false;
  }

 private:
  bool checks_start_ = false, any_start_ = false;
  CodePointSet starts_;
  bool checks_words_ = false, any_text_ = false;
  std::vector<std::string> needed_;
  CodePointSet need_starts_;  // first characters of needed_
};

// What may open a comparison gap (，比上年增长) and a tail after a figure (，比上年有所增长).
const std::vector<std::string_view> kGapOpeners = {",", "，", "("};
const std::vector<std::string_view> kTailOpeners = {",", "，"};
const std::string kCompared = "相比";  // 与上年相比
const std::string kShareWord = "占";

// A character class of the given characters, for a pattern.
std::string ClassOf(const std::vector<std::string_view>& chars) {
  std::string out = "[";
  for (std::string_view c : chars) out += RE2::QuoteMeta(c);
  return out + "]";
}

// Byte length of the run of `chars` that text starts with.
size_t LeadingRunLength(std::string_view text, const CodePointSet& chars) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t length = 0;
    if (!chars.Contains(internal::DecodeUtf8At(text, pos, &length))) break;
    pos += length;
  }
  return pos;
}

}  // namespace

// The words of the text before a figure, segmented on the first question about a word
// boundary: most subjects are read without asking one, and segmenting is the slowest step.
class MentionBuilder::ClauseWords {
 public:
  ClauseWords(const Segmenter& segmenter, std::string_view text) : segmenter_(segmenter), text_(text) {}

  const std::vector<Token>& Tokens() {
    if (!segmented_) {
      tokens_ = segmenter_.Segment(text_, {0, text_.size()});
      segmented_ = true;
    }
    return tokens_;
  }
  // Whether a word ends at pos (the start and the end of the text count).
  bool IsBoundary(size_t pos) {
    if (pos == 0 || pos == text_.size()) return true;
    if (!segmented_) {
      if (term_ends_.empty()) term_ends_.push_back(0);
      // The segmenter makes the longest lexicon term at a token start one token, so while
      // terms follow each other from the start the tokens are known without ICU: 本年新收 is
      // one word whatever follows, and 本年 alone is none.
      while (term_ends_.back() < pos) {
        const size_t term = segmenter_.LongestTermAt(text_, term_ends_.back());
        if (term == 0) break;
        term_ends_.push_back(term_ends_.back() + term);
      }
      if (term_ends_.back() >= pos) return std::find(term_ends_.begin(), term_ends_.end(), pos) != term_ends_.end();
    }
    const std::vector<Token>& tokens = Tokens();
    // Token ends increase: tokens are in text order and do not overlap.
    auto it = std::lower_bound(tokens.begin(), tokens.end(), pos,
                               [](const Token& t, size_t p) { return t.span.end < p; });
    return it != tokens.end() && it->span.end == pos;
  }

 private:
  const Segmenter& segmenter_;
  std::string_view text_;
  bool segmented_ = false;
  std::vector<Token> tokens_;
  std::vector<size_t> term_ends_;  // 0, then the ends of the lexicon terms that open the text
};

const char* MentionRoleName(MentionRole role) {
  switch (role) {
    case MentionRole::kMain: return "figure";
    case MentionRole::kBase: return "base";
    case MentionRole::kDelta: return "change";
    case MentionRole::kRate: return "rate";
    case MentionRole::kShare: return "share";
  }
  return "figure";
}

bool MentionRoleFromName(std::string_view name, MentionRole* role) {
  for (MentionRole r : {MentionRole::kMain, MentionRole::kBase, MentionRole::kDelta, MentionRole::kRate,
                        MentionRole::kShare}) {
    if (name == MentionRoleName(r)) {
      *role = r;
      return true;
    }
  }
  return false;
}

struct MentionBuilder::Vocabulary {
  std::unique_ptr<RE2> time;        // ^(time words)
  // The characters a time phrase may start with, read from the pattern: most subjects start
  // with none of them, and this test costs a fraction of the RE2 call that would fail.
  internal::MatchStartFilter time_starts;
  bool MayStartWithTime(std::string_view text) const {
    return text.empty() || time_starts.MayStartAt(text, 0);
  }
  WordPattern lead;                 // ^(connectives)
  WordPattern self;                 // ^(我省 ...)
  WordPattern verb;                 // ^(light verbs)
  std::vector<std::string> trim_end;
  WordPattern filler;               // ^(和|对|向 ...)*$: a subject made only of these is none
  std::vector<std::string> filler_words;
  WordPattern post_stop;            // ^(的|并|比 ...): what follows the figure is not its noun
  WordPattern scope;                // ^(scope pieces)+
  std::vector<std::string> scope_heads;
  std::vector<std::string> up, down, flat;
  std::unique_ptr<RE2> base_gap;    // the gap before a comparison base
  std::unique_ptr<RE2> change_gap;  // the gap before a change or a rate
  std::unique_ptr<RE2> share_gap;   // the gap before a share
  std::unique_ptr<RE2> direction_only;  // 比上年有所增长 after a figure
  Gate base_gate, change_gate, share_gate, direction_gate;  // of the four patterns above
  CodePointSet leading_punctuation;  // left at a subject's start: "(其中上年结转" is 上年结转
  std::string part_word;            // 其中
  std::set<std::string, std::less<>> list_end;  // 等: what was counted follows the end of a list

  // Whether a word of list_end is written in text (a token can be one only then).
  bool MayHaveListEnd(std::string_view text) const {
    for (const std::string& word : list_end) {
      if (internal::Contains(text, word)) return true;
    }
    return false;
  }
  struct ProseMetric {
    std::string id;
    std::unique_ptr<RE2> pattern;
    std::string parent;
  };
  std::vector<ProseMetric> metrics;
  // Indices of the metrics whose units include a unit, in table order: a mention is compared
  // with these only (string compares of every unit of every metric were a third of MapMetrics).
  std::map<std::string, std::vector<size_t>, std::less<>> metrics_of_unit;
  const std::vector<size_t>& MetricsOf(std::string_view unit) const {
    static const std::vector<size_t> kNone;
    auto it = metrics_of_unit.find(unit);
    return it == metrics_of_unit.end() ? kNone : it->second;
  }
  // All metric patterns: one pass over a subject says which of them it matches.
  std::unique_ptr<RE2::Set> metric_patterns;

  // The indices of the metrics whose pattern subject matches, in *matched (reused by the
  // caller: a vector per subject was most of the allocations of MapMetrics).
  void MatchingMetrics(std::string_view subject, std::vector<int>* matched) const {
    matched->clear();
    RE2::Set::ErrorInfo error;
    if (metric_patterns && metric_patterns->Match(subject, matched, &error)) return;
    matched->clear();
    if (!metric_patterns || error.kind != RE2::Set::kNoError) {
      for (size_t k = 0; k < metrics.size(); ++k) {
        if (RE2::PartialMatch(subject, *metrics[k].pattern)) matched->push_back(static_cast<int>(k));
      }
    }
  }
  // Whether subject matches the pattern of metrics[k], one of the `candidates` metrics of a
  // unit. A lone candidate is asked its own pattern: RE2::Set::Match allocates on every call
  // and cost more than one pattern. Otherwise the set answers for all of them at once, in
  // *matched, filled on the first question (*computed) about a subject.
  bool SubjectMatches(std::string_view subject, size_t k, size_t candidates, std::vector<int>* matched,
                      bool* computed) const {
    if (candidates == 1) return RE2::PartialMatch(subject, *metrics[k].pattern);
    if (!*computed) {
      MatchingMetrics(subject, matched);
      *computed = true;
    }
    return std::find(matched->begin(), matched->end(), static_cast<int>(k)) != matched->end();
  }

  // The metric without a parent (a total such as review.total) that a subject names, or "".
  // *matched is scratch space.
  std::string_view RootMetric(std::string_view subject, const std::string& unit, std::vector<int>* matched) const {
    bool computed = false;  // matched is filled for the first metric of the unit
    const std::vector<size_t>& candidates = MetricsOf(unit);
    for (size_t k : candidates) {
      const ProseMetric& pm = metrics[k];
      if (!pm.parent.empty()) continue;
      if (SubjectMatches(subject, k, candidates.size(), matched, &computed)) return pm.id;
    }
    return "";
  }

  std::string Direction(std::string_view word) const {
    for (const auto& [list, name] : {std::pair{&up, "up"}, std::pair{&down, "down"}, std::pair{&flat, "flat"}}) {
      for (const std::string& w : *list) {
        if (internal::Contains(word, w)) return name;
      }
    }
    return "";
  }
};

MentionBuilder::MentionBuilder(std::unique_ptr<Vocabulary> vocabulary) : words_(std::move(vocabulary)) {}
MentionBuilder::MentionBuilder(MentionBuilder&&) noexcept = default;
MentionBuilder& MentionBuilder::operator=(MentionBuilder&&) noexcept = default;
MentionBuilder::~MentionBuilder() = default;

Result<MentionBuilder> MentionBuilder::Load(const DataFiles& files, const Segmenter& segmenter,
                                           const FigureRecognizer& figures) {
  Result<TsvTable> table = LoadTsv(files, "mention_words.tsv");
  if (!table.ok()) return table.status();
  std::map<std::string, std::vector<std::string>> by_role;
  for (size_t r = 0; r < table->rows.size(); ++r) {
    by_role[std::string(table->Cell(r, "role"))].emplace_back(table->Cell(r, "word"));
  }
  auto vocabulary = std::make_unique<Vocabulary>();
  Vocabulary& v = *vocabulary;
  std::string errors;
  auto compile = [&errors](const std::string& pattern) {
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<RE2>(pattern, options);
    if (!re->ok()) errors += "\n  bad pattern " + pattern + ": " + re->error();
    return re;
  };
  v.time = compile("^(?:" + AlternationOf(by_role["time"], false) + ")");
  v.time_starts.Add(internal::AnalyzeRegexStarts(v.time->pattern()));
  v.lead = MakeWordPattern(compile("^(?:" + AlternationOf(by_role["lead"], true) + ")"), by_role["lead"]);
  v.self = MakeWordPattern(compile("^(?:" + AlternationOf(by_role["self"], true) + ")"), by_role["self"]);
  v.verb = MakeWordPattern(compile("^(?:" + AlternationOf(by_role["verb"], true) + ")了?"), by_role["verb"]);
  v.trim_end = by_role["trim_end"];
  v.filler_words = by_role["filler"];
  v.post_stop = MakeWordPattern(compile("^(?:" + AlternationOf(by_role["post_stop"], true) + ")"),
                                by_role["post_stop"]);
  v.filler = MakeWordPattern(compile("^(?:" + AlternationOf(by_role["filler"], true) + ")*$"), by_role["filler"]);
  std::sort(v.trim_end.begin(), v.trim_end.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  v.scope = MakeWordPattern(compile("^(?:" + AlternationOf(by_role["scope"], true) + ")+"), by_role["scope"]);
  v.scope_heads = by_role["scope_head"];
  v.up = by_role["up"];
  v.down = by_role["down"];
  v.flat = by_role["flat"];
  std::string base = AlternationOf(by_role["base"], true);
  std::string directions = AlternationOf(by_role["up"], true) + "|" + AlternationOf(by_role["down"], true);
  // 比2015年的 / 较2015年 / 比2015的 / 较去年 / 与上年同期相比
  std::string base_year = R"((?:\d{4}年?度?|上年度?|去年|上一年度?|前一年)(?:同期)?)";
  v.base_gap = compile("^" + ClassOf(kGapOpeners) + "?(?:" + base + ")" + base_year + "(?:的)?$");
  v.change_gap = compile("^" + ClassOf(kGapOpeners) + "?(?:(?:" + base + ")(?:" + base_year + ")?)?(?:" +
                         RE2::QuoteMeta(kCompared) + ")?" + ClassOf(kTailOpeners) + "?(?:" + directions + ")(?:了)?$");
  v.share_gap = compile("^[,，;；]?(.*?)" + RE2::QuoteMeta(kShareWord) + "(.*?)(?:的)?$");
  v.direction_only = compile("^" + ClassOf(kTailOpeners) + "?(?:" + base + ")(" + base_year +
                             R"()(?:有所|略有|大幅|明显)?()" + directions + "|" +
                             AlternationOf(by_role["flat"], true) + ")");
  const std::vector<std::string>& base_words = by_role["base"];
  const std::vector<std::string> compared = {kCompared}, share_word = {kShareWord};
  v.base_gate.StartWith({&base_words}, kGapOpeners);
  v.base_gate.Need({&base_words});
  v.change_gate.StartWith({&base_words, &compared, &v.up, &v.down}, kGapOpeners);
  v.change_gate.Need({&v.up, &v.down});
  v.share_gate.Need({&share_word});
  v.direction_gate.StartWith({&base_words}, kTailOpeners);
  v.direction_gate.Need({&base_words});
  for (std::string_view c : {"(", "[", "“", "\"", "‘", "'", "，", ",", "、", ":", "：", ";", "；"}) {
    v.leading_punctuation.Insert(internal::FirstCodePoint(c));
  }
  if (by_role["part"].empty()) errors += "\n  mention_words.tsv: no word with role part (其中)";
  else v.part_word = by_role["part"][0];
  v.list_end.insert(by_role["list_end"].begin(), by_role["list_end"].end());

  Result<TsvTable> metrics = LoadTsv(files, "prose_metrics.tsv");
  if (!metrics.ok()) return metrics.status();
  for (size_t r = 0; r < metrics->rows.size(); ++r) {
    Vocabulary::ProseMetric m;
    m.id = metrics->Cell(r, "id");
    std::string_view units = metrics->Cell(r, "units");
    for (size_t start = 0; start <= units.size();) {
      size_t bar = units.find('|', start);
      if (bar == std::string_view::npos) bar = units.size();
      std::vector<size_t>& of_unit = v.metrics_of_unit[std::string(units.substr(start, bar - start))];
      if (of_unit.empty() || of_unit.back() != v.metrics.size()) of_unit.push_back(v.metrics.size());
      start = bar + 1;
    }
    m.pattern = compile(std::string(metrics->Cell(r, "pattern")));
    m.parent = metrics->Cell(r, "parent");
    v.metrics.push_back(std::move(m));
  }
  if (!errors.empty()) return Status(StatusCode::kInvalidArgument, "mention data:" + errors);
  RE2::Options set_options;
  set_options.set_log_errors(false);
  v.metric_patterns = std::make_unique<RE2::Set>(set_options, RE2::UNANCHORED);
  for (const Vocabulary::ProseMetric& pm : v.metrics) {
    if (v.metric_patterns->Add(pm.pattern->pattern(), nullptr) < 0) errors += "\n  bad pattern " + pm.pattern->pattern();
  }
  if (!v.metric_patterns->Compile()) errors += "\n  prose metric patterns do not compile as a set";
  if (!errors.empty()) return Status(StatusCode::kInvalidArgument, "mention data:" + errors);
  MentionBuilder builder(std::move(vocabulary));

  // Each example sentence of prose_metrics.tsv must map to exactly its expected metrics.
  std::string failures;
  for (size_t r = 0; r < metrics->rows.size(); ++r) {
    std::string example(metrics->Cell(r, "example"));
    if (example.empty()) continue;
    std::vector<Mention> mentions =
        builder.Build(example, {0, example.size()}, figures.Find(example), segmenter, {});
    std::vector<Metric> found = builder.MapMetrics(&mentions, std::nullopt);
    std::string got;
    for (const Metric& metric : found) {
      char value[64];
      std::snprintf(value, sizeof value, "%.15g", metric.value);
      got += (got.empty() ? "" : " ") + metric.id + "=" + value;
    }
    if (got != metrics->Cell(r, "expected")) {
      failures += "\n  prose_metrics.tsv line " + std::to_string(metrics->line_numbers[r]) +
                  ": input \"" + example + "\" expected \"" + std::string(metrics->Cell(r, "expected")) +
                  "\" got \"" + got + "\"";
    }
  }
  if (!failures.empty()) return Status(StatusCode::kInvalidArgument, "prose metric self-test failed:" + failures);
  return builder;
}

std::vector<std::string> MentionBuilder::GateMisses(const std::vector<std::string>& texts, size_t* matches) const {
  const Vocabulary& v = *words_;
  std::vector<std::string> misses;
  *matches = 0;
  auto check = [&](bool pattern_matches, bool gate_passes, std::string_view name, const std::string& text) {
    *matches += pattern_matches;
    if (pattern_matches && !gate_passes) misses.push_back(std::string(name) + ": " + text);
  };
  for (const std::string& text : texts) {
    re2::StringPiece piece(text);
    check(RE2::Consume(&piece, *v.time), v.MayStartWithTime(text), "time", text);
    check(RE2::FullMatch(text, *v.base_gap), v.base_gate.MayMatch(text), "base", text);
    check(RE2::FullMatch(text, *v.change_gap), v.change_gate.MayMatch(text), "change", text);
    check(RE2::FullMatch(text, *v.share_gap), v.share_gate.MayMatch(text), "share", text);
    check(RE2::PartialMatch(text, *v.direction_only),
          v.direction_gate.MayStart(text) && v.direction_gate.MayMatch(text), "direction", text);
  }
  return misses;
}

std::string_view MentionBuilder::PostPhrase(std::string_view text, const Figure& figure, size_t limit,
                                           Span clause, std::string* buffer) const {
  const Vocabulary& v = *words_;
  size_t end = std::min(limit, clause.end);
  if (end <= figure.span.end) return "";
  std::string_view post = WithoutSpaces(text.substr(figure.span.end, end - figure.span.end), buffer);
  while (!post.empty() && (EndsWith(post, "，") || EndsWith(post, "、") || EndsWith(post, "。") ||
                           EndsWith(post, "；") || EndsWith(post, ",") || EndsWith(post, ";") ||
                           EndsWith(post, "：") || EndsWith(post, ":"))) {
    post.remove_suffix(internal::PreviousCodePointLength(post, post.size()));
  }
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (const std::string& word : v.filler_words) {
      if (post.size() > word.size() && EndsWith(post, word)) {
        post.remove_suffix(word.size());
        trimmed = true;
      }
    }
  }
  if (EndsWith(post, ")") && std::count(post.begin(), post.end(), '(') < std::count(post.begin(), post.end(), ')')) {
    post.remove_suffix(1);  // the closing bracket of a parenthesis the figure stands in
  }
  bool balanced = std::count(post.begin(), post.end(), '(') == std::count(post.begin(), post.end(), ')');
  // A noun phrase is short; a long tail is the rest of the sentence, not what was counted.
  if (post.empty() || !balanced || post.size() > 3 * 16 ||
      (v.filler.MayStartWithWord(post) && RE2::FullMatch(post, *v.filler))) {
    return "";
  }
  return post;
}

size_t MentionBuilder::TrimEnd(std::string_view text, size_t begin, size_t end,
                               ClauseWords* words) const {
  // Only whole words are trimmed: 为 goes in 的为, not in 具体行政行为.
  for (bool trimmed = true; trimmed && end > begin;) {
    trimmed = false;
    for (const std::string& word : words_->trim_end) {
      if (end - begin <= word.size() || !EndsWith(text.substr(0, end), word)) continue;
      if (!words->IsBoundary(end - word.size())) continue;
      end -= word.size();
      trimmed = true;
      break;
    }
  }
  return end;
}

std::vector<Mention> MentionBuilder::Build(std::string_view text, Span block,
                                           const std::vector<Figure>& figures,
                                           const Segmenter& segmenter,
                                           const MentionOptions& options) const {
  const Vocabulary& v = *words_;
  std::vector<Mention> mentions;
  mentions.reserve(figures.size());
  size_t last_start = block.start;  // figures come in text order; the max holds for any order
  for (const Figure& figure : figures) last_start = std::max(last_start, figure.span.start);
  std::vector<Span> sentences = internal::SentencesThrough(text, block, last_start);
  // Clauses of the current sentence only: sentences without a figure need none. Sentence ends
  // end clauses too, so these are the block's clauses of that sentence.
  std::vector<Span> clauses;
  size_t sentence_index = 0, clause_index = 0;
  std::optional<size_t> previous_sentence_last_main;  // for 其中 opening a new sentence
  std::optional<size_t> total;                       // the total parts attach to
  size_t sentence_first = 0;                          // first mention of the current sentence
  std::string gap_buffer, pre_buffer, post_buffer;    // for text without spaces, reused
  std::vector<int> matched_metrics;                   // scratch of RootMetric, reused
  for (size_t i = 0; i < figures.size(); ++i) {
    const Figure& figure = figures[i];
    size_t old_sentence = sentence_index;
    while (sentence_index + 1 < sentences.size() && sentences[sentence_index].end <= figure.span.start) ++sentence_index;
    bool new_sentence = i == 0 || sentence_index != old_sentence;
    const Span sentence = sentences.empty() ? block : sentences[sentence_index];
    if (new_sentence) {
      clauses = SplitClauses(text, sentence);
      clause_index = 0;
    }
    while (clause_index + 1 < clauses.size() && clauses[clause_index].end <= figure.span.start) ++clause_index;
    if (new_sentence) {
      for (size_t k = mentions.size(); k > sentence_first; --k) {
        if (mentions[k - 1].role == MentionRole::kMain) {
          previous_sentence_last_main = k - 1;
          break;
        }
      }
      sentence_first = mentions.size();
      total.reset();
    }
    const Span clause = clauses.empty() ? block : clauses[clause_index];
    // The gap: text since the previous figure of the same sentence (or the sentence start).
    size_t gap_start = sentence.start;
    if (!new_sentence && !mentions.empty()) gap_start = std::max(gap_start, mentions.back().figure.span.end);
    const std::string_view gap = WithoutSpaces(text.substr(gap_start, figure.span.start - gap_start), &gap_buffer);
    Mention* previous = (!new_sentence && !mentions.empty()) ? &mentions.back() : nullptr;
    // The main figure a dependent figure belongs to: the last main one of this sentence.
    Mention* main = nullptr;
    for (size_t k = mentions.size(); k > sentence_first; --k) {
      if (mentions[k - 1].role == MentionRole::kMain) {
        main = &mentions[k - 1];
        break;
      }
    }
    // Built in place (the reserve above keeps previous and main where they are): moving a
    // Mention, a dozen strings and optionals, cost more than filling it.
    Mention& m = mentions.emplace_back();
    m.figure = figure;
    m.year = options.report_year;
    std::string why;

    // 1. Role.
    std::string share_before, share_of;
    if (main != nullptr && v.base_gate.MayMatch(gap) && RE2::FullMatch(gap, *v.base_gap) &&
        figure.kind == main->figure.kind &&
        figure.unit == main->figure.unit) {
      m.role = MentionRole::kBase;
      if (std::optional<int> year = FirstFourDigits(gap)) m.year = year;
      else if (options.report_year) m.year = *options.report_year - 1;
      if (!main->compare) main->compare = Compare();
      main->compare->base_year = m.year;
      main->compare->base_value = figure.value;
      if (options.explain) why += "base of a comparison (gap '" + std::string(gap) + "'); ";
    } else if (main != nullptr && v.change_gate.MayMatch(gap) && RE2::FullMatch(gap, *v.change_gap)) {
      std::string direction = v.Direction(gap);
      if (!main->compare) main->compare = Compare();
      Compare& c = *main->compare;
      if (!direction.empty()) c.direction = direction;
      if (figure.kind == "percent" || figure.kind == "ratio") {
        // 增长两成 and 增长1.5倍 are rates too: 20% and 150%.
        m.role = MentionRole::kRate;
        c.rate_percent = figure.kind == "ratio" ? figure.value * 100 : figure.value;
      } else {
        m.role = MentionRole::kDelta;
        c.delta = figure.value;
      }
      if (!c.base_year) {
        if (std::optional<int> year = FirstFourDigits(gap)) c.base_year = year;
        else if (options.report_year && (internal::Contains(gap, "同比") || internal::Contains(gap, "上年") ||
                                         internal::Contains(gap, "去年"))) {
          c.base_year = *options.report_year - 1;
        }
      }
      if (options.explain) {
        why += std::string(m.role == MentionRole::kRate ? "rate" : "change") + " of a comparison (gap '" +
               std::string(gap) + "'); ";
      }
    } else if (figure.kind == "percent" && v.share_gate.MayMatch(gap) &&
               RE2::FullMatch(gap, *v.share_gap, &share_before, &share_of) &&
               previous != nullptr) {
      m.role = MentionRole::kShare;
      m.share = Share{figure.value, share_of};
      if (options.explain) why += "share (gap '" + std::string(gap) + "'); ";
    }

    // 其中 opens a list of parts of the total before it, to the end of the sentence (4 below).
    bool opens = false;
    if (m.role == MentionRole::kMain) {
      opens = internal::Contains(gap, v.part_word);
      if (opens) {
        if (main != nullptr) total = static_cast<size_t>(main - mentions.data());
        else if (new_sentence && previous_sentence_last_main) total = *previous_sentence_last_main;
        else total.reset();
      }
    }
    // The counted noun may follow the figure (对53家省级有关单位, 17起审计移送事项): Chinese puts
    // number and classifier before the noun unless the figure closes its clause.
    std::string_view post;  // into text or post_buffer
    bool noun_follows = false;
    if (m.role == MentionRole::kMain) {
      post = PostPhrase(text, figure, i + 1 < figures.size() ? figures[i + 1].span.start : clause.end, clause,
                        &post_buffer);
      noun_follows =
          !post.empty() && !(v.post_stop.MayStartWithWord(post) && RE2::PartialMatch(post, *v.post_stop));
    }

    // 2. Subject, scope and year.
    if (m.role == MentionRole::kMain) {
      size_t pre_start = clause.start;
      if (previous != nullptr) pre_start = std::max(pre_start, previous->figure.span.end);
      const std::string_view pre = WithoutSpaces(text.substr(pre_start, figure.span.start - pre_start), &pre_buffer);
      ClauseWords words(segmenter, pre);
      re2::StringPiece piece(pre.data(), pre.size());
      // Consumes a leading word only when it ends where a word of the clause ends: 办理 is a
      // verb in 办理网民来信 but not in 办理率.
      auto consume_length = [&](size_t length) {
        if (length == 0 || !words.IsBoundary(static_cast<size_t>(piece.data() - pre.data()) + length)) return false;
        piece.remove_prefix(length);
        return true;
      };
      auto consume_match = [&](const RE2& re) {
        re2::StringPiece attempt = piece;
        return RE2::Consume(&attempt, re) && consume_length(static_cast<size_t>(attempt.data() - piece.data()));
      };
      auto consume_word = [&](const WordPattern& pattern) {
        return pattern.MayStartWithWord(std::string_view(piece.data(), piece.size())) && consume_match(*pattern);
      };
      bool changed = true;
      while (changed && !piece.empty()) {
        changed = false;
        re2::StringPiece before = piece;
        if (v.MayStartWithTime(std::string_view(piece.data(), piece.size())) && consume_match(*v.time)) {
          if (std::optional<int> year = LeadingYear(std::string_view(before.data(), piece.data() - before.data()))) {
            m.year = year;
          }
          changed = true;
        }
        if (consume_word(v.lead)) changed = true;
        if (consume_word(v.self)) changed = true;
        // An opening bracket or a separator left at the start: "(其中上年结转" is 上年结转.
        if (consume_length(LeadingRunLength(std::string_view(piece.data(), piece.size()), v.leading_punctuation))) {
          changed = true;
        }
        if (!options.issuer.empty() && StartsWith(std::string_view(piece.data(), piece.size()), options.issuer)) {
          piece.remove_prefix(options.issuer.size());
          changed = true;
        }
      }
      // Scope: the longest run of scope pieces that ends with a head word at a word boundary.
      // A scope opens a clause; words right after another figure are that figure's noun.
      re2::StringPiece scope_piece = piece;
      if (previous == nullptr || previous->figure.span.end <= clause.start) {
        if (!v.scope.MayStartWithWord(std::string_view(piece.data(), piece.size())) ||
            !RE2::Consume(&scope_piece, *v.scope)) {
          scope_piece = piece;
        }
      }
      if (scope_piece.data() != piece.data()) {
        std::string_view candidate(piece.data(), scope_piece.data() - piece.data());
        size_t offset = static_cast<size_t>(piece.data() - pre.data());
        while (!candidate.empty()) {
          bool head = false;
          for (const std::string& h : v.scope_heads) head = head || EndsWith(candidate, h);
          if (head && words.IsBoundary(offset + candidate.size())) break;
          size_t length = internal::PreviousCodePointLength(candidate, candidate.size());
          candidate.remove_suffix(length);
        }
        // A scope followed by 及/和/与 was the first half of a coordinated noun phrase
        // (市政府及市政府办政策性文件), not a scope.
        std::string_view remainder(piece.data() + candidate.size(), piece.size() - candidate.size());
        for (std::string_view conjunction : {"及", "和", "与", "、"}) {
          if (StartsWith(remainder, conjunction)) candidate = {};
        }
        if (!candidate.empty()) {
          m.scope = std::string(candidate);
          piece.remove_prefix(candidate.size());
          while (consume_word(v.lead)) {
          }
          if (options.explain) why += "scope '" + m.scope + "'; ";
        }
      }
      // When a noun follows the figure, it is the subject (below), and the words before the
      // figure matter only to tell whether the figure names another total (4); reading them
      // may take segmenting the clause, the slowest step here.
      const bool subject_needed = options.explain || !noun_follows || (total && !opens);
      const size_t before_verb = static_cast<size_t>(piece.data() - pre.data());
      bool had_verb = subject_needed && consume_word(v.verb);
      size_t begin = static_cast<size_t>(piece.data() - pre.data());
      // "...“甲”“乙”等新闻发布会": what was counted follows the last 等 (list_end) of a list.
      static const std::vector<Token> kNoTokens;
      const std::vector<Token>& pre_tokens =
          subject_needed && v.MayHaveListEnd(pre.substr(begin)) ? words.Tokens() : kNoTokens;
      for (size_t t = pre_tokens.size(); t > 0; --t) {
        const Token& token = pre_tokens[t - 1];
        if (token.span.start < begin) break;
        std::string_view word = std::string_view(pre).substr(token.span.start, token.span.size());
        if (v.list_end.count(word) && token.span.end < pre.size()) {
          begin = token.span.end;
          if (options.explain) why += "after the last 等; ";
          break;
        }
      }
      if (subject_needed) {
        size_t end = TrimEnd(pre, begin, pre.size(), &words);
        // A light verb goes only when a noun phrase is left: 办理网民来信, not 办理率.
        if (had_verb && end > begin && end - begin < 6) {
          begin = before_verb;
          end = TrimEnd(pre, begin, pre.size(), &words);
        }
        std::string subject(pre.substr(begin, end - begin));
        if (v.filler.MayStartWithWord(subject) && RE2::FullMatch(subject, *v.filler)) subject.clear();
        m.subject = std::move(subject);
      }
      if (options.explain) why += "subject from clause '" + std::string(pre) + "'; ";
      if (options.explain && m.year != options.report_year) {
        why += "year " + std::to_string(m.year.value_or(0)) + " stated; ";
      }
    } else if (m.role == MentionRole::kShare) {
      std::string own = share_before;
      re2::StringPiece piece(own);
      while (v.lead.MayStartWithWord(std::string_view(piece.data(), piece.size())) &&
             RE2::Consume(&piece, *v.lead)) {
      }
      own = std::string(piece.data(), piece.size());
      // Words of its own before 占 name a share only when short (其公开率); a long run is the
      // rest of the sentence, and the share is of the figure before it.
      bool own_name = !own.empty() && own.size() <= 3 * 6;
      m.subject = own_name || previous == nullptr ? own : previous->subject;
      if (!own_name && previous == nullptr) m.subject.clear();
      m.scope = previous != nullptr ? previous->scope : "";
    } else if (main != nullptr) {
      m.subject = main->subject;
      m.scope = main->scope;
    }

    // 4. Parts: the figures after 其中 are parts of its total.
    if (m.role == MentionRole::kMain) {
      // A figure that names another total (行政诉讼 after the parts of 行政复议) starts afresh.
      if (total && !opens) {
        const std::string_view root = v.RootMetric(m.subject, figure.unit, &matched_metrics);
        if (!root.empty() && root != v.RootMetric(mentions[*total].subject, figure.unit, &matched_metrics)) {
          total.reset();
        }
      }
      if (total && mentions[*total].figure.unit == figure.unit && mentions[*total].figure.kind == figure.kind) {
        m.part_of = *total;
        if (options.explain) why += "part of mention " + std::to_string(*total) + " (其中); ";
      } else if (!opens) {
        total.reset();
      }
    }
    // A noun after the figure is the subject; with nothing before the figure, a part takes its
    // total's subject (省级部门483次 after 回应舆情43308次).
    if (m.role == MentionRole::kMain) {
      if (noun_follows) {
        m.subject = post;
        if (options.explain) why += "subject after the figure; ";
      } else if (m.subject.empty() && m.part_of) {
        m.subject = mentions[*m.part_of].subject;
        if (options.explain) why += "subject of its total; ";
      } else if (m.subject.empty() && !post.empty() && !StartsWith(post, "的")) {
        m.subject = post;
        if (options.explain) why += "subject after the figure; ";
      }
    }
    if (options.explain) {
      m.explain = "clause '" + WithoutSpaces(text.substr(clause.start, clause.size())) + "': " + why;
    }
  }
  // 3b. Direction only (比2015年有所增长, 与上年持平) after a main figure with no comparison.
  for (size_t i = 0; i < mentions.size(); ++i) {
    Mention& m = mentions[i];
    if (m.role != MentionRole::kMain || m.compare) continue;
    size_t end = i + 1 < mentions.size() ? mentions[i + 1].figure.span.start : block.end;
    size_t start = m.figure.span.end;
    while (start < end && IsSpaceByte(text[start])) ++start;
    // Most figures are followed by no comparison: the first character tells, without copying.
    if (!v.direction_gate.MayStart(text.substr(start, end - start))) continue;
    const std::string_view after = WithoutSpaces(text.substr(start, end - start), &gap_buffer);
    std::string year, direction;
    if (v.direction_gate.MayMatch(after) && RE2::PartialMatch(after, *v.direction_only, &year, &direction)) {
      Compare c;
      c.direction = v.Direction(direction);
      if (std::optional<int> year_digits = FirstFourDigits(year)) c.base_year = year_digits;
      else if (options.report_year) c.base_year = *options.report_year - 1;
      m.compare = c;
    }
  }
  return mentions;
}

std::vector<Metric> MentionBuilder::MapMetrics(std::vector<Mention>* mentions,
                                               std::optional<int> report_year) const {
  std::vector<Metric> metrics;
  // (id, scope) -> value stated first; views into words_ and *mentions, whose scopes stay put.
  std::map<std::pair<std::string_view, std::string_view>, double> seen;
  std::vector<int> matched;  // the metrics a subject matches, reused across mentions
  for (size_t i = 0; i < mentions->size(); ++i) {
    Mention& m = (*mentions)[i];
    // A canonical figure is exact and of the report's own year.
    if (m.role != MentionRole::kMain || !m.figure.qualifier.empty() || m.year != report_year) continue;
    const std::string* parent_metric = m.part_of ? &(*mentions)[*m.part_of].metric : nullptr;
    std::string_view id;
    bool matched_computed = false;  // for the first metric that may apply
    const std::vector<size_t>& candidates = words_->MetricsOf(m.figure.unit);
    for (size_t k : candidates) {
      const Vocabulary::ProseMetric& pm = words_->metrics[k];
      if (!pm.parent.empty() && (parent_metric == nullptr || *parent_metric != pm.parent)) continue;
      if (!words_->SubjectMatches(m.subject, k, candidates.size(), &matched, &matched_computed)) continue;
      id = pm.id;
      break;
    }
    if (id.empty()) continue;
    // A part of a total with the same meaning and scope is a subcategory (图文解读12篇 of
    // 政策解读23篇), not the canonical figure again.
    if (m.part_of && parent_metric != nullptr && *parent_metric == id && (*mentions)[*m.part_of].scope == m.scope) {
      continue;
    }
    // The same figure stated twice is the same metric; a different value for it is not taken.
    auto [it, first] = seen.emplace(std::make_pair(id, std::string_view(m.scope)), m.figure.value);
    if (!first) {
      if (it->second == m.figure.value) m.metric = id;
      continue;
    }
    m.metric = id;
    Metric& metric = metrics.emplace_back();  // built in place: a Metric is large to move
    metric.id = m.metric;
    metric.value = m.figure.value;
    metric.unit = m.figure.unit;
    metric.scope = m.scope;
    metric.source = "prose";
    metric.at = m.figure.span;
  }
  return metrics;
}

}  // namespace ogi
