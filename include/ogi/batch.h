// Batch: many inputs through one Extractor, in parallel, each result handed back in input order.
//
// Consumes input specifications — paths (files, directories walked recursively, "-" for standard
// input), a list of paths in a file or on standard input (--files-from), or JSON Lines records
// on standard input, each with an id and a path or inline text (--stdin-jsonl); produces
// BatchInputs one at a time, lazily, and runs them through an ordered worker pool.
//
// Invariants:
//   - Nothing is lost: every input gets exactly one result, in input order. Problems met while
//     naming inputs (a directory that cannot be listed, a JSONL line that is not a record) are
//     inputs too, carrying the Status that says why, so the caller prints a record with `errors`.
//   - Memory does not grow with the batch: inputs are enumerated as they are needed (a stream is
//     never read ahead more than the pool's window; a directory tree is listed one directory at
//     a time), and at most `window` inputs are in flight — read, being worked on, or done and
//     waiting for an earlier one to be written.
//   - The order is deterministic: a directory's entries are taken in byte order of their names,
//     depth first, so `--jobs 1` and `--jobs 8` print the same bytes.
//
// Usage:
//   InputOptions in;  in.paths = {"reports/"};  in.include = {"*.html"};
//   Result<InputEnumerator> inputs = InputEnumerator::Create(in);
//   RunOrdered(*inputs, {.jobs = 4},
//              [&](BatchInput input) { return Render(extractor.Extract(...)); },  // any thread
//              [&](BatchOutput& out) { return Write(out); },                       // in order
//              [&] { return Flush(); });
#ifndef OGI_BATCH_H_
#define OGI_BATCH_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ogi/source.h"
#include "ogi/status.h"

namespace ogi {

// One unit of work: where its bytes come from and what the caller called it.
struct BatchInput {
  size_t index = 0;                 // 0-based position in the batch: the output order
  std::string path;                 // the file to read, "-" for standard input; the label of
                                    // inline text (source.path in the output)
  std::optional<std::string> text;  // inline content (a JSONL record's "text"); then path is
                                    // only a label and nothing is read
  std::optional<std::string> id;    // a JSONL record's "id", carried into the output
  Status status;                    // not ok: the input could not be named or parsed; its
                                    // record is this error
};

// Reads what `input` names: the file, standard input, or the inline text. Errors name the input.
Result<Source> ReadBatchInput(const BatchInput& input, const ReadOptions& options = {});

struct InputOptions {
  // Files, directories (walked recursively) and "-" (standard input), in the order given.
  std::vector<std::string> paths;
  // Globs (fnmatch(3), on the file's name, not its directory) that filter the files found by
  // walking a directory: a file is taken when it matches some --include (or none is given) and
  // no --exclude. An --exclude that matches a directory's name prunes it. Paths named
  // explicitly, on the command line or in --files-from, are always taken.
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  // A file with one path per line ("-": standard input), read after `paths`. Directories in it
  // are walked like those in `paths`. Blank lines are skipped.
  std::string files_from;
  // Standard input is JSON Lines, one record per line, read after `paths` and `files_from`:
  //   {"id": "a1", "path": "reports/a.html"}   the file at path
  //   {"id": 17, "text": "...", "path": "a"}   the text itself (path, if given, is its label)
  // id (a string or a number, optional) is carried into the output. Other fields are ignored;
  // blank lines are skipped; a line that is not such a record becomes an input with an error.
  bool stdin_jsonl = false;
};

// Walks the inputs of InputOptions in order, one at a time. Not thread-safe, except Cancel().
class InputEnumerator {
 public:
  // Fails (kInvalidArgument, kNotFound, kUnreadable) when the options conflict (standard input
  // used twice) or the --files-from file cannot be opened: a usage error, not an input's.
  static Result<InputEnumerator> Create(InputOptions options);

  InputEnumerator(InputEnumerator&&) noexcept;
  InputEnumerator& operator=(InputEnumerator&&) noexcept;
  ~InputEnumerator();

  // The next input, or nullopt when there are no more (or after Cancel()). May block while
  // standard input has no complete line yet. BatchInput::index is left 0 for the caller.
  std::optional<BatchInput> Next();

  // Makes a Next() blocked on standard input return nullopt soon, and every later Next()
  // return nullopt. Callable from any thread.
  void Cancel();

 private:
  struct State;
  explicit InputEnumerator(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// True when `name` matches the glob (fnmatch(3) without flags: * ? [...] and \ escapes).
bool GlobMatch(std::string_view pattern, std::string_view name);

// What the pool hands back for one input: the bytes to print, in order.
struct BatchOutput {
  size_t index = 0;      // the input's index
  std::string out;       // for standard output
  std::string err;       // for standard error (whole lines)
  // For the progress bar and the summary.
  bool ok = true;        // extracted without errors
  bool fatal = false;    // stop the batch after writing this one (our own bug, e.g. --validate)
  size_t bytes = 0;      // input bytes
  size_t figures = 0;    // figures read with evidence
};

struct PoolOptions {
  int jobs = 1;        // worker threads (at least 1)
  size_t window = 0;   // inputs in flight at most; 0: 4 per worker, at least 8
};

// Runs `work` over every input of `inputs` on `options.jobs` threads, and calls `emit` with each
// result in input order, as soon as it and every earlier one are done. `work` runs concurrently
// with itself and must not throw. `emit` and `idle` run on the worker that finished the next
// result or on the calling thread, never two at a time (each call happens after the previous
// one, under the pool's lock). `idle` is called whenever `emit` would have to wait (flush
// buffered output there) and about every 200 ms while nothing is written (redraw a progress bar). When `emit` or `idle` returns false (the output
// is closed), inputs not yet started are skipped and RunOrdered returns once its threads have
// ended. Returns the number of results emitted.
size_t RunOrdered(InputEnumerator& inputs, const PoolOptions& options,
                  const std::function<BatchOutput(BatchInput)>& work,
                  const std::function<bool(BatchOutput&)>& emit,
                  const std::function<bool()>& idle);

}  // namespace ogi

#endif  // OGI_BATCH_H_
