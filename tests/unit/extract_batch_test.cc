// `ogi extract` on many inputs, through the real binary: one record per input in input order,
// errors included; the same bytes whatever --jobs; directories, --files-from, --stdin-jsonl;
// JSON, JSON Lines and CSV; exit status; a closed pipe.
//
// Expected records are printed by the library from the same inputs (Extractor + ReportToJson
// or the CSV printer), so these tests pin the batch machinery — order, framing, errors, ids —
// byte for byte, while the stages' own tests pin what a record says.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "ogi/csv.h"
#include "ogi/json.h"
#include "ogi/report.h"
#include "testing/run.h"

#include "testing/extractor.h"

namespace ogi {
namespace {

using ::ogi::testing::ReadFile;
using ::ogi::testing::RunOgi;
using ::ogi::testing::RunResult;
using ::ogi::testing::SourcePath;
using ::ogi::testing::TempDir;
using ::ogi::testing::WriteFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const Extractor& TheExtractor() { return ogi::testing::SharedExtractor(); }

// The report `ogi extract` makes of `path` (read as the CLI reads it), with an optional id.
Report ReportOf(const std::string& path, std::optional<std::string> id = std::nullopt) {
  Report report;
  Result<Source> source = ReadSource(path);
  if (source.ok()) {
    report = TheExtractor().Extract(*source);
  } else {
    report.source.path = path;
    report.source.sha256 = Sha256Hex("");
    report.source.format = "text";
    report.errors.push_back({StatusCodeName(source.status().code()), source.status().message()});
  }
  report.source.id = std::move(id);
  return report;
}

Report ReportOfText(const std::string& label, const std::string& text, std::optional<std::string> id) {
  Report report = TheExtractor().Extract(SourceFromBytes(label, text));
  report.source.id = std::move(id);
  return report;
}

std::string Dump(const Report& report, int indent = -1) {
  return ReportToJson(report).dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string Line(const Report& report) { return Dump(report) + "\n"; }

size_t FiguresOf(const Report& report) {
  size_t n = report.mentions.size();
  for (const Metric& m : report.metrics) n += m.source == "table" && !m.derived;
  return n;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

std::vector<std::string> PathsOf(const std::string& jsonl) {
  std::vector<std::string> paths;
  for (const std::string& line : Lines(jsonl)) {
    paths.push_back(nlohmann::json::parse(line)["source"]["path"].get<std::string>());
  }
  return paths;
}

const std::string kSample = SourcePath("data/samples/zhejiang-2016.txt");
const std::string kHtml = SourcePath("data/samples/pingtan-2024.html");

// The inputs of the issue: good files, a binary file, a missing path, an empty file.
struct Mixed {
  TempDir dir;
  std::string binary = dir.File("image.bin");
  std::string missing = dir.File("missing.txt");
  std::string empty = dir.File("empty.txt");
  Mixed() {
    WriteFile(binary, std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", 18));
    WriteFile(empty, "");
  }
};

TEST(ExtractBatchTest, OneRecordPerInputInOrderWithErrors) {
  Mixed m;
  RunResult run = RunOgi({"extract", "--validate", kSample, m.binary, m.missing, m.empty, kHtml});
  EXPECT_EQ(run.exit_code, 1);
  std::vector<Report> reports = {ReportOf(kSample), ReportOf(m.binary), ReportOf(m.missing),
                                 ReportOf(m.empty), ReportOf(kHtml)};
  std::string expected;
  for (const Report& r : reports) expected += Line(r);
  EXPECT_EQ(run.out, expected);
  std::vector<std::string> codes;
  for (const Report& r : reports) codes.push_back(r.errors.empty() ? "-" : r.errors[0].code);
  EXPECT_THAT(codes, ElementsAre("-", "binary", "not_found", "empty", "-"));

  // One line per error in input order, then the summary.
  std::vector<std::string> err = Lines(run.err);
  ASSERT_EQ(err.size(), 4u) << run.err;
  EXPECT_EQ(err[0], "ogi: " + reports[1].errors[0].message);
  EXPECT_EQ(err[1], "ogi: " + m.missing + ": No such file or directory");
  EXPECT_EQ(err[2], "ogi: " + m.empty + ": empty input");
  size_t figures = 0;
  for (const Report& r : reports) figures += FiguresOf(r);
  EXPECT_TRUE(std::regex_match(
      err[3], std::regex("ogi: 5 inputs, 2 ok, 3 with errors, " + std::to_string(figures) +
                         " figures, [0-9.]+ s \\([0-9]+ inputs/s, [0-9.]+ MB/s\\)")))
      << err[3];
}

TEST(ExtractBatchTest, JobsDoNotChangeTheBytes) {
  Mixed m;
  const std::vector<std::string> files = {
      kSample, kHtml, SourcePath("data/samples/shuyang-fgj-2023.html"),
      SourcePath("data/samples/pingtan-2024.txt"), m.binary, m.missing, m.empty};
  std::vector<std::string> args = {"extract", "--no-progress"};
  for (int i = 0; i < 50; ++i) args.push_back(files[(i * 3) % files.size()]);
  args.push_back("--jobs");
  args.push_back("1");
  RunResult one = RunOgi(args);
  args.back() = "4";
  RunResult four = RunOgi(args);
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(four.exit_code, 1);
  EXPECT_EQ(Lines(one.out).size(), 50u);
  EXPECT_TRUE(one.out == four.out) << "--jobs 1 and --jobs 4 differ";
  std::vector<std::string> expected_paths(args.begin() + 2, args.end() - 2);
  EXPECT_EQ(PathsOf(four.out), expected_paths);
  // stderr: the same error lines in the same order (the summary's timing aside).
  std::vector<std::string> a = Lines(one.err), b = Lines(four.err);
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  a.pop_back();
  b.pop_back();
  EXPECT_EQ(a, b);
}

void MakeTree(const TempDir& dir) {
  namespace fs = std::filesystem;
  for (const char* d : {"r", "r/2016", "r/2017", "r/2017/old", "r/.git"}) fs::create_directory(dir.File(d));
  for (const char* f : {"r/2016/a.txt", "r/2016/b.html", "r/2017/c.txt", "r/2017/old/d.txt",
                        "r/.git/e.txt", "r/notes.md"}) {
    WriteFile(dir.File(f), "全省共受理申请12件。");
  }
}

TEST(ExtractBatchTest, DirectoriesWalkedWithIncludeAndExclude) {
  TempDir dir;
  MakeTree(dir);
  std::string r = dir.File("r");
  RunResult all = RunOgi({"extract", r});
  EXPECT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(PathsOf(all.out), ElementsAre(r + "/.git/e.txt", r + "/2016/a.txt", r + "/2016/b.html",
                                            r + "/2017/c.txt", r + "/2017/old/d.txt", r + "/notes.md"));
  RunResult some = RunOgi({"extract", "--include", "*.txt", "--include", "*.html", "--exclude",
                           ".git", "--exclude", "old", r + "/", dir.File("r/notes.md")});
  EXPECT_EQ(some.exit_code, 0) << some.err;
  EXPECT_THAT(PathsOf(some.out), ElementsAre(r + "/2016/a.txt", r + "/2016/b.html", r + "/2017/c.txt",
                                             r + "/notes.md"));  // named explicitly: taken
  // A directory with one file is still a batch: JSON Lines, and no document-only --pretty.
  RunResult one = RunOgi({"extract", "--include", "c.txt", r});
  EXPECT_EQ(one.out, Line(ReportOf(r + "/2017/c.txt")));
  RunResult none = RunOgi({"extract", "--include", "*.pdf", "--format", "json", r});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(none.out, "[]\n");
  EXPECT_EQ(none.err, "ogi: no inputs found\n");
}

TEST(ExtractBatchTest, FilesFromAFileAndFromStandardInput) {
  TempDir dir;
  MakeTree(dir);
  std::string r = dir.File("r");
  std::string list = r + "/2017/c.txt\n\n" + r + "/2016\r\n" + dir.File("missing.txt") + "\n";
  WriteFile(dir.File("list.txt"), list);
  const std::vector<std::string> expected = {r + "/2017/c.txt", r + "/2016/a.txt", r + "/2016/b.html",
                                             dir.File("missing.txt")};
  RunResult from_file = RunOgi({"extract", "--files-from", dir.File("list.txt")});
  EXPECT_EQ(from_file.exit_code, 1);
  EXPECT_EQ(PathsOf(from_file.out), expected);
  RunResult from_stdin = RunOgi({"extract", "--files-from", "-"}, list);
  EXPECT_EQ(from_stdin.out, from_file.out);
  RunResult missing_list = RunOgi({"extract", "--files-from", dir.File("nope.txt")});
  EXPECT_EQ(missing_list.exit_code, 2);
  EXPECT_EQ(missing_list.err, "ogi extract: " + dir.File("nope.txt") + ": No such file or directory\n");
}

TEST(ExtractBatchTest, StdinJsonlRecordsCarryTheirIds) {
  TempDir dir;
  std::string text = "浙江省2016年政府信息公开工作年度报告\n全省共受理申请12件。";
  std::string records =
      "{\"id\": \"a\", \"path\": \"" + kSample + "\"}\n"
      "{\"id\": 7, \"text\": \"" + text.substr(0, text.find('\n')) + "\\n全省共受理申请12件。\"}\n"
      "\n"
      "not json\n"
      "{\"id\": \"c\", \"path\": \"" + dir.File("missing.txt") + "\"}\n"
      "{\"id\": \"d\", \"text\": \"共3件\", \"path\": \"label.txt\", \"extra\": true}\n"
      "{\"id\": \"e\"}\n";
  RunResult run = RunOgi({"extract", "--stdin-jsonl", "--validate"}, records);
  EXPECT_EQ(run.exit_code, 1);
  auto error_record = [](const std::string& path, std::optional<std::string> id, const std::string& code,
                         const std::string& message) {
    Report r;
    r.source.path = path;
    r.source.sha256 = Sha256Hex("");
    r.source.format = "text";
    r.source.id = std::move(id);
    r.errors.push_back({code, message});
    return r;
  };
  std::string expected =
      Line(ReportOf(kSample, "a")) + Line(ReportOfText("-", text, "7")) +
      Line(error_record("-", std::nullopt, "invalid_argument",
                        "-:4: not a JSON object: a record is {\"id\": ..., \"path\": ...} or "
                        "{\"id\": ..., \"text\": ...}")) +
      Line(ReportOf(dir.File("missing.txt"), "c")) + Line(ReportOfText("label.txt", "共3件", "d")) +
      Line(error_record("-", "e", "invalid_argument", "-:7: a record needs \"path\" or \"text\""));
  EXPECT_EQ(run.out, expected);
  std::vector<std::string> ids;
  for (const std::string& line : Lines(run.out)) {
    nlohmann::json source = nlohmann::json::parse(line)["source"];
    ids.push_back(source.contains("id") ? source["id"].get<std::string>() : "(none)");
  }
  EXPECT_THAT(ids, ElementsAre("a", "7", "(none)", "c", "d", "e"));
  // A single record is still a stream: one line, not a document.
  RunResult one = RunOgi({"extract", "--stdin-jsonl"}, "{\"id\": \"x\", \"text\": \"共3件\"}");
  EXPECT_EQ(one.exit_code, 0);
  EXPECT_EQ(one.out, Line(ReportOfText("-", "共3件", "x")));
  EXPECT_EQ(one.err, "");
}

TEST(ExtractBatchTest, FormatsJsonArrayJsonlAndTheDefault) {
  std::string a = Dump(ReportOf(kSample)), b = Dump(ReportOf(kHtml));
  EXPECT_EQ(RunOgi({"extract", "--format", "json", kSample, kHtml}).out, "[\n" + a + ",\n" + b + "\n]\n");
  EXPECT_EQ(RunOgi({"extract", "--format", "jsonl", kSample, kHtml}).out, a + "\n" + b + "\n");
  EXPECT_EQ(RunOgi({"extract", kSample, kHtml}).out, a + "\n" + b + "\n");
  // One input: its document, whichever of the JSON formats.
  EXPECT_EQ(RunOgi({"extract", "--format", "json", kSample}).out, a + "\n");
  EXPECT_EQ(RunOgi({"extract", "--format", "jsonl", kSample}).out, a + "\n");
  EXPECT_EQ(RunOgi({"extract", "--pretty", kSample}).out, Dump(ReportOf(kSample), 2) + "\n");
}

TEST(ExtractBatchTest, CsvHeaderRowsAndQuoting) {
  TempDir dir;
  std::string odd = dir.File("a,\"b\".txt");
  WriteFile(odd, "浙江省2016年政府信息公开工作年度报告\n全省共受理政府信息公开申请12件，其中同意公开9件。");
  Mixed m;
  RunResult run = RunOgi({"extract", "--format", "csv", odd, kSample, m.missing});
  EXPECT_EQ(run.exit_code, 1);
  std::string expected = CsvHeader();
  for (const std::string& path : {odd, kSample, m.missing}) AppendCsvRows(ReportOf(path), {}, &expected);
  EXPECT_EQ(run.out, expected);
  EXPECT_EQ(Lines(run.out)[0],
            "path,issuer,year,revision,id,scope,value,unit,source,derived,blank,source_id,error");
  EXPECT_THAT(run.out, HasSubstr("\n\"" + dir.File("a,\"\"b\"\".txt") + "\",浙江省,2016,"));
  EXPECT_THAT(run.out, HasSubstr("\n" + m.missing + ",,,,,,,,,,,,not_found\n"));

  RunResult mentions = RunOgi({"extract", "--format", "csv", "--csv-mentions", "--csv-bom", odd});
  EXPECT_EQ(mentions.exit_code, 0);
  CsvOptions options;
  options.mentions = true;
  expected = "\xEF\xBB\xBF" + CsvHeader(options);
  AppendCsvRows(ReportOf(odd), options, &expected);
  EXPECT_EQ(mentions.out, expected);
}

TEST(ExtractBatchTest, UsageErrorsExit2) {
  const struct {
    std::vector<std::string> args;
    std::string err;
  } cases[] = {
      {{"extract"}, "ogi extract: no inputs: name files or directories, or use --files-from or --stdin-jsonl\n"},
      {{"extract", "-", "--stdin-jsonl"},
       "ogi extract: standard input can be read only once: use one of -, --files-from - and --stdin-jsonl\n"},
      {{"extract", "--pretty", "--format", "csv", kSample},
       "ogi extract: --pretty indents JSON documents: not with --format csv\n"},
      {{"extract", "--csv-mentions", kSample}, "ogi extract: --csv-mentions and --csv-bom go with --format csv\n"},
      {{"extract", "--explain", "--format", "jsonl", kSample}, "ogi extract: --explain prints text: it takes no --format\n"},
  };
  for (const auto& c : cases) {
    RunResult run = RunOgi(c.args);
    EXPECT_EQ(run.exit_code, 2) << c.err;
    EXPECT_EQ(run.err, c.err);
    EXPECT_EQ(run.out, "");
  }
  EXPECT_EQ(RunOgi({"extract", "--format", "xml", kSample}).exit_code, 2);
  EXPECT_EQ(RunOgi({"extract", "--jobs", "-1", kSample}).exit_code, 2);
}

TEST(ExtractBatchTest, SingleInputIsQuietUnlessAsked) {
  RunResult quiet = RunOgi({"extract", kSample});
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "");
  RunResult summary = RunOgi({"extract", "--summary", kSample});
  EXPECT_TRUE(std::regex_match(summary.err, std::regex("ogi: 1 input, 1 ok, 0 with errors, [0-9]+ figures, .*\n")))
      << summary.err;
}

// Runs ogi with its standard output on a pipe, reads the first line, closes the pipe (like
// `| head -1`) and waits. Returns the exit status, the line and standard error.
RunResult RunOgiReadingOneLine(const std::vector<std::string>& args) {
  TempDir dir;
  std::string err_path = dir.File("err");
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    int in = ::open("/dev/null", O_RDONLY);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out[1], 1);
    ::dup2(err, 2);
    ::close(out[0]);
    ::close(out[1]);
    if (::chdir(OGI_SOURCE_DIR) != 0) ::_exit(126);
    std::vector<std::string> copy = args;
    std::string binary = OGI_BINARY;
    std::vector<char*> argv = {binary.data()};
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  RunResult result;
  char c;
  while (::read(out[0], &c, 1) == 1 && c != '\n') result.out.push_back(c);
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.err = ReadFile(err_path);
  return result;
}

TEST(ExtractBatchTest, AClosedPipeEndsTheRunQuietly) {
  // 200 records of ~40 KB: far more than a pipe holds, so writing fails once the reader is gone.
  std::vector<std::string> args = {"extract", "--jobs", "2"};
  for (int i = 0; i < 200; ++i) args.push_back(kSample);
  RunResult run = RunOgiReadingOneLine(args);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(run.out + "\n", Line(ReportOf(kSample)));
}

}  // namespace
}  // namespace ogi
