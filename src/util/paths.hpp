// Where the database lives: --db, then SQ_DB, then DATABASE_URL (sqlite only),
// then the XDG data directory. Also creates private directories.
#pragma once

#include <optional>
#include <string>

namespace sq::util {

// Where a database path came from, for messages and `config`.
struct DatabaseLocation {
  std::string path;
  std::string source;  // "--db", "SQ_DB", "DATABASE_URL" or "default"
};

// Resolves the database path. `cli_value` is the --db option if given.
// Throws std::runtime_error with an actionable sentence for a DATABASE_URL
// that is not a sqlite URL.
DatabaseLocation resolve_database_path(const std::optional<std::string>& cli_value);

// $XDG_DATA_HOME/sequential-questioning, or ~/.local/share/sequential-questioning.
std::string default_data_dir();

// Converts a DATABASE_URL value ("sqlite:///rel.db", "sqlite:////abs.db",
// "sqlite+aiosqlite:///x.db") to a path. Throws for other schemes.
std::string path_from_database_url(const std::string& url);

// Creates `dir` and missing parents with mode 0700 (existing ones are left as they are).
void make_private_dirs(const std::string& dir);

// Absolute path of the running executable, or "" if unknown.
std::string self_executable_path();

}  // namespace sq::util
