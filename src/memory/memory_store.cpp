// Semantic memory over the database: see memory_store.hpp.
//
// How the index file stays a faithful cache of SQLite:
//  - It holds one vector per `embeddings` row (foreign-embedder rows are
//    re-embedded from the message text in memory) and remembers the highest
//    message id it holds (the watermark) and the database's rewrite counter
//    (meta 'memory.epoch') at build time.
//  - Rows only ever arrive with ids above the watermark, except when SQLite
//    reuses the id of a deleted newest row or a row is re-recorded; record()
//    notices both (meta 'memory.high_water') and bumps the epoch, and an index
//    from another epoch is rebuilt.
//  - Index maintenance reads through a second, private connection, so the
//    index never absorbs rows of a transaction that may still roll back.
//    Searches made inside the caller's transaction also scan, exactly, the rows
//    above the watermark that only that transaction can see.
//  - Deleted rows: every hit is checked against SQLite before it is returned;
//    stale labels found that way are dropped from the graph, and a count
//    comparison on load (and in ensure_index) finds the rest.
#include "memory/memory_store.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "memory/vector_index.hpp"
#include "storage/repository.hpp"
#include "util/log.hpp"
#include "util/text_key.hpp"

namespace sq::memory {

namespace {

constexpr const char* kMetaEmbedder = "embedder";
constexpr const char* kMetaEmbedderDim = "embedder.dim";
constexpr const char* kMetaEpoch = "memory.epoch";
constexpr const char* kMetaHighWater = "memory.high_water";

// Rows read per statement while building or catching up.
constexpr int kReadBatch = 4096;
// Rows re-embedded per write transaction.
constexpr int kWriteBatch = 256;
// A user with at most this many vectors is searched exactly, not through HNSW.
constexpr std::int64_t kExactUserLimit = 2000;
constexpr int kMaxLimit = 1000;

// ---- vectors as BLOBs: little-endian float32 -----------------------------------

std::string encode_vector(const std::vector<float>& v) {
  std::string out(v.size() * 4, '\0');
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto bits = std::bit_cast<std::uint32_t>(v[i]);
    for (int b = 0; b < 4; ++b) out[4 * i + static_cast<std::size_t>(b)] = static_cast<char>((bits >> (8 * b)) & 0xFF);
  }
  return out;
}

bool decode_vector(std::string_view blob, int dim, std::vector<float>& out) {
  if (dim <= 0 || blob.size() != static_cast<std::size_t>(dim) * 4) return false;
  out.resize(static_cast<std::size_t>(dim));
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(out.data(), blob.data(), blob.size());
  } else {
    for (std::size_t i = 0; i < out.size(); ++i) {
      std::uint32_t bits = 0;
      for (int b = 3; b >= 0; --b) bits = (bits << 8) | static_cast<unsigned char>(blob[4 * i + static_cast<std::size_t>(b)]);
      out[i] = std::bit_cast<float>(bits);
    }
  }
  for (float x : out) {
    if (!std::isfinite(x)) return false;
  }
  return true;
}

bool is_zero(const std::vector<float>& v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return x == 0.0f; });
}

float dot(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return static_cast<float>(s);
}

bool in_memory_path(const std::string& path) {
  return path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0;
}

std::int64_t to_int(const std::optional<std::string>& s) {
  if (!s) return 0;
  try {
    return std::stoll(*s);
  } catch (const std::exception&) {
    return 0;
  }
}

// A write scope that works whether or not the caller already holds a
// transaction on the connection: a savepoint inside one, BEGIN IMMEDIATE otherwise.
class WriteScope {
 public:
  explicit WriteScope(storage::Database& db) : db_(db) {
    if (db_.in_transaction()) {
      db_.exec("SAVEPOINT sq_memory");
      savepoint_ = true;
    } else {
      tx_.emplace(db_);
    }
  }
  ~WriteScope() {
    if (done_ || !savepoint_) return;
    try {
      db_.exec("ROLLBACK TO sq_memory");
      db_.exec("RELEASE sq_memory");
    } catch (...) {
    }
  }
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;
  void commit() {
    if (savepoint_) {
      db_.exec("RELEASE sq_memory");
    } else {
      tx_->commit();
    }
    done_ = true;
  }

 private:
  storage::Database& db_;
  std::optional<storage::Transaction> tx_;
  bool savepoint_ = false;
  bool done_ = false;
};

// One candidate row with what the filters need.
struct Row {
  MemoryItem item;
  std::optional<std::string> user_id;
};

// Columns shared by the row queries below (indexes 0..6), then the vector (7..9).
constexpr const char* kItemColumns =
    "m.id, m.conversation_id, m.kind, m.content, m.created_at, m.question_number, s.user_id";
constexpr const char* kItemJoins =
    "FROM messages m JOIN embeddings e ON e.message_id = m.id "
    "JOIN conversations c ON c.id = m.conversation_id JOIN user_sessions s ON s.id = c.session_id";

Row read_row(const storage::Statement& st) {
  Row r;
  r.item.message_id = st.int64(0);
  r.item.conversation_id = st.text(1);
  r.item.kind = st.text(2);
  r.item.text = st.text(3);
  r.item.created_at = st.text(4);
  if (auto q = st.int64_or_null(5)) r.item.question_number = static_cast<int>(*q);
  r.user_id = st.text_or_null(6);
  return r;
}

bool passes(const SearchFilter& f, const Row& r) {
  if (f.conversation_id && r.item.conversation_id != *f.conversation_id) return false;
  if (f.exclude_conversation_id && r.item.conversation_id == *f.exclude_conversation_id) return false;
  if (f.user_id && r.user_id != f.user_id) return false;
  if (!f.kinds.empty() && std::find(f.kinds.begin(), f.kinds.end(), r.item.kind) == f.kinds.end()) return false;
  return true;
}

// Items with no similarity at all are noise unless the caller asked for negatives.
bool score_passes(const SearchFilter& f, float score) {
  return score >= f.min_score && (score > 0.0f || f.min_score < 0.0f);
}

void sort_and_trim(std::vector<MemoryItem>& items, int limit) {
  std::sort(items.begin(), items.end(), [](const MemoryItem& a, const MemoryItem& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.message_id < b.message_id;
  });
  if (items.size() > static_cast<std::size_t>(limit)) items.resize(static_cast<std::size_t>(limit));
}

}  // namespace

// ---- Impl ----------------------------------------------------------------------

struct MemoryStore::Impl {
  Impl(storage::Database& database, std::string path, std::unique_ptr<Embedder> e)
      : db(database), index_path(std::move(path)), embedder(std::move(e)) {
    if (!embedder) throw std::invalid_argument("MemoryStore needs an embedder");
    identity = embedder->identity();
    dim = embedder->dimension();
    status.path = index_path;
  }

  storage::Database& db;
  std::string index_path;
  std::unique_ptr<Embedder> embedder;
  std::string identity;
  int dim = 0;
  IndexParams params;

  std::unique_ptr<storage::Database> reader_conn;
  bool reader_failed = false;
  std::unique_ptr<VectorIndex> index;
  std::int64_t watermark = 0;
  std::int64_t epoch = 0;
  std::int64_t unsaved = 0;  // changes to the graph since it was last saved or loaded
  bool save_failed = false;  // warned once already; later failures log at debug level
  IndexStatus status;

  // ---- helpers -------------------------------------------------------------

  // The connection index maintenance reads through: a private one on the same
  // file (sees committed rows only), or the caller's for in-memory databases.
  storage::Database& reader() {
    if (reader_conn) return *reader_conn;
    if (reader_failed || in_memory_path(db.path())) return db;
    try {
      storage::Database::Options options;
      options.read_only = true;
      options.create = false;
      reader_conn = storage::Database::open(db.path(), options);
      return *reader_conn;
    } catch (const std::exception& e) {
      util::log::warn("memory: cannot open a second connection to {} ({}); using the main one", db.path(), e.what());
      reader_failed = true;
      return db;
    }
  }

  static std::optional<std::string> meta(storage::Database& d, const char* key) {
    return storage::Repository(d).meta(key);
  }

  // The first column of the first row as an integer (0 for no row or NULL).
  static std::int64_t scalar(storage::Statement& st) { return st.step() && !st.is_null(0) ? st.int64(0) : 0; }
  static std::int64_t scalar(storage::Database& d, const char* sql) {
    auto st = d.prepare(sql);
    return scalar(st);
  }
  static std::int64_t scalar(storage::Database& d, const char* sql, std::int64_t arg) {
    auto st = d.prepare(sql);
    st.bind(1, arg);
    return scalar(st);
  }

  static std::int64_t max_id(storage::Database& d) { return scalar(d, "SELECT max(message_id) FROM embeddings"); }

  // The vector of an embeddings row, re-embedding the text when it was made by
  // another embedder (or the stored blob is unusable).
  std::vector<float> row_vector(std::string_view row_embedder, int row_dim, std::string_view blob,
                                std::string_view content) const {
    std::vector<float> v;
    if (row_embedder == identity && row_dim == dim && decode_vector(blob, dim, v)) return v;
    return embedder->embed(content);
  }

  void reset_status() {
    status.rebuilt = false;
    status.rebuild_reason.clear();
    status.caught_up = 0;
  }

  IndexStatus snapshot() {
    status.path = index_path;
    status.loaded = index != nullptr;
    status.watermark = watermark;
    status.vectors = index ? static_cast<std::int64_t>(index->size()) : 0;
    return status;
  }

  // ---- keeping the index in step --------------------------------------------

  // Loads (or rebuilds) on first use; afterwards checks cheaply (`full`: also
  // compares counts to find deletions) and catches up.
  void prepare(bool full, const std::function<void(std::int64_t, std::int64_t)>& progress = {}) {
    reset_status();
    if (!index) {
      load_or_rebuild(progress);
    } else if (!light_check() && full) {
      full_check();
    }
    catch_up();
    // hnswlib cannot reuse deleted slots: rebuild once they dominate.
    if (index->deleted() > 1024 && index->deleted() > index->size()) rebuild("compaction", false, progress);
  }

  void load_or_rebuild(const std::function<void(std::int64_t, std::int64_t)>& progress) {
    storage::Database& r = reader();
    // The rows were last embedded by another embedder: re-embed them, and
    // whatever the file holds is of no use.
    if (const auto meta_embedder = meta(r, kMetaEmbedder); meta_embedder && *meta_embedder != identity) {
      rebuild("embedder changed", true, progress);
      return;
    }
    VectorIndex::Loaded loaded = VectorIndex::load(index_path, params);
    std::string reason;
    if (loaded.error == LoadError::missing) {
      reason = "missing";
    } else if (loaded.error != LoadError::none) {
      util::log::warn("memory: index {} is unusable ({}); rebuilding from the database", index_path, loaded.message);
      reason = loaded.error == LoadError::io ? "unreadable" : "corrupt";
    } else if (loaded.info.embedder != identity || loaded.info.dimension != dim) {
      reason = "embedder changed";
    } else if (loaded.info.epoch != to_int(meta(r, kMetaEpoch)) || max_id(r) < loaded.info.watermark) {
      reason = "stale";
    }
    if (!reason.empty()) {
      loaded.index.reset();  // free it before building another
      rebuild(reason, reason == "embedder changed", progress);
      return;
    }
    index = std::move(loaded.index);
    watermark = loaded.info.watermark;
    epoch = loaded.info.epoch;
    unsaved = 0;
    full_check();
  }

  // Per-search checks; true if they led to a rebuild.
  bool light_check() {
    storage::Database& r = reader();
    const auto meta_embedder = meta(r, kMetaEmbedder);
    if (meta_embedder && *meta_embedder != identity) {
      rebuild("embedder changed", true, {});
      return true;
    }
    if (to_int(meta(r, kMetaEpoch)) != epoch || max_id(r) < watermark) {
      rebuild("stale", false, {});
      return true;
    }
    return false;
  }

  // Compares the rows at or below the watermark with the graph and repairs
  // differences (deleted rows, rows that appeared below the watermark).
  void full_check() {
    storage::Database& r = reader();
    // Through the narrow index: the table itself holds every vector.
    const std::int64_t rows =
        scalar(r, "SELECT count(*) FROM embeddings INDEXED BY embeddings_by_embedder WHERE message_id <= ?1", watermark);
    if (rows == static_cast<std::int64_t>(index->size())) return;

    std::vector<std::int64_t> in_db;
    {
      auto st = r.prepare("SELECT message_id FROM embeddings WHERE message_id <= ?1 ORDER BY message_id");
      st.bind(1, watermark);
      while (st.step()) in_db.push_back(st.int64(0));
    }
    std::vector<std::int64_t> in_index = index->labels();
    std::sort(in_index.begin(), in_index.end());
    std::vector<std::int64_t> gone, absent;
    std::set_difference(in_index.begin(), in_index.end(), in_db.begin(), in_db.end(), std::back_inserter(gone));
    std::set_difference(in_db.begin(), in_db.end(), in_index.begin(), in_index.end(), std::back_inserter(absent));
    if (gone.size() * 4 > in_index.size() + 64) {
      rebuild("stale", false, {});
      return;
    }
    for (std::int64_t id : gone) index->remove(id);
    status.pruned += static_cast<std::int64_t>(gone.size());
    unsaved += static_cast<std::int64_t>(gone.size());
    if (!absent.empty()) {
      for (std::int64_t id : absent) {
        auto one = r.prepare(
            "SELECT e.message_id, e.embedder, e.dim, e.vector, m.content FROM embeddings e "
            "JOIN messages m ON m.id = e.message_id WHERE e.message_id = ?1");
        one.bind(1, id);
        if (!one.step()) continue;
        const auto v = row_vector(one.text(1), one.integer(2), one.blob(3), one.text(4));
        if (is_zero(v)) continue;
        index->add(id, v.data());
        ++unsaved;
        ++status.caught_up;
      }
    }
    if (!gone.empty() || !absent.empty()) {
      util::log::info("memory: index repaired: {} stale vectors dropped, {} missing added", gone.size(),
                      absent.size());
    }
  }

  // Adds the committed rows above the watermark.
  void catch_up() {
    storage::Database& r = reader();
    for (;;) {
      std::vector<std::int64_t> labels;
      std::vector<float> flat;
      std::int64_t last = watermark;
      {
        auto st = r.prepare(
            "SELECT e.message_id, e.embedder, e.dim, e.vector, m.content FROM embeddings e "
            "JOIN messages m ON m.id = e.message_id WHERE e.message_id > ?1 ORDER BY e.message_id LIMIT ?2");
        st.bind(1, watermark).bind(2, kReadBatch);
        while (st.step()) {
          last = st.int64(0);
          const auto v = row_vector(st.text(1), st.integer(2), st.blob(3), st.text(4));
          if (is_zero(v)) continue;
          labels.push_back(last);
          flat.insert(flat.end(), v.begin(), v.end());
        }
      }
      if (last == watermark) return;
      add_rows(*index, labels, flat);
      status.caught_up += static_cast<std::int64_t>(labels.size());
      unsaved += static_cast<std::int64_t>(labels.size()) + 1;  // the watermark moved too
      watermark = last;
    }
  }

  // Labels are above everything `target` holds, so they are new to it.
  void add_rows(VectorIndex& target, const std::vector<std::int64_t>& labels, const std::vector<float>& flat) const {
    if (labels.size() >= 512) {
      target.add_batch(labels, flat.data());
    } else {
      for (std::size_t i = 0; i < labels.size(); ++i) {
        target.add(labels[i], flat.data() + i * static_cast<std::size_t>(dim));
      }
    }
  }

  // Rewrites rows made by another embedder (or dimension) with this one, in
  // batches of write transactions, then records this embedder in meta.
  void reembed_rows(const std::function<void(std::int64_t, std::int64_t)>& progress, std::int64_t total) {
    std::int64_t after = 0, done = 0;
    for (;;) {
      WriteScope scope(db);
      std::vector<std::pair<std::int64_t, std::string>> rows;
      {
        auto st = db.prepare(
            "SELECT e.message_id, m.content FROM embeddings e JOIN messages m ON m.id = e.message_id "
            "WHERE e.message_id > ?1 AND (e.embedder <> ?2 OR e.dim <> ?3 OR e.text_key IS NULL) "
            "ORDER BY e.message_id LIMIT ?4");
        st.bind(1, after).bind(2, identity).bind(3, dim).bind(4, kWriteBatch);
        while (st.step()) rows.emplace_back(st.int64(0), st.text(1));
      }
      std::vector<std::string> texts;
      texts.reserve(rows.size());
      for (const auto& row : rows) texts.push_back(row.second);
      const auto vectors = embedder->embed_many(texts);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto id = rows[i].first;
        const auto& v = vectors[i];
        if (is_zero(v)) {
          auto del = db.prepare("DELETE FROM embeddings WHERE message_id = ?1");
          del.bind(1, id);
          del.run();
        } else {
          const std::string blob = encode_vector(v);
          auto up = db.prepare(
              "UPDATE embeddings SET embedder = ?2, dim = ?3, vector = ?4, text_key = ?5 WHERE message_id = ?1");
          up.bind(1, id).bind(2, identity).bind(3, dim).bind_blob(4, blob.data(), blob.size());
          up.bind(5, util::text_key(rows[i].second));
          up.run();
        }
        after = id;
      }
      if (rows.empty()) {
        embed_missing(scope);
        storage::Repository repo(db);
        repo.set_meta(kMetaEmbedder, identity);
        repo.set_meta(kMetaEmbedderDim, std::to_string(dim));
      }
      scope.commit();
      done += static_cast<std::int64_t>(rows.size());
      if (progress && !rows.empty()) progress(done, total);
      if (rows.empty()) return;
    }
  }

  // Embeds messages that have no embeddings row although their text has
  // features (their embedder failed when they were written).
  void embed_missing(WriteScope&) {
    std::int64_t after = 0;
    for (;;) {
      std::vector<std::pair<std::int64_t, std::string>> rows;
      {
        auto st = db.prepare(
            "SELECT m.id, m.content FROM messages m WHERE m.id > ?1 AND NOT EXISTS "
            "(SELECT 1 FROM embeddings e WHERE e.message_id = m.id) ORDER BY m.id LIMIT ?2");
        st.bind(1, after).bind(2, kWriteBatch);
        while (st.step()) rows.emplace_back(st.int64(0), st.text(1));
      }
      if (rows.empty()) return;
      std::vector<std::string> texts;
      for (const auto& row : rows) texts.push_back(row.second);
      const auto vectors = embedder->embed_many(texts);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        after = rows[i].first;
        if (is_zero(vectors[i])) continue;
        const std::string blob = encode_vector(vectors[i]);
        auto ins = db.prepare(
            "INSERT INTO embeddings (message_id, embedder, dim, vector, text_key) VALUES (?1, ?2, ?3, ?4, ?5)");
        ins.bind(1, rows[i].first).bind(2, identity).bind(3, dim).bind_blob(4, blob.data(), blob.size());
        ins.bind(5, util::text_key(rows[i].second));
        ins.run();
      }
    }
  }

  // Builds a fresh graph from every row, then saves it.
  void rebuild(const std::string& reason, bool reembed,
               const std::function<void(std::int64_t, std::int64_t)>& progress) {
    util::log::info("memory: rebuilding index {} ({})", index_path, reason);
    status.rebuilt = true;
    status.rebuild_reason = reason;
    index.reset();
    storage::Database& r = reader();

    std::int64_t foreign = 0;  // rows to re-embed; only drives progress reports
    if (reembed) {
      auto st = db.prepare("SELECT count(*) FROM embeddings WHERE embedder <> ?1 OR dim <> ?2");
      st.bind(1, identity).bind(2, dim);
      foreign = st.step() ? st.int64(0) : 0;
    }
    const std::int64_t rows = scalar(r, "SELECT count(*) FROM embeddings");
    const std::int64_t total = foreign + rows;
    if (reembed) reembed_rows(progress, total);

    const std::int64_t db_epoch = to_int(meta(r, kMetaEpoch));
    // Headroom for the rows that will arrive after the rebuild.
    auto fresh = std::make_unique<VectorIndex>(dim, params, static_cast<std::size_t>(rows + std::max<std::int64_t>(rows / 8, 1024)));
    std::int64_t last = 0, done = foreign;
    for (;;) {
      std::vector<std::int64_t> labels;
      std::vector<float> flat;
      std::int64_t batch_last = last;
      {
        auto st = r.prepare(
            "SELECT e.message_id, e.embedder, e.dim, e.vector, m.content FROM embeddings e "
            "JOIN messages m ON m.id = e.message_id WHERE e.message_id > ?1 ORDER BY e.message_id LIMIT ?2");
        st.bind(1, last).bind(2, kReadBatch);
        while (st.step()) {
          batch_last = st.int64(0);
          const auto v = row_vector(st.text(1), st.integer(2), st.blob(3), st.text(4));
          if (is_zero(v)) continue;
          labels.push_back(batch_last);
          flat.insert(flat.end(), v.begin(), v.end());
        }
      }
      if (batch_last == last) break;
      add_rows(*fresh, labels, flat);
      done += static_cast<std::int64_t>(labels.size());
      if (progress) progress(std::min(done, total), total);
      last = batch_last;
    }
    index = std::move(fresh);
    watermark = last;
    epoch = db_epoch;
    unsaved = 1;
    try_save(true);
  }

  // Saves, logging (not throwing) a failure: the index is a cache and SQLite
  // already holds everything, so the next save or process simply tries again.
  void try_save(bool force) {
    try {
      save_now(force);
      save_failed = false;
    } catch (const std::exception& e) {
      if (!save_failed) {
        util::log::warn("memory: cannot save index {}: {}", index_path, e.what());
      } else {
        util::log::debug("memory: cannot save index {}: {}", index_path, e.what());
      }
      save_failed = true;
    }
  }

  // ---- saving -----------------------------------------------------------------

  // Writes the graph. Unless `force`, skips the write when the file on disk
  // (saved by another process) is already as far along as this graph.
  void save_now(bool force) {
    if (!index) return;
    if (auto on_disk = VectorIndex::peek(index_path); on_disk && !force) {
      const bool same = on_disk->embedder == identity && on_disk->dimension == dim && on_disk->epoch == epoch;
      if (same && (on_disk->watermark > watermark ||
                   (on_disk->watermark == watermark && on_disk->count == static_cast<std::int64_t>(index->size())))) {
        unsaved = 0;
        return;
      }
    }
    index->save(index_path, IndexFileInfo{identity, dim, watermark, epoch, static_cast<std::int64_t>(index->size())});
    unsaved = 0;
  }

  // ---- searching ----------------------------------------------------------------

  // Exact cosine over the rows a query selects (columns: kItemColumns, then
  // embedder, dim, vector).
  void score_rows(storage::Statement& st, const std::vector<float>& q, const SearchFilter& filter,
                  std::vector<MemoryItem>& out) const {
    while (st.step()) {
      Row row = read_row(st);
      if (!passes(filter, row)) continue;
      const auto v = row_vector(st.text(7), st.integer(8), st.blob(9), row.item.text);
      row.item.score = dot(q, v);
      if (score_passes(filter, row.item.score)) out.push_back(std::move(row.item));
    }
  }

  std::vector<MemoryItem> exact_in_conversation(const std::vector<float>& q, const SearchFilter& filter) {
    std::vector<MemoryItem> out;
    auto st = db.prepare(fmt::format("SELECT {}, e.embedder, e.dim, e.vector {} WHERE m.conversation_id = ?1",
                                     kItemColumns, kItemJoins));
    st.bind(1, *filter.conversation_id);
    score_rows(st, q, filter, out);
    return out;
  }

  std::vector<MemoryItem> exact_for_user(const std::vector<float>& q, const SearchFilter& filter) {
    std::vector<MemoryItem> out;
    auto st = db.prepare(fmt::format("SELECT {}, e.embedder, e.dim, e.vector {} WHERE s.user_id = ?1",
                                     kItemColumns, kItemJoins));
    st.bind(1, *filter.user_id);
    score_rows(st, q, filter, out);
    return out;
  }

  std::int64_t user_rows_up_to(const std::string& user_id, std::int64_t cap) {
    auto st = db.prepare(fmt::format("SELECT count(*) FROM (SELECT 1 {} WHERE s.user_id = ?1 LIMIT ?2)", kItemJoins));
    st.bind(1, user_id).bind(2, cap);
    return st.step() ? st.int64(0) : 0;
  }

  // Rows above the watermark as the caller's connection sees them (its own
  // uncommitted writes included).
  std::vector<MemoryItem> exact_tail(const std::vector<float>& q, const SearchFilter& filter) {
    std::vector<MemoryItem> out;
    auto st = db.prepare(fmt::format("SELECT {}, e.embedder, e.dim, e.vector {} WHERE m.id > ?1",
                                     kItemColumns, kItemJoins));
    st.bind(1, watermark);
    score_rows(st, q, filter, out);
    return out;
  }

  // Stored rows whose text is the query's own words (the same text key and
  // normalized text), scored exactly. The graph is approximate and may not
  // reach a row, above all among many near-identical ones; what a person
  // said, searched for in their own words, must still be found. The filters
  // run in SQL so that copies elsewhere cannot crowd out the rows that pass.
  std::vector<MemoryItem> exact_text(std::string_view query, const std::vector<float>& q, const SearchFilter& filter,
                                     int limit) {
    std::vector<MemoryItem> out;
    const std::string wanted = util::normalized_text(query);
    std::string kinds;
    if (!filter.kinds.empty()) kinds = nlohmann::json(filter.kinds).dump();
    auto st = db.prepare(fmt::format(
        "SELECT {}, e.embedder, e.dim, e.vector {} WHERE e.text_key = ?1 AND (?2 IS NULL OR s.user_id = ?2) "
        "AND (?3 IS NULL OR m.conversation_id <> ?3) "
        "AND (?4 IS NULL OR m.kind IN (SELECT value FROM json_each(?4))) ORDER BY m.id LIMIT ?5",
        kItemColumns, kItemJoins));
    st.bind(1, util::text_key(query)).bind(2, filter.user_id).bind(3, filter.exclude_conversation_id);
    if (kinds.empty()) st.bind(4, nullptr); else st.bind(4, kinds);
    st.bind(5, limit);
    while (st.step()) {
      Row row = read_row(st);
      if (!passes(filter, row) || util::normalized_text(row.item.text) != wanted) continue;
      const auto v = row_vector(st.text(7), st.integer(8), st.blob(9), row.item.text);
      row.item.score = dot(q, v);
      if (score_passes(filter, row.item.score)) out.push_back(std::move(row.item));
    }
    return out;
  }

  std::vector<MemoryItem> hnsw_search(const std::vector<float>& q, const SearchFilter& filter, int limit) {
    std::vector<MemoryItem> out;
    const std::size_t size = index->size();
    if (size == 0) return out;
    const bool may_prune = !db.in_transaction();
    std::size_t k = std::min<std::size_t>(std::max<std::size_t>(static_cast<std::size_t>(limit) * 4, 50), size);
    std::unordered_set<std::int64_t> seen;
    for (;;) {
      // Once the over-fetch approaches the whole index, an exact scan is both
      // cheaper and complete.
      const bool exhaustive = k * 4 >= size;
      if (exhaustive) k = size;
      const std::vector<IndexHit> hits =
          exhaustive ? index->search_exhaustive(q.data(), k) : index->search(q.data(), k, std::max(params.ef_search, k));

      std::string ids = "[";
      for (const IndexHit& h : hits) {
        if (seen.count(h.label) != 0) continue;
        if (ids.size() > 1) ids += ',';
        ids += std::to_string(h.label);
      }
      ids += ']';
      std::unordered_map<std::int64_t, Row> rows;
      {
        auto st = db.prepare(fmt::format("SELECT {} {} WHERE m.id IN (SELECT value FROM json_each(?1))",
                                         kItemColumns, kItemJoins));
        st.bind(1, ids);
        while (st.step()) {
          Row row = read_row(st);
          rows.emplace(row.item.message_id, std::move(row));
        }
      }
      float worst = 1.0f;
      for (const IndexHit& h : hits) {
        worst = std::min(worst, h.score);
        if (!seen.insert(h.label).second) continue;
        auto it = rows.find(h.label);
        if (it == rows.end()) {
          // Deleted since it was indexed. Inside the caller's transaction the
          // deletion might still roll back, so leave the graph alone then.
          if (may_prune && index->remove(h.label)) {
            ++unsaved;
            ++status.pruned;
          }
          continue;
        }
        if (!passes(filter, it->second) || !score_passes(filter, h.score)) continue;
        MemoryItem item = std::move(it->second.item);
        item.score = h.score;
        out.push_back(std::move(item));
      }
      if (out.size() >= static_cast<std::size_t>(limit) || hits.size() < k || k >= size) break;
      if (!score_passes(filter, worst)) break;  // everything further is less similar still
      k = std::min(k * 4, size);
    }
    return out;
  }
};

// ---- MemoryStore -----------------------------------------------------------------

MemoryStore::MemoryStore(storage::Database& db, std::string index_path, std::unique_ptr<Embedder> embedder,
                         const IndexParams& params)
    : impl_(std::make_unique<Impl>(db, std::move(index_path), std::move(embedder))) {
  impl_->params = params;
}

MemoryStore::~MemoryStore() = default;

const Embedder& MemoryStore::embedder() const { return *impl_->embedder; }

void MemoryStore::record(std::int64_t message_id, std::string_view text) {
  Impl& s = *impl_;
  if (!s.db.in_transaction()) {
    throw std::logic_error("MemoryStore::record must run inside the caller's transaction");
  }
  std::vector<float> v;
  try {
    v = s.embedder->embed(text);
  } catch (const std::exception& e) {
    // The message itself must not be lost because its vector could not be
    // made (a remote embedder that is down): it is stored without one, and
    // `reindex` embeds it later.
    util::log::warn("memory: message {} was stored without an embedding ({}); run `reindex` to add it", message_id,
                    e.what());
    return;
  }
  storage::Repository repo(s.db);

  std::optional<std::string> old_embedder, old_blob;
  std::optional<std::int64_t> old_key;
  int old_dim = 0;
  {
    auto st = s.db.prepare("SELECT embedder, dim, vector, text_key FROM embeddings WHERE message_id = ?1");
    st.bind(1, message_id);
    if (st.step()) {
      old_embedder = st.text(0);
      old_dim = st.integer(1);
      old_blob = std::string(st.blob(2));
      old_key = st.int64_or_null(3);
    }
  }
  const auto high_water_meta = repo.meta(kMetaHighWater);
  const std::int64_t high_water = high_water_meta ? to_int(high_water_meta) : Impl::max_id(s.db);

  bool rewritten = false;  // an id the index may already hold now has another vector (or none)
  if (is_zero(v)) {
    if (old_blob) {
      auto del = s.db.prepare("DELETE FROM embeddings WHERE message_id = ?1");
      del.bind(1, message_id);
      del.run();
      rewritten = true;
    }
  } else {
    const std::string blob = encode_vector(v);
    const std::int64_t key = util::text_key(text);
    if (old_blob) {
      rewritten = *old_embedder != s.identity || old_dim != s.dim || *old_blob != blob;
      if (rewritten || old_key != key) {
        auto up = s.db.prepare(
            "UPDATE embeddings SET embedder = ?2, dim = ?3, vector = ?4, text_key = ?5 WHERE message_id = ?1");
        up.bind(1, message_id).bind(2, s.identity).bind(3, s.dim).bind_blob(4, blob.data(), blob.size()).bind(5, key);
        up.run();
      }
    } else {
      auto ins = s.db.prepare(
          "INSERT INTO embeddings (message_id, embedder, dim, vector, text_key) VALUES (?1, ?2, ?3, ?4, ?5)");
      ins.bind(1, message_id).bind(2, s.identity).bind(3, s.dim).bind_blob(4, blob.data(), blob.size()).bind(5, key);
      ins.run();
      rewritten = message_id <= high_water;  // SQLite reused the id of a deleted row
    }
  }
  if (rewritten) repo.set_meta(kMetaEpoch, std::to_string(to_int(repo.meta(kMetaEpoch)) + 1));
  if (message_id > high_water || !high_water_meta) {
    repo.set_meta(kMetaHighWater, std::to_string(std::max(message_id, high_water)));
  }
  if (repo.meta(kMetaEmbedder) != s.identity) {
    repo.set_meta(kMetaEmbedder, s.identity);
    repo.set_meta(kMetaEmbedderDim, std::to_string(s.dim));
  }
}

std::vector<MemoryItem> MemoryStore::search(std::string_view query, const SearchFilter& filter, int limit) {
  Impl& s = *impl_;
  // Reports the duration to on_search however the search ends.
  struct Timer {
    const std::function<void(double)>& hook;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    ~Timer() {
      if (!hook) return;
      try {
        hook(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      } catch (...) {
        // Metrics must never break a search.
      }
    }
  } timer{on_search};
  if (limit <= 0) return {};
  limit = std::min(limit, kMaxLimit);
  const std::vector<float> q = s.embedder->embed(query);
  if (is_zero(q)) return {};

  std::vector<MemoryItem> out;
  if (filter.conversation_id) {
    if (filter.exclude_conversation_id == filter.conversation_id) return {};
    out = s.exact_in_conversation(q, filter);
  } else if (filter.user_id && s.user_rows_up_to(*filter.user_id, kExactUserLimit + 1) <= kExactUserLimit) {
    out = s.exact_for_user(q, filter);
  } else {
    s.prepare(false);
    out = s.hnsw_search(q, filter, limit);
    for (MemoryItem& item : s.exact_text(query, q, filter, limit)) {
      const bool known = std::any_of(out.begin(), out.end(),
                                     [&](const MemoryItem& o) { return o.message_id == item.message_id; });
      if (!known) out.push_back(std::move(item));
    }
    if (s.db.in_transaction()) {
      for (MemoryItem& item : s.exact_tail(q, filter)) out.push_back(std::move(item));
    }
  }
  sort_and_trim(out, limit);
  return out;
}

float MemoryStore::max_question_similarity(const std::string& conversation_id, std::string_view text) {
  Impl& s = *impl_;
  const std::vector<float> q = s.embedder->embed(text);
  if (is_zero(q)) return 0.0f;
  auto st = s.db.prepare(fmt::format("SELECT {}, e.embedder, e.dim, e.vector {} "
                                     "WHERE m.conversation_id = ?1 AND m.kind = 'question'",
                                     kItemColumns, kItemJoins));
  st.bind(1, conversation_id);
  bool any = false;
  float best = 0.0f;
  while (st.step()) {
    const auto v = s.row_vector(st.text(7), st.integer(8), st.blob(9), st.text(3));
    const float score = dot(q, v);
    best = any ? std::max(best, score) : score;
    any = true;
  }
  return best;
}

IndexStatus MemoryStore::ensure_index() {
  impl_->prepare(true);
  return impl_->snapshot();
}

void MemoryStore::save() {
  Impl& s = *impl_;
  if (!s.index || s.unsaved == 0) return;
  s.try_save(false);
}

bool MemoryStore::save_if_due(std::int64_t min_changes) {
  if (!impl_->index || impl_->unsaved < std::max<std::int64_t>(min_changes, 1)) return false;
  save();
  return impl_->unsaved == 0;
}

std::int64_t MemoryStore::unsaved_changes() const { return impl_->unsaved; }

bool MemoryStore::save_when_due() {
  if (!impl_->index) return false;
  const auto vectors = static_cast<std::int64_t>(impl_->index->size());
  return save_if_due(std::max<std::int64_t>(256, vectors / 100));
}

IndexStatus MemoryStore::reindex(const std::function<void(std::int64_t, std::int64_t)>& progress) {
  Impl& s = *impl_;
  s.reset_status();
  s.rebuild("reindex", true, progress);
  s.catch_up();
  return s.snapshot();
}

std::string index_path_for(const std::string& database_path) { return database_path + ".hnsw"; }

}  // namespace sq::memory
