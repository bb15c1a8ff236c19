// Backups and restores of the database file. A backup is taken with SQLite's
// online backup API from one read snapshot, a few hundred pages per step, so
// it is consistent and safe while servers keep writing (in WAL mode writers
// never wait for it); it is verified before it is put in place. A restore
// verifies and, if needed, upgrades a copy of the backup, keeps the current
// database beside it under a timestamped name, and swaps the file in with a
// rename while no server holds the database lock.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/repository.hpp"

namespace sq::ops {

using CopyProgress = std::function<void(std::int64_t pages_done, std::int64_t pages_total)>;

// A request that was refused before anything changed (the message says why
// and what to do).
class Refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CopyStats {
  std::int64_t pages = 0;
  int steps = 0;
};

// Copies the database open on `source` into the new, empty file
// `dest_path`, `pages_per_step` pages per step. The copy is as of one
// snapshot when `source` is inside a read transaction (the caller's); the
// copy is left in rollback-journal (single file) mode. Throws storage::Error.
CopyStats online_copy(storage::Database& source, const std::string& dest_path, int pages_per_step,
                      const CopyProgress& progress = {});

struct BackupOptions {
  bool force = false;         // replace an existing file
  int pages_per_step = 256;
  CopyProgress progress;
};

struct BackupReport {
  std::string path;
  std::int64_t bytes = 0;
  int schema_version = 0;
  storage::RowCounts rows;
  std::int64_t pages = 0;
  int steps = 0;
  double seconds = 0;
};

// Backs up the database at `database_path` into `target` (temporary file
// beside it, verified with integrity_check, schema version and row counts,
// mode 0600, then renamed into place). Throws Refused when `target` exists
// and !force, or when there is no database; other failures throw too, and
// leave `target` untouched.
BackupReport backup_database(const std::string& database_path, const std::string& target,
                             const BackupOptions& options);

struct RestoreOptions {
  bool force = false;  // even while a server holds the database
  CopyProgress progress;
  // Rebuilds the vector index of the restored database; returns the number
  // of vectors. Called after the swap, with the lock still held.
  std::function<std::int64_t()> rebuild_index;
};

struct RestoreReport {
  std::string database;
  std::string previous;          // where the replaced database was kept ("" when there was none)
  int source_version = 0;        // schema version of the backup
  int schema_version = 0;        // after upgrading it
  storage::RowCounts rows;
  std::int64_t vectors = 0;
  bool server_was_running = false;  // only with force
  std::vector<std::string> warnings;
};

// Restores `source` (a backup) over the database at `database_path`.
// Throws Refused for a file that is not a compatible database, and while a
// server holds the database (unless options.force).
RestoreReport restore_database(const std::string& source, const std::string& database_path,
                               const RestoreOptions& options);

// "20261122T080331Z" for the current time.
std::string compact_timestamp();

}  // namespace sq::ops
