#include "ogi/segment.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "internal/utf8.h"

namespace ogi {
namespace {

std::string Dump(const Segmenter& segmenter, const std::string& text) {
  std::string out;
  for (const Token& t : segmenter.Segment(text, {0, text.size()})) {
    if (!out.empty()) out += "/";
    out += text.substr(t.span.start, t.span.size());
    if (t.from_lexicon) out += "*";
  }
  return out;
}

// Loaded once for the tests that segment many texts; null when loading failed.
const Segmenter* TheSegmenter() {
  static const Segmenter* segmenter = [] {
    Result<Segmenter> loaded = Segmenter::Load(DataFiles());
    return loaded.ok() ? new Segmenter(std::move(*loaded)) : nullptr;
  }();
  return segmenter;
}

TEST(SegmenterTest, LexiconTermsStayWhole) {
  Result<Segmenter> segmenter = Segmenter::Load(DataFiles());
  ASSERT_TRUE(segmenter.ok()) << segmenter.status().message();
  struct Case {
    std::string text;
    std::string dump;  // '*' marks a lexicon term
  } cases[] = {
      {"依申请公开", "依申请公开*"},
      {"召开新闻发布会", "召开/新闻发布会*"},
      {"政府信息公开行政复议", "政府信息公开*/行政复议*"},
      {"各设区市", "各/设区市*"},
      // Spaces (layout text) are dropped, not tokens.
      {"主动 公开", "主动/公开"},
  };
  for (const Case& c : cases) EXPECT_EQ(Dump(*segmenter, c.text), c.dump) << c.text;
}

TEST(SegmenterTest, TokensTileTheRangeWithoutSpaces) {
  Result<Segmenter> segmenter = Segmenter::Load(DataFiles());
  ASSERT_TRUE(segmenter.ok());
  std::string text = "xx 2016年，全省共受理政府信息公开申请12件。";
  Span range{3, text.size()};
  std::vector<Token> tokens = segmenter->Segment(text, range);
  ASSERT_FALSE(tokens.empty());
  EXPECT_EQ(tokens.front().span.start, 3u);
  EXPECT_EQ(tokens.back().span.end, text.size());
  for (size_t i = 1; i < tokens.size(); ++i) EXPECT_EQ(tokens[i - 1].span.end, tokens[i].span.start);
}

// --- Segment's own cut of runs of ideographs against ICU's -----------------------------------

std::string Describe(std::string_view text, const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    out += "[" + std::string(text.substr(t.span.start, t.span.size())) + (t.from_lexicon ? "*" : "") +
           (t.is_word ? "" : "~") + "]";
  }
  return out;
}

// Lines of the samples and reference reports, as they are and without spaces, and the clauses
// of the latter and their prefixes (the mention builder segments the text before a figure).
std::vector<std::string> CorpusTexts() {
  std::vector<std::string> files;
  for (const char* dir : {"/data/samples", "/tests/data/reports", "/tests/data/golden"}) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(OGI_SOURCE_DIR) + dir, error)) {
      if (entry.is_regular_file()) files.push_back(entry.path().string());
    }
  }
  std::vector<std::string> texts;
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::istringstream lines(bytes.str());
    for (std::string line; std::getline(lines, line);) {
      std::string compact;
      for (char c : line) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\f') compact += c;
      }
      if (compact.empty() || !internal::IsValidUtf8(compact)) continue;
      if (compact.size() < line.size()) texts.push_back(line);
      texts.push_back(compact);
      size_t start = 0;
      for (size_t pos = 0; pos <= compact.size();) {
        size_t length = 1;
        uint32_t c = pos < compact.size() ? internal::DecodeUtf8At(compact, pos, &length) : 0;
        const bool ends = pos == compact.size() || c == U'，' || c == U'。' || c == U'；' || c == U'：' ||
                          c == U'！' || c == U'？' || c == ',' || c == '"';
        if (ends) {
          std::string clause = compact.substr(start, pos - start);
          for (size_t end = 3; end <= clause.size() && end <= 3 * 40; ++end) {
            if ((static_cast<unsigned char>(clause[end - 1]) & 0xC0) != 0x80 &&
                (end == clause.size() || (static_cast<unsigned char>(clause[end]) & 0xC0) != 0x80)) {
              texts.push_back(clause.substr(0, end));
            }
          }
          if (clause.size() > 3 * 40) texts.push_back(clause);
          start = pos + length;
        }
        pos += length;
      }
    }
  }
  return texts;
}

// The ideographs of the corpus (real words) and some from anywhere in the blocks.
std::vector<std::string> IdeographPool(const std::vector<std::string>& corpus) {
  std::vector<std::string> pool;
  std::set<uint32_t> seen;
  for (const std::string& text : corpus) {
    for (size_t pos = 0; pos < text.size();) {
      size_t length = 0;
      uint32_t c = internal::DecodeUtf8At(text, pos, &length);
      if (c >= 0x4E00 && c <= 0x9FFF && seen.insert(c).second) pool.push_back(text.substr(pos, length));
      pos += length;
    }
  }
  std::mt19937 random(7);
  for (int i = 0; i < 300; ++i) {
    std::string c;
    internal::AppendUtf8(i % 5 == 0 ? 0x3400 + random() % (0x4DC0 - 0x3400) : 0x4E00 + random() % (0xA000 - 0x4E00), &c);
    pool.push_back(c);
  }
  return pool;
}

const std::vector<std::string>& Lexicon() {
  static const std::vector<std::string> terms = [] {
    std::vector<std::string> out;
    std::ifstream in(std::string(OGI_SOURCE_DIR) + "/data/lexicon.tsv");
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#' || line.rfind("term\t", 0) == 0) continue;
      out.push_back(line.substr(0, line.find('\t')));
    }
    return out;
  }();
  return terms;
}

// Segment, which cuts runs of ideographs itself, against ICU alone: the same tokens, lexicon
// marks and word statuses, for the whole text and for the text after its first character.
void ExpectAsIcu(const Segmenter& segmenter, const std::string& text) {
  ASSERT_EQ(Describe(text, segmenter.Segment(text, {0, text.size()})),
            Describe(text, segmenter.SegmentWithIcu(text, {0, text.size()})))
      << text;
  size_t second = 1;
  while (second < text.size() && (static_cast<unsigned char>(text[second]) & 0xC0) == 0x80) ++second;
  if (second < text.size()) {
    ASSERT_EQ(Describe(text, segmenter.Segment(text, {second, text.size()})),
              Describe(text, segmenter.SegmentWithIcu(text, {second, text.size()})))
        << text << " from " << second;
  }
}

TEST(SegmenterTest, IdeographRunsAreCutAsIcuCutsThemInTheCorpus) {
  ASSERT_NE(TheSegmenter(), nullptr);
  const Segmenter& segmenter = *TheSegmenter();
  // The shortcut must be in use, or this test compares ICU with itself.
  ASSERT_TRUE(segmenter.CutsIdeographs());
  const std::vector<std::string> corpus = CorpusTexts();
  ASSERT_GT(corpus.size(), 10000u);
  for (const std::string& text : corpus) {
    ExpectAsIcu(segmenter, text);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(SegmenterTest, IdeographRunsAreCutAsIcuCutsThemInRandomText) {
  ASSERT_NE(TheSegmenter(), nullptr);
  const Segmenter& segmenter = *TheSegmenter();
  ASSERT_TRUE(segmenter.CutsIdeographs());
  const std::vector<std::string> pool = IdeographPool(CorpusTexts());
  // Separators, and characters that must not be taken for ideographs or separators: ideographs
  // of other blocks and compatibility ones, kana, Hangul, combining marks, variation selectors,
  // zero width joiners, spaces, an unpaired lead byte.
  const std::vector<std::string> others = {
      "1", "2016", "a", "Z", "_", ".", ",", "'", "\"", ":", "(", ")", "%", "-", "/", "·", "—", "…", "“", "”", "‘",
      "’", "、", "。", "《", "》", "【", "】", "〔", "〕", "（", "）", "，", "：", "；", "％", "１", "Ａ", "＿", "〇", "々",
      "〆", "豈", "𠀀", "ア", "ー", "あ", "한", "\u0301", "\uFE0F", "\u200D", "\u200B", "\u3099", " ", "\xE4"};
  std::mt19937 random(2026);
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const size_t parts = 1 + random() % 12;
    const bool mixed = n % 2 == 1;
    for (size_t p = 0; p < parts; ++p) {
      const uint32_t kind = random() % 10;
      if (kind < 2) text += Lexicon()[random() % Lexicon().size()];
      else if (kind < 3 && mixed) text += others[random() % others.size()];
      else text += pool[random() % std::min<size_t>(pool.size(), kind < 8 ? 400 : pool.size())];
    }
    ExpectAsIcu(segmenter, text);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// Every character of the blocks separators are taken from (and the ones around them), between
// ideographs that form words with their neighbours, on either side and at the text's edges.
TEST(SegmenterTest, SeparatorsCutTheTextInEveryContext) {
  ASSERT_NE(TheSegmenter(), nullptr);
  const Segmenter& segmenter = *TheSegmenter();
  ASSERT_TRUE(segmenter.CutsIdeographs());
  for (auto [first, last] : {std::pair<uint32_t, uint32_t>{0x21, 0x2FF}, {0x2000, 0x206F}, {0x2E80, 0x2FFF},
                             {0x3000, 0x30FF}, {0xF900, 0xFAFF}, {0xFE00, 0xFE6F}, {0xFF00, 0xFFEF}}) {
    for (uint32_t c = first; c <= last; ++c) {
      std::string s;
      internal::AppendUtf8(c, &s);
      for (const std::string& text :
           {"一" + s + "一", "政府" + s + "信息公开", "信息" + s, s + "公开", s + "政府" + s, "2016年" + s + "全省",
            "a" + s + "政府", "政府" + s + "a", "政府" + s + s + "信息", "“" + s + "主动公开", "主动公开" + s + "”",
            "政府" + s + "\u0301信息", "政府\u0301" + s + "信息"}) {
        ExpectAsIcu(segmenter, text);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  }
}

}  // namespace
}  // namespace ogi
