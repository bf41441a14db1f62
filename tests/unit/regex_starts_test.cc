// Where a regex match may start (internal/regex_starts.h): the analysis of patterns, its
// fallbacks, and the property the not-a-figure scan relies on: a scan that asks RE2 only where
// the filter lets it finds exactly the matches of a scan over every byte.
#include "internal/regex_starts.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>

#include "internal/utf8.h"
#include "ogi/data.h"
#include "ogi/figure.h"

namespace ogi::internal {
namespace {

std::string Utf8(uint32_t code_point) {
  std::string out;
  AppendUtf8(code_point, &out);
  return out;
}

// The characters of a set as a string, for readable expectations; "*" past 200 characters.
std::string Characters(const CodePointRanges& set) {
  if (set.Size() > 200) return "*";
  std::string out;
  for (auto [first, last] : set.ranges()) {
    for (uint32_t c = first; c <= last; ++c) AppendUtf8(c, &out);
  }
  return out;
}

CodePointRanges SetOf(std::string_view characters) {
  CodePointRanges set;
  for (size_t pos = 0, length = 0; pos < characters.size(); pos += length) {
    const uint32_t c = DecodeUtf8At(characters, pos, &length);
    set.Add(c, c);
  }
  return set;
}

CodePointRanges FirstCharacters(const RegexStarts& starts) {
  CodePointRanges first = starts.single;
  for (const auto& pair : starts.pairs) first.Add(pair.first);
  return first;
}

// `first` (the characters a match may start with, alone or before another) and `second` (the
// characters that follow almost anything at a start) in any order.
void ExpectStarts(const std::string& pattern, std::string_view first, std::string_view second) {
  RegexStarts starts = AnalyzeRegexStarts(pattern);
  ASSERT_FALSE(starts.anywhere) << pattern;
  EXPECT_EQ(Characters(FirstCharacters(starts)), Characters(SetOf(first))) << pattern;
  EXPECT_EQ(Characters(starts.second), Characters(SetOf(second))) << pattern;
}

TEST(RegexStartsTest, FirstCharacters) {
  ExpectStarts(R"(\d{4}\s*年)", "0123456789", "");
  ExpectStarts(R"([〇零一二三四五六七八九]{4}\s*年)", "一七三九二五八六四〇零", "");
  ExpectStarts(R"(《[^《》]{0,80}》)", "《", "");
  ExpectStarts(R"(第\s*[0-9〇零一]+)", "第", "");
  ExpectStarts(R"([〔\[(]\s*\d{4}[〕\])])", "([〔", "");
  ExpectStarts(R"((19|20)\d{2})", "12", "");
  ExpectStarts(R"(x?y)", "xy", "");
  ExpectStarts(R"((?:ab|c)?d)", "acd", "");
  ExpectStarts(R"(a{0}b)", "b", "");
  ExpectStarts(R"(\bab$)", "a", "");
  ExpectStarts(R"(\x{4e00}|\x41)", "A一", "");
  ExpectStarts(RE2::QuoteMeta("十三五"), "十", "");
  ExpectStarts(RE2::QuoteMeta("G20"), "G", "");
  ExpectStarts(RE2::QuoteMeta("a.b"), "a", "");
  ExpectStarts(R"([a\-z]\.)", "-az", "");
  ExpectStarts(R"([0-9]+(\.[0-9]+)?\s*版)", "0123456789", "");
  ExpectStarts(R"([]a]b)", "]a", "");
}

TEST(RegexStartsTest, SecondCharacterWhenTheFirstIsAlmostAnything) {
  ExpectStarts(R"((^|[^0-9])[0-9]{1,2}\s*[、])", "0123456789", "0123456789");
  ExpectStarts(R"([^a]b)", "", "b");
  ExpectStarts(R"(.年)", "", "年");
  ExpectStarts(R"(\D\d)", "", "0123456789");
}

TEST(RegexStartsTest, CaseInsensitive) {
  ExpectStarts(R"((?i)(https?://|www\.)[a-z0-9]+)", "HWhw", "");
  ExpectStarts(R"((?i)k)", "Kk" + Utf8(0x212A), "");
  ExpectStarts(R"((?i)s)", "Ss" + Utf8(0x17F), "");
  ExpectStarts(R"(a(?i:b)c|(?i)d)", "Dad", "");
  ExpectStarts(R"((?i)第)", "第", "");
  ExpectStarts(R"(((?i)a)?b)", "Aab", "");  // (?i) ends with its group
  // RE2 folds a negated class after negating: (?i)[^k] may still match k.
  EXPECT_TRUE(AnalyzeRegexStarts(R"((?i)[^k]x)").second.Contains('x'));
  EXPECT_TRUE(AnalyzeRegexStarts(R"((?i)[^k])").single.Contains('k'));
  EXPECT_TRUE(AnalyzeRegexStarts(R"((?i)\W)").single.Contains('s'));
}

TEST(RegexStartsTest, WhatItDoesNotUnderstandMayStartAnywhere) {
  for (const char* pattern : {
           R"(a*)", R"(x|)", R"((?:))", R"(\b)", R"(a{0,3})",  // match the empty string
           R"(\pN)", R"(\p{Han})", R"(\Q.\E)", R"(\C)", R"([[:digit:]])", R"(\z*)",
           R"((?m)^1)", R"((?i)é)", R"((?i)[^é])", R"(a{,3})", R"((?P<n)",
       }) {
    EXPECT_TRUE(AnalyzeRegexStarts(pattern).anywhere) << pattern;
  }
  MatchStartFilter filter;
  filter.Add(AnalyzeRegexStarts("《"));
  EXPECT_FALSE(filter.anywhere());
  filter.Add(AnalyzeRegexStarts(".{2}年"));  // almost every character: skips nothing worth it
  EXPECT_TRUE(filter.anywhere());
  EXPECT_EQ(filter.Next("abc", 1, 3), 1u);
}

TEST(RegexStartsTest, OnePairPerLongerMatch) {
  RegexStarts starts = AnalyzeRegexStarts(R"(\d{2}\s*年|号)");
  EXPECT_EQ(Characters(starts.single), "号");
  std::string pairs;
  for (const auto& [first, second] : starts.pairs) pairs += Characters(first) + ">" + Characters(second) + " ";
  EXPECT_EQ(pairs, "0123456789>0123456789 0123456789>\t\n\f\r  0123456789>年 ");
}

TEST(RegexStartsTest, NextStopsAtCandidatesOnly) {
  MatchStartFilter filter;
  filter.Add(AnalyzeRegexStarts(R"(《[^《》]*》)"));
  filter.Add(AnalyzeRegexStarts(R"([^0-9]\d)"));
  filter.Add(AnalyzeRegexStarts(R"(一[二三])"));
  const std::string text = "中文文字《书》中5、一个一三";
  EXPECT_EQ(filter.Next(text, 0, text.size()), text.find("《"));
  EXPECT_EQ(filter.Next(text, text.find("书"), text.size()), text.find("》") + 3);  // 中 before 5
  EXPECT_EQ(filter.Next(text, text.find("5"), text.size()), text.rfind("一"));  // not 一个
  EXPECT_EQ(filter.Next("中文", 0, 6), 6u);
  // Up to a limit, and the character at the limit may still make the one before a start.
  EXPECT_EQ(filter.Next(text, 0, 3), 3u);
  EXPECT_EQ(filter.Next("中5", 0, 3), 0u);
  // Ill-formed UTF-8 is left to RE2.
  EXPECT_EQ(filter.Next("中\xE4\xB8" "a", 0, 6), 3u);
  EXPECT_EQ(filter.Next("中\xFF", 0, 4), 3u);
  EXPECT_EQ(filter.Next("中\xE0\x80\xB5", 0, 6), 3u);  // overlong '5'
  EXPECT_EQ(CharacterLength("\xE4\xB8" "a", 0), 1u);
}

// Sequential leftmost-longest scans, as ForbiddenSpans does them: over every byte, and only
// from the positions the filter lets through.
using Spans = std::vector<std::pair<size_t, size_t>>;

Spans ScanAll(const RE2& re, std::string_view text) {
  Spans spans;
  re2::StringPiece input(text.data(), text.size()), match;
  for (size_t offset = 0;
       offset < text.size() && re.Match(input, offset, text.size(), RE2::UNANCHORED, &match, 1);) {
    const size_t start = static_cast<size_t>(match.data() - text.data());
    spans.emplace_back(start, start + match.size());
    offset = match.empty() ? start + 1 : start + match.size();
  }
  return spans;
}

// With an automaton, RE2 is asked only where it lets a match start too; no match starts
// between the end of the last match (or the start) and the position asked about.
Spans ScanFiltered(const RE2& re, const MatchStartFilter& filter, std::string_view text,
                   const MatchPrefixAutomaton* automaton = nullptr) {
  if (filter.anywhere()) return ScanAll(re, text);
  Spans spans;
  re2::StringPiece input(text.data(), text.size()), match;
  size_t unmatched_from = 0;
  for (size_t pos = 0; (pos = filter.Next(text, pos, text.size())) < text.size();) {
    if ((automaton == nullptr || automaton->MayMatchAt(text, pos, unmatched_from)) &&
        re.Match(input, pos, text.size(), RE2::ANCHOR_START, &match, 1)) {
      spans.emplace_back(pos, pos + match.size());
      pos += match.size();
      unmatched_from = pos;
    } else {
      pos += CharacterLength(text, pos);
    }
  }
  return spans;
}

std::vector<std::string> SampleTexts() {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(OGI_SOURCE_DIR "/data/samples")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    texts.push_back(content.str());
  }
  EXPECT_GE(texts.size(), 5u);
  // Short texts of the characters the patterns are about, in random order.
  const std::vector<std::string> pieces = {
      "0", "1", "2", "9", "12", "2016", "一", "二", "十", "三", "五", "〇", "零", "两", "年", "月", "日", "号",
      "、", ".", "-", "/", ":", "(", ")", "〔", "〕", "[", "]", "《", "》", " ", "\n", "第", "是", "届", "大",
      "个", "项", "版", "时", "a", "G", "w", "W", "http://", "@", "%", "中", "文", "件", "邮编", "索引号",
      "十三五", "最多跑一次", "13800138000", "0571-87051234", "k", "K", "\xE2\x84\xAA", "\xFF"};
  std::mt19937 random(20261130);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int n = random() % 24; n > 0; --n) text += pieces[random() % pieces.size()];
    texts.push_back(text);
  }
  return texts;
}

std::vector<std::string> NotFigurePatterns() {
  Result<TsvTable> table = LoadTsv(DataFiles(), "not_figures.tsv");
  EXPECT_TRUE(table.ok()) << table.status().message();
  std::vector<std::string> patterns;
  for (size_t r = 0; table.ok() && r < table->rows.size(); ++r) {
    std::string pattern(table->Cell(r, "pattern"));
    patterns.push_back(table->Cell(r, "type") == "name" ? RE2::QuoteMeta(pattern) : pattern);
  }
  EXPECT_GE(patterns.size(), 30u);
  return patterns;
}

std::string Alternation(const std::vector<std::string>& patterns) {
  std::string all;
  for (const std::string& p : patterns) all += (all.empty() ? "(?:" : "|(?:") + p + ")";
  return all;
}

std::unique_ptr<RE2> Compile(const std::string& pattern) {
  RE2::Options options;
  options.set_longest_match(true);
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, options);
  EXPECT_TRUE(re->ok()) << pattern;
  return re;
}

// As the recognizer scans: one filter over all the patterns finds where to ask, each
// alternation's own filter whether to ask it, and the scan stops at limits (the figures).
TEST(RegexStartsTest, SplitAlternationsFindTheMatchesOfTheirUnion) {
  std::vector<std::string> patterns = NotFigurePatterns();
  std::vector<std::string> books, others;
  for (const std::string& p : patterns) (p.find("《") == 0 ? books : others).push_back(p);
  ASSERT_EQ(books.size(), 1u);
  const std::unique_ptr<RE2> all = Compile(Alternation(patterns));
  const std::vector<std::unique_ptr<RE2>> alternations = [&] {
    std::vector<std::unique_ptr<RE2>> out;
    out.push_back(Compile(Alternation(others)));
    out.push_back(Compile(Alternation(books)));
    return out;
  }();
  std::vector<MatchStartFilter> starts(2);
  MatchStartFilter any;
  for (const std::string& p : patterns) {
    starts[p.find("《") == 0].Add(AnalyzeRegexStarts(p));
    any.Add(AnalyzeRegexStarts(p));
  }
  ASSERT_FALSE(any.anywhere());
  std::mt19937 random(7);
  size_t matches = 0;
  for (const std::string& text : SampleTexts()) {
    Spans spans;
    re2::StringPiece input(text.data(), text.size()), match;
    for (size_t pos = 0; pos < text.size();) {
      const size_t limit = std::min(text.size(), pos + 1 + random() % 40);
      pos = any.Next(text, pos, limit);
      if (pos >= limit) continue;
      size_t end = pos;
      for (size_t i = 0; i < 2; ++i) {
        if (starts[i].MayStartAt(text, pos) && alternations[i]->Match(input, pos, text.size(), RE2::ANCHOR_START, &match, 1)) {
          end = std::max(end, pos + match.size());
        }
      }
      if (end > pos) spans.emplace_back(pos, end);
      pos = end > pos ? end : pos + CharacterLength(text, pos);
    }
    const Spans expected = ScanAll(*all, text);
    ASSERT_EQ(spans, expected) << text.substr(0, 200);
    matches += expected.size();
  }
  EXPECT_GT(matches, 1000u);
}

TEST(RegexStartsTest, FilteredScanFindsExactlyTheMatchesOfAFullScan) {
  std::vector<std::string> patterns = NotFigurePatterns();
  patterns.push_back(Alternation(patterns));
  for (const char* tricky : {
           R"(\bab)", R"([^a-z]b)", R"((a|bc)d)", R"((?:ab|c)?d)", R"(\d+(\.\d+)?%)", R"([0-9]{0,2}号)",
           R"(\s+\d)", R"(.年)", R"($a|b^)", R"((?i)kelvin|S)", R"((?i)[^k]\d)", R"(\D\d{2})", R"([一二三]+(?:是|大))",
           R"(\W1)", R"(^\d)", R"(\d$)", R"([^《》]{2}》)",
       }) {
    patterns.push_back(tricky);
  }
  const std::vector<std::string> texts = SampleTexts();
  size_t skipped = 0, matches = 0;
  for (const std::string& pattern : patterns) {
    const std::unique_ptr<RE2> compiled = Compile(pattern);
    const RE2& re = *compiled;
    MatchStartFilter filter;
    filter.Add(AnalyzeRegexStarts(pattern));
    for (const std::string& text : texts) {
      Spans expected = ScanAll(re, text);
      ASSERT_EQ(ScanFiltered(re, filter, text), expected) << pattern << " over " << text.substr(0, 200);
      matches += expected.size();
      if (!filter.anywhere() && filter.Next(text, 0, text.size()) > 0) ++skipped;
    }
  }
  // Not vacuous: the filters skip text, and the patterns match.
  EXPECT_GT(skipped, texts.size());
  EXPECT_GT(matches, 10000u);
}

// The recognizer with a not-a-figure pattern the analysis cannot read searches every byte as
// before; the pattern never matches, so both recognizers must find the same figures.
TEST(RegexStartsTest, RecognizerFindsTheSameFiguresWithoutTheFilter) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "ogi_regex_starts_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& entry : std::filesystem::directory_iterator(OGI_SOURCE_DIR "/data")) {
    if (entry.is_regular_file()) std::filesystem::copy_file(entry.path(), dir / entry.path().filename());
  }
  ASSERT_TRUE(AnalyzeRegexStarts("(?m)^QQZZQQ").anywhere);
  std::ofstream(dir / "not_figures.tsv", std::ios::app) << "regex\t(?m)^QQZZQQ\t\t\n";
  Result<FigureRecognizer> filtered = FigureRecognizer::Load(DataFiles());
  Result<FigureRecognizer> unfiltered = FigureRecognizer::Load(DataFiles(dir.string()));
  ASSERT_TRUE(filtered.ok()) << filtered.status().message();
  ASSERT_TRUE(unfiltered.ok()) << unfiltered.status().message();
  size_t figures = 0;
  for (const std::string& text : SampleTexts()) {
    const std::vector<Figure> found = filtered->Find(text);
    ASSERT_EQ(DumpFigures(found), DumpFigures(unfiltered->Find(text))) << text.substr(0, 200);
    // Over part of a text too: a block's start is the patterns' ^.
    const Span middle{text.size() / 3, text.size()};
    ASSERT_EQ(DumpFigures(filtered->Find(text, middle)), DumpFigures(unfiltered->Find(text, middle)));
    figures += found.size();
  }
  EXPECT_GT(figures, 500u);
  std::filesystem::remove_all(dir);
}

TEST(RegexStartsTest, PrefixAutomatonScanFindsExactlyTheMatchesOfAFullScan) {
  std::vector<std::string> patterns = NotFigurePatterns();
  for (const char* tricky : {
           R"(\bab)", R"([^a-z]b)", R"((a|bc)d)", R"((?:ab|c)?d)", R"(\d+(\.\d+)?%)", R"([0-9]{0,2}号)",
           R"(\s+\d)", R"(.年)", R"($a|b^)", R"((?i)kelvin|S)", R"((?i)[^k]\d)", R"(\D\d{2})", R"([一二三]+(?:是|大))",
           R"(\W1)", R"(^\d)", R"(\d$)", R"([^《》]{2}》)",
           // Leading repetitions (a match after a character of C also starts before it), and
           // what only looks like one.
           R"(\d+号)", R"(\d*年)", R"([^年]+年)", R"(\d{2,}号)", R"(\d+|x)", R"((?:\d)+号)", R"(\d+?月)",
           R"(x|\d+号)", R"(\d+号|\d{4}年)", R"((\d+)号)", R"(\d{13}|\d+\.)", R"(1\d{15})",
       }) {
    patterns.push_back(tricky);
  }
  const std::vector<std::string> texts = SampleTexts();
  size_t matches = 0, rejected = 0;
  auto check = [&](const std::string& label, const RE2& re, const MatchStartFilter& filter,
                   const MatchPrefixAutomaton& automaton) {
    for (const std::string& text : texts) {
      Spans expected = ScanAll(re, text);
      ASSERT_EQ(ScanFiltered(re, filter, text, &automaton), expected) << label << " over " << text.substr(0, 200);
      matches += expected.size();
      for (size_t pos = 0; pos < text.size() && pos < 64; ++pos) rejected += !automaton.MayMatchAt(text, pos, pos);
    }
  };
  for (const std::string& pattern : patterns) {
    MatchStartFilter filter;
    filter.Add(AnalyzeRegexStarts(pattern));
    check(pattern, *Compile(pattern), filter, MatchPrefixAutomaton::FromPatterns({pattern}));
  }
  // All of them in one automaton, as the recognizer asks it about their alternation.
  MatchStartFilter filter;
  for (const std::string& pattern : patterns) filter.Add(AnalyzeRegexStarts(pattern));
  if (!filter.anywhere()) {
    check("all", *Compile(Alternation(patterns)), filter, MatchPrefixAutomaton::FromPatterns(patterns));
  }
  // Not vacuous: the automata reject positions, and the patterns match.
  EXPECT_GT(rejected, 100000u);
  EXPECT_GT(matches, 10000u);
}

TEST(RegexStartsTest, PrefixAutomatonReadsPastTheFirstCharacters) {
  const MatchPrefixAutomaton automaton =
      MatchPrefixAutomaton::FromPatterns({R"(\d{4}\s*年)", R"(\d+\s*号)", R"((^|[^0-9])[0-9]{1,2}\s*[、])"});
  ASSERT_FALSE(automaton.anywhere());
  const std::string text = "共8417833件，2016年，12号，3、";
  EXPECT_FALSE(automaton.MayMatchAt(text, text.find('8'), text.find('8')));  // no 年, 号 or 、 after
  EXPECT_TRUE(automaton.MayMatchAt(text, text.find("2016"), text.find("2016")));
  EXPECT_TRUE(automaton.MayMatchAt(text, text.find("12"), text.find("12")));
  // 2号 after 1: \d+\s*号 matched at 1 already, if at all; the others need more digits or 、.
  EXPECT_TRUE(automaton.MayMatchAt(text, text.find("2号"), text.find("2号")));
  EXPECT_FALSE(automaton.MayMatchAt(text, text.find("2号"), text.find("12")));
  EXPECT_TRUE(automaton.MayMatchAt(text, text.find("，3") , text.find("，3")));  // [^0-9]3、
  // Ill-formed text is the engine's to judge.
  EXPECT_TRUE(automaton.MayMatchAt("\xFF", 0, 0));
  // What the analysis does not read lets everything through.
  EXPECT_TRUE(MatchPrefixAutomaton::FromPatterns({R"(\pN年)"}).anywhere());
  EXPECT_TRUE(MatchPrefixAutomaton::FromPatterns({R"(a*)"}).anywhere());
}

}  // namespace
}  // namespace ogi::internal
