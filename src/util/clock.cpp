// Timestamps: see clock.hpp.
#include "util/clock.hpp"

#include <ctime>

#include <fmt/format.h>

namespace sq::util {

std::string to_rfc3339(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  long rem = static_cast<long>(ms % 1000);
  if (rem < 0) {
    rem += 1000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, rem);
}

std::string now_rfc3339() { return to_rfc3339(std::chrono::system_clock::now()); }

std::int64_t now_unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<std::int64_t> parse_duration_seconds(std::string_view s) {
  if (s.size() < 2) return std::nullopt;
  std::int64_t value = 0;
  std::size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    value = value * 10 + (s[i] - '0');
    if (value > 1'000'000'000) return std::nullopt;
  }
  if (i == 0 || i + 1 != s.size()) return std::nullopt;
  switch (s[i]) {
    case 's': return value;
    case 'm': return value * 60;
    case 'h': return value * 3600;
    case 'd': return value * 86400;
    case 'w': return value * 7 * 86400;
    default: return std::nullopt;
  }
}

}  // namespace sq::util
