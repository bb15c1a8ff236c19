// Installation health: see doctor.hpp.
#include "ops/doctor.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "memory/memory_store.hpp"
#include "ops/atomic_file.hpp"
#include "ops/consistency.hpp"
#include "ops/database_lock.hpp"
#include "ops/database_stats.hpp"
#include "sq_config.h"
#include "storage/database.hpp"
#include "storage/repository.hpp"

namespace sq::ops {

namespace {

// A path quoted for a POSIX shell.
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Checks owner and mode of one existing path; `want` is 0700 or 0600.
void check_private(const std::string& what, const std::string& path, mode_t want, Findings& out, bool& all_ok) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
  if (st.st_uid != ::geteuid()) {
    all_ok = false;
    out.problem("permissions", fmt::format("{} {} belongs to user id {}, not to you ({})", what, path, st.st_uid,
                                           ::geteuid()),
                fmt::format("chown \"$(id -un)\" {}", shell_quote(path)));
    return;
  }
  const mode_t mode = st.st_mode & 07777;
  if ((mode & 077) != 0 || (mode & want) != want) {
    all_ok = false;
    out.problem("permissions",
                fmt::format("{} {} has mode {:04o}; it should be {:04o} (only you can read it)", what, path, mode, want),
                fmt::format("chmod {:o} {}", want, shell_quote(path)));
  }
}

// The nearest existing directory at or above `dir`.
std::string existing_ancestor(std::string dir) {
  namespace fs = std::filesystem;
  fs::path p(dir);
  std::error_code ec;
  while (!p.empty() && !fs::exists(p, ec)) p = p.parent_path();
  return p.empty() ? std::string(".") : p.string();
}

}  // namespace

Findings run_doctor(const DoctorOptions& options, const memory::Embedder& embedder) {
  Findings out;
  const std::string& path = options.database_path;
  const std::string dir = parent_directory(path);
  out.info("location", fmt::format("database {} (from {})", path, options.source.empty() ? "default" : options.source));

  struct stat dst {};
  const bool dir_exists = ::stat(dir.c_str(), &dst) == 0;
  struct stat fst {};
  const bool file_exists = ::stat(path.c_str(), &fst) == 0;

  bool private_ok = true;
  if (dir_exists) check_private("directory", dir, 0700, out, private_ok);
  if (file_exists) {
    check_private("database file", path, 0600, out, private_ok);
    for (const std::string& companion : {path + "-wal", path + "-shm", memory::index_path_for(path),
                                         lock_path_for(path)}) {
      check_private("file", companion, 0600, out, private_ok);
    }
  }
  if (private_ok && (dir_exists || file_exists)) out.ok("permissions", "the database and its directory are private to you");

  // Free space where the database lives (or will live).
  struct statvfs vfs {};
  const std::string probe = existing_ancestor(dir);
  if (::statvfs(probe.c_str(), &vfs) == 0) {
    const auto free_bytes = static_cast<std::int64_t>(vfs.f_bavail) * static_cast<std::int64_t>(vfs.f_frsize);
    const std::int64_t db_bytes = file_exists ? file_size_or_zero(path) + file_size_or_zero(path + "-wal") : 0;
    if (free_bytes < options.min_free_bytes) {
      out.problem("disk", fmt::format("only {} free on the file system of {}", human_bytes(free_bytes), probe),
                  "free some disk space (or move the database with --db)");
    } else if (free_bytes < db_bytes) {
      out.info("disk", fmt::format("{} free on the file system of {}: less than the database ({}), so a backup beside "
                                   "it would not fit",
                                   human_bytes(free_bytes), probe, human_bytes(db_bytes)));
    } else {
      out.ok("disk", fmt::format("{} free on the file system of {}", human_bytes(free_bytes), probe));
    }
  } else {
    out.problem("disk", fmt::format("cannot query free space of {}: {}", probe, std::strerror(errno)),
                fmt::format("check that {} is reachable", shell_quote(probe)));
  }

  if (!file_exists) {
    if (!dir_exists) {
      out.info("database", fmt::format("no database yet; {} and the database are created on first use", dir));
    } else {
      out.info("database", "no database yet; it is created on first use");
    }
    if (dir_exists && ::access(dir.c_str(), W_OK | X_OK) != 0) {
      out.problem("writable", fmt::format("cannot create files in {}: {}", dir, std::strerror(errno)),
                  fmt::format("chmod 700 {}", shell_quote(dir)));
    }
    return out;
  }

  std::unique_ptr<storage::Database> db;
  try {
    storage::Database::Options o;
    o.create = false;
    o.busy_timeout_ms = 5000;
    db = storage::Database::open(path, o);
    (void)storage::Repository(*db).meta("embedder");  // reads page 1: is it a database at all?
    out.ok("open", "the database opens");
  } catch (const std::exception& e) {
    out.problem("open", fmt::format("the database does not open: {}", e.what()),
                fmt::format("check the file, or restore a backup: {} restore FILE", SQ_NAME));
    return out;
  }

  // Writable: the files allow it and the write lock can be taken.
  if (::access(path.c_str(), W_OK) != 0 || ::access(dir.c_str(), W_OK | X_OK) != 0) {
    out.problem("writable", fmt::format("the database or its directory is not writable: {}", std::strerror(errno)),
                fmt::format("chmod 600 {} && chmod 700 {}", shell_quote(path), shell_quote(dir)));
  } else {
    try {
      db->exec("BEGIN IMMEDIATE");
      db->exec("ROLLBACK");
      out.ok("writable", "the database accepts writes");
    } catch (const storage::Error& e) {
      if (e.busy()) {
        out.info("writable", "another process held the write lock for 5 s; could not test writing");
      } else {
        out.problem("writable", fmt::format("the database does not accept writes: {}", e.what()),
                    "check free space and permissions of the file and its directory");
      }
    }
  }

  check_database(*db, out, true);
  check_derived(*db, embedder, memory::index_path_for(path), out);

  try {
    out.info("server", DatabaseLock::held_by_another(path) ? "a server is running on this database"
                                                           : "no server is running on this database");
  } catch (const std::exception& e) {
    out.info("server", fmt::format("cannot tell whether a server is running: {}", e.what()));
  }
  return out;
}

}  // namespace sq::ops
