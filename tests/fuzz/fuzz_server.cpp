// Fuzz target: bytes as they would arrive on standard input. They are split
// into lines by the transport's reader (with a small line limit, so oversized
// lines are exercised too), and each line is handled by the real server:
// JSON-RPC parsing, both protocol eras, dispatch, argument validation, tools.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_env.hpp"
#include "mcp/transport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& env = sq::fuzz::fuzz_server();
  const int fd = ::memfd_create("fuzz-input", 0);
  if (fd < 0) std::abort();
  std::size_t off = 0;
  while (off < size) {
    const ssize_t n = ::write(fd, data + off, size - off);
    if (n <= 0) std::abort();
    off += static_cast<std::size_t>(n);
  }
  ::lseek(fd, 0, SEEK_SET);
  constexpr std::size_t kMaxLine = 4096;
  sq::mcp::LineReader reader(fd, kMaxLine);
  for (int lines = 0; lines < 64; ++lines) {
    auto ev = reader.next();
    if (ev.status == sq::mcp::LineReader::Status::eof) break;
    if (ev.status == sq::mcp::LineReader::Status::oversized) {
      if (ev.size <= kMaxLine) std::abort();  // only lines over the limit are refused
      continue;
    }
    if (ev.line.size() > kMaxLine) std::abort();
    if (auto reply = env.server->handle_line(ev.line)) {
      // Every reply is a JSON-RPC message that serialises.
      if (!reply->is_object() || reply->value("jsonrpc", "") != "2.0") std::abort();
      (void)reply->dump();
    }
  }
  ::close(fd);
  return 0;
}
