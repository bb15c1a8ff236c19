// Schema migrations: see migrations.hpp. Never edit a released step; add one.
#include "storage/migrations.hpp"

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace sq::storage {

namespace {

constexpr std::array<std::string_view, 6> kSteps = {
    // 1: sessions, conversations, messages, embeddings, key/value metadata.
    R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE user_sessions (
  id         TEXT PRIMARY KEY,
  user_id    TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE conversations (
  id             TEXT PRIMARY KEY,
  session_id     TEXT NOT NULL REFERENCES user_sessions(id) ON DELETE CASCADE,
  context        TEXT NOT NULL DEFAULT '',
  title          TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  question_count INTEGER NOT NULL DEFAULT 0,
  batch_count    INTEGER NOT NULL DEFAULT 0,
  metadata       TEXT NOT NULL DEFAULT '{}',
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  closed_at      TEXT
);
CREATE INDEX conversations_by_session ON conversations(session_id, created_at);
CREATE INDEX conversations_by_update ON conversations(updated_at);

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('question', 'answer', 'context')),
  content         TEXT NOT NULL,
  question_number INTEGER,
  batch           INTEGER,
  facet           TEXT,
  source_key      TEXT,
  metadata        TEXT NOT NULL DEFAULT '{}',
  created_at      TEXT NOT NULL
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE UNIQUE INDEX messages_source_once ON messages(conversation_id, source_key)
  WHERE source_key IS NOT NULL;
CREATE UNIQUE INDEX messages_question_number_once ON messages(conversation_id, question_number)
  WHERE kind = 'question';

CREATE TABLE embeddings (
  message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  embedder   TEXT NOT NULL,
  dim        INTEGER NOT NULL,
  vector     BLOB NOT NULL
);
)sql",
    // 2: requests to ask the person directly (elicitation), and their outcome.
    R"sql(
CREATE TABLE elicitations (
  id               INTEGER PRIMARY KEY,
  conversation_id  TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  question_numbers TEXT NOT NULL,
  action           TEXT NOT NULL CHECK (action IN ('accept', 'decline', 'cancel')),
  nonce            TEXT UNIQUE,
  created_at       TEXT NOT NULL
);
CREATE INDEX elicitations_by_conversation ON elicitations(conversation_id, id);
)sql",
    // 3: request metrics accumulated across processes (`stats`, sq://metrics).
    // One row per series: an MCP method, a tool, or vector search. `errors` is
    // a JSON object of error kind -> count; `latency` a JSON log-scale histogram.
    R"sql(
CREATE TABLE metrics (
  family     TEXT NOT NULL,
  name       TEXT NOT NULL,
  requests   INTEGER NOT NULL DEFAULT 0,
  errors     TEXT NOT NULL DEFAULT '{}',
  latency    TEXT NOT NULL DEFAULT '{}',
  since      TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (family, name)
) WITHOUT ROWID;
)sql",
    // 4: a narrow index over the embeddings, so that counting them (when the
    // vector index is loaded and checked) reads a few megabytes instead of
    // every vector, and rows of another embedder are found without a scan.
    R"sql(
CREATE INDEX embeddings_by_embedder ON embeddings(embedder, dim);
)sql",
    // 5: each embedding row carries the key of its message's text
    // (util::text_key), so a search finds a stored text by its own words
    // exactly, whatever the approximate vector index returns.
    R"sql(
ALTER TABLE embeddings ADD COLUMN text_key INTEGER;
UPDATE embeddings SET text_key = (SELECT sq_text_key(m.content) FROM messages m WHERE m.id = embeddings.message_id);
CREATE INDEX embeddings_by_text_key ON embeddings(text_key);
)sql",
    // 6: standing facts about the person (the people in their life, health,
    // diet, where they live, languages, tools), read from their answers and
    // kept per session, so a later conversation of the same user can use
    // them. A newer fact with the same key supersedes the older one.
    R"sql(
CREATE TABLE facts (
  id              INTEGER PRIMARY KEY,
  session_id      TEXT NOT NULL REFERENCES user_sessions(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL,
  key             TEXT NOT NULL,
  text            TEXT NOT NULL,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  message_id      INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  question_number INTEGER,
  created_at      TEXT NOT NULL,
  superseded_by   INTEGER REFERENCES facts(id) ON DELETE SET NULL
);
CREATE INDEX facts_by_session ON facts(session_id, key);
CREATE INDEX facts_by_message ON facts(message_id);
CREATE INDEX facts_by_successor ON facts(superseded_by);
)sql",
};

}  // namespace

int latest_schema_version() { return static_cast<int>(kSteps.size()); }

int schema_version(Database& db) {
  auto st = db.prepare("PRAGMA user_version");
  return st.step() ? st.integer(0) : 0;
}

void migrate(Database& db) {
  // The common case, an up-to-date database, needs no write lock: reading the
  // version does not wait for (or block) a writer in another process. Anything
  // else is decided again below, inside the write transaction.
  if (schema_version(db) == latest_schema_version()) return;
  for (;;) {
    Transaction tx(db);
    const int current = schema_version(db);
    if (current > latest_schema_version()) {
      throw Error(SQLITE_ERROR,
                  fmt::format("database {} has schema version {}, newer than this program understands ({}); "
                              "upgrade sequential-questioning", db.path(), current, latest_schema_version()));
    }
    if (current == latest_schema_version()) return;  // rolls back the empty transaction
    db.exec(kSteps[static_cast<std::size_t>(current)]);
    db.exec(fmt::format("PRAGMA user_version = {}", current + 1));
    tx.commit();
  }
}

}  // namespace sq::storage
