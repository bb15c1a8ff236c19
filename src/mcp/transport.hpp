// The stdio transport: newline-delimited messages in, one message per line
// out. Lines longer than the limit are skipped without being held in memory.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

namespace sq::mcp {

// Reads newline-terminated lines from a file descriptor.
class LineReader {
 public:
  enum class Status { line, oversized, eof };
  struct Event {
    Status status = Status::eof;
    std::string line;         // without the newline (and without a trailing '\r')
    std::size_t size = 0;     // bytes in the line, counted even when oversized
  };

  LineReader(int fd, std::size_t max_line_bytes);

  // Blocks until a whole line, an oversized line or end of input.
  Event next();

  // True when next() would not block: a line is buffered or the descriptor
  // has data (or end of input). Waits at most `timeout_ms` (0: just look).
  bool ready(int timeout_ms);

  std::size_t max_line_bytes() const { return max_; }

 private:
  bool fill();  // reads more bytes; false on end of input

  int fd_;
  std::size_t max_;
  std::string buf_;
  std::size_t start_ = 0;    // first unconsumed byte in buf_
  bool discarding_ = false;  // inside an oversized line
  std::size_t discarded_ = 0;
  bool eof_ = false;
};

// Writes whole lines to a file descriptor; safe to call from several threads.
class LineWriter {
 public:
  explicit LineWriter(int fd) : fd_(fd) {}
  // Writes `line` followed by '\n'. Returns false if the peer has gone.
  bool write_line(std::string_view line);

 private:
  int fd_;
  std::mutex mutex_;
};

}  // namespace sq::mcp
