// Input enumeration (directories, globs, --files-from) and the ordered pool (order, window,
// stopping early). Through the real binary: tests/unit/extract_batch_test.cc.
#include "ogi/batch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "testing/run.h"

namespace ogi {
namespace {

using ::ogi::testing::TempDir;
using ::ogi::testing::WriteFile;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

// Every input's path, with "!code" appended when it carries an error.
std::vector<std::string> Enumerate(InputOptions options) {
  Result<InputEnumerator> inputs = InputEnumerator::Create(std::move(options));
  EXPECT_TRUE(inputs.ok()) << inputs.status().message();
  std::vector<std::string> paths;
  if (!inputs.ok()) return paths;
  while (std::optional<BatchInput> input = inputs->Next()) {
    paths.push_back(input->path +
                    (input->status.ok() ? "" : std::string("!") + StatusCodeName(input->status.code())));
  }
  return paths;
}

// a/ with files at three depths, a directory to prune, names that sort differently by bytes
// than by a human (B before a; 10 before 9).
void MakeTree(const TempDir& dir) {
  namespace fs = std::filesystem;
  for (const char* d : {"a", "a/b", "a/b/c", "a/skip", "a/B"}) fs::create_directory(dir.File(d));
  for (const char* f : {"a/9.txt", "a/10.txt", "a/b/2.html", "a/b/c/3.txt", "a/skip/4.txt",
                        "a/x.bin", "a/B/5.txt"}) {
    WriteFile(dir.File(f), "全省共受理申请12件。");
  }
}

TEST(InputEnumeratorTest, WalksDirectoriesDepthFirstInByteOrder) {
  TempDir dir;
  MakeTree(dir);
  InputOptions options;
  options.paths = {dir.File("a")};
  std::string a = dir.File("a");
  EXPECT_THAT(Enumerate(options),
              ElementsAre(a + "/10.txt", a + "/9.txt", a + "/B/5.txt", a + "/b/2.html",
                          a + "/b/c/3.txt", a + "/skip/4.txt", a + "/x.bin"));
}

TEST(InputEnumeratorTest, IncludeAndExcludeGlobsOnNames) {
  TempDir dir;
  MakeTree(dir);
  std::string a = dir.File("a");
  InputOptions options;
  options.paths = {a + "/"};  // a trailing slash is not doubled
  options.include = {"*.txt", "*.html"};
  options.exclude = {"skip", "9.*"};
  EXPECT_THAT(Enumerate(options),
              ElementsAre(a + "/10.txt", a + "/B/5.txt", a + "/b/2.html", a + "/b/c/3.txt"));
  // An explicit path is always an input, whatever the globs say.
  options.paths = {a + "/x.bin", a + "/b/c"};
  EXPECT_THAT(Enumerate(options), ElementsAre(a + "/x.bin", a + "/b/c/3.txt"));
}

TEST(InputEnumeratorTest, SkipsLinkedDirectoriesFifosAndBrokenLinks) {
  TempDir dir;
  MakeTree(dir);
  std::string a = dir.File("a");
  std::filesystem::create_directory_symlink(a, a + "/b/loop");  // would never end
  std::filesystem::create_symlink(a + "/9.txt", a + "/b/link.txt");
  std::filesystem::create_symlink(a + "/nothing", a + "/b/broken.txt");
  ASSERT_EQ(::mkfifo((a + "/b/fifo.txt").c_str(), 0600), 0);
  InputOptions options;
  options.paths = {a + "/b"};
  EXPECT_THAT(Enumerate(options), ElementsAre(a + "/b/2.html", a + "/b/c/3.txt", a + "/b/link.txt"));
}

TEST(InputEnumeratorTest, PathsInOrderAndMissingOnesAreInputs) {
  TempDir dir;
  MakeTree(dir);
  std::string a = dir.File("a");
  InputOptions options;
  options.paths = {a + "/b/c", "missing.txt", "-", a + "/9.txt"};
  // A missing path is named here and fails when read, with the code the reader gives it.
  EXPECT_THAT(Enumerate(options), ElementsAre(a + "/b/c/3.txt", "missing.txt", "-", a + "/9.txt"));
  Result<Source> missing = ReadBatchInput(BatchInput{0, "missing.txt", {}, {}, {}});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(InputEnumeratorTest, FilesFromAfterPathsSkippingBlankLinesAndCarriageReturns) {
  TempDir dir;
  MakeTree(dir);
  std::string a = dir.File("a");
  std::string list = dir.File("list.txt");
  WriteFile(list, a + "/9.txt\r\n\n  \n" + a + "/b/c\n" + "missing.txt");  // no final newline
  InputOptions options;
  options.paths = {a + "/10.txt"};
  options.files_from = list;
  EXPECT_THAT(Enumerate(options),
              ElementsAre(a + "/10.txt", a + "/9.txt", a + "/b/c/3.txt", "missing.txt"));
}

TEST(InputEnumeratorTest, UsageErrors) {
  InputOptions twice;
  twice.paths = {"-"};
  twice.stdin_jsonl = true;
  EXPECT_EQ(InputEnumerator::Create(twice).status().code(), StatusCode::kInvalidArgument);
  InputOptions missing_list;
  missing_list.files_from = "/nonexistent/list.txt";
  Result<InputEnumerator> failed = InputEnumerator::Create(missing_list);
  EXPECT_EQ(failed.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(failed.status().message(), "/nonexistent/list.txt: No such file or directory");
}

TEST(InputEnumeratorTest, AnUnlistableDirectoryIsAnInputWithAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root lists any directory";
  TempDir dir;
  MakeTree(dir);
  std::string a = dir.File("a");
  ASSERT_EQ(::chmod((a + "/b").c_str(), 0), 0);
  InputOptions options;
  options.paths = {a};
  std::vector<std::string> paths = Enumerate(options);
  ::chmod((a + "/b").c_str(), 0700);
  EXPECT_THAT(paths, ::testing::Contains(a + "/b!unreadable"));
}

TEST(GlobTest, Fnmatch) {
  EXPECT_TRUE(GlobMatch("*.txt", "a.txt"));
  EXPECT_TRUE(GlobMatch("*", ".hidden"));
  EXPECT_TRUE(GlobMatch("report-20[12]?.html", "report-2016.html"));
  EXPECT_FALSE(GlobMatch("*.txt", "a.txt.bak"));
  EXPECT_TRUE(GlobMatch("*年度报告*", "浙江省2016年度报告.txt"));
}

// N inputs named "0".."N-1" from --files-from.
InputEnumerator Numbers(const TempDir& dir, int n) {
  std::string list;
  for (int i = 0; i < n; ++i) list += std::to_string(i) + "\n";
  WriteFile(dir.File("numbers.txt"), list);
  InputOptions options;
  options.files_from = dir.File("numbers.txt");
  return std::move(*InputEnumerator::Create(options));
}

TEST(RunOrderedTest, EmitsInInputOrderWithinTheWindow) {
  for (int jobs : {1, 2, 4}) {
    TempDir dir;
    InputEnumerator inputs = Numbers(dir, 200);
    std::atomic<size_t> emitted{0};
    std::atomic<bool> window_kept{true};
    PoolOptions options;
    options.jobs = jobs;
    options.window = 5;
    std::vector<std::string> got;
    size_t n = RunOrdered(
        inputs, options,
        [&](BatchInput input) {
          // An input is never started before the one `window` places earlier was written.
          if (input.index >= emitted.load() + options.window) window_kept = false;
          thread_local std::mt19937 random(static_cast<unsigned>(input.index));
          std::this_thread::sleep_for(std::chrono::microseconds(random() % 500));
          BatchOutput out;
          out.out = input.path;
          return out;
        },
        [&](BatchOutput& out) {
          EXPECT_EQ(out.index, got.size());
          got.push_back(out.out);
          ++emitted;
          return true;
        },
        [] { return true; });
    EXPECT_EQ(n, 200u);
    ASSERT_EQ(got.size(), 200u);
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], std::to_string(i)) << "jobs " << jobs;
    EXPECT_TRUE(window_kept) << "jobs " << jobs;
  }
}

TEST(RunOrderedTest, StopsWhenTheOutputCloses) {
  TempDir dir;
  InputEnumerator inputs = Numbers(dir, 1000);
  std::atomic<size_t> worked{0};
  PoolOptions options;
  options.jobs = 2;
  options.window = 4;
  size_t n = RunOrdered(
      inputs, options,
      [&](BatchInput input) {
        ++worked;
        BatchOutput out;
        out.out = input.path;
        return out;
      },
      [&](BatchOutput& out) { return out.index < 9; },  // the 10th write fails
      [] { return true; });
  EXPECT_EQ(n, 10u);
  EXPECT_LE(worked.load(), 10u + options.window);  // nothing far beyond the window was started
}

TEST(RunOrderedTest, NoInputs) {
  TempDir dir;
  InputEnumerator inputs = Numbers(dir, 0);
  size_t n = RunOrdered(
      inputs, {}, [](BatchInput) { return BatchOutput(); },
      [](BatchOutput&) {
        ADD_FAILURE() << "nothing to emit";
        return true;
      },
      [] { return true; });
  EXPECT_EQ(n, 0u);
}

}  // namespace
}  // namespace ogi
