#include "ogi/segment.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace ogi
