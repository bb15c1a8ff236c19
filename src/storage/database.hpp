// A thin RAII layer over one SQLite connection: opening with the project's
// pragmas, prepared statements (cached per connection), and transactions.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sq::storage {

// An SQLite failure. `code` is the extended result code.
class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }
  // The database was locked by another process for longer than the busy timeout.
  bool busy() const { return (code_ & 0xff) == SQLITE_BUSY || (code_ & 0xff) == SQLITE_LOCKED; }
  // The disk (or a file size limit) is full.
  bool full() const { return (code_ & 0xff) == SQLITE_FULL; }

 private:
  int code_;
};

class Database;

// A prepared statement borrowed from the connection's cache. Binding indexes
// are 1-based, column indexes 0-based. Reset and returned to the cache when
// destroyed.
class Statement {
 public:
  Statement(Database& db, sqlite3_stmt* stmt, std::string sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullptr_t);
  Statement& bind_blob(int index, const void* data, std::size_t size);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
  }

  // Advances; true while a row is available.
  bool step();
  // Steps a statement that returns no rows (or whose rows are ignored).
  void run();

  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  int integer(int col) const { return static_cast<int>(int64(col)); }
  double real(int col) const;
  std::string text(int col) const;
  std::optional<std::string> text_or_null(int col) const;
  std::optional<std::int64_t> int64_or_null(int col) const;
  std::string_view blob(int col) const;  // valid until the next step

 private:
  Database* db_;
  sqlite3_stmt* stmt_;
  std::string sql_;
};

// One connection. Not thread-safe: use one per thread.
class Database {
 public:
  struct Options {
    bool read_only = false;
    bool synchronous_full = true;  // PRAGMA synchronous=FULL (NORMAL when false)
    int busy_timeout_ms = 30000;
    bool create = true;            // create the file (and a private directory) if missing
  };

  // Opens (creating if allowed) and applies the pragmas; does not migrate.
  static std::unique_ptr<Database> open(const std::string& path, const Options& options);
  static std::unique_ptr<Database> open(const std::string& path) { return open(path, Options{}); }
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }
  bool in_transaction() const;

  // Throws Error for a non-OK result code, with context and SQLite's message.
  void check(int rc, std::string_view what) const;

 private:
  friend class Statement;
  Database(sqlite3* db, std::string path);
  void give_back(std::string sql, sqlite3_stmt* stmt);

  sqlite3* db_;
  std::string path_;
  std::unordered_multimap<std::string, sqlite3_stmt*> cache_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() was called. Waits
// (with back-off) while another process holds the write lock.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace sq::storage
