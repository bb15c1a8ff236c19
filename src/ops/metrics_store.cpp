// Metrics in the database: see metrics_store.hpp.
#include "ops/metrics_store.hpp"

#include "util/clock.hpp"
#include "util/log.hpp"

namespace sq::ops {

namespace {

SeriesStats read_series(storage::Statement& st) {
  SeriesStats s;
  s.requests = st.int64(2);
  const auto errors = nlohmann::json::parse(st.text(3));
  for (const auto& [kind, n] : errors.items()) s.errors[kind] = n.get<std::int64_t>();
  s.latency = LatencyHistogram::from_json(nlohmann::json::parse(st.text(4)));
  s.since = st.text(5);
  return s;
}

}  // namespace

void store_metrics(storage::Database& db, const SeriesMap& delta) {
  if (delta.empty()) return;
  const std::string now = util::now_rfc3339();
  storage::Transaction tx(db);
  for (const auto& [key, add] : delta) {
    SeriesStats merged;
    {
      auto st = db.prepare(
          "SELECT family, name, requests, errors, latency, since FROM metrics WHERE family = ?1 AND name = ?2");
      st.bind(1, key.family).bind(2, key.name);
      if (st.step()) {
        try {
          merged = read_series(st);
        } catch (const std::exception& e) {
          util::log::warn("metrics: replacing unreadable stored series {}/{}: {}", key.family, key.name, e.what());
          merged = SeriesStats{};
        }
      }
    }
    merged.merge(add);
    auto up = db.prepare(
        "INSERT INTO metrics (family, name, requests, errors, latency, since, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(family, name) DO UPDATE SET "
        "requests = excluded.requests, errors = excluded.errors, latency = excluded.latency, "
        "since = excluded.since, updated_at = excluded.updated_at");
    up.bind(1, key.family).bind(2, key.name).bind(3, merged.requests);
    up.bind(4, nlohmann::json(merged.errors).dump()).bind(5, merged.latency.to_json().dump());
    up.bind(6, merged.since.empty() ? now : merged.since).bind(7, now);
    up.run();
  }
  tx.commit();
}

SeriesMap load_metrics(storage::Database& db) {
  SeriesMap out;
  auto st = db.prepare("SELECT family, name, requests, errors, latency, since FROM metrics ORDER BY family, name");
  while (st.step()) {
    try {
      out[SeriesKey{st.text(0), st.text(1)}] = read_series(st);
    } catch (const std::exception& e) {
      util::log::warn("metrics: skipping unreadable stored series {}/{}: {}", st.text(0), st.text(1), e.what());
    }
  }
  return out;
}

std::int64_t reset_metrics(storage::Database& db) {
  storage::Transaction tx(db);
  auto st = db.prepare("DELETE FROM metrics");
  st.run();
  const std::int64_t n = db.changes();
  tx.commit();
  return n;
}

}  // namespace sq::ops
