// Semantic memory over the database: writes each message's embedding (in the
// caller's transaction), keeps the HNSW index file in step with SQLite (the
// source of truth) and answers similarity searches.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "memory/embedder.hpp"
#include "memory/vector_index.hpp"
#include "storage/database.hpp"

namespace sq::memory {

struct MemoryItem {
  std::int64_t message_id = 0;
  std::string conversation_id;
  std::string kind;  // question, answer, context
  std::string text;
  float score = 0;   // cosine similarity, higher is closer
  std::string created_at;
  std::optional<int> question_number;
};

struct SearchFilter {
  std::optional<std::string> user_id;                  // only conversations of this user
  std::optional<std::string> conversation_id;          // only this conversation (exact search)
  std::optional<std::string> exclude_conversation_id;  // skip this conversation
  std::vector<std::string> kinds;                      // empty: all kinds
  float min_score = 0.0f;
};

// How the index stood after ensure_index(): for `doctor`, `check` and tests.
struct IndexStatus {
  std::string path;
  bool loaded = false;
  bool rebuilt = false;          // rebuilt from SQLite during the last ensure_index()
  std::string rebuild_reason;    // "missing", "corrupt", "stale", "embedder changed", ...
  std::int64_t watermark = 0;    // highest message id held
  std::int64_t vectors = 0;
  std::int64_t caught_up = 0;    // rows added from SQLite during the last ensure_index() (or search)
  std::int64_t pruned = 0;       // vectors of deleted rows dropped from the graph (cumulative)
};

class MemoryStore {
 public:
  // `index_path` is the hnswlib index file (normally beside the database).
  // `params` shape the graph it builds (tests use deliberately weak ones).
  MemoryStore(storage::Database& db, std::string index_path, std::unique_ptr<Embedder> embedder,
              const IndexParams& params = {});
  ~MemoryStore();

  const Embedder& embedder() const;

  // Embeds `text` and inserts its row into `embeddings` for `message_id`.
  // Must be called inside the caller's transaction, after the message row
  // (throws std::logic_error outside one). Also keeps meta 'embedder' and
  // 'embedder.dim' current. Text without features (empty, punctuation) gets
  // no row. Recording a message again replaces its vector.
  void record(std::int64_t message_id, std::string_view text);

  // Nearest items to `query`. With filter.conversation_id: exact cosine over
  // that conversation's vectors. Otherwise the HNSW index (caught up from
  // SQLite first), over-fetching and filtering afterwards; a user_id filter
  // that selects few rows (<= 2000) is also answered exactly. Every hit is
  // checked against SQLite, so deleted messages are never returned. Inside the
  // caller's transaction its own uncommitted rows are searched too (exactly),
  // but never absorbed into the index. Items scoring <= 0 are dropped unless
  // min_score is negative. `limit` is capped at 1000. Rows whose text is the
  // query's own words (compared case- and spacing-insensitively) are always
  // among the results, whatever the approximate graph returns.
  std::vector<MemoryItem> search(std::string_view query, const SearchFilter& filter, int limit);

  // Called after each search() with the time it took in milliseconds (for
  // metrics); may be empty.
  std::function<void(double millis)> on_search;

  // Highest cosine between `text` and the questions already in `conversation_id`.
  float max_question_similarity(const std::string& conversation_id, std::string_view text);

  // Loads the index (lazily, on first use), verifies it, catches up or rebuilds.
  // Unlike the checks before each search, this also compares row counts with
  // SQLite to find rows deleted behind the index's back (O(rows) in SQLite).
  IndexStatus ensure_index();

  // Writes the index file atomically if it changed since the last save.
  // Cheap when nothing changed, and skipped when another process already saved
  // a file that is as far along. Failures are logged, not thrown: the index is
  // a cache and SQLite already holds every row.
  void save();

  // Saving rewrites the whole file (about 1.2 KB per vector at dimension 256),
  // which is cheap for thousands of vectors but not for millions. A server
  // with a large index can call save_if_due(n) after each write instead of
  // save(): it saves only once at least `n` changes accumulated (call save()
  // at exit). Unsaved rows are never lost: the next process catches up from
  // SQLite. Returns true if it wrote the file.
  bool save_if_due(std::int64_t min_changes);
  std::int64_t unsaved_changes() const;

  // The policy a writer follows after each write: save_if_due() with a
  // threshold that grows with the index (1% of its vectors, at least 256),
  // so the cost of rewriting the file stays a small constant per write and a
  // process that is killed leaves at most that many rows to catch up.
  bool save_when_due();

  // Drops the index and rebuilds it from SQLite; re-embeds rows whose embedder
  // identity differs from the current one. `progress(done, total)` may be empty.
  IndexStatus reindex(const std::function<void(std::int64_t, std::int64_t)>& progress = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The index file that belongs to a database file: "<db path>.hnsw".
std::string index_path_for(const std::string& database_path);

}  // namespace sq::memory
