// Mentions, table-driven: each text and the exact mentions it must give, one per line:
// "text: subject=.. [scope=..] [year=..] [compare{..}] [share{..}] [part_of=#n] [metric=..]".
#include "ogi/mention.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>

#include "internal/byte_scan.h"
#include "internal/regex_starts.h"
#include "internal/utf8.h"
#include "ogi/data.h"
#include "ogi/document.h"
#include "ogi/metric.h"
#include "ogi/report.h"

#include "testing/extractor.h"
#include "testing/run.h"

#include "testing/table_driven.h"

namespace ogi {
namespace {

const Extractor& TheExtractor() { return ogi::testing::SharedExtractor(); }

std::string Number(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", v);
  return buffer;
}

// Extracts `text` as a report of year 2016 and dumps its mentions.
std::string Dump(const std::string& text) {
  Report report = TheExtractor().Extract(SourceFromBytes("t.txt", "浙江省2016年政府信息公开工作年度报告\n" + text));
  std::string out;
  for (const Mention& m : report.mentions) {
    out += m.evidence.text + ": subject=" + m.subject;
    if (!m.scope.empty()) out += " scope=" + m.scope;
    if (m.year && *m.year != 2016) out += " year=" + std::to_string(*m.year);
    if (m.compare) {
      out += " compare{";
      if (m.compare->base_year) out += "year=" + std::to_string(*m.compare->base_year) + " ";
      if (m.compare->base_value) out += "base=" + Number(*m.compare->base_value) + " ";
      if (m.compare->delta) out += "delta=" + Number(*m.compare->delta) + " ";
      if (m.compare->rate_percent) out += "rate=" + Number(*m.compare->rate_percent) + " ";
      out += m.compare->direction + "}";
    }
    if (m.share) out += " share{" + Number(*m.share->percent) + " of=" + m.share->of + "}";
    if (m.part_of) out += " part_of=#" + std::to_string(*m.part_of);
    if (!m.metric.empty()) out += " metric=" + m.metric;
    out += "\n";
  }
  return out;
}

void Check(const std::vector<ogi::testing::DumpCase>& cases) { ogi::testing::ExpectDumps(cases, Dump); }

TEST(MentionTest, Subjects) {
  Check({
      {"主动公开政府信息8417833条。", "8417833条: subject=主动公开政府信息 metric=proactive.total\n"},
      {"2016年共办理网民来信15万余封。", "15万余封: subject=网民来信\n"},
      {"属于已经主动公开的为2527件。", "2527件: subject=属于已经主动公开\n"},
      {"召开新闻发布会2132场。", "2132场: subject=新闻发布会 metric=press_conferences\n"},
      // A figure with nothing before it takes the short noun phrase after it.
      {"对53家省级有关单位进行评估。", "53家: subject=省级有关单位进行评估\n"},
      // Only whole words are trimmed off a subject's end (行为 keeps its 为).
      {"维持具体行政行为987件。", "987件: subject=维持具体行政行为\n"},
      // Layout text breaks lines inside words: a paragraph wrapped at a fixed width.
      {"   （一）主动公开情况。2024 年，市政府网站主动公开各类政\n"
       "府信息 5500 余条，全年新增公开市政府规章 1 件、市政府及市\n"
       "政府办政策性文件 11 件，通过文字、图片等形式制作政策解读\n"
       "21 个，制作《淮安市人民政府公报》6 期。紧紧围绕保障民生、\n"
       "深化改革、科技创新等工作主线，组织召开了新闻发布会 12 场。\n",
       "5500 余条: subject=市政府网站主动公开各类政府信息\n"
       "1 件: subject=新增公开市政府规章\n"
       "11 件: subject=市政府及市政府办政策性文件\n"
       "21 个: subject=形式制作政策解读 metric=policy_interpretations\n"
       "6 期: subject=制作《淮安市人民政府公报》\n"
       "12 场: subject=新闻发布会 metric=press_conferences\n"},
  });
}

TEST(MentionTest, SubjectEdges) {
  Check({
      {"共收到申请156件（其中上年结转6件）。",
       "156件: subject=收到申请\n6件: subject=上年结转 part_of=#0 metric=requests.carried_over.total\n"},
  });
}

TEST(MentionTest, Scopes) {
  Check({
      {"省政府及各市政府召开新闻发布会2132场。",
       "2132场: subject=新闻发布会 scope=省政府及各市政府 metric=press_conferences\n"},
      {"全省通过政府网站公开政府信息2797179条。",
       "2797179条: subject=通过政府网站公开政府信息 scope=全省\n"},
      // The reporting body itself is no scope.
      {"2016年度浙江省主动公开政府信息8417833条。", "8417833条: subject=主动公开政府信息 metric=proactive.total\n"},
  });
}

TEST(MentionTest, Comparisons) {
  Check({
      {"主动公开政府信息8417833条，同比增长6%。",
       "8417833条: subject=主动公开政府信息 compare{year=2015 rate=6 up} metric=proactive.total\n"
       "6%: subject=主动公开政府信息\n"},
      {"省级部门主动公开规范性文件3834件，比2015的950件增加2884件。",
       "3834件: subject=主动公开规范性文件 scope=省级部门 compare{year=2015 base=950 delta=2884 up}\n"
       "950件: subject=主动公开规范性文件 scope=省级部门 year=2015\n"
       "2884件: subject=主动公开规范性文件 scope=省级部门\n"},
      {"召开新闻发布会2132场，较2015年2266场减少143场。",
       "2132场: subject=新闻发布会 compare{year=2015 base=2266 delta=143 down} metric=press_conferences\n"
       "2266场: subject=新闻发布会 year=2015\n"
       "143场: subject=新闻发布会\n"},
      {"全省共接到各类投诉23788件，比2015年有所增长。",
       "23788件: subject=接到各类投诉 scope=全省 compare{year=2015 up} metric=complaints\n"},
      {"受理申请120件，与上年持平。", "120件: subject=受理申请 compare{year=2015 flat}\n"},
      {"网站访问量达320.5万人次，比上年增长两成。",
       "320.5万人次: subject=网站访问量 compare{year=2015 rate=20 up}\n两成: subject=网站访问量\n"},
      {"办理率为98%，较去年回落12.3%。",
       "98%: subject=办理率 compare{year=2015 rate=12.3 down}\n12.3%: subject=办理率\n"},
  });
}

TEST(MentionTest, Shares) {
  Check({
      {"其中维持具体行政行为987件，占66%。",
       "987件: subject=维持具体行政行为\n66%: subject=维持具体行政行为 share{66 of=}\n"},
      {"部分公开的为1730件，其公开率占全部申请的58%。",
       "1730件: subject=部分公开 metric=requests.partially_granted.total\n"
       "58%: subject=其公开率 share{58 of=全部申请}\n"},
  });
}

TEST(MentionTest, PartsAndCanonicalMetrics) {
  Check({
      {"全省各级行政复议机关共办理行政复议1489件，其中维持具体行政行为987件，占66%；被依法纠错147件，占10%；其他情形355件，占24%。",
       "1489件: subject=各级行政复议机关共办理行政复议 scope=全省 metric=review.total\n"
       "987件: subject=维持具体行政行为 part_of=#0 metric=review.upheld\n"
       "66%: subject=维持具体行政行为 share{66 of=}\n"
       "147件: subject=被依法纠错 part_of=#0 metric=review.corrected\n"
       "10%: subject=被依法纠错 share{10 of=}\n"
       "355件: subject=其他情形 part_of=#0 metric=review.other\n"
       "24%: subject=其他情形 share{24 of=}\n"},
      // A second total in the same sentence starts its own parts.
      {"政府信息公开行政复议351件，其中结果维持72件；政府信息公开行政诉讼46件，其中结果纠正5件。",
       "351件: subject=政府信息公开行政复议 metric=review.total\n"
       "72件: subject=结果维持 part_of=#0 metric=review.upheld\n"
       "46件: subject=政府信息公开行政诉讼 metric=litigation.total\n"
       "5件: subject=结果纠正 part_of=#2 metric=litigation.corrected\n"},
      // 其中 opening the next sentence refers to the total of the sentence before.
      {"全省回应舆情共43308次。其中，省级部门483次，各市政府及其部门42825次。",
       "43308次: subject=回应舆情 scope=全省\n"
       "483次: subject=回应舆情 scope=省级部门 part_of=#0\n"
       "42825次: subject=回应舆情 scope=各市政府及其部门 part_of=#0\n"},
      // Figures of another year, and approximate figures, are not canonical.
      {"同意公开的为9835件，同意公开约100件。", "9835件: subject=同意公开 metric=requests.granted.total\n约100件: subject=同意公开\n"},
  });
}

TEST(MentionTest, SubcategoriesAndRepeatsOfAMetric) {
  Check({
      // Parts with the meaning and scope of their total are subcategories, not the metric again.
      {"发布政策解读23篇，其中图文解读12篇。",
       "23篇: subject=发布政策解读 metric=policy_interpretations\n12篇: subject=图文解读 part_of=#0\n"},
      // The same figure stated twice is the metric both times; a different value is not.
      {"召开新闻发布会6场。共召开新闻发布会6场。召开新闻发布会8场。",
       "6场: subject=新闻发布会 metric=press_conferences\n6场: subject=新闻发布会 metric=press_conferences\n"
       "8场: subject=新闻发布会\n"},
  });
}

TEST(MentionTest, FormerBugs) {
  Check({
      // 其他 must not lose 其 as if it were a connective.
      {"行政复议351件，其中其他结果178件。",
       "351件: subject=行政复议 metric=review.total\n178件: subject=其他结果 part_of=#0 metric=review.other\n"},
  });
}

// The shortcuts of the mention builder against what they replace.

// `count` random texts of up to `max_pieces` of `pieces` each.
std::vector<std::string> TextsOf(const std::vector<std::string>& pieces, int count, size_t max_pieces,
                                 std::mt19937* random) {
  std::vector<std::string> texts;
  for (int i = 0; i < count; ++i) {
    std::string text;
    for (size_t n = (*random)() % (max_pieces + 1); n > 0; --n) text += pieces[(*random)() % pieces.size()];
    texts.push_back(text);
  }
  return texts;
}

std::vector<std::string> SampleTexts() {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(ogi::testing::SourcePath("data/samples"))) {
    std::string text = ogi::testing::ReadFile(entry.path().string());
    if (internal::IsValidUtf8(text)) texts.push_back(std::move(text));
  }
  EXPECT_GE(texts.size(), 5u);
  return texts;
}

// Every mark that ends a clause or a sentence, bytes that start no mark but look alike (E3 and
// EF characters, E2 quotes, four-byte characters), digits around commas, and what Trim removes.
const std::vector<std::string> kSplitPieces = {
    "。", "！", "？", "；", "，", "、", "：", "!", "?", ";", ",", ":", ".", "1", "2", "0", " ", "\t", "\r",
    "\f", "\v", "\n", "年", "政", "府", "信", "息", "《", "》", "（", "）", "「", "　", "“", "”", "ａ", "Ａ",
    "０", "a", "(", "—", "€", "\xF0\x9F\x98\x80", "\xE3\x80\x80", "\xEF\xBC\x80", "\xEF\xBD\x9F"};

// The character walk SentencesThrough replaced: 。！？ and ! ? end a sentence.
std::vector<Span> ReferenceSentences(std::string_view text, Span block, size_t until) {
  std::vector<Span> out;
  size_t start = block.start;
  for (size_t i = block.start; i < block.end;) {
    size_t length = 0;
    const uint32_t c = internal::DecodeUtf8At(text, i, &length);
    i += length;
    if (c == U'。' || c == U'！' || c == U'？' || c == '!' || c == '?') {
      out.push_back({start, i});
      start = i;
      if (i > until) return out;
    }
  }
  if (start < block.end) out.push_back({start, block.end});
  return out;
}

// The character walk SplitClauses replaced: sentence ends, ；，、： and ! ? ; : end a clause, and
// a comma unless between digits (12,345); each clause trimmed of spaces, empty ones dropped.
std::vector<Span> ReferenceClauses(std::string_view text, Span sentence) {
  std::vector<Span> out;
  auto add = [&](size_t start, size_t end) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; };
    while (start < end && space(text[start])) ++start;
    while (end > start && space(text[end - 1])) --end;
    if (start < end) out.push_back({start, end});
  };
  auto digit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  size_t start = sentence.start;
  for (size_t i = sentence.start; i < sentence.end;) {
    size_t length = 0;
    const uint32_t c = internal::DecodeUtf8At(text, i, &length);
    const bool ends = c == U'。' || c == U'！' || c == U'？' || c == U'；' || c == U'，' || c == U'、' ||
                      c == U'：' || c == '!' || c == '?' || c == ';' || c == ':' ||
                      (c == ',' && !(i > 0 && digit(i - 1) && digit(i + 1)));
    if (ends) {
      add(start, std::min(i + length, sentence.end));
      start = i + length;
    }
    i += length;
  }
  add(start, sentence.end);
  return out;
}

std::string SpansText(const std::vector<Span>& spans) {
  std::string out;
  for (const Span& s : spans) out += "[" + std::to_string(s.start) + "," + std::to_string(s.end) + ")";
  return out;
}

// Character boundaries of a valid UTF-8 text, its end included.
std::vector<size_t> Boundaries(std::string_view text) {
  std::vector<size_t> out;
  for (size_t pos = 0, length = 0; pos < text.size(); pos += length) {
    out.push_back(pos);
    internal::DecodeUtf8At(text, pos, &length);
  }
  out.push_back(text.size());
  return out;
}

TEST(MentionShortcutsTest, SentencesAndClausesAsTheCharacterWalks) {
  std::mt19937 random(20261130);
  std::vector<std::string> texts = TextsOf(kSplitPieces, 20000, 40, &random);
  for (std::string& sample : SampleTexts()) texts.push_back(std::move(sample));
  size_t compared = 0;
  for (const std::string& text : texts) {
    ASSERT_TRUE(internal::IsValidUtf8(text));
    const std::vector<size_t> bounds = Boundaries(text);
    // The whole text and a few ranges of it (sentence ranges start and end anywhere).
    std::vector<Span> ranges = {{0, text.size()}};
    for (int k = 0; k < 3; ++k) {
      size_t a = bounds[random() % bounds.size()], b = bounds[random() % bounds.size()];
      ranges.push_back({std::min(a, b), std::max(a, b)});
    }
    for (const Span& range : ranges) {
      ASSERT_EQ(SpansText(SplitClauses(text, range)), SpansText(ReferenceClauses(text, range)))
          << "text '" << text << "' range " << SpansText({range});
      const size_t until = bounds[random() % bounds.size()];
      for (size_t u : {until, range.start, range.end, text.size()}) {
        ASSERT_EQ(SpansText(internal::SentencesThrough(text, range, u)), SpansText(ReferenceSentences(text, range, u)))
            << "text '" << text << "' range " << SpansText({range}) << " until " << u;
      }
      ++compared;
    }
  }
  EXPECT_GT(compared, 80000u);
}

TEST(MentionShortcutsTest, SpacesAndWordsFoundAsByTheStringFunctions) {
  // Spaces and line breaks where sixteen-byte steps begin and end, other control bytes (\v is
  // no space here), and Chinese words whose bytes overlap.
  const std::vector<std::string> pieces = {" ", "\t", "\n", "\r", "\f", "\v", "\x01", "!", "其", "中", "其中",
                                           "等", "等等", "同比", "上年", "a", "ab", "年", "\xE5\x85", "\xB6"};
  std::mt19937 random(3);
  size_t found = 0, spaced = 0;
  for (const std::string& text : TextsOf(pieces, 20000, 40, &random)) {
    std::string expected = text;
    std::erase_if(expected, [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; });
    std::string buffer;
    ASSERT_EQ(internal::TextWithoutSpaces(text, &buffer), expected) << "'" << text << "'";
    spaced += expected.size() != text.size();
    for (int k = 0; k < 4; ++k) {
      std::string word;
      if (k == 0 && !text.empty()) {  // a piece of the text itself
        const size_t start = random() % text.size();
        word = text.substr(start, 1 + random() % 8);
      } else {
        for (size_t n = random() % 4; n > 0; --n) word += pieces[random() % pieces.size()];
      }
      const bool contains = text.find(word) != std::string::npos;
      ASSERT_EQ(internal::Contains(text, word), contains) << "'" << word << "' in '" << text << "'";
      found += contains;
    }
  }
  EXPECT_GT(spaced, 10000u);
  EXPECT_GT(found, 20000u);
}

// The tests asked before the time, comparison, share and direction patterns pass every text a
// pattern matches: random gaps and tails of their words, and the gaps of the sample reports.
TEST(MentionShortcutsTest, GatesPassWhatThePatternsMatch) {
  Result<MentionBuilder> builder = MentionBuilder::Load(DataFiles(), TheExtractor().segmenter(), TheExtractor().figures());
  ASSERT_TRUE(builder.ok()) << builder.status().message();
  const std::vector<std::string> pieces = {
      ",", "，", "(", ";", "；", "比", "较", "与", "同比", "环比", "相比", "2015", "2015年", "年", "度", "上年",
      "上年度", "去年", "上一年度", "前一年", "同期", "的", "增加", "增长", "减少", "下降", "多", "少", "了",
      "有所", "略有", "持平", "占", "全部", "申请", "其", "公开率", "2016", "截至", "目前", "全年", "本年", "一",
      "〇", "二", "九", "月", "底"};
  std::mt19937 random(5);
  std::vector<std::string> texts = TextsOf(pieces, 100000, 7, &random);
  // Every stretch between two figures of the samples, as Build sees them (spaces removed).
  for (const std::string& sample : SampleTexts()) {
    std::string compact;
    const std::vector<Figure> figures = TheExtractor().figures().Find(sample, {0, sample.size()});
    for (size_t k = 0; k + 1 < figures.size(); ++k) {
      const Span between{figures[k].span.end, figures[k + 1].span.start};
      texts.emplace_back(internal::TextWithoutSpaces(std::string_view(sample).substr(between.start, between.size()), &compact));
    }
  }
  size_t matches = 0;
  const std::vector<std::string> misses = builder->GateMisses(texts, &matches);
  EXPECT_TRUE(misses.empty()) << misses.size() << " misses, the first: " << misses.front();
  EXPECT_GT(matches, 5000u);  // the texts do exercise the patterns
}

// Bytes RE2 consumes from the start of text, or npos when it does not match.
size_t Consumed(std::string_view text, const RE2& re) {
  re2::StringPiece piece(text.data(), text.size());
  return RE2::Consume(&piece, re) ? static_cast<size_t>(piece.data() - text.data()) : std::string_view::npos;
}

// The time pattern is asked only of texts its start filter lets through: wherever it matches
// at a text's start, the filter must let that text through.
TEST(MentionShortcutsTest, TimePhrasesPassTheirStartFilter) {
  Result<TsvTable> table = LoadTsv(DataFiles(), "mention_words.tsv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  std::vector<std::string> time_words;
  for (size_t r = 0; r < table->rows.size(); ++r) {
    if (table->Cell(r, "role") == "time") time_words.emplace_back(table->Cell(r, "word"));
  }
  ASSERT_GE(time_words.size(), 5u);
  std::sort(time_words.begin(), time_words.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string alternation;
  for (const std::string& w : time_words) alternation += (alternation.empty() ? "" : "|") + w;
  const RE2 time("^(?:" + alternation + ")");
  ASSERT_TRUE(time.ok());
  internal::MatchStartFilter starts;
  starts.Add(internal::AnalyzeRegexStarts(time.pattern()));
  ASSERT_FALSE(starts.anywhere());  // else the filter spares nothing
  const std::vector<std::string> pieces = {"2016", "2", "0", "年", "度", "月", "底", "末", "截至", "截止", "目前",
                                           "全年", "今年", "本年", "年内", "当年", "年底", "同期", "〇", "一", "二",
                                           "九", "零", "收到", "申请", "全", "本", "同", "当", "目", "截", " "};
  std::mt19937 random(11);
  size_t matches = 0, rejected = 0;
  for (const std::string& text : TextsOf(pieces, 50000, 6, &random)) {
    const bool passes = text.empty() || starts.MayStartAt(text, 0);
    if (Consumed(text, time) != std::string_view::npos) {
      ++matches;
      ASSERT_TRUE(passes) << "'" << text << "' starts with a time phrase";
    }
    rejected += !passes;
  }
  EXPECT_GT(matches, 1000u);
  EXPECT_GT(rejected, 1000u);
}

}  // namespace
}  // namespace ogi
