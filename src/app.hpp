// The objects one process needs, opened in order: the database (migrated),
// the semantic memory beside it, and the questioning service over both.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "memory/memory_store.hpp"
#include "questioning/flows.hpp"
#include "storage/database.hpp"
#include "util/paths.hpp"

namespace sq {

struct App {
  util::DatabaseLocation location;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<memory::MemoryStore> memory;
  std::unique_ptr<questioning::Service> service;

  // Resolves the database path (--db, SQ_DB, DATABASE_URL, XDG default),
  // opens and migrates it. Throws with an actionable message on failure.
  static App open(const std::optional<std::string>& db_option);
};

}  // namespace sq
