// Test helpers that run the real ogi binary. Test-only.
#ifndef OGI_TESTING_RUN_H_
#define OGI_TESTING_RUN_H_

#include <string>
#include <vector>

namespace ogi::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the ogi binary built with the tests with `args` (not through a shell) in the source
// directory, feeding `stdin_data` to its standard input.
RunResult RunOgi(const std::vector<std::string>& args, const std::string& stdin_data = "");

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& contents);

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Path of a file in the source tree (data/samples/..., tests/data/...).
std::string SourcePath(const std::string& relative);

}  // namespace ogi::testing

#endif  // OGI_TESTING_RUN_H_
