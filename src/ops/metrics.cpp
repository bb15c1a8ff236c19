// Request metrics of one process: see metrics.hpp.
#include "ops/metrics.hpp"

#include "util/clock.hpp"

namespace sq::ops {

void SeriesStats::add(double millis, const std::string& error_kind, const std::string& now) {
  if (requests == 0 && since.empty()) since = now;
  ++requests;
  if (!error_kind.empty()) ++errors[error_kind];
  latency.record(millis);
}

void SeriesStats::merge(const SeriesStats& other) {
  requests += other.requests;
  for (const auto& [kind, n] : other.errors) errors[kind] += n;
  latency.merge(other.latency);
  if (!other.since.empty() && (since.empty() || other.since < since)) since = other.since;
}

std::int64_t SeriesStats::error_total() const {
  std::int64_t n = 0;
  for (const auto& [kind, count] : errors) n += count;
  return n;
}

void merge_into(SeriesMap& into, const SeriesMap& from) {
  for (const auto& [key, stats] : from) into[key].merge(stats);
}

std::int64_t total_requests(const SeriesMap& series) {
  std::int64_t n = 0;
  for (const auto& [key, stats] : series) {
    if (key.family == kMethodSeries) n += stats.requests;
  }
  return n;
}

nlohmann::json series_to_json(const SeriesStats& s) {
  nlohmann::json latency = nullptr;
  if (s.latency.count() > 0) {
    latency = {{"min", s.latency.min_ms()},         {"mean", s.latency.mean_ms()},
               {"p50", s.latency.percentile(0.50)}, {"p95", s.latency.percentile(0.95)},
               {"p99", s.latency.percentile(0.99)}, {"max", s.latency.max_ms()}};
  }
  return {{"requests", s.requests},
          {"errors", s.errors},
          {"error_total", s.error_total()},
          {"latency_ms", latency},
          {"since", s.since}};
}

nlohmann::json series_map_to_json(const SeriesMap& series) {
  nlohmann::json methods = nlohmann::json::object();
  nlohmann::json tools = nlohmann::json::object();
  nlohmann::json search = nullptr;
  std::string since;
  for (const auto& [key, stats] : series) {
    if (!stats.since.empty() && (since.empty() || stats.since < since)) since = stats.since;
    if (key.family == kMethodSeries) {
      methods[key.name] = series_to_json(stats);
    } else if (key.family == kToolSeries) {
      tools[key.name] = series_to_json(stats);
    } else if (key.family == kVectorSearchSeries) {
      search = series_to_json(stats);
    }
  }
  return {{"since", since.empty() ? nlohmann::json(nullptr) : nlohmann::json(since)},
          {"requests", total_requests(series)},
          {"methods", methods},
          {"tools", tools},
          {"vector_search", search}};
}

std::string Metrics::now() { return util::now_rfc3339(); }

void Metrics::record(const SeriesKey& key, double millis, const std::string& error_kind) {
  const std::string t = now();
  std::lock_guard lock(mutex_);
  since_start_[key].add(millis, error_kind, t);
  pending_[key].add(millis, error_kind, t);
  if (key.family == kMethodSeries) ++pending_requests_;
}

SeriesMap Metrics::since_start() const {
  std::lock_guard lock(mutex_);
  return since_start_;
}

SeriesMap Metrics::pending() const {
  std::lock_guard lock(mutex_);
  return pending_;
}

SeriesMap Metrics::take_pending() {
  std::lock_guard lock(mutex_);
  SeriesMap out;
  out.swap(pending_);
  pending_requests_ = 0;
  return out;
}

void Metrics::restore_pending(const SeriesMap& pending) {
  std::lock_guard lock(mutex_);
  merge_into(pending_, pending);
  pending_requests_ += total_requests(pending);
}

std::int64_t Metrics::pending_requests() const {
  std::lock_guard lock(mutex_);
  return pending_requests_;
}

}  // namespace sq::ops
