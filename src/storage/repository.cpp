// Row access: see repository.hpp.
#include "storage/repository.hpp"

#include <fmt/format.h>

#include "util/clock.hpp"
#include "util/ids.hpp"

namespace sq::storage {

namespace {

constexpr const char* kConversationColumns =
    "c.id, c.session_id, s.user_id, c.context, c.title, c.status, c.question_count, c.batch_count, "
    "c.metadata, c.created_at, c.updated_at, c.closed_at";

ConversationRow read_conversation(const Statement& st) {
  ConversationRow r;
  r.id = st.text(0);
  r.session_id = st.text(1);
  r.user_id = st.text_or_null(2);
  r.context = st.text(3);
  r.title = st.text(4);
  r.status = st.text(5);
  r.question_count = st.integer(6);
  r.batch_count = st.integer(7);
  r.metadata = st.text(8);
  r.created_at = st.text(9);
  r.updated_at = st.text(10);
  r.closed_at = st.text_or_null(11);
  return r;
}

constexpr const char* kMessageColumns =
    "id, conversation_id, kind, content, question_number, batch, facet, source_key, metadata, created_at";

MessageRow read_message(const Statement& st) {
  MessageRow m;
  m.id = st.int64(0);
  m.conversation_id = st.text(1);
  m.kind = st.text(2);
  m.content = st.text(3);
  if (auto v = st.int64_or_null(4)) m.question_number = static_cast<int>(*v);
  if (auto v = st.int64_or_null(5)) m.batch = static_cast<int>(*v);
  m.facet = st.text_or_null(6);
  m.source_key = st.text_or_null(7);
  m.metadata = st.text(8);
  m.created_at = st.text(9);
  return m;
}

// WHERE clause shared by list and count; binds start at 1.
std::string conversation_where(const ConversationFilter& f) {
  std::string w = " WHERE 1";
  if (f.user_id) w += " AND s.user_id = ?1";
  if (f.status) w += " AND c.status = ?2";
  if (f.before_updated_at) w += " AND c.updated_at < ?3";
  return w;
}

void bind_conversation_filter(Statement& st, const ConversationFilter& f) {
  if (f.user_id) st.bind(1, *f.user_id);
  if (f.status) st.bind(2, *f.status);
  if (f.before_updated_at) st.bind(3, *f.before_updated_at);
}

}  // namespace

std::optional<SessionRow> Repository::find_session(const std::string& id) {
  auto st = db_.prepare("SELECT id, user_id, created_at FROM user_sessions WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return SessionRow{st.text(0), st.text_or_null(1), st.text(2)};
}

std::optional<SessionRow> Repository::find_session_by_user(const std::string& user_id) {
  auto st = db_.prepare("SELECT id, user_id, created_at FROM user_sessions WHERE user_id = ?1");
  st.bind(1, user_id);
  if (!st.step()) return std::nullopt;
  return SessionRow{st.text(0), st.text_or_null(1), st.text(2)};
}

SessionRow Repository::create_session(const std::optional<std::string>& user_id) {
  SessionRow row{util::new_uuid(), user_id, util::now_rfc3339()};
  auto st = db_.prepare("INSERT INTO user_sessions (id, user_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)");
  st.bind(1, row.id).bind(2, row.user_id).bind(3, row.created_at);
  st.run();
  return row;
}

std::optional<ConversationRow> Repository::find_conversation(const std::string& id) {
  auto st = db_.prepare(fmt::format(
      "SELECT {} FROM conversations c JOIN user_sessions s ON s.id = c.session_id WHERE c.id = ?1",
      kConversationColumns));
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_conversation(st);
}

ConversationRow Repository::create_conversation(const std::string& session_id, const std::string& context,
                                                const std::string& title, const std::string& metadata_json) {
  const std::string id = util::new_uuid();
  const std::string now = util::now_rfc3339();
  auto st = db_.prepare(
      "INSERT INTO conversations (id, session_id, context, title, metadata, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)");
  st.bind(1, id).bind(2, session_id).bind(3, context).bind(4, title).bind(5, metadata_json).bind(6, now);
  st.run();
  return *find_conversation(id);
}

void Repository::update_conversation_progress(const std::string& id, int question_count, int batch_count) {
  auto st = db_.prepare(
      "UPDATE conversations SET question_count = ?2, batch_count = ?3, updated_at = ?4 WHERE id = ?1");
  st.bind(1, id).bind(2, question_count).bind(3, batch_count).bind(4, util::now_rfc3339());
  st.run();
}

void Repository::set_conversation_context(const std::string& id, const std::string& context) {
  auto st = db_.prepare("UPDATE conversations SET context = ?2, updated_at = ?3 WHERE id = ?1");
  st.bind(1, id).bind(2, context).bind(3, util::now_rfc3339());
  st.run();
}

void Repository::set_conversation_status(const std::string& id, const std::string& status) {
  auto st = db_.prepare(
      "UPDATE conversations SET status = ?2, updated_at = ?3, "
      "closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE NULL END WHERE id = ?1");
  st.bind(1, id).bind(2, status).bind(3, util::now_rfc3339());
  st.run();
}

void Repository::touch_conversation(const std::string& id) {
  auto st = db_.prepare("UPDATE conversations SET updated_at = ?2 WHERE id = ?1");
  st.bind(1, id).bind(2, util::now_rfc3339());
  st.run();
}

std::vector<ConversationRow> Repository::list_conversations(const ConversationFilter& filter) {
  auto st = db_.prepare(fmt::format(
      "SELECT {} FROM conversations c JOIN user_sessions s ON s.id = c.session_id{} "
      "ORDER BY c.updated_at DESC, c.id LIMIT ?4 OFFSET ?5",
      kConversationColumns, conversation_where(filter)));
  bind_conversation_filter(st, filter);
  st.bind(4, filter.limit).bind(5, filter.offset);
  std::vector<ConversationRow> out;
  while (st.step()) out.push_back(read_conversation(st));
  return out;
}

std::int64_t Repository::count_conversations(const ConversationFilter& filter) {
  auto st = db_.prepare(fmt::format(
      "SELECT count(*) FROM conversations c JOIN user_sessions s ON s.id = c.session_id{}",
      conversation_where(filter)));
  bind_conversation_filter(st, filter);
  return st.step() ? st.int64(0) : 0;
}

std::vector<std::string> Repository::conversation_ids_with_prefix(const std::string& prefix, int limit) {
  auto st = db_.prepare(
      "SELECT id FROM conversations WHERE substr(id, 1, length(?1)) = ?1 ORDER BY updated_at DESC LIMIT ?2");
  st.bind(1, prefix).bind(2, limit);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void Repository::delete_conversation(const std::string& id) {
  auto st = db_.prepare("DELETE FROM conversations WHERE id = ?1");
  st.bind(1, id);
  st.run();
}

std::int64_t Repository::insert_message(const MessageRow& m) {
  auto st = db_.prepare(
      "INSERT INTO messages (conversation_id, kind, content, question_number, batch, facet, source_key, "
      "metadata, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  st.bind(1, m.conversation_id).bind(2, m.kind).bind(3, m.content).bind(4, m.question_number).bind(5, m.batch);
  st.bind(6, m.facet).bind(7, m.source_key).bind(8, m.metadata);
  st.bind(9, m.created_at.empty() ? util::now_rfc3339() : m.created_at);
  st.run();
  return db_.last_insert_rowid();
}

std::vector<MessageRow> Repository::messages(const std::string& conversation_id) {
  auto st = db_.prepare(fmt::format("SELECT {} FROM messages WHERE conversation_id = ?1 ORDER BY id",
                                    kMessageColumns));
  st.bind(1, conversation_id);
  std::vector<MessageRow> out;
  while (st.step()) out.push_back(read_message(st));
  return out;
}

std::optional<MessageRow> Repository::find_message(std::int64_t id) {
  auto st = db_.prepare(fmt::format("SELECT {} FROM messages WHERE id = ?1", kMessageColumns));
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_message(st);
}

bool Repository::has_source_key(const std::string& conversation_id, const std::string& source_key) {
  auto st = db_.prepare("SELECT 1 FROM messages WHERE conversation_id = ?1 AND source_key = ?2");
  st.bind(1, conversation_id).bind(2, source_key);
  return st.step();
}

std::vector<MessageRow> Repository::answers_of_user(const std::string& user_id, const std::string& except_conversation,
                                                    int limit) {
  auto st = db_.prepare(
      "SELECT m.id, m.conversation_id, m.kind, m.content, m.question_number, m.batch, m.facet, m.source_key, "
      "m.metadata, m.created_at FROM messages m JOIN conversations c ON c.id = m.conversation_id "
      "JOIN user_sessions s ON s.id = c.session_id "
      "WHERE s.user_id = ?1 AND m.conversation_id <> ?2 AND m.kind = 'answer' ORDER BY m.id DESC LIMIT ?3");
  st.bind(1, user_id).bind(2, except_conversation).bind(3, limit);
  std::vector<MessageRow> out;
  while (st.step()) out.push_back(read_message(st));
  return out;
}

std::optional<std::string> Repository::meta(const std::string& key) {
  auto st = db_.prepare("SELECT value FROM meta WHERE key = ?1");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void Repository::set_meta(const std::string& key, const std::string& value) {
  auto st = db_.prepare(
      "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  st.bind(1, key).bind(2, value);
  st.run();
}

std::string Repository::meta_or_create(const std::string& key, const std::function<std::string()>& make) {
  if (auto v = meta(key)) return *v;
  const std::string value = make();
  set_meta(key, value);
  return value;
}

void Repository::record_elicitation(const std::string& conversation_id, const std::string& question_numbers_json,
                                    const std::string& action, const std::optional<std::string>& nonce) {
  auto st = db_.prepare(
      "INSERT INTO elicitations (conversation_id, question_numbers, action, nonce, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  st.bind(1, conversation_id).bind(2, question_numbers_json).bind(3, action).bind(4, nonce);
  st.bind(5, util::now_rfc3339());
  st.run();
}

bool Repository::nonce_used(const std::string& nonce) {
  auto st = db_.prepare("SELECT 1 FROM elicitations WHERE nonce = ?1");
  st.bind(1, nonce);
  return st.step();
}

RowCounts Repository::counts() {
  RowCounts c;
  auto one = [&](const char* sql) {
    auto st = db_.prepare(sql);
    return st.step() ? st.int64(0) : 0;
  };
  c.sessions = one("SELECT count(*) FROM user_sessions");
  c.conversations = one("SELECT count(*) FROM conversations");
  c.questions = one("SELECT count(*) FROM messages WHERE kind = 'question'");
  c.answers = one("SELECT count(*) FROM messages WHERE kind = 'answer'");
  c.contexts = one("SELECT count(*) FROM messages WHERE kind = 'context'");
  c.embeddings = one("SELECT count(*) FROM embeddings");
  return c;
}

}  // namespace sq::storage
