// The stdio transport: see transport.hpp.
#include "mcp/transport.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace sq::mcp {

namespace {
constexpr std::size_t kChunk = 64 * 1024;
}

LineReader::LineReader(int fd, std::size_t max_line_bytes) : fd_(fd), max_(max_line_bytes) {}

bool LineReader::fill() {
  if (eof_) return false;
  // Compact before growing so memory stays near one line plus one chunk.
  if (start_ > 0 && start_ >= buf_.size() / 2) {
    buf_.erase(0, start_);
    start_ = 0;
  }
  const std::size_t old = buf_.size();
  buf_.resize(old + kChunk);
  ssize_t n;
  do {
    n = ::read(fd_, buf_.data() + old, kChunk);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    buf_.resize(old);
    eof_ = true;
    return false;
  }
  buf_.resize(old + static_cast<std::size_t>(n));
  return true;
}

LineReader::Event LineReader::next() {
  for (;;) {
    const std::size_t nl = buf_.find('\n', start_);
    if (discarding_) {
      if (nl == std::string::npos) {
        discarded_ += buf_.size() - start_;
        buf_.clear();
        start_ = 0;
        if (!fill()) {
          discarding_ = false;
          return {Status::oversized, {}, discarded_};
        }
        continue;
      }
      discarded_ += nl - start_;
      start_ = nl + 1;
      discarding_ = false;
      return {Status::oversized, {}, discarded_};
    }
    if (nl != std::string::npos) {
      std::size_t end = nl;
      if (end > start_ && buf_[end - 1] == '\r') --end;
      Event ev{Status::line, buf_.substr(start_, end - start_), end - start_};
      start_ = nl + 1;
      if (ev.size > max_) return {Status::oversized, {}, ev.size};
      return ev;
    }
    if (buf_.size() - start_ > max_) {
      // Too long already: drop what we hold and skip to the next newline.
      discarding_ = true;
      discarded_ = buf_.size() - start_;
      buf_.clear();
      start_ = 0;
      continue;
    }
    if (!fill()) {
      if (start_ < buf_.size()) {  // last line without a newline
        std::string rest = buf_.substr(start_);
        buf_.clear();
        start_ = 0;
        if (!rest.empty() && rest.back() == '\r') rest.pop_back();
        const std::size_t size = rest.size();
        if (size > max_) return {Status::oversized, {}, size};
        return {Status::line, std::move(rest), size};
      }
      return {Status::eof, {}, 0};
    }
  }
}

bool LineReader::ready(int timeout_ms) {
  if (eof_ || buf_.find('\n', start_) != std::string::npos) return true;
  pollfd p{fd_, POLLIN, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, timeout_ms);
  } while (rc < 0 && errno == EINTR);
  return rc > 0;
}

bool LineWriter::write_line(std::string_view line) {
  std::lock_guard lock(mutex_);
  std::string out;
  out.reserve(line.size() + 1);
  out.append(line);
  out += '\n';
  const char* p = out.data();
  std::size_t left = out.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace sq::mcp
