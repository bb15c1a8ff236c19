// Request metrics of one process: per MCP method, per tool and for vector
// searches, the number of requests, errors by kind and a latency histogram.
// Keeps two copies: everything since the process started, and what has not
// yet been flushed to the database (see metrics_store.hpp).
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "ops/latency_histogram.hpp"

namespace sq::ops {

// Which family a series belongs to.
inline constexpr const char* kMethodSeries = "method";
inline constexpr const char* kToolSeries = "tool";
inline constexpr const char* kVectorSearchSeries = "vector_search";

// Error kinds besides JSON-RPC error codes (which are recorded as their
// decimal text, e.g. "-32601").
inline constexpr const char* kToolErrorKind = "tool_error";

struct SeriesKey {
  std::string family;  // kMethodSeries, kToolSeries or kVectorSearchSeries
  std::string name;    // method or tool name; "search" for vector searches
  auto operator<=>(const SeriesKey&) const = default;
};

struct SeriesStats {
  std::int64_t requests = 0;
  std::map<std::string, std::int64_t> errors;  // kind -> count
  LatencyHistogram latency;
  std::string since;  // when the first request was recorded (RFC 3339)

  // One request; `error_kind` empty when it succeeded.
  void add(double millis, const std::string& error_kind, const std::string& now);
  void merge(const SeriesStats& other);
  std::int64_t error_total() const;
  bool operator==(const SeriesStats&) const = default;
};

using SeriesMap = std::map<SeriesKey, SeriesStats>;

// Adds every series of `from` into `into`.
void merge_into(SeriesMap& into, const SeriesMap& from);
std::int64_t total_requests(const SeriesMap& series);

// {"since", "methods": {name: series}, "tools": {...}, "vector_search": series|null}
// where a series is {"requests", "errors": {kind: n}, "error_total",
// "latency_ms": {"min", "mean", "p50", "p95", "p99", "max"}}.
nlohmann::json series_map_to_json(const SeriesMap& series);
nlohmann::json series_to_json(const SeriesStats& stats);

// The collector one process records into. Thread-safe.
class Metrics {
 public:
  void record(const SeriesKey& key, double millis, const std::string& error_kind = {});
  void record_vector_search(double millis) { record({kVectorSearchSeries, "search"}, millis); }

  SeriesMap since_start() const;
  std::string started_at() const { return started_at_; }
  // Everything recorded since the last take_pending() (a copy).
  SeriesMap pending() const;
  // Everything recorded since the last take_pending(); clears it.
  SeriesMap take_pending();
  // Puts back what take_pending() returned when it could not be stored.
  void restore_pending(const SeriesMap& pending);
  std::int64_t pending_requests() const;

 private:
  mutable std::mutex mutex_;
  SeriesMap since_start_;
  SeriesMap pending_;
  std::int64_t pending_requests_ = 0;
  std::string started_at_ = now();
  static std::string now();
};

}  // namespace sq::ops
