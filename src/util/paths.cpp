// Database location: see paths.hpp.
#include "util/paths.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

namespace sq::util {

namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

}  // namespace

std::string default_data_dir() {
  if (auto xdg = env("XDG_DATA_HOME"); xdg && (*xdg)[0] == '/') {
    return *xdg + "/sequential-questioning";
  }
  if (auto home = env("HOME")) return *home + "/.local/share/sequential-questioning";
  return "./sequential-questioning-data";
}

std::string path_from_database_url(const std::string& url) {
  const auto colon = url.find("://");
  if (colon == std::string::npos) {
    throw std::runtime_error(fmt::format(
        "DATABASE_URL '{}' is not a URL; use sqlite:///relative/path.db or sqlite:////absolute/path.db, "
        "or set SQ_DB to a file path", url));
  }
  const std::string scheme = url.substr(0, colon);
  if (scheme != "sqlite" && scheme.rfind("sqlite+", 0) != 0) {
    throw std::runtime_error(fmt::format(
        "DATABASE_URL uses the '{}' scheme, but sequential-questioning keeps its data in SQLite only; "
        "set SQ_DB to a file path or use DATABASE_URL=sqlite:////absolute/path.db", scheme));
  }
  std::string rest = url.substr(colon + 3);
  // sqlite:///x.db -> rest "/x.db" (relative "x.db"); sqlite:////abs -> "//abs" (absolute "/abs").
  if (rest.empty() || rest[0] != '/') {
    throw std::runtime_error(fmt::format(
        "DATABASE_URL '{}' names a host; a sqlite URL has three slashes: sqlite:///path.db", url));
  }
  rest.erase(0, 1);
  if (const auto q = rest.find('?'); q != std::string::npos) rest.erase(q);
  if (rest.empty() || rest == ":memory:") {
    throw std::runtime_error("DATABASE_URL names no file; sequential-questioning needs a database file it can keep");
  }
  return rest;
}

DatabaseLocation resolve_database_path(const std::optional<std::string>& cli_value) {
  if (cli_value && !cli_value->empty()) return {*cli_value, "--db"};
  if (auto v = env("SQ_DB")) return {*v, "SQ_DB"};
  if (auto v = env("DATABASE_URL")) return {path_from_database_url(*v), "DATABASE_URL"};
  return {default_data_dir() + "/sequential-questioning.db", "default"};
}

void make_private_dirs(const std::string& dir) {
  if (dir.empty()) return;
  std::filesystem::path p(dir);
  std::filesystem::path built;
  for (const auto& part : p) {
    built /= part;
    if (built.string() == "/") continue;
    if (::mkdir(built.c_str(), 0700) != 0 && errno != EEXIST) {
      throw std::runtime_error(fmt::format("cannot create directory {}: {}", built.string(), std::strerror(errno)));
    }
  }
}

std::string self_executable_path() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

}  // namespace sq::util
