// Pruning old conversations: see prune.hpp.
#include "ops/prune.hpp"

namespace sq::ops {

std::vector<PruneCandidate> prune_candidates(storage::Database& db, const std::string& cutoff) {
  std::vector<PruneCandidate> out;
  auto st = db.prepare(
      "SELECT c.id, c.title, c.updated_at, "
      "(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'question'), "
      "(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'answer') "
      "FROM conversations c WHERE c.status = 'closed' AND c.updated_at < ?1 ORDER BY c.updated_at, c.id");
  st.bind(1, cutoff);
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.int64(3), st.int64(4)});
  return out;
}

std::int64_t prune_conversations(storage::Database& db, const std::vector<std::string>& ids,
                                 const std::string& cutoff) {
  std::int64_t deleted = 0;
  storage::Transaction tx(db);
  for (const auto& id : ids) {
    auto st = db.prepare("DELETE FROM conversations WHERE id = ?1 AND status = 'closed' AND updated_at < ?2");
    st.bind(1, id).bind(2, cutoff);
    st.run();
    deleted += db.changes();
  }
  tx.commit();
  return deleted;
}

}  // namespace sq::ops
