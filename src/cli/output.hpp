// Terminal-aware output for the command line: whether a stream is a
// terminal, colour for people (only on a terminal, never with NO_COLOR set,
// never in --json output), messages in the program's voice on stderr, and a
// progress bar on stderr for long operations.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace sq::cli {

// True when `fd` refers to a terminal.
bool is_terminal(int fd);

// True when text written to `fd` may carry colour: `fd` is a terminal,
// NO_COLOR is unset or empty, and TERM is not "dumb".
bool colour_allowed(int fd);

// Wraps text in colour escapes when enabled, and returns it unchanged when not.
class Palette {
 public:
  explicit Palette(bool enabled) : enabled_(enabled) {}
  // For human output on stdout: enabled only if stdout allows colour and the
  // output is not machine-readable.
  static Palette for_stdout(bool json_output);

  bool enabled() const { return enabled_; }
  std::string heading(std::string_view text) const;  // bold
  std::string number(std::string_view text) const;   // question numbers, counts
  std::string muted(std::string_view text) const;    // ids, dates, secondary text
  std::string good(std::string_view text) const;     // "ok"
  std::string bad(std::string_view text) const;      // "failed"

 private:
  std::string wrap(std::string_view code, std::string_view text) const;
  bool enabled_;
};

// "sequential-questioning: <message>" on stderr.
void print_error(std::string_view message);

// A one-line progress bar on stderr for long operations (reindex, export,
// restore). It draws only when stderr is a terminal; when stderr is piped or
// redirected it writes nothing at all. Redraws are throttled, and the line is
// cleared by finish() or the destructor, so later output starts clean.
//
//   Progress bar("Reindexing");
//   store.reindex(bar.callback());   // or bar.update(done, total) in a loop
//   bar.finish();
class Progress {
 public:
  explicit Progress(std::string label);
  // For tests and callers that decide themselves; draws on `fd` when `enabled`.
  Progress(std::string label, bool enabled, int fd);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  bool enabled() const { return enabled_; }
  // Reports that `done` of `total` units are finished (total 0: unknown).
  void update(std::int64_t done, std::int64_t total);
  // A callback with the shape of MemoryStore::reindex's progress parameter.
  // The Progress must outlive it.
  std::function<void(std::int64_t, std::int64_t)> callback();
  // Clears the line. Safe to call more than once.
  void finish();

 private:
  void draw(std::int64_t done, std::int64_t total);
  void write_out(const std::string& text);

  std::string label_;
  bool enabled_;
  int fd_;
  bool drawn_ = false;
  std::size_t last_width_ = 0;
  int last_permille_ = -1;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace sq::cli
