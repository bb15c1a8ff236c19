// Wall-clock timestamps in the one format the project stores and prints:
// RFC 3339 UTC with milliseconds, e.g. 2026-11-22T08:03:31.123Z.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sq::util {

std::string now_rfc3339();
std::string to_rfc3339(std::chrono::system_clock::time_point t);

// Milliseconds since the Unix epoch.
std::int64_t now_unix_ms();

// Parses a duration such as "30d", "12h", "90m", "45s" or "2w" into seconds.
std::optional<std::int64_t> parse_duration_seconds(std::string_view s);

}  // namespace sq::util
