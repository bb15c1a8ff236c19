// Metrics kept in the database (table `metrics`) so that `stats` shows the
// history of every process: flushing adds a process's unflushed counts and
// histogram buckets to the stored rows in one transaction.
#pragma once

#include <string>

#include "ops/metrics.hpp"
#include "storage/database.hpp"

namespace sq::ops {

// Adds `delta` to the stored series (creating rows as needed), in one
// transaction. Throws storage::Error; nothing is stored then.
void store_metrics(storage::Database& db, const SeriesMap& delta);

// Every stored series. Rows that cannot be read are skipped with a warning.
SeriesMap load_metrics(storage::Database& db);

// Deletes every stored series; returns how many rows there were.
std::int64_t reset_metrics(storage::Database& db);

}  // namespace sq::ops
