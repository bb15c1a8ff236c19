// Database lock file: see database_lock.hpp.
#include "ops/database_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

namespace sq::ops {

std::string lock_path_for(const std::string& database_path) { return database_path + ".lock"; }

std::optional<DatabaseLock> DatabaseLock::try_acquire(const std::string& database_path, Mode mode) {
  const std::string path = lock_path_for(database_path);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw std::runtime_error(fmt::format("cannot open the lock file {}: {}", path, std::strerror(errno)));
  }
  const int op = (mode == Mode::shared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  int rc;
  do {
    rc = ::flock(fd, op);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return std::nullopt;
    throw std::runtime_error(fmt::format("cannot lock {}: {}", path, std::strerror(err)));
  }
  return DatabaseLock(fd, mode, path);
}

std::optional<DatabaseLock> DatabaseLock::acquire(const std::string& database_path, Mode mode,
                                                  std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto lock = try_acquire(database_path, mode)) return lock;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

bool DatabaseLock::held_by_another(const std::string& database_path) {
  struct stat st {};
  if (::stat(lock_path_for(database_path).c_str(), &st) != 0) return false;
  return !try_acquire(database_path, Mode::exclusive).has_value();
}

DatabaseLock::DatabaseLock(DatabaseLock&& other) noexcept
    : fd_(other.fd_), mode_(other.mode_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

DatabaseLock& DatabaseLock::operator=(DatabaseLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    mode_ = other.mode_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace sq::ops
