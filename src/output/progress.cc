#include "output/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace ogi {

namespace {

using Clock = std::chrono::steady_clock;

std::string Format(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string Duration(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buffer[32];
  if (s >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld", s / 60, s % 60);
  }
  return buffer;
}

size_t TerminalWidth(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40) return size.ws_col;
  return 80;
}

}  // namespace

Progress::Progress(bool enabled, int fd)
    : enabled_(enabled), fd_(fd), start_(Clock::now()), last_draw_(start_) {}

double Progress::seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void Progress::Put(std::string_view text) const {
  while (!text.empty()) {
    ssize_t n = ::write(fd_, text.data(), text.size());
    if (n <= 0) return;  // a closed stderr is no reason to stop the batch
    text.remove_prefix(static_cast<size_t>(n));
  }
}

std::string Progress::Line(const BatchStats& stats) const {
  double elapsed = seconds();
  double rate = elapsed > 0 ? static_cast<double>(stats.inputs) / elapsed : 0;
  double mbps = elapsed > 0 ? static_cast<double>(stats.bytes) / elapsed / 1e6 : 0;
  size_t total = total_.load(std::memory_order_relaxed);
  // Built with append: GCC 12 warns falsely (-Wrestrict) on chains of literal + string.
  std::string tail;
  tail.append("  ").append(Format("%.1f", rate)).append(" inputs/s  ");
  tail.append(Format("%.1f", mbps)).append(" MB/s");
  std::string line("ogi  ");
  line.append(std::to_string(stats.inputs));
  if (total >= stats.inputs && total > 0) {
    double fraction = static_cast<double>(stats.inputs) / static_cast<double>(total);
    line.append("/").append(std::to_string(total)).append("  ");
    line.append(Format("%3.0f", fraction * 100)).append("% ");
    if (rate > 0) {
      tail.append("  ETA ").append(Duration(static_cast<double>(total - stats.inputs) / rate));
    }
    size_t width = TerminalWidth(fd_);
    size_t used = line.size() + tail.size() + 2;
    if (width > used + 10) {
      size_t bar = std::min<size_t>(width - used - 1, 40);
      size_t full = static_cast<size_t>(fraction * static_cast<double>(bar));
      line.push_back('[');
      line.append(full, '=');
      if (full < bar) line.push_back('>');
      line.append(full < bar ? bar - full - 1 : 0, ' ');
      line.push_back(']');
    }
  } else {
    line.append(" inputs");
  }
  return line + tail;
}

void Progress::Update(const BatchStats& stats) {
  if (!enabled_) return;
  Clock::time_point now = Clock::now();
  if (now - start_ < std::chrono::milliseconds(500)) return;
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  Put("\r\033[K" + Line(stats));
}

void Progress::Message(std::string_view lines) {
  Clear();
  Put(lines);
}

void Progress::Clear() {
  if (!drawn_) return;
  Put("\r\033[K");
  drawn_ = false;
}

std::string FormatSummary(const BatchStats& stats, double seconds) {
  double rate = seconds > 0 ? static_cast<double>(stats.inputs) / seconds : 0;
  double mbps = seconds > 0 ? static_cast<double>(stats.bytes) / seconds / 1e6 : 0;
  std::string line("ogi: ");
  line.append(std::to_string(stats.inputs)).append(stats.inputs == 1 ? " input, " : " inputs, ");
  line.append(std::to_string(stats.ok)).append(" ok, ");
  line.append(std::to_string(stats.with_errors)).append(" with errors, ");
  line.append(std::to_string(stats.figures)).append(" figures, ");
  line.append(Format("%.1f", seconds)).append(" s (");
  line.append(Format("%.0f", rate)).append(" inputs/s, ");
  line.append(Format("%.1f", mbps)).append(" MB/s)\n");
  return line;
}

}  // namespace ogi
