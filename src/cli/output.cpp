// Terminal-aware output: see output.hpp.
#include "cli/output.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include "sq_config.h"

namespace sq::cli {

namespace {

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0';
}

int terminal_columns(int fd) {
  winsize ws{};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  return 80;
}

}  // namespace

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

bool colour_allowed(int fd) {
  if (!is_terminal(fd) || env_set("NO_COLOR")) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

Palette Palette::for_stdout(bool json_output) { return Palette(!json_output && colour_allowed(STDOUT_FILENO)); }

std::string Palette::wrap(std::string_view code, std::string_view text) const {
  if (!enabled_) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

std::string Palette::heading(std::string_view text) const { return wrap("1", text); }
std::string Palette::number(std::string_view text) const { return wrap("1;36", text); }
std::string Palette::muted(std::string_view text) const { return wrap("2", text); }
std::string Palette::good(std::string_view text) const { return wrap("32", text); }
std::string Palette::bad(std::string_view text) const { return wrap("1;31", text); }

void print_error(std::string_view message) {
  std::cout.flush();  // keep the order of anything already printed
  std::cerr << SQ_NAME << ": " << message << '\n';
}

// ---- Progress -------------------------------------------------------------

Progress::Progress(std::string label) : Progress(std::move(label), is_terminal(STDERR_FILENO), STDERR_FILENO) {}

Progress::Progress(std::string label, bool enabled, int fd) : label_(std::move(label)), enabled_(enabled), fd_(fd) {}

Progress::~Progress() { finish(); }

std::function<void(std::int64_t, std::int64_t)> Progress::callback() {
  return [this](std::int64_t done, std::int64_t total) { update(done, total); };
}

void Progress::update(std::int64_t done, std::int64_t total) {
  if (!enabled_) return;
  const int permille = total > 0 ? static_cast<int>(std::clamp<std::int64_t>(done * 1000 / total, 0, 1000)) : -1;
  const auto now = std::chrono::steady_clock::now();
  const bool finished = total > 0 && done >= total;
  if (drawn_ && !finished) {
    if (permille == last_permille_ && total > 0) return;
    if (now - last_draw_ < std::chrono::milliseconds(50)) return;
  }
  last_permille_ = permille;
  last_draw_ = now;
  draw(done, total);
}

void Progress::draw(std::int64_t done, std::int64_t total) {
  const int columns = terminal_columns(fd_);
  std::string counts = total > 0 ? fmt::format(" {:3}% {}/{}", std::min<std::int64_t>(done * 100 / total, 100),
                                               done, total)
                                 : fmt::format(" {}", done);
  // "label [#####.....] 42% 420/1000", fitted into the terminal's width.
  const int room = columns - 1 - static_cast<int>(label_.size()) - 3 - static_cast<int>(counts.size());
  std::string line = label_;
  if (room >= 10 && total > 0) {
    const int width = std::min(room, 40);
    const int filled = static_cast<int>(std::min<std::int64_t>(done, total) * width / total);
    line += " [" + std::string(static_cast<std::size_t>(filled), '#') +
            std::string(static_cast<std::size_t>(width - filled), '.') + "]";
  }
  line += counts;
  if (line.size() > static_cast<std::size_t>(columns - 1)) line.resize(static_cast<std::size_t>(columns - 1));
  std::string out = "\r" + line;
  if (line.size() < last_width_) out += std::string(last_width_ - line.size(), ' ');
  last_width_ = line.size();
  write_out(out);
  drawn_ = true;
}

void Progress::finish() {
  if (!enabled_ || !drawn_) return;
  write_out("\r" + std::string(last_width_, ' ') + "\r");
  drawn_ = false;
  last_width_ = 0;
  last_permille_ = -1;
}

void Progress::write_out(const std::string& text) {
  std::size_t off = 0;
  while (off < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      enabled_ = false;  // the terminal went away: stop drawing, never fail the operation
      return;
    }
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace sq::cli
