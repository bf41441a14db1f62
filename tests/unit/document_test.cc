#include "ogi/document.h"

#include <gtest/gtest.h>

#include "internal/lines.h"

namespace ogi {
namespace {

std::string Dump(const Document& doc) {
  std::string out;
  for (const Block& b : doc.blocks) {
    out += b.kind == BlockKind::kHeading ? "H " : b.kind == BlockKind::kTable ? "T " : "P ";
    out += std::string(doc.BlockText(b)) + "\n";
  }
  return out;
}

Document Read(const std::string& text) {
  Result<Normalizer> normalizer = Normalizer::Load(DataFiles());
  EXPECT_TRUE(normalizer.ok());
  Result<DecodedText> decoded = Decode(text, "t.txt");
  EXPECT_TRUE(decoded.ok());
  return ReadPlainText(std::move(*decoded), *normalizer);
}

TEST(PlainTextReaderTest, Blocks) {
  struct Case {
    std::string in;
    std::string dump;
  } cases[] = {
      // One paragraph per line, headings are short lines without sentence punctuation.
      {"浙江省2016年政府信息公开工作年度报告\n\n一、概述\n全省共受理申请12件。其中同意公开5件。\n",
       "H 浙江省2016年政府信息公开工作年度报告\nH 一、概述\nP 全省共受理申请12件。其中同意公开5件。\n"},
      // Windows line ends and surrounding spaces are not part of a block.
      {"  第一段，内容。\r\n\r\n第二段，内容。  ", "P 第一段，内容。\nP 第二段，内容。\n"},
      {"", ""},
      // Page numbers: "-1-" anywhere, a bare number only at a page break (form feed) or at the
      // end; elsewhere a bare number is a value (a table printed one cell per line).
      {"第一段，内容。\n  -1-\n第二段，内容。\n", "P 第一段，内容。\nP 第二段，内容。\n"},
      {"第一段，内容。\n    2\n\f第二段，内容。\n    3\n", "P 第一段，内容。\nP 第二段，内容。\n"},
      {"自然人\n12\n总计\n12\n", "H 自然人\nP 12\nH 总计\nP 12\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(Dump(Read(c.in)), c.dump) << c.in;
}

// The plain-text reader walks lines with LineBreakFinder, which searches for form feeds only
// once per form feed: it must find every break FindLineBreak finds, in every arrangement.
TEST(LineBreakFinderTest, AgreesWithFindLineBreak) {
  const std::string pieces[] = {"a", "中", "\n", "\f", "\r\n", "\n\f", "\f\n"};
  for (int seed = 0; seed < 2000; ++seed) {
    std::string text;
    for (int k = seed, length = 0; length < 8; ++length, k /= 7) text += pieces[(k + length) % 7];
    internal::LineBreakFinder finder(text);
    for (size_t from = 0; from <= text.size() + 1; ++from) {
      ASSERT_EQ(finder.Next(from), internal::FindLineBreak(text, from)) << "seed " << seed << " from " << from;
    }
    // Walking line by line, as the readers do.
    internal::LineBreakFinder walker(text);
    for (size_t from = 0; from < text.size();) {
      size_t end = walker.Next(from);
      ASSERT_EQ(end, internal::FindLineBreak(text, from)) << "seed " << seed << " from " << from;
      if (end == std::string::npos) break;
      from = end + 1;
    }
  }
}

// Lines are copied into the content layer in runs between page numbers: the numbers go, their
// line breaks stay, and offsets still lead back to the input.
TEST(PlainTextReaderTest, PageNumbersCutFromRunsOfLines) {
  const std::string in = "第一段，内容。\r\n- 1 -\r\n- 2 -\r\n第二段，内容。\r\n-3-";
  Document doc = Read(in);
  EXPECT_EQ(doc.text.content, "第一段，内容。\r\n\r\n\r\n第二段，内容。\r\n");
  EXPECT_EQ(Dump(doc), "P 第一段，内容。\nP 第二段，内容。\n");
  size_t at = doc.text.normalized.find("第二段");
  ASSERT_NE(at, std::string::npos);
  Span original = doc.text.ToOriginal({at, at + std::string("第二段").size()});
  EXPECT_EQ(in.substr(original.start, original.size()), "第二段");
}

std::string DumpSpans(std::string_view text, const std::vector<Span>& spans) {
  std::string out;
  for (Span s : spans) out += "[" + std::string(text.substr(s.start, s.size())) + "]";
  return out;
}

TEST(SplitTest, SentencesAndClauses) {
  std::string text = "全省受理申请12,345件，同比增长6%；其中同意公开5件。办理完毕！";
  Span all{0, text.size()};
  EXPECT_EQ(DumpSpans(text, SplitSentences(text, all)),
            "[全省受理申请12,345件，同比增长6%；][其中同意公开5件。][办理完毕！]");
  EXPECT_EQ(DumpSpans(text, SplitClauses(text, all)),
            "[全省受理申请12,345件，][同比增长6%；][其中同意公开5件。][办理完毕！]");
}

}  // namespace
}  // namespace ogi
