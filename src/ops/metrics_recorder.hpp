// The metrics of a running server: records into a Metrics collector, and a
// background thread with its own database connection adds what is new to the
// database every interval, as soon as enough requests are waiting, and at
// exit, then rewrites the Prometheus file if one was asked for. Request
// handling never waits for a metrics write.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "ops/metrics.hpp"
#include "storage/database.hpp"

namespace sq::ops {

struct RecorderOptions {
  std::optional<std::string> prometheus_file;  // --metrics-file
  std::chrono::milliseconds interval{30'000};  // between flushes; 0: after every request
  std::int64_t max_pending_requests = 100;     // flush early once this many requests wait
};

class MetricsRecorder {
 public:
  // `db` is the caller's connection, used by snapshot() on the caller's
  // thread; the flusher opens its own connection to the same file.
  MetricsRecorder(storage::Database& db, RecorderOptions options);
  ~MetricsRecorder();  // flushes, then stops the flusher
  MetricsRecorder(const MetricsRecorder&) = delete;
  MetricsRecorder& operator=(const MetricsRecorder&) = delete;

  Metrics& metrics() { return metrics_; }

  // Call after each request: wakes the flusher when enough requests wait.
  // Never blocks on the database.
  void maybe_flush();
  // Stores what is pending now (and rewrites the Prometheus file) and waits
  // for it. False when it could not be stored (logged; the counts stay pending).
  bool flush();

  // {"process": {...since this process started, "started_at"}, "total": {...every
  // process, this one's unflushed counts included}, "database": {...}}
  nlohmann::json snapshot();

 private:
  void run();
  bool flush_with(storage::Database& connection, bool force_prometheus);
  void write_prometheus(storage::Database& connection);

  storage::Database& db_;
  const std::string path_;
  RecorderOptions options_;
  Metrics metrics_;
  // Held while counts are on their way from memory to the database, so a
  // snapshot sees them in exactly one of the two.
  std::mutex transfer_;

  std::mutex mutex_;  // guards what follows
  std::condition_variable wake_;
  std::condition_variable done_;
  bool stop_ = false;
  bool nudged_ = false;
  std::uint64_t requested_ = 0;  // flush() tickets handed out
  std::uint64_t completed_ = 0;  // tickets served
  bool last_ok_ = true;
  bool exited_ = false;
  std::thread flusher_;
};

}  // namespace sq::ops
