// Standing facts: see fact_rows.hpp.
#include "storage/fact_rows.hpp"

#include "util/clock.hpp"

namespace sq::storage {

std::int64_t FactRows::record(FactRow fact) {
  std::optional<std::int64_t> older;
  {
    auto st = db_.prepare(
        "SELECT id, text FROM facts WHERE session_id = ?1 AND key = ?2 AND superseded_by IS NULL "
        "ORDER BY id DESC LIMIT 1");
    st.bind(1, fact.session_id).bind(2, fact.key);
    if (st.step()) {
      if (st.text(1) == fact.text) return st.int64(0);  // said again: nothing new
      older = st.int64(0);
    }
  }
  fact.created_at = util::now_rfc3339();
  auto ins = db_.prepare(
      "INSERT INTO facts (session_id, kind, key, text, conversation_id, message_id, question_number, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  ins.bind(1, fact.session_id)
      .bind(2, fact.kind)
      .bind(3, fact.key)
      .bind(4, fact.text)
      .bind(5, fact.conversation_id)
      .bind(6, fact.message_id)
      .bind(7, fact.question_number)
      .bind(8, fact.created_at);
  ins.run();
  const std::int64_t id = db_.last_insert_rowid();
  if (older) {
    auto up = db_.prepare("UPDATE facts SET superseded_by = ?1 WHERE id = ?2");
    up.bind(1, id).bind(2, *older);
    up.run();
  }
  return id;
}

std::vector<FactRow> FactRows::current(const std::string& session_id) {
  auto st = db_.prepare(
      "SELECT id, session_id, kind, key, text, conversation_id, message_id, question_number, created_at "
      "FROM facts WHERE session_id = ?1 AND superseded_by IS NULL ORDER BY id DESC");
  st.bind(1, session_id);
  std::vector<FactRow> out;
  while (st.step()) {
    FactRow f;
    f.id = st.int64(0);
    f.session_id = st.text(1);
    f.kind = st.text(2);
    f.key = st.text(3);
    f.text = st.text(4);
    f.conversation_id = st.text(5);
    f.message_id = st.int64(6);
    if (auto v = st.int64_or_null(7)) f.question_number = static_cast<int>(*v);
    f.created_at = st.text(8);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace sq::storage
