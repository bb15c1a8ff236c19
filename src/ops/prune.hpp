// Deleting old closed conversations: which ones qualify, and deleting them
// (messages, embeddings and elicitations go with them by ON DELETE CASCADE).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace sq::ops {

struct PruneCandidate {
  std::string id;
  std::string title;
  std::string updated_at;
  std::int64_t questions = 0;
  std::int64_t answers = 0;
};

// Closed conversations last updated before `cutoff` (RFC 3339), oldest first.
std::vector<PruneCandidate> prune_candidates(storage::Database& db, const std::string& cutoff);

// Deletes the given conversations in one transaction, each only if it is
// still closed and still last updated before `cutoff` (it may have been
// reopened since it was listed). Returns how many were deleted.
std::int64_t prune_conversations(storage::Database& db, const std::vector<std::string>& ids,
                                 const std::string& cutoff);

}  // namespace sq::ops
