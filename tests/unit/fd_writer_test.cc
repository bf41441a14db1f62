// FdWriter gathers small pieces and sends large ones with what is buffered in one writev: the
// bytes that arrive must be exactly the pieces in order, whatever their sizes.
#include "output/fd_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <random>
#include <string>
#include <thread>

namespace ogi {
namespace {

std::string Piece(std::mt19937& rng, size_t size) {
  std::string s(size, '\0');
  for (char& c : s) c = static_cast<char>('a' + rng() % 26);
  return s;
}

// Sizes around the buffer's thresholds (a quarter of it, all of it) and far above.
size_t PieceSize(std::mt19937& rng, size_t capacity) {
  switch (rng() % 6) {
    case 0: return 0;
    case 1: return rng() % 16;
    case 2: return capacity / 4 - 1 + rng() % 3;
    case 3: return capacity - 1 + rng() % 3;
    case 4: return rng() % (3 * capacity);
    default: return rng() % 200;
  }
}

TEST(FdWriterTest, BytesArriveInOrderThroughAPipe) {
  for (size_t capacity : {size_t{64}, size_t{1000}, size_t{1} << 16}) {
    std::mt19937 rng(static_cast<unsigned>(capacity));
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::string received;
    // The reader takes small reads, so large writes wait on it part by part.
    std::thread reader([&] {
      char buffer[777];
      ssize_t n;
      while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0) received.append(buffer, static_cast<size_t>(n));
    });
    std::string expected;
    {
      FdWriter writer(fds[1], capacity);
      for (int i = 0; i < 300; ++i) {
        std::string piece = Piece(rng, PieceSize(rng, capacity));
        expected += piece;
        ASSERT_TRUE(writer.Write(piece));
      }
      ASSERT_TRUE(writer.Flush());
    }
    ::close(fds[1]);
    reader.join();
    ::close(fds[0]);
    EXPECT_EQ(received.size(), expected.size()) << "capacity " << capacity;
    EXPECT_TRUE(received == expected) << "capacity " << capacity;
  }
}

TEST(FdWriterTest, ClosedReaderIsABrokenPipeAndLaterWritesDoNothing) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  std::signal(SIGPIPE, SIG_IGN);  // as main.cc does
  FdWriter writer(fds[1], 64);
  EXPECT_TRUE(writer.Write("small"));  // buffered, not yet written
  EXPECT_FALSE(writer.Write(std::string(100, 'x')));
  EXPECT_TRUE(writer.broken_pipe());
  EXPECT_FALSE(writer.message().empty());
  EXPECT_FALSE(writer.Write("more"));
  EXPECT_FALSE(writer.Flush());
  ::close(fds[1]);
}

}  // namespace
}  // namespace ogi
