// Puts right what is derived from the database and can be made again:
// embeddings missing for messages (re-embedded with the current embedder)
// and the vector index (rebuilt). Never deletes a question, answer or context.
#pragma once

#include <cstdint>
#include <functional>

#include "memory/memory_store.hpp"
#include "storage/database.hpp"

namespace sq::ops {

using Progress = std::function<void(std::int64_t done, std::int64_t total)>;

struct RepairResult {
  std::int64_t reembedded = 0;  // embeddings rows written
  bool index_rebuilt = false;
  std::int64_t vectors = 0;     // in the index afterwards (when rebuilt)
};

// Re-embeds every message missing an embedding (in transactions of a few
// hundred rows), then rebuilds the index when `rebuild_index` is set or any
// row was written.
RepairResult repair_derived(storage::Database& db, memory::MemoryStore& memory, bool rebuild_index,
                            const Progress& progress = {});

}  // namespace sq::ops
