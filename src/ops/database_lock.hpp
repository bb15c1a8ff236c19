// Who is using a database: every `serve` process holds a shared flock on
// "<db>.lock" for as long as it runs; `restore` takes it exclusively, so it
// can tell that a server is running and no server starts while it swaps
// the file. The kernel drops the lock when a process exits, however it exits.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace sq::ops {

// "<database path>.lock"
std::string lock_path_for(const std::string& database_path);

class DatabaseLock {
 public:
  enum class Mode { shared, exclusive };

  // Takes the lock without waiting; nullopt when another process holds it in
  // a conflicting mode. Creates the lock file (mode 0600) if needed. Throws
  // std::runtime_error when the file cannot be opened.
  static std::optional<DatabaseLock> try_acquire(const std::string& database_path, Mode mode);
  // Waits up to `timeout` for the lock; nullopt if it is still held then.
  static std::optional<DatabaseLock> acquire(const std::string& database_path, Mode mode,
                                             std::chrono::milliseconds timeout);
  // True when some process holds the lock (any mode); does not keep it.
  static bool held_by_another(const std::string& database_path);

  DatabaseLock(DatabaseLock&& other) noexcept;
  DatabaseLock& operator=(DatabaseLock&& other) noexcept;
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;
  ~DatabaseLock();

  Mode mode() const { return mode_; }
  const std::string& path() const { return path_; }

 private:
  DatabaseLock(int fd, Mode mode, std::string path) : fd_(fd), mode_(mode), path_(std::move(path)) {}
  int fd_ = -1;
  Mode mode_ = Mode::shared;
  std::string path_;
};

}  // namespace sq::ops
