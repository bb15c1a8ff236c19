// Whether a database and what is derived from it agree: SQLite's integrity
// and foreign key checks, the schema, an embedding for every message that
// should have one, and the vector index file against the embeddings rows.
// Reads only; repair.hpp puts right what can be derived again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "memory/embedder.hpp"
#include "memory/vector_index.hpp"
#include "ops/findings.hpp"
#include "storage/database.hpp"

namespace sq::ops {

// PRAGMA integrity_check: empty when the database is sound, else up to `max` messages.
std::vector<std::string> integrity_errors(storage::Database& db, int max = 20);
// PRAGMA quick_check: the same, without verifying index contents (faster).
std::vector<std::string> quick_check_errors(storage::Database& db, int max = 20);

struct ForeignKeyViolation {
  std::string table;
  std::int64_t rowid = 0;
  std::string parent;
};
// PRAGMA foreign_key_check, up to `max` violations.
std::vector<ForeignKeyViolation> foreign_key_violations(storage::Database& db, int max = 20);

// Whether the tables this program keeps its data in exist.
bool has_domain_tables(storage::Database& db);

// Messages with no embeddings row although the current embedder finds
// features in their text (text without any gets no row by design).
std::vector<std::int64_t> messages_missing_embeddings(storage::Database& db, const memory::Embedder& embedder);

// How the vector index file compares with the embeddings rows.
struct IndexInspection {
  std::string path;
  bool present = false;
  memory::LoadError error = memory::LoadError::none;
  std::string error_message;
  std::string embedder;           // the file's embedder identity
  std::string database_embedder;  // meta 'embedder' (empty when unset)
  std::int64_t watermark = 0;
  std::int64_t vectors = 0;
  std::int64_t rows = 0;     // embeddings rows at or below the watermark
  std::int64_t missing = 0;  // rows at or below the watermark the index lacks
  std::int64_t extra = 0;    // vectors whose row is gone (searches skip them)
  std::int64_t behind = 0;   // rows above the watermark (added on next use)
};
IndexInspection inspect_index(storage::Database& db, const std::string& index_path);

// Adds findings for the database's own consistency: integrity, foreign keys,
// schema version. `full` runs integrity_check, else quick_check.
void check_database(storage::Database& db, Findings& out, bool full = true);
// Adds findings for embeddings and the index.
void check_derived(storage::Database& db, const memory::Embedder& embedder, const std::string& index_path,
                   Findings& out);

}  // namespace sq::ops
