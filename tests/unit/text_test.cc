#include "ogi/text.h"

#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <string>
#include <vector>

#include "ogi/document.h"
#include "internal/utf8.h"

#include "testing/encoding.h"
#include "testing/run.h"

namespace ogi {
namespace {

Normalizer LoadNormalizer() {
  Result<Normalizer> n = Normalizer::Load(DataFiles());
  EXPECT_TRUE(n.ok()) << n.status().message();
  return std::move(*n);
}

// Decoding: which encoding is chosen, and that spans of the decoded text cut the right bytes.
TEST(DecodeTest, Encodings) {
  const std::string utf8 = "主动公开政府信息8417833条，同比增长6%。";
  struct Case {
    std::string bytes;
    std::string encoding;
  } cases[] = {
      {utf8, "UTF-8"},
      {"\xEF\xBB\xBF" + utf8, "UTF-8"},
      {ogi::testing::Convert(utf8, "GB18030"), "GB18030"},
      {"\xFF\xFE" + ogi::testing::Convert(utf8, "UTF-16LE"), "UTF-16LE"},
      {"\xFE\xFF" + ogi::testing::Convert(utf8, "UTF-16BE"), "UTF-16BE"},
      {ogi::testing::Convert(utf8, "UTF-16LE"), "UTF-16LE"},
  };
  for (const Case& c : cases) {
    Result<DecodedText> decoded = Decode(c.bytes, "x.txt");
    ASSERT_TRUE(decoded.ok()) << c.encoding << ": " << decoded.status().message();
    EXPECT_EQ(decoded->encoding, c.encoding);
    EXPECT_EQ(decoded->utf8, utf8);
    // The figure "8417833条" cut out of the original bytes via the map.
    size_t start = utf8.find("8417833");
    size_t end = utf8.find("，");
    Span original = decoded->to_source.ToInput({start, end});
    std::string cut = c.bytes.substr(original.start, original.size());
    EXPECT_EQ(cut, c.encoding == "UTF-8" ? "8417833条" : ogi::testing::Convert("8417833条", c.encoding.c_str()))
        << c.encoding;
  }
}

TEST(DecodeTest, DeclaredCharsetIsUsed) {
  std::string gbk = ogi::testing::Convert("政府信息公开", "GB18030");
  Result<DecodedText> decoded = Decode(gbk, "page.html", "gb2312");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->encoding, "GB18030");
  EXPECT_EQ(decoded->utf8, "政府信息公开");
}

TEST(DecodeTest, BinaryAndBadInputAreErrors) {
  std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  Result<DecodedText> a = Decode(binary, "image.png");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kBinary);
  EXPECT_EQ(a.status().message().rfind("image.png: ", 0), 0u);

  Result<DecodedText> b = Decode("\xEF\xBB\xBF\xC3\x28", "bom.txt");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kBadEncoding);
}

// The binary test reads eight bytes at a time: a NUL or a run of control bytes is found at
// every offset within those words, and text whose only control bytes are whitespace passes.
TEST(DecodeTest, ControlBytesAreFoundAtEveryOffset) {
  const std::string text = "本年度主动公开政府信息1234条。\n\t其中\f规章5件\r\n";
  ASSERT_TRUE(Decode(text + text + text, "text.txt").ok());
  for (size_t at = 0; at < 16; ++at) {
    std::string with_nul = text + text;
    with_nul.insert(text.size() + at, 1, '\0');
    Result<DecodedText> nul = Decode(with_nul, "nul.txt");
    ASSERT_FALSE(nul.ok()) << "NUL at " << at;
    EXPECT_EQ(nul.status().code(), StatusCode::kBinary);

    std::string controls;
    for (int i = 0; i < 40; ++i) controls += text.substr(0, at + 3) + "\x01\x02\x03";
    Result<DecodedText> control = Decode(controls, "controls.txt");
    ASSERT_FALSE(control.ok()) << "controls after " << at;
    EXPECT_EQ(control.status().code(), StatusCode::kBinary);
  }
}

// Normalization: full-width forms fold to ASCII, the full-width comma stays, spaces fold,
// and the map leads back to the characters as written.
TEST(NormalizerTest, FoldsWidthsAndKeepsMap) {
  Normalizer normalizer = LoadNormalizer();
  struct Case {
    std::string in;
    std::string out;
  } cases[] = {
      {"１２３件", "123件"},
      {"５８％", "58%"},
      {"（三）", "(三)"},
      {"12，345", "12，345"},
      {"全\u3000省", "全 省"},
      {"a\u00A0b", "a b"},
      {"x\u200By", "xy"},
      {"ＡＢＣ", "ABC"},
      {"政府信息", "政府信息"},
      // Long ASCII runs are skipped a word at a time, up to the character that changes.
      {"report of 2016, page 12:５８％", "report of 2016, page 12:58%"},
      {"0123456789abcdefghij\u3000k", "0123456789abcdefghij k"},
      {"增长5‰，共１２件", "增长5‰，共12件"},
  };
  for (const Case& c : cases) {
    std::string normalized;
    OffsetMap map;
    normalizer.Normalize(c.in, &normalized, &map);
    EXPECT_EQ(normalized, c.out);
    EXPECT_EQ(map.ToInput({0, normalized.size()}), (Span{0, c.in.size()})) << c.in;
    EXPECT_EQ(normalizer.LeavesUnchanged(c.in), c.in == c.out) << c.in;
  }
  std::string normalized;
  OffsetMap map;
  normalizer.Normalize("占５８％。", &normalized, &map);
  ASSERT_EQ(normalized, "占58%。");
  EXPECT_EQ(map.ToInput({3, 6}), (Span{3, 12}));  // "58%" came from "５８％"
}

TEST(TextTest, EvidenceAndOriginalSpanThroughAllLayers) {
  Normalizer normalizer = LoadNormalizer();
  std::string utf8 = "同比增长５８％。";
  std::string gbk = ogi::testing::Convert(utf8, "GB18030");
  Result<DecodedText> decoded = Decode(gbk, "x.txt");
  ASSERT_TRUE(decoded.ok());
  Document doc = ReadPlainText(std::move(*decoded), normalizer);
  size_t at = doc.text.normalized.find("58%");
  ASSERT_NE(at, std::string::npos);
  Span span{at, at + 3};
  EXPECT_EQ(doc.text.Evidence(span), "５８％");
  Span original = doc.text.ToOriginal(span);
  EXPECT_EQ(gbk.substr(original.start, original.size()), ogi::testing::Convert("５８％", "GB18030"));
}

// Normalize skips a three-byte character by its lead byte alone when no character of that lead
// changes (most CJK ideographs). A table that overrides an ideograph (E4..E9) must still
// reach it, at every position: in runs of ideographs, after ASCII, at the end.
TEST(NormalizerTest, OverriddenIdeographIsNotSkipped) {
  ogi::testing::TempDir dir;
  ogi::testing::WriteFile(dir.File("normalization.tsv"), "from\tto\twhy\n丶\t、\ttest\n");
  Result<Normalizer> loaded = Normalizer::Load(DataFiles(dir.path()));
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const Normalizer& normalizer = *loaded;
  for (const std::string& before : {std::string(""), std::string("政府"), std::string("ab"), std::string("政府信息公开年报")}) {
    for (const std::string& after : {std::string(""), std::string("公开"), std::string("12345678")}) {
      std::string normalized;
      OffsetMap map;
      normalizer.Normalize(before + "丶" + after, &normalized, &map);
      EXPECT_EQ(normalized, before + "、" + after);
      EXPECT_FALSE(normalizer.LeavesUnchanged(before + "丶" + after)) << before << after;
      EXPECT_TRUE(normalizer.LeavesUnchanged(before + "丁" + after)) << before << after;
    }
  }
}

// IsValidUtf8 skips ASCII a word at a time and reads three-byte characters by a short test:
// every kind of sequence, at every offset after ASCII and after Chinese, is judged as a
// plain reading of RFC 3629 judges it (ICU's U8_NEXT, which returns a negative code point
// for an ill-formed sequence).
TEST(Utf8Test, ValidityAtEveryOffset) {
  auto reference = [](const std::string& s) {
    int32_t i = 0;
    const int32_t n = static_cast<int32_t>(s.size());
    while (i < n) {
      UChar32 c;
      U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, n, c);
      if (c < 0) return false;
    }
    return true;
  };
  const std::vector<std::string> sequences = {
      "a", "\x7f", "\xc3\xa9", "\xc0\xaf", "\xc2", "中", "\xe0\xa0\x80", "\xe0\x9f\xbf", "\xed\x9f\xbf",
      "\xed\xa0\x80", "\xef\xbf\xbf", "\xe6\xb5", "\xe6\x41\x80", "\xf0\x9f\x98\x80", "\xf0\x8f\xbf\xbf",
      "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\x80", "\xff"};
  for (const std::string& sequence : sequences) {
    for (size_t offset = 0; offset < 19; ++offset) {
      for (const std::string& filler : {std::string(" "), std::string("中")}) {
        std::string text;
        for (size_t i = 0; i < offset; ++i) text += filler;
        for (const std::string& s : {text + sequence, text + sequence + "        12345678"}) {
          EXPECT_EQ(internal::IsValidUtf8(s), reference(s)) << "offset " << offset << " sequence of "
                                                            << sequence.size() << " bytes";
        }
      }
    }
  }
}

}  // namespace
}  // namespace ogi
