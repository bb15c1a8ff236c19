// Tests for storage: pragmas, migrations, repositories, transactions and the
// uniqueness rules that keep resent answers and question numbers single.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/repository.hpp"

using namespace sq::storage;

namespace {

struct TempDb {
  std::string dir;
  std::string path;
  TempDb() {
    char tmpl[] = "/tmp/sq-storage-XXXXXX";
    dir = mkdtemp(tmpl);
    path = dir + "/sub/test.db";
  }
  ~TempDb() { std::filesystem::remove_all(dir); }
};

std::unique_ptr<Database> open_migrated(const std::string& path) {
  auto db = Database::open(path);
  migrate(*db);
  return db;
}

std::string pragma(Database& db, const char* name) {
  auto st = db.prepare(std::string("PRAGMA ") + name);
  REQUIRE(st.step());
  return st.text(0);
}

}  // namespace

TEST_CASE("open applies WAL, synchronous=FULL and foreign keys, privately") {
  TempDb t;
  auto db = open_migrated(t.path);
  CHECK(pragma(*db, "journal_mode") == "wal");
  CHECK(pragma(*db, "synchronous") == "2");  // FULL
  CHECK(pragma(*db, "foreign_keys") == "1");
  struct stat st {};
  REQUIRE(::stat(t.path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat((t.dir + "/sub").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
}

TEST_CASE("migrations reach the latest version and are idempotent") {
  TempDb t;
  auto db = open_migrated(t.path);
  CHECK(schema_version(*db) == latest_schema_version());
  migrate(*db);
  CHECK(schema_version(*db) == latest_schema_version());
}

TEST_CASE("a database from a newer program is refused") {
  TempDb t;
  {
    auto db = open_migrated(t.path);
    db->exec("PRAGMA user_version = 999");
  }
  auto db = Database::open(t.path);
  CHECK_THROWS_WITH_AS(migrate(*db), doctest::Contains("newer"), Error);
}

TEST_CASE("sessions: one per user, anonymous ones distinct") {
  TempDb t;
  auto db = open_migrated(t.path);
  Repository repo(*db);
  const auto a = repo.create_session(std::string("alice"));
  CHECK(repo.find_session_by_user("alice")->id == a.id);
  CHECK_THROWS_AS(repo.create_session(std::string("alice")), Error);  // UNIQUE(user_id)
  const auto anon1 = repo.create_session(std::nullopt);
  const auto anon2 = repo.create_session(std::nullopt);
  CHECK(anon1.id != anon2.id);
  CHECK(repo.find_session(anon1.id).has_value());
  CHECK_FALSE(repo.find_session("missing").has_value());
}

TEST_CASE("conversations and messages round-trip, in order") {
  TempDb t;
  auto db = open_migrated(t.path);
  Repository repo(*db);
  const auto s = repo.create_session(std::string("bob"));
  const auto c = repo.create_conversation(s.id, "Plan a trip", "Plan a trip", R"({"source":"test"})");
  CHECK(c.user_id == "bob");
  CHECK(c.status == "open");

  MessageRow q;
  q.conversation_id = c.id;
  q.kind = "question";
  q.content = "Where to?";
  q.question_number = 1;
  q.batch = 1;
  q.facet = "travel.destination";
  const auto qid = repo.insert_message(q);
  MessageRow a;
  a.conversation_id = c.id;
  a.kind = "answer";
  a.content = "Kyoto";
  a.question_number = 1;
  a.source_key = "k1";
  const auto aid = repo.insert_message(a);
  CHECK(aid > qid);

  const auto ms = repo.messages(c.id);
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].kind == "question");
  CHECK(ms[0].facet == "travel.destination");
  CHECK(ms[1].content == "Kyoto");
  CHECK(repo.has_source_key(c.id, "k1"));
  CHECK_FALSE(repo.has_source_key(c.id, "k2"));

  // The same source key twice, or the same question number twice, is refused.
  CHECK_THROWS_AS(repo.insert_message(a), Error);
  CHECK_THROWS_AS(repo.insert_message(q), Error);

  repo.update_conversation_progress(c.id, 1, 1);
  repo.set_conversation_status(c.id, "closed");
  const auto c2 = repo.find_conversation(c.id);
  CHECK(c2->question_count == 1);
  CHECK(c2->status == "closed");
  CHECK(c2->closed_at.has_value());

  ConversationFilter f;
  f.user_id = "bob";
  CHECK(repo.count_conversations(f) == 1);
  CHECK(repo.list_conversations(f).size() == 1);
  f.user_id = "carol";
  CHECK(repo.count_conversations(f) == 0);
  CHECK(repo.conversation_ids_with_prefix(c.id.substr(0, 4), 10).front() == c.id);

  repo.delete_conversation(c.id);
  CHECK(repo.messages(c.id).empty());  // cascaded
  CHECK(repo.counts().answers == 0);
}

TEST_CASE("a transaction that is not committed leaves nothing behind") {
  TempDb t;
  auto db = open_migrated(t.path);
  Repository repo(*db);
  {
    Transaction tx(*db);
    repo.create_session(std::string("temp"));
  }
  CHECK_FALSE(repo.find_session_by_user("temp").has_value());
  {
    Transaction tx(*db);
    repo.create_session(std::string("kept"));
    tx.commit();
  }
  CHECK(repo.find_session_by_user("kept").has_value());
}

TEST_CASE("two connections see each other's committed writes") {
  TempDb t;
  auto a = open_migrated(t.path);
  auto b = Database::open(t.path);
  Repository ra(*a), rb(*b);
  {
    Transaction tx(*a);
    ra.create_session(std::string("shared"));
    tx.commit();
  }
  CHECK(rb.find_session_by_user("shared").has_value());
}

TEST_CASE("meta values are upserted") {
  TempDb t;
  auto db = open_migrated(t.path);
  Repository repo(*db);
  CHECK_FALSE(repo.meta("k").has_value());
  repo.set_meta("k", "1");
  repo.set_meta("k", "2");
  CHECK(repo.meta("k") == "2");
}
