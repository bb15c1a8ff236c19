// SQLite connection, statements and transactions: see database.hpp.
#include "storage/database.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "util/paths.hpp"
#include "util/text_key.hpp"

namespace sq::storage {

namespace {

// What the operating system said behind an I/O error, in words a person can
// act on: a full disk and a file size limit are the common ones.
std::string os_reason(sqlite3* db, int code) {
  if ((code & 0xff) != SQLITE_IOERR && (code & 0xff) != SQLITE_FULL && (code & 0xff) != SQLITE_CANTOPEN) return "";
  const int err = sqlite3_system_errno(db);
  if (err == ENOSPC || err == EDQUOT) return " (the disk is full)";
  if (err == EFBIG) return " (a file size limit was reached)";
  if ((code & 0xff) == SQLITE_FULL) return " (the disk is full)";
  // A write the system cut short without an error code: out of space, or the
  // process's file size limit.
  if (code == SQLITE_IOERR_WRITE && err == 0) return " (a write was cut short: the disk is full or a file size limit was reached)";
  if (err != 0) return fmt::format(" ({})", std::strerror(err));
  return "";
}

// sq_text_key(text): util::text_key() in SQL, so that a migration can give
// rows written before it their key (NULL stays NULL).
void sql_text_key(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const auto n = static_cast<std::size_t>(sqlite3_value_bytes(argv[0]));
  sqlite3_result_int64(ctx, util::text_key(std::string_view(p ? p : "", p ? n : 0)));
}

}  // namespace

// ---- Statement -------------------------------------------------------------

Statement::Statement(Database& db, sqlite3_stmt* stmt, std::string sql)
    : db_(&db), stmt_(stmt), sql_(std::move(sql)) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), sql_(std::move(other.sql_)) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  db_->give_back(std::move(sql_), stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  db_->check(sqlite3_bind_int64(stmt_, index, value), "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  db_->check(sqlite3_bind_double(stmt_, index, value), "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  db_->check(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
             "bind");
  return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
  db_->check(sqlite3_bind_null(stmt_, index), "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
  db_->check(sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT), "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // sqlite3_step's code is generic for some errors; the connection has the extended one.
  const int ext = sqlite3_extended_errcode(db_->handle());
  throw Error(ext, fmt::format("database error ({}): {}{}", sqlite3_errstr(ext), sqlite3_errmsg(db_->handle()),
                               os_reason(db_->handle(), ext)));
}

void Statement::run() {
  while (step()) {
  }
}

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (p == nullptr) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::string> Statement::text_or_null(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::optional<std::int64_t> Statement::int64_or_null(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::string_view Statement::blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  if (p == nullptr) return {};
  return {static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

// ---- Database --------------------------------------------------------------

Database::Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

Database::~Database() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

std::unique_ptr<Database> Database::open(const std::string& path, const Options& options) {
  int flags = SQLITE_OPEN_NOMUTEX;
  if (options.read_only) {
    flags |= SQLITE_OPEN_READONLY;
  } else {
    flags |= SQLITE_OPEN_READWRITE;
    if (options.create) flags |= SQLITE_OPEN_CREATE;
  }
  bool existed = std::filesystem::exists(path);
  if (!existed && options.create && !options.read_only) {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) util::make_private_dirs(parent.string());
  }
  // New files are created readable by the owner only.
  const mode_t old_mask = ::umask(077);
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  ::umask(old_mask);
  std::unique_ptr<Database> db(new Database(raw, path));
  if (rc != SQLITE_OK) {
    const std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    throw Error(rc, fmt::format("cannot open database {}: {}", path, msg));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  sqlite3_create_function_v2(raw, "sq_text_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, sql_text_key,
                             nullptr, nullptr, nullptr);
  db->exec("PRAGMA foreign_keys = ON");
  if (!options.read_only) {
    db->exec("PRAGMA journal_mode = WAL");
    db->exec(options.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  }
  return db;
}

void Database::check(int rc, std::string_view what) const {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  const int ext = sqlite3_extended_errcode(db_);
  throw Error(ext ? ext : rc, fmt::format("database error during {} ({}): {}", what, sqlite3_errstr(rc),
                                          sqlite3_errmsg(db_)));
}

void Database::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    const int ext = sqlite3_extended_errcode(db_);
    throw Error(ext ? ext : rc,
                fmt::format("database error ({}): {}{}", sqlite3_errstr(rc), msg, os_reason(db_, ext ? ext : rc)));
  }
}

Statement Database::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = cache_.find(key); it != cache_.end()) {
    sqlite3_stmt* stmt = it->second;
    cache_.erase(it);
    return Statement(*this, stmt, std::move(key));
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt, nullptr);
  check(rc, "prepare");
  return Statement(*this, stmt, std::move(key));
}

void Database::give_back(std::string sql, sqlite3_stmt* stmt) { cache_.emplace(std::move(sql), stmt); }

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }
bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

// ---- Transaction -----------------------------------------------------------

Transaction::Transaction(Database& db) : db_(db) {
  // busy_timeout covers most waits; retry a few more times for the rare
  // immediate SQLITE_BUSY that WAL can return when a snapshot is being reset.
  for (int attempt = 0;; ++attempt) {
    try {
      db_.exec("BEGIN IMMEDIATE");
      return;
    } catch (const Error& e) {
      if (!e.busy() || attempt >= 20) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * (attempt + 1)));
    }
  }
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
      // Nothing more can be done; SQLite rolls back on close anyway.
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace sq::storage
