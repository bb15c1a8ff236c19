// MemoryStore against a real SQLite file: recording embeddings, filtered
// search, and the index file as a cache that other connections, other
// processes, crashes, damage, deletions and embedder changes cannot fool.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "memory/embedder.hpp"
#include "memory/memory_store.hpp"
#include "memory/vector_index.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/repository.hpp"
#include "util/log.hpp"

namespace fs = std::filesystem;
using sq::memory::IndexStatus;
using sq::memory::MemoryItem;
using sq::memory::MemoryStore;
using sq::memory::SearchFilter;
using sq::storage::Database;
using sq::storage::Repository;
using sq::storage::Transaction;

namespace {

struct TempDir {
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sq-mem-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  fs::path path;
};

std::unique_ptr<Database> open_db(const std::string& path) {
  auto db = Database::open(path);
  sq::storage::migrate(*db);
  return db;
}

std::unique_ptr<MemoryStore> open_store(Database& db, int dimension = 256) {
  return std::make_unique<MemoryStore>(db, sq::memory::index_path_for(db.path()),
                                       sq::memory::make_default_embedder(dimension));
}

// A database file with one connection, quiet logs.
struct Env {
  Env() {
    sq::util::log::set_level(sq::util::log::Level::error);
    db = open_db(path);
  }
  std::string index() const { return sq::memory::index_path_for(path); }
  TempDir dir;
  std::string path = dir.file("sq.db");
  std::unique_ptr<Database> db;
};

std::string new_conversation(Database& db, const std::optional<std::string>& user) {
  Repository repo(db);
  Transaction tx(db);
  std::optional<sq::storage::SessionRow> session;
  if (user) session = repo.find_session_by_user(*user);
  if (!session) session = repo.create_session(user);
  const auto conversation = repo.create_conversation(session->id, "", "test", "{}");
  tx.commit();
  return conversation.id;
}

std::int64_t insert_recorded(Database& db, MemoryStore& store, const std::string& conversation,
                             const std::string& kind, const std::string& text) {
  Repository repo(db);
  sq::storage::MessageRow m;
  m.conversation_id = conversation;
  m.kind = kind;
  m.content = text;
  if (kind == "question") {
    auto st = db.prepare("SELECT count(*) + 1 FROM messages WHERE conversation_id = ?1 AND kind = 'question'");
    st.bind(1, conversation);
    st.step();
    m.question_number = st.integer(0);
  }
  const auto id = repo.insert_message(m);
  store.record(id, text);
  return id;
}

// Inserts a message and its embedding in one committed transaction.
std::int64_t add(Database& db, MemoryStore& store, const std::string& conversation, const std::string& kind,
                 const std::string& text) {
  Transaction tx(db);
  const auto id = insert_recorded(db, store, conversation, kind, text);
  tx.commit();
  return id;
}

// Distinct, topical texts: each has a word no other text has.
std::string item_text(int n, const std::string& topic = "planning") {
  static const char* nouns[] = {"budget",  "timeline", "database", "hiring",   "pricing", "security", "onboarding",
                                "invoice", "payroll",  "shipping", "warranty", "backup",  "audit",    "roadmap"};
  return topic + " note " + nouns[n % 14] + " and " + nouns[(n * 5 + 3) % 14] + " marker" + std::to_string(n * 7919 % 100003) +
         "x";
}

bool contains_id(const std::vector<MemoryItem>& items, std::int64_t id) {
  return std::any_of(items.begin(), items.end(), [id](const MemoryItem& i) { return i.message_id == id; });
}

// Every (id, text) is the top hit for its own text.
void check_all_found(MemoryStore& store, const std::map<std::int64_t, std::string>& items) {
  for (const auto& [id, text] : items) {
    CAPTURE(id);
    const auto hits = store.search(text, {}, 3);
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].message_id == id);
    CHECK(hits[0].text == text);
    CHECK(hits[0].score == doctest::Approx(1.0).epsilon(1e-4));
  }
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

ino_t inode_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// Runs `body` in a forked child with its own connections; returns the wait status.
template <typename Body>
int run_child(Body body) {
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 0;
    try {
      code = body();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "child failed: %s\n", e.what());
      code = 3;
    } catch (...) {
      code = 4;
    }
    ::_exit(code);  // no destructors, no doctest reporting in the child
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return status;
}

}  // namespace

TEST_CASE("record writes the embedding row in the caller's transaction") {
  Env env;
  auto store = open_store(*env.db);
  const auto conv = new_conversation(*env.db, "alice");

  Repository repo(*env.db);
  sq::storage::MessageRow m;
  m.conversation_id = conv;
  m.kind = "answer";
  m.content = "We ship twice a week";
  std::int64_t id = 0;
  {
    Transaction tx(*env.db);
    id = repo.insert_message(m);
    tx.commit();
  }
  CHECK_THROWS_AS(store->record(id, m.content), std::logic_error);

  {
    Transaction tx(*env.db);
    store->record(id, m.content);
    // Rolled back: no row.
  }
  CHECK(repo.counts().embeddings == 0);

  {
    Transaction tx(*env.db);
    store->record(id, m.content);
    tx.commit();
  }
  auto st = env.db->prepare("SELECT embedder, dim, vector FROM embeddings WHERE message_id = ?1");
  st.bind(1, id);
  REQUIRE(st.step());
  CHECK(st.text(0) == "hash-v1/256");
  CHECK(st.integer(1) == 256);
  const std::string_view blob = st.blob(2);
  REQUIRE(blob.size() == 256 * 4);
  const auto expected = store->embedder().embed(m.content);
  for (std::size_t i = 0; i < 256; ++i) {
    std::uint32_t bits = 0;
    for (int b = 3; b >= 0; --b) bits = (bits << 8) | static_cast<unsigned char>(blob[4 * i + static_cast<std::size_t>(b)]);
    float x = 0;
    std::memcpy(&x, &bits, 4);
    CHECK(x == expected[i]);
  }
  CHECK(repo.meta("embedder") == std::optional<std::string>("hash-v1/256"));
  CHECK(repo.meta("embedder.dim") == std::optional<std::string>("256"));

  // Text without features gets no row (there is nothing to find).
  Transaction tx(*env.db);
  const auto empty_id = insert_recorded(*env.db, *store, conv, "answer", "  ?? ");
  tx.commit();
  auto none = env.db->prepare("SELECT count(*) FROM embeddings WHERE message_id = ?1");
  none.bind(1, empty_id);
  REQUIRE(none.step());
  CHECK(none.int64(0) == 0);
}

TEST_CASE("nothing is loaded at construction") {
  Env env;
  write_all(env.index(), "not an index");
  auto store = open_store(*env.db);
  CHECK(read_all(env.index()) == "not an index");
  const IndexStatus status = store->ensure_index();
  CHECK(status.loaded);
  CHECK(status.rebuilt);
  CHECK(status.rebuild_reason == "corrupt");
  CHECK(sq::memory::VectorIndex::load(env.index()).error == sq::memory::LoadError::none);
  CHECK(sq::memory::index_path_for("/x/y.db") == "/x/y.db.hnsw");
}

TEST_CASE("search filters by user, conversation, kind, score and limit") {
  Env env;
  auto store = open_store(*env.db);
  auto& db = *env.db;
  const auto a1 = new_conversation(db, "alice");
  const auto a2 = new_conversation(db, "alice");
  const auto b1 = new_conversation(db, "bob");
  const auto anon = new_conversation(db, std::nullopt);

  const auto a1q = add(db, *store, a1, "question", "What is the budget for the new warehouse project?");
  const auto a1a = add(db, *store, a1, "answer", "The warehouse project budget is two million euros");
  const auto a2a = add(db, *store, a2, "answer", "Our marketing budget doubled this year");
  const auto a2c = add(db, *store, a2, "context", "Budget review meeting notes for the warehouse");
  const auto b1a = add(db, *store, b1, "answer", "The warehouse budget was cut in spring");
  const auto b1q = add(db, *store, b1, "question", "Who approves hiring decisions?");
  const auto anon_a = add(db, *store, anon, "answer", "Budget for the warehouse: unknown");
  const std::string query = "warehouse budget";

  SUBCASE("no filter: related items first, unrelated ones dropped") {
    const auto hits = store->search(query, {}, 10);
    REQUIRE(hits.size() >= 5);
    CHECK_FALSE(contains_id(hits, b1q));
    for (std::size_t i = 1; i < hits.size(); ++i) CHECK(hits[i - 1].score >= hits[i].score);
    for (const auto& h : hits) CHECK(h.score > 0.0f);
    const auto& top = hits[0];
    CHECK(top.conversation_id.size() == 36);
    CHECK_FALSE(top.created_at.empty());
    CHECK_FALSE(top.text.empty());
  }
  SUBCASE("user") {
    SearchFilter f;
    f.user_id = "alice";
    const auto hits = store->search(query, f, 10);
    REQUIRE_FALSE(hits.empty());
    for (const auto& h : hits) CHECK((h.conversation_id == a1 || h.conversation_id == a2));
    CHECK(contains_id(hits, a1a));
    CHECK_FALSE(contains_id(hits, b1a));
    CHECK_FALSE(contains_id(hits, anon_a));
    f.user_id = "nobody";
    CHECK(store->search(query, f, 10).empty());
  }
  SUBCASE("conversation (exact)") {
    SearchFilter f;
    f.conversation_id = a1;
    const auto hits = store->search(query, f, 10);
    REQUIRE(hits.size() == 2);
    CHECK(contains_id(hits, a1q));
    CHECK(contains_id(hits, a1a));
    for (const auto& h : hits) {
      CHECK(h.score == doctest::Approx(sq::memory::cosine(store->embedder().embed(query), store->embedder().embed(h.text))));
    }
    const auto question = std::find_if(hits.begin(), hits.end(), [&](const MemoryItem& i) { return i.message_id == a1q; });
    REQUIRE(question != hits.end());
    CHECK(question->question_number == std::optional<int>(1));
    f.kinds = {"answer"};
    const auto answers = store->search(query, f, 10);
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].message_id == a1a);
    f.exclude_conversation_id = a1;
    CHECK(store->search(query, f, 10).empty());
  }
  SUBCASE("excluded conversation") {
    SearchFilter f;
    f.exclude_conversation_id = a1;
    const auto hits = store->search(query, f, 10);
    REQUIRE_FALSE(hits.empty());
    for (const auto& h : hits) CHECK(h.conversation_id != a1);
    CHECK(contains_id(hits, b1a));
  }
  SUBCASE("kinds") {
    SearchFilter f;
    f.kinds = {"context"};
    const auto hits = store->search(query, f, 10);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].message_id == a2c);
    f.kinds = {"answer", "context"};
    for (const auto& h : store->search(query, f, 10)) CHECK(h.kind != "question");
    f.kinds = {"nonsense"};
    CHECK(store->search(query, f, 10).empty());
  }
  SUBCASE("limit and min_score") {
    CHECK(store->search(query, {}, 2).size() == 2);
    CHECK(store->search(query, {}, 0).empty());
    CHECK(store->search(query, {}, -3).empty());
    SearchFilter f;
    f.min_score = 0.99f;
    CHECK(store->search(query, f, 10).empty());
    f.min_score = 0.3f;
    for (const auto& h : store->search(query, f, 10)) CHECK(h.score >= 0.3f);
  }
  SUBCASE("featureless query") { CHECK(store->search("   ", {}, 10).empty()); }
  (void)a2a;
}

TEST_CASE("a user filter over a large index over-fetches until it has enough") {
  Env env;
  auto& db = *env.db;
  auto store = open_store(db);
  const auto big = new_conversation(db, "big");
  const auto other = new_conversation(db, "other");
  std::set<std::int64_t> big_ids;
  {
    Transaction tx(db);
    // 2100 rows for "big" (above the exact-search threshold), mostly off topic.
    for (int i = 0; i < 2100; ++i) big_ids.insert(insert_recorded(db, *store, big, "answer", item_text(i, "misc")));
    // 400 rows of "other" that all match the query closely.
    for (int i = 0; i < 400; ++i) insert_recorded(db, *store, other, "answer", "warehouse budget figure " + std::to_string(i));
    tx.commit();
  }
  SearchFilter f;
  f.user_id = "big";
  const auto hits = store->search("warehouse budget", f, 5);
  REQUIRE(hits.size() == 5);
  for (const auto& h : hits) CHECK(big_ids.count(h.message_id) == 1);
  // They are the best of big's rows: compare with the exact scan over big's conversation.
  SearchFilter exact;
  exact.conversation_id = big;
  const auto truth = store->search("warehouse budget", exact, 5);
  REQUIRE(truth.size() == 5);
  CHECK(hits[0].score == doctest::Approx(truth[0].score));
  CHECK(hits[4].score == doctest::Approx(truth[4].score));
}

TEST_CASE("two stores on two connections find each other's writes") {
  Env env;
  auto db1 = open_db(env.path);
  auto db2 = open_db(env.path);
  auto s1 = open_store(*db1);
  auto s2 = open_store(*db2);
  const auto c1 = new_conversation(*db1, "alice");
  const auto c2 = new_conversation(*db2, "bob");

  std::map<std::int64_t, std::string> items;
  // First searches load (or build) the index...
  items[add(*db1, *s1, c1, "answer", item_text(1))] = item_text(1);
  check_all_found(*s2, items);
  items[add(*db2, *s2, c2, "answer", item_text(2))] = item_text(2);
  check_all_found(*s1, items);
  // ...later ones catch up from SQLite.
  for (int round = 0; round < 3; ++round) {
    const int n1 = 10 + 2 * round, n2 = 11 + 2 * round;
    const auto id1 = add(*db1, *s1, c1, "answer", item_text(n1));
    CHECK(contains_id(s2->search(item_text(n1), {}, 3), id1));
    const auto id2 = add(*db2, *s2, c2, "answer", item_text(n2));
    CHECK(contains_id(s1->search(item_text(n2), {}, 3), id2));
    items[id1] = item_text(n1);
    items[id2] = item_text(n2);
    s1->save();
    s2->save();
  }
  check_all_found(*s1, items);
  check_all_found(*s2, items);
  // A third process-like reader starts from whichever file was saved last.
  auto db3 = open_db(env.path);
  auto s3 = open_store(*db3);
  const auto status = s3->ensure_index();
  CHECK_FALSE(status.rebuilt);
  CHECK(status.vectors == static_cast<std::int64_t>(items.size()));
  check_all_found(*s3, items);
}

TEST_CASE("a forked child's writes are found by the parent's next search") {
  Env env;
  auto store = open_store(*env.db);
  const auto conv = new_conversation(*env.db, "alice");
  std::map<std::int64_t, std::string> items;
  items[add(*env.db, *store, conv, "answer", item_text(100))] = item_text(100);
  check_all_found(*store, items);  // the parent's index is loaded now

  const std::string path = env.path;
  const int status = run_child([&] {
    auto db = Database::open(path);
    auto child = open_store(*db);
    for (int i = 0; i < 5; ++i) add(*db, *child, conv, "answer", item_text(200 + i));
    return 0;
  });
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);

  auto st = env.db->prepare("SELECT id, content FROM messages ORDER BY id");
  while (st.step()) items[st.int64(0)] = st.text(1);
  REQUIRE(items.size() == 6);
  check_all_found(*store, items);
}

TEST_CASE("the index is rebuilt when its file is missing or damaged") {
  Env env;
  auto& db = *env.db;
  auto store = open_store(db);
  const auto conv = new_conversation(db, "alice");
  std::map<std::int64_t, std::string> items;
  {
    Transaction tx(db);
    for (int i = 0; i < 60; ++i) items[insert_recorded(db, *store, conv, "answer", item_text(i))] = item_text(i);
    tx.commit();
  }
  const IndexStatus first = store->ensure_index();
  CHECK(first.rebuilt);
  CHECK(first.rebuild_reason == "missing");
  CHECK(first.vectors == 60);
  store->save();
  REQUIRE(fs::exists(env.index()));
  const std::string good = read_all(env.index());

  auto reopen_and_check = [&](const std::string& expected_reason) {
    auto db2 = open_db(env.path);
    auto fresh = open_store(*db2);
    const IndexStatus s = fresh->ensure_index();
    CHECK(s.loaded);
    CHECK(s.rebuilt == !expected_reason.empty());
    CHECK(s.rebuild_reason == expected_reason);
    CHECK(s.vectors == 60);
    CHECK(s.watermark == items.rbegin()->first);
    check_all_found(*fresh, items);
  };

  SUBCASE("intact") { reopen_and_check(""); }
  SUBCASE("deleted") {
    fs::remove(env.index());
    reopen_and_check("missing");
    reopen_and_check("");  // the rebuild was saved
  }
  SUBCASE("truncated") {
    write_all(env.index(), good.substr(0, good.size() / 2));
    reopen_and_check("corrupt");
    reopen_and_check("");
  }
  SUBCASE("truncated inside the header") {
    write_all(env.index(), good.substr(0, 100));
    reopen_and_check("corrupt");
  }
  SUBCASE("bytes flipped in the middle") {
    std::string bad = good;
    for (std::size_t i = bad.size() / 2; i < bad.size() / 2 + 8; ++i) bad[i] = static_cast<char>(~bad[i]);
    write_all(env.index(), bad);
    reopen_and_check("corrupt");
    reopen_and_check("");
  }
  SUBCASE("a header field flipped") {
    std::string bad = good;
    bad[33] = static_cast<char>(bad[33] ^ 0x01);  // inside the watermark
    write_all(env.index(), bad);
    reopen_and_check("corrupt");
  }
  SUBCASE("leftover temporary files are ignored") {
    write_all(env.index() + ".tmp-1-abcdef", "half written");
    reopen_and_check("");
  }
}

TEST_CASE("a database with fewer rows than the index's watermark rebuilds it") {
  Env env;
  auto store = open_store(*env.db);
  const auto conv = new_conversation(*env.db, "alice");
  for (int i = 0; i < 5; ++i) add(*env.db, *store, conv, "answer", item_text(i));
  store->ensure_index();
  store->save();
  const std::string saved = read_all(env.index());
  store.reset();
  env.db.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(env.path + suffix);

  // A new database at the same path, with fewer rows.
  env.db = open_db(env.path);
  write_all(env.index(), saved);
  auto fresh = open_store(*env.db);
  const auto conv2 = new_conversation(*env.db, "bob");
  const auto id = add(*env.db, *fresh, conv2, "answer", "completely different content here");
  const IndexStatus s = fresh->ensure_index();
  CHECK(s.rebuilt);
  CHECK(s.rebuild_reason == "stale");
  CHECK(s.vectors == 1);
  const auto hits = fresh->search(item_text(0), {}, 5);
  for (const auto& h : hits) CHECK(h.message_id == id);
}

TEST_CASE("a crash between commit and index save loses nothing") {
  Env env;
  const auto conv = new_conversation(*env.db, "alice");
  const std::string path = env.path;

  SUBCASE("killed after saving part of it") {
    const int status = run_child([&] {
      auto db = Database::open(path);
      auto store = open_store(*db);
      for (int i = 0; i < 10; ++i) add(*db, *store, conv, "answer", item_text(i));
      if (store->search(item_text(0), {}, 1).empty()) return 5;
      store->save();  // the file now covers the first ten
      {
        Transaction tx(*db);
        for (int i = 10; i < 25; ++i) insert_recorded(*db, *store, conv, "answer", item_text(i));
        tx.commit();
      }
      if (store->search(item_text(20), {}, 1).empty()) return 6;  // caught up in memory only
      ::kill(::getpid(), SIGKILL);
      return 7;
    });
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    auto store = open_store(*env.db);
    const IndexStatus s = store->ensure_index();
    CHECK_FALSE(s.rebuilt);
    CHECK(s.caught_up == 15);
    CHECK(s.vectors == 25);
  }
  SUBCASE("exited without ever saving") {
    const int status = run_child([&] {
      auto db = Database::open(path);
      auto store = open_store(*db);
      for (int i = 0; i < 25; ++i) add(*db, *store, conv, "answer", item_text(i));
      return 0;
    });
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    CHECK_FALSE(fs::exists(env.index()));
  }

  auto store = open_store(*env.db);
  std::map<std::int64_t, std::string> items;
  auto st = env.db->prepare("SELECT id, content FROM messages ORDER BY id");
  while (st.step()) items[st.int64(0)] = st.text(1);
  REQUIRE(items.size() == 25);
  check_all_found(*store, items);
}

TEST_CASE("a different embedder rebuilds the index and re-embeds the rows") {
  Env env;
  auto db256 = open_db(env.path);
  auto s256 = open_store(*db256, 256);
  const auto conv = new_conversation(*db256, "alice");
  std::map<std::int64_t, std::string> items;
  for (int i = 0; i < 20; ++i) items[add(*db256, *s256, conv, "answer", item_text(i))] = item_text(i);
  s256->ensure_index();
  s256->save();

  auto db128 = open_db(env.path);
  auto s128 = open_store(*db128, 128);
  const IndexStatus s = s128->ensure_index();
  CHECK(s.rebuilt);
  CHECK(s.rebuild_reason == "embedder changed");
  CHECK(s.vectors == 20);
  {
    auto rows = env.db->prepare(
        "SELECT count(*) FROM embeddings WHERE embedder = 'hash-v1/128' AND dim = 128 AND length(vector) = 512");
    REQUIRE(rows.step());
    CHECK(rows.int64(0) == 20);
  }  // (a stepped statement would pin this connection's read snapshot)
  CHECK(Repository(*env.db).meta("embedder") == std::optional<std::string>("hash-v1/128"));
  check_all_found(*s128, items);
  CHECK(sq::memory::VectorIndex::peek(env.index())->embedder == "hash-v1/128");

  // The first store notices on its next search and switches the rows back.
  check_all_found(*s256, items);
  CHECK(Repository(*env.db).meta("embedder") == std::optional<std::string>("hash-v1/256"));
  // Rows written in between by the other embedder are re-embedded on the fly.
  const auto id = add(*db128, *s128, conv, "answer", item_text(77));
  items[id] = item_text(77);
  check_all_found(*s256, items);
  SearchFilter f;
  f.conversation_id = conv;
  CHECK(s256->search(item_text(77), f, 1)[0].message_id == id);
}

TEST_CASE("an index file from another embedder is rebuilt even without meta") {
  Env env;
  auto s256 = open_store(*env.db, 256);
  const auto conv = new_conversation(*env.db, "alice");
  std::map<std::int64_t, std::string> items;
  for (int i = 0; i < 8; ++i) items[add(*env.db, *s256, conv, "answer", item_text(i))] = item_text(i);
  s256->ensure_index();
  s256->save();
  env.db->exec("DELETE FROM meta WHERE key LIKE 'embedder%'");

  auto db2 = open_db(env.path);
  auto s64 = open_store(*db2, 64);
  const IndexStatus s = s64->ensure_index();
  CHECK(s.rebuilt);
  CHECK(s.rebuild_reason == "embedder changed");
  check_all_found(*s64, items);  // rows of the other embedder are re-embedded in memory
}

TEST_CASE("deleted conversations never appear in results") {
  Env env;
  auto& db = *env.db;
  auto store = open_store(db);
  const auto gone = new_conversation(db, "alice");
  const auto kept = new_conversation(db, "alice");
  std::set<std::int64_t> gone_ids;
  for (int i = 0; i < 5; ++i) gone_ids.insert(add(db, *store, gone, "answer", "warehouse budget line " + std::to_string(i)));
  for (int i = 0; i < 5; ++i) add(db, *store, kept, "answer", "warehouse budget row " + std::to_string(i));
  CHECK(store->search("warehouse budget", {}, 20).size() == 10);
  store->save();

  // Deleted behind the store's back, through another connection.
  {
    auto other = open_db(env.path);
    auto del = other->prepare("DELETE FROM conversations WHERE id = ?1");
    del.bind(1, gone);
    del.run();
  }
  auto no_gone = [&](const std::vector<MemoryItem>& hits) {
    for (const auto& h : hits) {
      CHECK(gone_ids.count(h.message_id) == 0);
      CHECK(h.conversation_id != gone);
    }
  };
  const auto hits = store->search("warehouse budget", {}, 20);
  CHECK(hits.size() == 5);
  no_gone(hits);
  SearchFilter in_gone;
  in_gone.conversation_id = gone;
  CHECK(store->search("warehouse budget", in_gone, 20).empty());
  SearchFilter by_user;
  by_user.user_id = "alice";
  no_gone(store->search("warehouse budget", by_user, 20));

  // A new process loading the saved file (which still holds them) drops them too.
  auto db2 = open_db(env.path);
  auto fresh = open_store(*db2);
  const IndexStatus s = fresh->ensure_index();
  CHECK_FALSE(s.rebuilt);
  CHECK(s.pruned == 5);
  CHECK(s.vectors == 5);
  no_gone(fresh->search("warehouse budget", {}, 20));
}

TEST_CASE("an id that comes back with another text does not keep its old vector") {
  // messages.id is AUTOINCREMENT, so SQLite itself does not reuse ids; but a
  // restored or hand-edited database can, and record() may be called again for
  // a message. Either way, other stores must not serve the old vector.
  Env env;
  auto& db = *env.db;
  auto store = open_store(db);
  auto db2 = open_db(env.path);
  auto other = open_store(*db2);
  const auto old_conv = new_conversation(db, "alice");
  const auto keep = new_conversation(db, "alice");
  add(db, *store, keep, "answer", "unrelated earlier note about payroll");
  std::vector<std::int64_t> old_ids;
  for (int i = 0; i < 3; ++i) old_ids.push_back(add(db, *store, old_conv, "answer", "zebra migration fact " + std::to_string(i)));
  SearchFilter close;
  close.min_score = 0.3f;
  CHECK(store->search("zebra migration", close, 5).size() == 3);
  CHECK(other->search("zebra migration", close, 5).size() == 3);  // both graphs hold them now

  SUBCASE("ids reused after a delete") {
    Repository(db).delete_conversation(old_conv);
    const auto new_conv = new_conversation(db, "bob");
    Transaction tx(db);
    for (std::size_t i = 0; i < old_ids.size(); ++i) {
      auto ins = db.prepare(
          "INSERT INTO messages (id, conversation_id, kind, content, created_at) VALUES (?1, ?2, 'answer', ?3, 'now')");
      const std::string text = "quantum chemistry lab " + std::to_string(i);
      ins.bind(1, old_ids[i]).bind(2, new_conv).bind(3, text);
      ins.run();
      store->record(old_ids[i], text);
    }
    tx.commit();
  }
  SUBCASE("a message recorded again with another text") {
    Transaction tx(db);
    for (std::size_t i = 0; i < old_ids.size(); ++i) {
      const std::string text = "quantum chemistry lab " + std::to_string(i);
      auto up = db.prepare("UPDATE messages SET content = ?2 WHERE id = ?1");
      up.bind(1, old_ids[i]).bind(2, text);
      up.run();
      store->record(old_ids[i], text);
    }
    tx.commit();
  }

  for (MemoryStore* s : {store.get(), other.get()}) {
    const IndexStatus status = s->ensure_index();
    CHECK(status.rebuilt);
    CHECK(status.rebuild_reason == "stale");
    CHECK(s->search("zebra migration", close, 5).empty());
    const auto hits = s->search("quantum chemistry lab", close, 5);
    REQUIRE(hits.size() == 3);
    for (const auto& h : hits) {
      CHECK(h.text.rfind("quantum", 0) == 0);
      CHECK(h.score > 0.5f);
    }
  }
}

TEST_CASE("a search inside the caller's transaction sees its rows, and a rollback leaves no trace") {
  Env env;
  auto& db = *env.db;
  auto store = open_store(db);
  const auto conv = new_conversation(db, "alice");
  add(db, *store, conv, "answer", item_text(1));
  store->ensure_index();

  std::int64_t rolled_back = 0;
  {
    Transaction tx(db);
    rolled_back = insert_recorded(db, *store, conv, "answer", "flamingo habitat survey");
    const auto hits = store->search("flamingo habitat survey", {}, 3);
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].message_id == rolled_back);
  }
  // The next committed message may get the rolled-back id (the AUTOINCREMENT
  // counter rolled back too); the index must not hold the flamingo vector for it.
  const auto reused = add(db, *store, conv, "answer", "glacier melt measurements");
  CHECK(store->search("flamingo habitat survey", {}, 3).empty());
  const auto hits = store->search("glacier melt measurements", {}, 3);
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].message_id == reused);
  CHECK(hits[0].score == doctest::Approx(1.0).epsilon(1e-4));
  CHECK(store->search("flamingo habitat survey", {}, 3).empty());
}

TEST_CASE("saving is cheap when nothing changed") {
  Env env;
  auto& db = *env.db;
  auto store = open_store(db);
  const auto conv = new_conversation(db, "alice");
  store->save();  // nothing loaded: nothing to do
  CHECK_FALSE(fs::exists(env.index()));
  add(db, *store, conv, "answer", item_text(1));
  store->ensure_index();
  store->save();
  const ino_t first = inode_of(env.index());
  REQUIRE(first != 0);
  store->save();
  CHECK(inode_of(env.index()) == first);

  add(db, *store, conv, "answer", item_text(2));
  store->ensure_index();
  CHECK(store->unsaved_changes() > 0);
  CHECK_FALSE(store->save_if_due(1000));
  CHECK(inode_of(env.index()) == first);
  CHECK(store->save_if_due(1));
  CHECK(store->unsaved_changes() == 0);
  const ino_t second = inode_of(env.index());
  CHECK(second != first);
  CHECK(sq::memory::VectorIndex::peek(env.index())->count == 2);

  // No temporary files are left behind.
  for (const auto& entry : fs::directory_iterator(env.dir.path)) {
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  }
}

TEST_CASE("writers save the index only after enough changes, and nothing unsaved is lost") {
  Env env;
  auto& db = *env.db;
  auto store = open_store(db);
  const auto conv = new_conversation(db, "alice");
  add(db, *store, conv, "answer", item_text(0));
  store->ensure_index();
  store->save();
  const ino_t saved = inode_of(env.index());
  REQUIRE(saved != 0);

  // A small index is rewritten after 256 changes (each catch-up counts its rows
  // and the moved watermark), not after every write.
  int written = 0;
  for (int i = 1; i <= 300; ++i) {
    add(db, *store, conv, "answer", item_text(i));
    store->search(item_text(i), {}, 1);  // catches the index up, as a follow-up's recall does
    if (store->save_when_due()) ++written;
  }
  CHECK(written >= 1);
  CHECK(written <= 3);
  CHECK(sq::memory::VectorIndex::peek(env.index())->count > 1);
  CHECK(store->unsaved_changes() > 0);
  CHECK(store->unsaved_changes() < 256);

  // A process that ends without saving leaves rows the next one catches up.
  store.reset();
  auto next = open_store(db);
  for (int i : {1, 150, 299, 300}) {
    const auto hits = next->search(item_text(i), {}, 1);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].text == item_text(i));
  }
}

TEST_CASE("an index that cannot be saved still serves searches") {
  Env env;
  auto store = std::make_unique<MemoryStore>(*env.db, env.dir.file("missing/dir/x.hnsw"),
                                             sq::memory::make_default_embedder());
  const auto conv = new_conversation(*env.db, "alice");
  const auto id = add(*env.db, *store, conv, "answer", item_text(3));
  CHECK(store->search(item_text(3), {}, 1)[0].message_id == id);
  store->save();  // logged, not thrown
}

TEST_CASE("max_question_similarity compares with the conversation's questions") {
  Env env;
  auto store = open_store(*env.db);
  const auto conv = new_conversation(*env.db, "alice");
  CHECK(store->max_question_similarity(conv, "anything at all") == 0.0f);
  add(*env.db, *store, conv, "question", "What is your monthly budget for cloud hosting?");
  add(*env.db, *store, conv, "question", "Who is responsible for security reviews?");
  add(*env.db, *store, conv, "answer", "Our favourite pizza topping is basil");
  CHECK(store->max_question_similarity(conv, "What is the monthly cloud hosting budget?") > 0.7f);
  CHECK(store->max_question_similarity(conv, "favourite pizza topping basil") < 0.2f);
  CHECK(store->max_question_similarity(conv, "") == 0.0f);
  CHECK(store->max_question_similarity("no-such-conversation", "budget") == 0.0f);
}

TEST_CASE("reindex rebuilds everything and reports progress") {
  Env env;
  auto store = open_store(*env.db);
  const auto conv = new_conversation(*env.db, "alice");
  std::map<std::int64_t, std::string> items;
  for (int i = 0; i < 12; ++i) items[add(*env.db, *store, conv, "answer", item_text(i))] = item_text(i);
  // A row from some other embedder, as an older version might have left it.
  env.db->exec("UPDATE embeddings SET embedder = 'old-v0', dim = 3, vector = x'00' WHERE message_id = 1");
  std::int64_t last_done = 0, last_total = 0;
  const IndexStatus s = store->reindex([&](std::int64_t done, std::int64_t total) {
    CHECK(done >= last_done);
    last_done = done;
    last_total = total;
  });
  CHECK(s.rebuilt);
  CHECK(s.rebuild_reason == "reindex");
  CHECK(s.vectors == 12);
  CHECK(last_total == 13);  // one row re-embedded, then twelve indexed
  CHECK(last_done == last_total);
  auto rows = env.db->prepare("SELECT count(*) FROM embeddings WHERE embedder = 'hash-v1/256'");
  REQUIRE(rows.step());
  CHECK(rows.int64(0) == 12);
  check_all_found(*store, items);
}

// The crash test's random failure, made deterministic: a graph too sparse to
// reach every vector (the default one misses rarely, when built on several
// threads from many near-identical answers). A text searched by its own words
// must come first all the same, through the exact-text lookup.
TEST_CASE("a stored text searched by its own words comes first even where the graph cannot reach it") {
  Env env;
  sq::memory::IndexParams weak;
  weak.M = 2;
  weak.ef_construction = 2;
  weak.ef_search = 1;
  auto store = std::make_unique<MemoryStore>(*env.db, env.index(), sq::memory::make_default_embedder(256), weak);
  const auto conv = new_conversation(*env.db, std::nullopt);
  const auto embedder = sq::memory::make_default_embedder(256);
  sq::memory::VectorIndex graph(256, weak);  // the same graph, built the same way, to show what it misses

  std::map<std::int64_t, std::string> items;
  const char* letters = "bcdfghjklmnpqrstvwxz";
  unsigned seed = 12345;
  for (int n = 0; n < 600; ++n) {
    std::string word;
    for (int i = 0; i < 10; ++i) {
      seed = seed * 1103515245u + 12345u;
      word += letters[(seed >> 16) % 20];
    }
    const std::string text = "We want " + word + " (round " + std::to_string(n / 120) + ", message " +
                             std::to_string(n % 120 + 1) + ").";
    const auto id = add(*env.db, *store, conv, "answer", text);
    items[id] = text;
    graph.add(id, embedder->embed(text).data());
    // Catch up one row at a time, as a server that searches after every answer does.
    REQUIRE_FALSE(store->search(text, {}, 1).empty());
  }

  int graph_misses = 0;
  for (const auto& [id, text] : items) {
    const auto hits = graph.search(embedder->embed(text).data(), 50, 50);
    if (hits.empty() || hits[0].label != id) ++graph_misses;
  }
  CAPTURE(graph_misses);
  REQUIRE(graph_misses > 0);  // the situation this test is about

  check_all_found(*store, items);
  SUBCASE("and after the index was saved and loaded by another store") {
    store->save();
    auto again = std::make_unique<MemoryStore>(*env.db, env.index(), sq::memory::make_default_embedder(256), weak);
    check_all_found(*again, items);
    // Case and spacing do not matter; other kinds and excluded conversations stay out.
    const auto& [id, text] = *items.begin();
    std::string shouted;
    for (char c : text) shouted += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto hits = again->search("  " + shouted + "  ", {}, 1);
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].message_id == id);
    SearchFilter questions;
    questions.kinds = {"question"};
    CHECK(again->search(text, questions, 3).empty());
    SearchFilter elsewhere;
    elsewhere.exclude_conversation_id = conv;
    CHECK(again->search(text, elsewhere, 3).empty());
  }
}

TEST_CASE("rows written before text keys existed get them when the database is upgraded") {
  Env env;
  auto store = open_store(*env.db);
  const auto conv = new_conversation(*env.db, "alice");
  std::map<std::int64_t, std::string> items;
  for (int i = 0; i < 5; ++i) {
    const auto text = item_text(i);
    items[add(*env.db, *store, conv, "answer", text)] = text;
  }
  store.reset();
  // Make it a database of schema version 4, as an older program left it.
  env.db->exec("DROP TABLE facts; DROP INDEX embeddings_by_text_key; ALTER TABLE embeddings DROP COLUMN text_key; PRAGMA user_version = 4");
  env.db.reset();
  env.db = open_db(env.path);
  auto st = env.db->prepare("SELECT count(*) FROM embeddings WHERE text_key IS NULL");
  REQUIRE(st.step());
  CHECK(st.int64(0) == 0);
  store = open_store(*env.db);
  check_all_found(*store, items);
}
