// Database size and contents: see database_stats.hpp.
#include "ops/database_stats.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include "memory/memory_store.hpp"
#include "storage/migrations.hpp"

namespace sq::ops {

std::int64_t file_size_or_zero(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<std::int64_t>(st.st_size);
}

std::string human_bytes(std::int64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (v >= 1024 && unit + 1 < std::size(kUnits)) {
    v /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", v, kUnits[unit]);
}

DatabaseStats database_stats(storage::Database& db) {
  DatabaseStats s;
  s.path = db.path();
  s.file_bytes = file_size_or_zero(s.path);
  s.wal_bytes = file_size_or_zero(s.path + "-wal");
  s.index_bytes = file_size_or_zero(memory::index_path_for(s.path));
  s.schema_version = storage::schema_version(db);
  s.rows = storage::Repository(db).counts();
  return s;
}

nlohmann::json row_counts_to_json(const storage::RowCounts& r) {
  return {{"sessions", r.sessions}, {"conversations", r.conversations}, {"questions", r.questions},
          {"answers", r.answers},   {"contexts", r.contexts},           {"embeddings", r.embeddings}};
}

nlohmann::json database_stats_to_json(const DatabaseStats& s) {
  return {{"path", s.path},
          {"file_bytes", s.file_bytes},
          {"wal_bytes", s.wal_bytes},
          {"index_bytes", s.index_bytes},
          {"total_bytes", s.file_bytes + s.wal_bytes + s.index_bytes},
          {"schema_version", s.schema_version},
          {"rows", row_counts_to_json(s.rows)}};
}

}  // namespace sq::ops
