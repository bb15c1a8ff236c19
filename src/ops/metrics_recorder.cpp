// A server's metrics recorder: see metrics_recorder.hpp.
#include "ops/metrics_recorder.hpp"

#include "ops/atomic_file.hpp"
#include "ops/database_stats.hpp"
#include "ops/metrics_store.hpp"
#include "ops/prometheus.hpp"
#include "util/log.hpp"

namespace sq::ops {

MetricsRecorder::MetricsRecorder(storage::Database& db, RecorderOptions options)
    : db_(db), path_(db.path()), options_(std::move(options)) {
  if (options_.interval.count() == 0) options_.max_pending_requests = 1;
  flusher_ = std::thread([this] { run(); });
}

MetricsRecorder::~MetricsRecorder() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (flusher_.joinable()) flusher_.join();
}

void MetricsRecorder::maybe_flush() {
  if (metrics_.pending_requests() < options_.max_pending_requests) return;
  {
    std::lock_guard lock(mutex_);
    nudged_ = true;
  }
  wake_.notify_all();
}

bool MetricsRecorder::flush() {
  std::unique_lock lock(mutex_);
  if (exited_) return false;
  const std::uint64_t ticket = ++requested_;
  wake_.notify_all();
  done_.wait(lock, [&] { return completed_ >= ticket || exited_; });
  return completed_ >= ticket && last_ok_;
}

void MetricsRecorder::run() {
  std::unique_ptr<storage::Database> connection;
  auto connect = [&]() -> storage::Database* {
    if (connection) return connection.get();
    try {
      storage::Database::Options o;
      o.create = false;
      connection = storage::Database::open(path_, o);
    } catch (const std::exception& e) {
      util::log::warn("metrics: cannot open {} to store metrics: {}", path_, e.what());
    }
    return connection.get();
  };
  bool first = true;
  for (;;) {
    std::unique_lock lock(mutex_);
    if (!first) {
      auto ready = [&] { return stop_ || nudged_ || requested_ > completed_; };
      if (options_.interval.count() > 0) {
        wake_.wait_for(lock, options_.interval, ready);
      } else {
        wake_.wait(lock, ready);
      }
    }
    const bool stopping = stop_;
    const std::uint64_t serving = requested_;
    nudged_ = false;
    lock.unlock();

    // At start there is nothing to store yet; only a Prometheus file wants
    // writing at once. Otherwise the connection is opened at the first real
    // flush, so starting the server does not pay for a second connection.
    const bool idle_start = first && !options_.prometheus_file && !stopping && serving == 0;
    bool ok = idle_start;
    if (!idle_start) {
      if (storage::Database* c = connect()) ok = flush_with(*c, first);
    }
    first = false;

    lock.lock();
    completed_ = serving;
    last_ok_ = ok;
    if (stopping) {
      exited_ = true;
      done_.notify_all();
      return;
    }
    done_.notify_all();
  }
}

bool MetricsRecorder::flush_with(storage::Database& connection, bool force_prometheus) {
  bool stored = false;
  {
    std::lock_guard transfer(transfer_);
    SeriesMap pending = metrics_.take_pending();
    if (!pending.empty()) {
      try {
        store_metrics(connection, pending);
        stored = true;
      } catch (const std::exception& e) {
        metrics_.restore_pending(pending);
        util::log::warn("metrics: cannot store the request counts (will try again): {}", e.what());
        return false;
      }
    }
  }
  if (options_.prometheus_file && (stored || force_prometheus)) write_prometheus(connection);
  return true;
}

void MetricsRecorder::write_prometheus(storage::Database& connection) {
  try {
    SeriesMap totals;
    {
      std::lock_guard transfer(transfer_);
      totals = load_metrics(connection);
      merge_into(totals, metrics_.pending());
    }
    const std::string text = prometheus_text(totals, database_stats(connection));
    write_file_atomically(*options_.prometheus_file, text, 0644);
  } catch (const std::exception& e) {
    util::log::warn("metrics: cannot write {}: {}", *options_.prometheus_file, e.what());
  }
}

nlohmann::json MetricsRecorder::snapshot() {
  nlohmann::json process = series_map_to_json(metrics_.since_start());
  process["started_at"] = metrics_.started_at();
  SeriesMap totals;
  {
    std::lock_guard transfer(transfer_);
    totals = load_metrics(db_);
    merge_into(totals, metrics_.pending());  // not yet stored: only this process knows it
  }
  return {{"process", std::move(process)},
          {"total", series_map_to_json(totals)},
          {"database", database_stats_to_json(database_stats(db_))}};
}

}  // namespace sq::ops
