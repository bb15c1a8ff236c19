// Consistency checks: see consistency.hpp.
#include "ops/consistency.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "storage/migrations.hpp"
#include "storage/repository.hpp"
#include "sq_config.h"

namespace sq::ops {

namespace {

std::vector<std::string> pragma_check(storage::Database& db, const char* pragma, int max) {
  std::vector<std::string> out;
  auto st = db.prepare(fmt::format("PRAGMA {}({})", pragma, max));
  while (st.step()) {
    std::string line = st.text(0);
    if (line == "ok") continue;
    out.push_back(std::move(line));
  }
  return out;
}

std::string command(const std::string& args) { return fmt::format("{} {}", SQ_NAME, args); }

bool is_zero(const std::vector<float>& v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return x == 0.0f; });
}

}  // namespace

std::vector<std::string> integrity_errors(storage::Database& db, int max) {
  return pragma_check(db, "integrity_check", max);
}

std::vector<std::string> quick_check_errors(storage::Database& db, int max) {
  return pragma_check(db, "quick_check", max);
}

std::vector<ForeignKeyViolation> foreign_key_violations(storage::Database& db, int max) {
  std::vector<ForeignKeyViolation> out;
  auto st = db.prepare("PRAGMA foreign_key_check");
  while (st.step() && static_cast<int>(out.size()) < max) {
    out.push_back({st.text(0), st.int64_or_null(1).value_or(0), st.text(2)});
  }
  return out;
}

bool has_domain_tables(storage::Database& db) {
  auto st = db.prepare(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
      "('meta', 'user_sessions', 'conversations', 'messages', 'embeddings')");
  return st.step() && st.int64(0) == 5;
}

std::vector<std::int64_t> messages_missing_embeddings(storage::Database& db, const memory::Embedder& embedder) {
  std::vector<std::int64_t> out;
  auto st = db.prepare(
      "SELECT m.id, m.content FROM messages m LEFT JOIN embeddings e ON e.message_id = m.id "
      "WHERE e.message_id IS NULL ORDER BY m.id");
  while (st.step()) {
    if (!is_zero(embedder.embed(st.text(1)))) out.push_back(st.int64(0));
  }
  return out;
}

IndexInspection inspect_index(storage::Database& db, const std::string& index_path) {
  IndexInspection r;
  r.path = index_path;
  r.database_embedder = storage::Repository(db).meta("embedder").value_or("");
  auto loaded = memory::VectorIndex::load(index_path);
  r.error = loaded.error;
  r.error_message = loaded.message;
  r.present = loaded.error != memory::LoadError::missing;
  std::int64_t watermark = 0;
  std::vector<std::int64_t> labels;
  if (loaded.error == memory::LoadError::none) {
    r.embedder = loaded.info.embedder;
    r.watermark = watermark = loaded.info.watermark;
    r.vectors = static_cast<std::int64_t>(loaded.index->size());
    labels = loaded.index->labels();
    std::sort(labels.begin(), labels.end());
  }
  std::vector<std::int64_t> rows;
  {
    auto st = db.prepare("SELECT message_id FROM embeddings WHERE message_id <= ?1 ORDER BY message_id");
    st.bind(1, watermark);
    while (st.step()) rows.push_back(st.int64(0));
  }
  {
    auto st = db.prepare("SELECT count(*) FROM embeddings WHERE message_id > ?1");
    st.bind(1, watermark);
    r.behind = st.step() ? st.int64(0) : 0;
  }
  r.rows = static_cast<std::int64_t>(rows.size());
  std::vector<std::int64_t> diff;
  std::set_difference(rows.begin(), rows.end(), labels.begin(), labels.end(), std::back_inserter(diff));
  r.missing = static_cast<std::int64_t>(diff.size());
  diff.clear();
  std::set_difference(labels.begin(), labels.end(), rows.begin(), rows.end(), std::back_inserter(diff));
  r.extra = static_cast<std::int64_t>(diff.size());
  return r;
}

void check_database(storage::Database& db, Findings& out, bool full) {
  const auto errors = full ? integrity_errors(db) : quick_check_errors(db);
  if (errors.empty()) {
    out.ok("integrity", full ? "PRAGMA integrity_check found no problems" : "PRAGMA quick_check found no problems");
  } else {
    std::string first = errors.front();
    out.problem("integrity",
                fmt::format("the database is damaged ({} finding{}; first: {})", errors.size(),
                            errors.size() == 1 ? "" : "s", first),
                command("restore BACKUP-FILE") + " (a backup made with `" + command("backup FILE") +
                    "`), or salvage with sqlite3's .recover");
  }

  const auto fk = foreign_key_violations(db);
  if (fk.empty()) {
    out.ok("foreign-keys", "every row refers to rows that exist");
  } else {
    out.problem("foreign-keys",
                fmt::format("{}{} {} to missing rows (first: {} row {} -> {})", fk.size(),
                            fk.size() >= 20 ? " or more" : "", fk.size() == 1 ? "row refers" : "rows refer", fk.front().table,
                            fk.front().rowid, fk.front().parent),
                command("restore BACKUP-FILE") + " (a backup made before the damage)");
  }

  const int version = storage::schema_version(db);
  const int latest = storage::latest_schema_version();
  if (version == latest) {
    out.ok("schema", fmt::format("schema version {} is current", version));
  } else if (version > latest) {
    out.problem("schema", fmt::format("schema version {} is newer than this program understands ({})", version, latest),
                "install a newer sequential-questioning");
  } else {
    out.problem("schema", fmt::format("schema version {} is older than this program's ({})", version, latest),
                command("check") + " (any command that opens the database upgrades it)");
  }
}

void check_derived(storage::Database& db, const memory::Embedder& embedder, const std::string& index_path,
                   Findings& out) {
  if (!has_domain_tables(db)) {
    out.info("embeddings", "the database holds no conversations yet");
    return;
  }
  const auto missing = messages_missing_embeddings(db, embedder);
  if (missing.empty()) {
    out.ok("embeddings", "every message that has searchable text has an embedding");
  } else {
    out.problem("embeddings",
                fmt::format("{} message{} {} no embedding (first: message {}), so semantic search cannot find them",
                            missing.size(), missing.size() == 1 ? "" : "s", missing.size() == 1 ? "has" : "have",
                            missing.front()),
                command("check --repair"));
  }

  const IndexInspection ix = inspect_index(db, index_path);
  const std::string repair = command("check --repair");
  if (!ix.present) {
    out.info("index", fmt::format("no vector index yet at {}; it is built from the database on first use", ix.path));
    return;
  }
  switch (ix.error) {
    case memory::LoadError::none: break;
    case memory::LoadError::corrupt:
      out.problem("index", fmt::format("the vector index {} is corrupt: {}", ix.path, ix.error_message), repair);
      return;
    case memory::LoadError::unsupported:
      out.problem("index", fmt::format("the vector index {} has a format this build cannot read: {}", ix.path,
                                       ix.error_message),
                  repair);
      return;
    case memory::LoadError::io:
    case memory::LoadError::missing:
      out.problem("index", fmt::format("the vector index {} cannot be read: {}", ix.path, ix.error_message),
                  "check its permissions, then " + repair);
      return;
  }
  if (!ix.database_embedder.empty() && ix.embedder != ix.database_embedder) {
    out.problem("index",
                fmt::format("the vector index was built by embedder {}, but the database uses {}", ix.embedder,
                            ix.database_embedder),
                repair);
    return;
  }
  if (ix.missing > 0) {
    out.problem("index",
                fmt::format("the vector index lacks {} of the {} embeddings it should hold", ix.missing, ix.rows),
                repair);
    return;
  }
  std::string note = fmt::format("the vector index holds {} vectors, matching the database", ix.vectors);
  if (ix.extra > 0) {
    note += fmt::format("; {} belong to deleted messages (skipped by searches, dropped on next use)", ix.extra);
  }
  if (ix.behind > 0) note += fmt::format("; {} newer embeddings are added on next use", ix.behind);
  out.ok("index", note);
}

}  // namespace sq::ops
