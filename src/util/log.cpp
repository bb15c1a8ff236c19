// Logging: see log.hpp.
#include "util/log.hpp"

#include <unistd.h>

#include <atomic>
#include <mutex>

#include <nlohmann/json.hpp>

#include "util/clock.hpp"
#include "util/text.hpp"

namespace sq::util::log {

namespace {
std::atomic<int> g_level{static_cast<int>(Level::warn)};
std::atomic<bool> g_json{false};
std::mutex g_mutex;
}  // namespace

std::optional<Level> parse_level(std::string_view name) {
  const std::string n = ascii_lower(name);
  if (n == "error") return Level::error;
  if (n == "warn" || n == "warning") return Level::warn;
  if (n == "info") return Level::info;
  if (n == "debug") return Level::debug;
  return std::nullopt;
}

std::string_view level_name(Level level) {
  switch (level) {
    case Level::error: return "error";
    case Level::warn: return "warn";
    case Level::info: return "info";
    case Level::debug: return "debug";
  }
  return "info";
}

void set_level(Level level) { g_level = static_cast<int>(level); }
Level level() { return static_cast<Level>(g_level.load()); }
void set_json(bool json) { g_json = json; }
bool enabled(Level level) { return static_cast<int>(level) <= g_level.load(); }

void write(Level level, std::string_view message) {
  std::string line;
  if (g_json) {
    nlohmann::json j = {{"time", now_rfc3339()}, {"level", level_name(level)}, {"message", sanitize_utf8(message)}};
    line = j.dump();
  } else {
    line = fmt::format("sequential-questioning: {}: {}", level_name(level), message);
  }
  line += '\n';
  std::lock_guard lock(g_mutex);
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) return;  // nowhere left to report to
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace sq::util::log
