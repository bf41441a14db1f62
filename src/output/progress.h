// Progress: a one-line progress bar on standard error for a batch, and the summary line.
//
//   ogi  1234/10000  12% [=====>                ]  45.1 inputs/s  1.6 MB/s  ETA 3:14
//
// Drawn only when enabled (the caller checks that stderr is a terminal and there is more than
// one input), at most 10 times a second, and not before half a second has passed, so short
// runs never flash a bar. Messages (an input's error) go through Message(), which erases the
// bar, prints them and lets the next Update() redraw it below. Used from one thread, except
// SetTotal(), which a counting thread may call at any time.
#ifndef OGI_OUTPUT_PROGRESS_H_
#define OGI_OUTPUT_PROGRESS_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace ogi {

struct BatchStats {
  size_t inputs = 0;       // results written
  size_t ok = 0;           // extracted without errors
  size_t with_errors = 0;
  size_t figures = 0;      // figures read with evidence (mentions + table cells)
  size_t bytes = 0;        // input bytes
};

class Progress {
 public:
  Progress(bool enabled, int fd);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // The number of inputs, once known (0: unknown, the bar shows counts and rate only).
  void SetTotal(size_t total) { total_.store(total, std::memory_order_relaxed); }

  // Redraws the bar if it is due.
  void Update(const BatchStats& stats);
  // Prints whole lines on the descriptor, above the bar (directly when disabled).
  void Message(std::string_view lines);
  // Erases the bar (at the end, or before other output on the terminal).
  void Clear();

  double seconds() const;

 private:
  std::string Line(const BatchStats& stats) const;
  void Put(std::string_view text) const;
  bool enabled_;
  int fd_;
  std::atomic<size_t> total_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

// "ogi: 10000 inputs, 9998 ok, 2 with errors, 345678 figures, 28.1 s (356 inputs/s, 12.4 MB/s)\n"
std::string FormatSummary(const BatchStats& stats, double seconds);

}  // namespace ogi

#endif  // OGI_OUTPUT_PROGRESS_H_
