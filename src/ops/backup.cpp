// Backup and restore: see backup.hpp.
#include "ops/backup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "memory/memory_store.hpp"
#include "ops/atomic_file.hpp"
#include "ops/consistency.hpp"
#include "ops/database_lock.hpp"
#include "storage/migrations.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"
#include "util/paths.hpp"

namespace sq::ops {

namespace fs = std::filesystem;

namespace {

// The meta key memory::MemoryStore keeps its rewrite counter under: an index
// file from another counter value is rebuilt rather than trusted.
constexpr const char* kMemoryEpochKey = "memory.epoch";

constexpr char kSqliteMagic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

void remove_if_present(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    util::log::warn("cannot remove {}: {}", path, std::strerror(errno));
  }
}

// Removes a database file's companions (and, unless `keep_main`, the file).
void remove_database_files(const std::string& path, bool keep_main = false) {
  if (!keep_main) remove_if_present(path);
  for (const char* suffix : {"-journal", "-wal", "-shm"}) remove_if_present(path + suffix);
}

// An empty file, mode 0600, created exclusively beside `path`.
std::string temp_beside(const std::string& path, const char* tag) {
  std::string tmpl = fmt::format("{}.{}-XXXXXX", path, tag);
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    throw std::runtime_error(
        fmt::format("cannot create a temporary file in {}: {}", parent_directory(path), std::strerror(errno)));
  }
  ::close(fd);
  return std::string(name.data());
}

// Deletes a temporary database (and companions) unless released.
class TempDatabase {
 public:
  explicit TempDatabase(std::string path) : path_(std::move(path)) {}
  ~TempDatabase() {
    if (!path_.empty()) remove_database_files(path_);
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
  const std::string& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::string path_;
};

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

storage::Database::Options open_existing(bool read_only) {
  storage::Database::Options o;
  o.create = false;
  o.read_only = read_only;
  return o;
}

bool has_sqlite_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[16] = {};
  return in.read(head, sizeof head) && std::memcmp(head, kSqliteMagic, sizeof head) == 0;
}

void set_private(const std::string& path) {
  if (::chmod(path.c_str(), 0600) != 0) {
    throw std::runtime_error(fmt::format("cannot set permissions of {}: {}", path, std::strerror(errno)));
  }
}

// Moves `from` to `to`; without `replace`, fails with Refused if `to` exists
// (checked atomically with link() where the file system allows it).
void install(const std::string& from, const std::string& to, bool replace) {
  if (!replace) {
    if (::link(from.c_str(), to.c_str()) == 0) {
      ::unlink(from.c_str());
      return;
    }
    if (errno == EEXIST) throw Refused(fmt::format("{} already exists; pass --force to replace it", to));
    if (exists(to)) throw Refused(fmt::format("{} already exists; pass --force to replace it", to));
  }
  if (::rename(from.c_str(), to.c_str()) != 0) {
    throw std::runtime_error(fmt::format("cannot rename {} to {}: {}", from, to, std::strerror(errno)));
  }
}

// Keeps `path` reachable as `copy` too: a hard link, or a byte copy where the
// file system has no hard links.
void keep_as(const std::string& path, const std::string& copy) {
  if (::link(path.c_str(), copy.c_str()) == 0) return;
  std::error_code ec;
  fs::copy_file(path, copy, fs::copy_options::none, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot keep a copy of {} as {}: {}", path, copy, ec.message()));
  set_private(copy);
  sync_file(copy);
}

bool same_counts(const storage::RowCounts& a, const storage::RowCounts& b) {
  return a.sessions == b.sessions && a.conversations == b.conversations && a.questions == b.questions &&
         a.answers == b.answers && a.contexts == b.contexts && a.embeddings == b.embeddings;
}

}  // namespace

std::string compact_timestamp() {
  // now_rfc3339(): 2026-11-22T08:03:31.123Z
  std::string out;
  for (char c : util::now_rfc3339()) {
    if (c == '.') break;
    if (c != '-' && c != ':') out += c;
  }
  return out + "Z";
}

CopyStats online_copy(storage::Database& source, const std::string& dest_path, int pages_per_step,
                      const CopyProgress& progress) {
  sqlite3* dest = nullptr;
  int rc = sqlite3_open_v2(dest_path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> guard(dest, sqlite3_close_v2);
  if (rc != SQLITE_OK) {
    throw storage::Error(rc, fmt::format("cannot create {}: {}", dest_path, dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc)));
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", source.handle(), "main");
  if (b == nullptr) {
    throw storage::Error(sqlite3_extended_errcode(dest), fmt::format("cannot start the backup: {}", sqlite3_errmsg(dest)));
  }
  CopyStats stats;
  int waits = 0;
  for (;;) {
    rc = sqlite3_backup_step(b, pages_per_step > 0 ? pages_per_step : -1);
    ++stats.steps;
    stats.pages = sqlite3_backup_pagecount(b);
    if (progress) progress(stats.pages - sqlite3_backup_remaining(b), stats.pages);
    if (rc == SQLITE_DONE) break;
    if (rc == SQLITE_OK) {
      std::this_thread::yield();  // let other threads of this process in between steps
      continue;
    }
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++waits < 3000) {
      sqlite3_sleep(10);
      continue;
    }
    sqlite3_backup_finish(b);
    throw storage::Error(rc, fmt::format("backup step failed: {}", sqlite3_errstr(rc)));
  }
  rc = sqlite3_backup_finish(b);
  if (rc != SQLITE_OK) {
    throw storage::Error(rc, fmt::format("backup failed: {}", sqlite3_errmsg(dest)));
  }
  // A single self-contained file, whatever journal mode the source used.
  char* err = nullptr;
  rc = sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    const std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw storage::Error(rc, fmt::format("cannot finish the copy {}: {}", dest_path, msg));
  }
  rc = sqlite3_close(guard.release());
  if (rc != SQLITE_OK) throw storage::Error(rc, fmt::format("cannot close {}: {}", dest_path, sqlite3_errstr(rc)));
  return stats;
}

BackupReport backup_database(const std::string& database_path, const std::string& target,
                             const BackupOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (!exists(database_path)) throw Refused(fmt::format("there is no database at {} to back up", database_path));
  if (same_file(database_path, target)) throw Refused(fmt::format("{} is the database itself", target));
  struct stat tst {};
  if (::stat(target.c_str(), &tst) == 0) {
    if (S_ISDIR(tst.st_mode)) throw Refused(fmt::format("{} is a directory; name a file inside it", target));
    if (!options.force) throw Refused(fmt::format("{} already exists; pass --force to replace it", target));
  }

  BackupReport report;
  report.path = target;
  TempDatabase tmp(temp_beside(target, "tmp"));
  {
    auto src = storage::Database::open(database_path, open_existing(false));
    // One read snapshot for the counts and every step of the copy. In WAL
    // mode this blocks no writer; the copy holds exactly what was committed
    // when the snapshot began.
    src->exec("BEGIN");
    try {
      report.schema_version = storage::schema_version(*src);
      if (has_domain_tables(*src)) report.rows = storage::Repository(*src).counts();
      const CopyStats copy = online_copy(*src, tmp.path(), options.pages_per_step, options.progress);
      report.pages = copy.pages;
      report.steps = copy.steps;
      src->exec("COMMIT");
    } catch (...) {
      try {
        src->exec("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
  }

  // Verify before reporting success.
  {
    auto copy = storage::Database::open(tmp.path(), open_existing(true));
    const auto errors = integrity_errors(*copy, 5);
    if (!errors.empty()) {
      throw std::runtime_error(fmt::format("the backup failed verification (integrity_check: {}); {} was not written",
                                           errors.front(), target));
    }
    const int version = storage::schema_version(*copy);
    if (version != report.schema_version) {
      throw std::runtime_error(fmt::format("the backup failed verification (schema version {} instead of {})",
                                           version, report.schema_version));
    }
    if (has_domain_tables(*copy)) {
      const auto rows = storage::Repository(*copy).counts();
      if (!same_counts(rows, report.rows)) {
        throw std::runtime_error("the backup failed verification (its row counts differ from the database's)");
      }
    }
  }
  remove_database_files(tmp.path(), true);
  set_private(tmp.path());
  sync_file(tmp.path());
  install(tmp.path(), target, options.force);
  tmp.release();
  sync_parent_directory(target);
  report.bytes = static_cast<std::int64_t>(fs::file_size(target));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  util::log::info("backup of {} written to {} ({} pages in {} steps)", database_path, target, report.pages,
                  report.steps);
  return report;
}

RestoreReport restore_database(const std::string& source, const std::string& database_path,
                               const RestoreOptions& options) {
  RestoreReport report;
  report.database = database_path;
  struct stat sst {};
  if (::stat(source.c_str(), &sst) != 0) {
    throw Refused(fmt::format("cannot read {}: {}", source, std::strerror(errno)));
  }
  if (!S_ISREG(sst.st_mode)) throw Refused(fmt::format("{} is not a regular file", source));
  if (!has_sqlite_header(source)) throw Refused(fmt::format("{} is not an SQLite database", source));
  if (same_file(source, database_path)) throw Refused(fmt::format("{} is the database itself", source));

  const std::string dir = parent_directory(database_path);
  util::make_private_dirs(dir);

  // No server may start, or keep running, while the file is swapped.
  std::optional<DatabaseLock> lock = DatabaseLock::try_acquire(database_path, DatabaseLock::Mode::exclusive);
  if (!lock) {
    if (!options.force) {
      throw Refused(fmt::format(
          "a server is using {} (it holds {}); stop the assistant that runs it and try again, or pass --force "
          "(the running server would then keep writing to the replaced file until it is restarted)",
          database_path, lock_path_for(database_path)));
    }
    report.server_was_running = true;
    report.warnings.push_back("a server was running; restart it so it uses the restored database");
  }

  // Stage a private copy of the backup beside the database, and check it.
  TempDatabase staged(temp_beside(database_path, "restore"));
  {
    std::unique_ptr<storage::Database> src;
    try {
      src = storage::Database::open(source, open_existing(true));
      src->exec("BEGIN");
      (void)storage::schema_version(*src);  // starts the read snapshot
      online_copy(*src, staged.path(), 256, options.progress);
      src->exec("COMMIT");
    } catch (const storage::Error& e) {
      throw Refused(fmt::format("cannot read {} as a database: {}", source, e.what()));
    }
  }
  {
    auto db = storage::Database::open(staged.path(), open_existing(false));
    const auto errors = integrity_errors(*db, 5);
    if (!errors.empty()) {
      throw Refused(fmt::format("{} is damaged (integrity_check: {}); nothing was changed", source, errors.front()));
    }
    report.source_version = storage::schema_version(*db);
    if (report.source_version > storage::latest_schema_version()) {
      throw Refused(fmt::format("{} has schema version {}, newer than this program understands ({}); upgrade "
                                "sequential-questioning first",
                                source, report.source_version, storage::latest_schema_version()));
    }
    if (report.source_version < 1 || !has_domain_tables(*db)) {
      throw Refused(fmt::format("{} is not a sequential-questioning database", source));
    }
    if (report.source_version < storage::latest_schema_version()) storage::migrate(*db);
    report.schema_version = storage::schema_version(*db);
    if (const auto fk = foreign_key_violations(*db, 1); !fk.empty()) {
      report.warnings.push_back(fmt::format("the backup has rows that refer to missing rows (first: {} row {})",
                                            fk.front().table, fk.front().rowid));
    }
    report.rows = storage::Repository(*db).counts();
    // Any index file built before is for other data: start a new epoch.
    {
      storage::Transaction tx(*db);
      storage::Repository(*db).set_meta(kMemoryEpochKey, std::to_string(util::now_unix_ms()));
      tx.commit();
    }
    db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  remove_database_files(staged.path(), true);
  set_private(staged.path());
  sync_file(staged.path());

  // Keep the current database under a timestamped name, fully checkpointed,
  // and remove its -wal and -shm, which must never meet the restored file.
  if (exists(database_path)) {
    try {
      auto old = storage::Database::open(database_path, open_existing(false));
      old->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const std::exception& e) {
      report.warnings.push_back(fmt::format("could not checkpoint the replaced database: {}", e.what()));
    }
    std::string previous = fmt::format("{}.before-restore-{}", database_path, compact_timestamp());
    for (int n = 2; exists(previous); ++n) {
      previous = fmt::format("{}.before-restore-{}-{}", database_path, compact_timestamp(), n);
    }
    keep_as(database_path, previous);
    const std::string wal = database_path + "-wal";
    struct stat wst {};
    if (::stat(wal.c_str(), &wst) == 0 && wst.st_size > 0) keep_as(wal, previous + "-wal");
    report.previous = previous;
    remove_database_files(database_path, true);
  }
  install(staged.path(), database_path, true);
  staged.release();
  sync_parent_directory(database_path);
  remove_if_present(memory::index_path_for(database_path));
  util::log::info("restored {} from {}", database_path, source);

  if (options.rebuild_index) report.vectors = options.rebuild_index();
  return report;
}

}  // namespace sq::ops
