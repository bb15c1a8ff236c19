// The size and contents of a database at a glance: file sizes (database,
// write-ahead log, vector index), schema version and row counts.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/database.hpp"
#include "storage/repository.hpp"

namespace sq::ops {

struct DatabaseStats {
  std::string path;
  std::int64_t file_bytes = 0;   // the database file
  std::int64_t wal_bytes = 0;    // its write-ahead log
  std::int64_t index_bytes = 0;  // the vector index file beside it
  int schema_version = 0;
  storage::RowCounts rows;
};

DatabaseStats database_stats(storage::Database& db);

// {"path", "file_bytes", "wal_bytes", "index_bytes", "total_bytes",
//  "schema_version", "rows": {"sessions", ...}}
nlohmann::json database_stats_to_json(const DatabaseStats& stats);
nlohmann::json row_counts_to_json(const storage::RowCounts& rows);

// Size of a file in bytes, 0 when it does not exist.
std::int64_t file_size_or_zero(const std::string& path);

// "1.2 MiB"
std::string human_bytes(std::int64_t bytes);

}  // namespace sq::ops
