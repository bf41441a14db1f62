#include "ogi/source.h"

#include "internal/sha256.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace ogi {
namespace {

// Both implementations (CPU instructions where present, and the portable code) on the FIPS
// examples and on lengths around the block and padding boundaries.
TEST(Sha256Test, PortableAndCpuAgree) {
  EXPECT_EQ(internal::Sha256HexWith("abc", false),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(internal::Sha256HexWith(std::string(1000, 'a'), false),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
  std::string data;
  for (size_t n = 0; n < 300; ++n) {
    EXPECT_EQ(internal::Sha256HexWith(data, false), internal::Sha256HexWith(data, true)) << n;
    data += static_cast<char>('a' + n % 26);
  }
}

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Two-block message (56 bytes: the padding spills into a second block).
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(DetectFormatTest, ByContent) {
  struct Case {
    std::string bytes;
    Format expected;
  } cases[] = {
      {"%PDF-1.7\n...", Format::kPdf},
      {std::string("PK\x03\x04", 4) + "....[Content_Types].xml word/document.xml", Format::kDocx},
      {std::string("PK\x03\x04", 4) + "....other.txt", Format::kZip},
      {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "rest", Format::kDoc},
      {"<!DOCTYPE html><html><body>报告</body></html>", Format::kHtml},
      {"\n\n  <HTML><BODY>x", Format::kHtml},
      {"<table><tr><td>1</td></tr></table>", Format::kHtml},
      {"浙江省2016年政府信息公开工作年度报告\n", Format::kText},
      {"", Format::kText},
  };
  for (const Case& c : cases) EXPECT_EQ(DetectFormat(c.bytes), c.expected) << c.bytes;
}

class ReadSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ogi_source_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ReadSourceTest, ReadsFileWithDigest) {
  std::string path = (dir_ / "a.txt").string();
  std::ofstream(path) << "abc";
  Result<Source> source = ReadSource(path);
  ASSERT_TRUE(source.ok()) << source.status().message();
  EXPECT_EQ(source->bytes, "abc");
  EXPECT_EQ(source->sha256, Sha256Hex("abc"));
  EXPECT_EQ(source->format, Format::kText);
}

TEST_F(ReadSourceTest, ErrorsNameThePathAndReason) {
  std::string missing = (dir_ / "missing.txt").string();
  Result<Source> a = ReadSource(missing);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(a.status().message(), missing + ": No such file or directory");

  Result<Source> b = ReadSource(dir_.string());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kUnreadable);
  EXPECT_EQ(b.status().message(), dir_.string() + ": is a directory");

  std::string big = (dir_ / "big.txt").string();
  std::ofstream(big) << std::string(100, 'x');
  ReadOptions small;
  small.max_bytes = 10;
  Result<Source> c = ReadSource(big, small);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kTooLarge);
  EXPECT_NE(c.status().message().find(big), std::string::npos);

  // A FIFO named as an input is refused at once, not waited on for a writer that never comes.
  std::string fifo = (dir_ / "fifo.txt").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Result<Source> d = ReadSource(fifo);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kUnreadable);
  EXPECT_EQ(d.status().message(), fifo + ": not a regular file");
}

}  // namespace
}  // namespace ogi
