// Input enumeration and the ordered worker pool.
//
// The enumerator is a small state machine over four sources, taken in order: the walker's stack
// of open directories, the positional paths, the --files-from lines, the JSON Lines records.
// Lines are read from a file descriptor with poll(2) in between, so Cancel() can stop a reader
// waiting on a quiet pipe (the consumer of our output went away; nobody will ever close stdin).
//
// The pool is one reader thread (the enumerator may block on standard input) and `jobs`
// workers; the worker that finishes the next result in order writes it, and the calling thread
// redraws the progress bar. A window of `window` slots bounds what is in flight: the reader
// takes slot `i % window` for input i only after input i - window was emitted, so memory is
// the window's worth of documents whatever the batch size, and the writer always knows where
// the next result in order will land.
#include "ogi/batch.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

// The JSON boundary for input records: parsed without exceptions, like every nlohmann call in
// the library. Kept out of the public header (batch.h knows nothing of JSON).
#include <nlohmann/json.hpp>

namespace ogi {

bool GlobMatch(std::string_view pattern, std::string_view name) {
  return ::fnmatch(std::string(pattern).c_str(), std::string(name).c_str(), 0) == 0;
}

Result<Source> ReadBatchInput(const BatchInput& input, const ReadOptions& options) {
  if (!input.status.ok()) return input.status;
  if (!input.text) return ReadSource(input.path, options);
  if (input.text->size() > options.max_bytes) {
    return Status(StatusCode::kTooLarge, input.path + ": text of " +
                                             std::to_string(input.text->size()) +
                                             " bytes, more than the limit of " +
                                             std::to_string(options.max_bytes));
  }
  return SourceFromBytes(input.path, *input.text);
}

namespace {

// Lines of a file descriptor. Waits in poll(2) slices of 100 ms so that `cancel` is seen even
// when no data ever comes.
class LineReader {
 public:
  LineReader(int fd, bool owned, std::string name) : fd_(fd), owned_(owned), name_(std::move(name)) {}
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  ~LineReader() {
    if (owned_) ::close(fd_);
  }

  // The next line without its '\n' (and '\r'); false at the end, on cancel, or on a read error
  // (then *error is set).
  bool Next(std::string* line, Status* error, const std::atomic<bool>& cancel) {
    while (true) {
      size_t newline = buffer_.find('\n', scanned_);
      if (newline != std::string::npos) {
        Take(newline, newline + 1, line);
        return true;
      }
      scanned_ = buffer_.size();
      if (eof_) {
        if (start_ == buffer_.size()) return false;
        Take(buffer_.size(), buffer_.size(), line);
        return true;
      }
      if (start_ > 0) {  // keep only the unfinished line before reading more
        buffer_.erase(0, start_);
        scanned_ -= start_;
        start_ = 0;
      }
      pollfd p{fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, 100);
      if (cancel.load(std::memory_order_relaxed)) return false;
      if (ready < 0 && errno != EINTR) {
        *error = Status(StatusCode::kUnreadable, name_ + ": " + std::strerror(errno));
        return false;
      }
      if (ready <= 0) continue;
      char chunk[1 << 16];
      ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        *error = Status(StatusCode::kUnreadable, name_ + ": " + std::strerror(errno));
        return false;
      }
      if (n == 0) eof_ = true;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  size_t line_number() const { return line_number_; }
  const std::string& name() const { return name_; }

 private:
  void Take(size_t end, size_t next, std::string* line) {
    size_t stop = (end > start_ && buffer_[end - 1] == '\r') ? end - 1 : end;
    line->assign(buffer_, start_, stop - start_);
    start_ = next;
    scanned_ = next;
    ++line_number_;
  }

  int fd_;
  bool owned_;
  std::string name_;
  std::string buffer_;
  size_t start_ = 0;    // first byte of the current line in buffer_
  size_t scanned_ = 0;  // no '\n' in buffer_[start_, scanned_)
  bool eof_ = false;
  size_t line_number_ = 0;
};

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// One --stdin-jsonl line -> an input. The id is read first so that even a record with an error
// carries it back to the caller, who joins on it.
BatchInput ParseRecord(const std::string& line, size_t line_number) {
  BatchInput input;
  input.path = "-";
  std::string where = "-:" + std::to_string(line_number) + ": ";
  nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded() || !record.is_object()) {
    input.status = Status(StatusCode::kInvalidArgument,
                          where + "not a JSON object: a record is {\"id\": ..., \"path\": ...} or "
                                  "{\"id\": ..., \"text\": ...}");
    return input;
  }
  if (auto id = record.find("id"); id != record.end() && !id->is_null()) {
    if (id->is_string()) {
      input.id = id->get<std::string>();
    } else if (id->is_number()) {
      input.id = id->dump();  // 17 -> "17": output ids are always strings
    } else {
      input.status = Status(StatusCode::kInvalidArgument, where + "\"id\" must be a string or a number");
      return input;
    }
  }
  auto path = record.find("path");
  if (path != record.end() && !path->is_null()) {
    if (!path->is_string()) {
      input.status = Status(StatusCode::kInvalidArgument, where + "\"path\" must be a string");
      return input;
    }
    input.path = path->get<std::string>();
  }
  auto text = record.find("text");
  if (text != record.end() && !text->is_null()) {
    if (!text->is_string()) {
      input.status = Status(StatusCode::kInvalidArgument, where + "\"text\" must be a string");
      return input;
    }
    input.text = text->get<std::string>();
  } else if (path == record.end() || path->is_null()) {
    input.status = Status(StatusCode::kInvalidArgument, where + "a record needs \"path\" or \"text\"");
  }
  return input;
}

std::string JoinPath(const std::string& directory, const std::string& name) {
  if (!directory.empty() && directory.back() == '/') return directory + name;
  return directory + "/" + name;
}

}  // namespace

struct InputEnumerator::State {
  InputOptions options;
  size_t next_path = 0;
  // Open directories, innermost last; each holds its remaining entries in name order.
  struct Entry {
    std::string name;
    bool directory = false;
  };
  struct Frame {
    std::string path;
    std::vector<Entry> entries;
    size_t next = 0;
  };
  std::vector<Frame> walk;
  std::unique_ptr<LineReader> files_from;
  std::unique_ptr<LineReader> records;
  std::atomic<bool> cancel{false};

  bool Excluded(const std::string& name) const {
    for (const std::string& glob : options.exclude) {
      if (GlobMatch(glob, name)) return true;
    }
    return false;
  }

  bool Included(const std::string& name) const {
    if (options.include.empty()) return true;
    for (const std::string& glob : options.include) {
      if (GlobMatch(glob, name)) return true;
    }
    return false;
  }

  // Lists `path` into a new frame; a directory that cannot be listed is an input with an error.
  // Symbolic links to files are taken; links to directories are not followed (no cycles), and
  // what is neither a file nor a directory (fifos, sockets, broken links) is skipped.
  std::optional<BatchInput> Open(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::directory_iterator it(path, ec);
    Frame frame;
    frame.path = path;
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (Excluded(name)) continue;
      fs::file_type type = it->symlink_status(ec).type();
      if (type == fs::file_type::symlink) type = it->status(ec).type() == fs::file_type::regular
                                                     ? fs::file_type::regular
                                                     : fs::file_type::none;
      ec.clear();
      if (type == fs::file_type::directory) {
        frame.entries.push_back({std::move(name), true});
      } else if (type == fs::file_type::regular && Included(name)) {
        frame.entries.push_back({std::move(name), false});
      }
    }
    if (ec) {
      BatchInput input;
      input.path = path;
      input.status = Status(StatusCode::kUnreadable, path + ": " + ec.message());
      return input;
    }
    std::sort(frame.entries.begin(), frame.entries.end(),
              [](const Entry& a, const Entry& b) { return a.name < b.name; });
    walk.push_back(std::move(frame));
    return std::nullopt;
  }

  // A path named explicitly: a directory is walked, anything else is an input (reading it
  // reports what is wrong with it).
  std::optional<BatchInput> Expand(const std::string& path) {
    struct stat st {};
    if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return Open(path);
    BatchInput input;
    input.path = path;
    return input;
  }

  std::optional<BatchInput> Next() {
    std::string line;
    while (!cancel.load(std::memory_order_relaxed)) {
      if (!walk.empty()) {
        Frame& frame = walk.back();
        if (frame.next == frame.entries.size()) {
          walk.pop_back();
          continue;
        }
        const Entry& entry = frame.entries[frame.next++];
        std::string path = JoinPath(frame.path, entry.name);
        if (entry.directory) {
          if (std::optional<BatchInput> failed = Open(path)) return failed;
          continue;
        }
        BatchInput input;
        input.path = std::move(path);
        return input;
      }
      if (next_path < options.paths.size()) {
        if (std::optional<BatchInput> input = Expand(options.paths[next_path++])) return input;
        continue;
      }
      if (files_from) {
        Status error;
        if (files_from->Next(&line, &error, cancel)) {
          if (IsBlank(line)) continue;
          if (std::optional<BatchInput> input = Expand(line)) return input;
          continue;
        }
        std::string name = files_from->name();
        files_from.reset();
        if (!error.ok()) {
          BatchInput input;
          input.path = name;
          input.status = error;
          return input;
        }
        continue;
      }
      if (records) {
        Status error;
        if (records->Next(&line, &error, cancel)) {
          if (IsBlank(line)) continue;
          return ParseRecord(line, records->line_number());
        }
        records.reset();
        if (!error.ok()) {
          BatchInput input;
          input.path = "-";
          input.status = error;
          return input;
        }
        continue;
      }
      return std::nullopt;
    }
    return std::nullopt;
  }
};

InputEnumerator::InputEnumerator(std::unique_ptr<State> state) : state_(std::move(state)) {}
InputEnumerator::InputEnumerator(InputEnumerator&&) noexcept = default;
InputEnumerator& InputEnumerator::operator=(InputEnumerator&&) noexcept = default;
InputEnumerator::~InputEnumerator() = default;

Result<InputEnumerator> InputEnumerator::Create(InputOptions options) {
  int stdin_users = static_cast<int>(std::count(options.paths.begin(), options.paths.end(), "-")) +
                    (options.files_from == "-" ? 1 : 0) + (options.stdin_jsonl ? 1 : 0);
  if (stdin_users > 1) {
    return Status(StatusCode::kInvalidArgument,
                  "standard input can be read only once: use one of -, --files-from - and "
                  "--stdin-jsonl");
  }
  auto state = std::make_unique<State>();
  if (options.files_from == "-") {
    state->files_from = std::make_unique<LineReader>(0, false, "-");
  } else if (!options.files_from.empty()) {
    int fd = ::open(options.files_from.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      int err = errno;
      return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kUnreadable,
                    options.files_from + ": " + std::strerror(err));
    }
    state->files_from = std::make_unique<LineReader>(fd, true, options.files_from);
  }
  if (options.stdin_jsonl) state->records = std::make_unique<LineReader>(0, false, "-");
  state->options = std::move(options);
  return InputEnumerator(std::move(state));
}

std::optional<BatchInput> InputEnumerator::Next() { return state_->Next(); }

void InputEnumerator::Cancel() { state_->cancel.store(true, std::memory_order_relaxed); }

size_t RunOrdered(InputEnumerator& inputs, const PoolOptions& options,
                  const std::function<BatchOutput(BatchInput)>& work,
                  const std::function<bool(BatchOutput&)>& emit,
                  const std::function<bool()>& idle) {
  const int jobs = std::max(1, options.jobs);
  const size_t window =
      options.window > 0 ? options.window : std::max<size_t>(8, 4 * static_cast<size_t>(jobs));

  std::mutex mutex;
  std::condition_variable reader_cv;  // a slot was freed, or stop
  std::condition_variable worker_cv;  // an input is pending, or the reader ended, or stop
  std::condition_variable done_cv;    // everything was written, or stop
  std::deque<BatchInput> pending;     // read, not yet taken by a worker
  std::vector<std::optional<BatchOutput>> slots(window);
  size_t assigned = 0;  // inputs handed out so far (the next input's index)
  size_t emitted = 0;   // results written so far (the next result's index)
  bool reader_done = false;
  bool stop = false;
  // Whoever holds `writing` calls emit and idle; the others leave their results in the slots.
  // The worker that finishes the next result in order writes it (and whatever follows it that
  // is done) itself: handing every result to a writer thread cost a wake-up per document, 4%
  // of a one-thread run.
  bool writing = false;
  auto finished = [&] { return stop || (reader_done && emitted == assigned); };

  // With the lock held and `writing` taken: writes the results that are next in order; when the
  // next one is not done, lets idle flush what was written and looks again (a worker that
  // finished meanwhile left its result for this writer).
  auto drain = [&](std::unique_lock<std::mutex>& lock) {
    bool unflushed = false;
    while (!stop) {
      std::optional<BatchOutput>& slot = slots[emitted % window];
      if (slot) {
        BatchOutput output = std::move(*slot);
        slot.reset();
        lock.unlock();
        bool open = emit(output);
        lock.lock();
        ++emitted;
        unflushed = true;
        // The reader refills half a window at a time: waking it for every freed slot cost a
        // context switch per document.
        if (assigned - emitted <= window / 2) reader_cv.notify_one();
        if (!open) stop = true;
        continue;
      }
      if (!unflushed) break;
      lock.unlock();
      bool open = idle();
      lock.lock();
      unflushed = false;
      if (!open) stop = true;
    }
    if (finished()) done_cv.notify_all();
  };

  std::thread reader([&] {
    while (true) {
      {
        std::unique_lock lock(mutex);
        reader_cv.wait(lock, [&] { return stop || assigned - emitted < window; });
        if (stop) break;
      }
      std::optional<BatchInput> input = inputs.Next();  // may block: not under the lock
      if (!input) break;
      std::lock_guard lock(mutex);
      input->index = assigned++;
      pending.push_back(std::move(*input));
      worker_cv.notify_one();
    }
    std::lock_guard lock(mutex);
    reader_done = true;
    worker_cv.notify_all();
    if (finished()) done_cv.notify_all();
  });

  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(jobs));
  for (int i = 0; i < jobs; ++i) {
    workers.emplace_back([&] {
      while (true) {
        BatchInput input;
        {
          std::unique_lock lock(mutex);
          worker_cv.wait(lock, [&] { return stop || !pending.empty() || reader_done; });
          if (stop || pending.empty()) break;
          input = std::move(pending.front());
          pending.pop_front();
        }
        size_t index = input.index;
        BatchOutput output = work(std::move(input));
        output.index = index;
        std::unique_lock lock(mutex);
        slots[index % window] = std::move(output);
        if (index == emitted && !writing) {
          writing = true;
          drain(lock);
          writing = false;
        }
      }
    });
  }

  // This thread only redraws (idle) about every 200 ms, and writes what a worker left behind
  // while it held `writing` itself.
  std::unique_lock lock(mutex);
  while (!finished()) {
    if (done_cv.wait_for(lock, std::chrono::milliseconds(200), finished)) break;
    if (writing) continue;
    writing = true;
    lock.unlock();
    bool open = idle();
    lock.lock();
    if (!open) stop = true;
    drain(lock);
    writing = false;
  }
  stop = true;
  lock.unlock();
  inputs.Cancel();
  reader_cv.notify_all();
  worker_cv.notify_all();
  reader.join();
  for (std::thread& worker : workers) worker.join();
  return emitted;
}

}  // namespace ogi
