// Reads and writes standing facts: what a person's answers say about them
// that holds beyond one conversation ("Our daughter is allergic to peanuts"),
// kept per user session. Recording a fact whose key the session already holds
// supersedes the older one instead of keeping both. Callers own transactions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace sq::storage {

struct FactRow {
  std::int64_t id = 0;
  std::string session_id;
  std::string kind;  // "person", "health", "diet", "home", "language", "tool"
  std::string key;   // what it is about: "person:daughter", "home"
  std::string text;  // in the person's words
  std::string conversation_id;
  std::int64_t message_id = 0;
  std::optional<int> question_number;
  std::string created_at;
};

class FactRows {
 public:
  explicit FactRows(Database& db) : db_(db) {}

  // Stores `fact` (its id and created_at are set here) and marks the
  // session's current fact with the same key, if any, as superseded by it.
  // The same text under the same key again stores nothing; returns the id
  // of the current fact either way.
  std::int64_t record(FactRow fact);

  // The session's current facts (none superseded), newest first.
  std::vector<FactRow> current(const std::string& session_id);

 private:
  Database& db_;
};

}  // namespace sq::storage
