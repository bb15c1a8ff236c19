// Repairing derived data: see repair.hpp.
#include "ops/repair.hpp"

#include <algorithm>

#include "ops/consistency.hpp"
#include "util/log.hpp"

namespace sq::ops {

namespace {
constexpr std::size_t kBatch = 256;
}

RepairResult repair_derived(storage::Database& db, memory::MemoryStore& memory, bool rebuild_index,
                            const Progress& progress) {
  RepairResult r;
  const auto missing = messages_missing_embeddings(db, memory.embedder());
  const auto total = static_cast<std::int64_t>(missing.size());
  for (std::size_t start = 0; start < missing.size(); start += kBatch) {
    const std::size_t end = std::min(missing.size(), start + kBatch);
    storage::Transaction tx(db);
    for (std::size_t i = start; i < end; ++i) {
      auto st = db.prepare("SELECT content FROM messages WHERE id = ?1");
      st.bind(1, missing[i]);
      if (!st.step()) continue;  // deleted meanwhile
      const std::string content = st.text(0);
      memory.record(missing[i], content);
      ++r.reembedded;
    }
    tx.commit();
    if (progress) progress(static_cast<std::int64_t>(end), total);
  }
  if (r.reembedded > 0) util::log::info("repair: re-embedded {} messages", r.reembedded);
  if (rebuild_index || r.reembedded > 0) {
    const auto status = memory.reindex(progress);
    r.index_rebuilt = true;
    r.vectors = status.vectors;
  }
  return r;
}

}  // namespace sq::ops
