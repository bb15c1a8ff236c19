// Reads and writes the domain's rows: user sessions, conversations, messages
// and key/value metadata. Callers own transactions; nothing here commits.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace sq::storage {

struct SessionRow {
  std::string id;
  std::optional<std::string> user_id;
  std::string created_at;
};

struct ConversationRow {
  std::string id;
  std::string session_id;
  std::optional<std::string> user_id;  // of the session
  std::string context;
  std::string title;
  std::string status;  // "open" or "closed"
  int question_count = 0;
  int batch_count = 0;
  std::string metadata = "{}";  // JSON object
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> closed_at;
};

struct MessageRow {
  std::int64_t id = 0;
  std::string conversation_id;
  std::string kind;  // "question", "answer" or "context"
  std::string content;
  std::optional<int> question_number;
  std::optional<int> batch;
  std::optional<std::string> facet;
  std::optional<std::string> source_key;
  std::string metadata = "{}";  // JSON object
  std::string created_at;
};

struct ConversationFilter {
  std::optional<std::string> user_id;
  std::optional<std::string> status;
  std::optional<std::string> before_updated_at;  // for older-than queries
  int limit = 50;
  int offset = 0;
};

struct RowCounts {
  std::int64_t sessions = 0, conversations = 0, questions = 0, answers = 0, contexts = 0, embeddings = 0;
};

class Repository {
 public:
  explicit Repository(Database& db) : db_(db) {}

  // Sessions
  std::optional<SessionRow> find_session(const std::string& id);
  std::optional<SessionRow> find_session_by_user(const std::string& user_id);
  SessionRow create_session(const std::optional<std::string>& user_id);

  // Conversations
  std::optional<ConversationRow> find_conversation(const std::string& id);
  ConversationRow create_conversation(const std::string& session_id, const std::string& context,
                                      const std::string& title, const std::string& metadata_json);
  void update_conversation_progress(const std::string& id, int question_count, int batch_count);
  void set_conversation_context(const std::string& id, const std::string& context);
  void set_conversation_status(const std::string& id, const std::string& status);
  void touch_conversation(const std::string& id);
  std::vector<ConversationRow> list_conversations(const ConversationFilter& filter);
  std::int64_t count_conversations(const ConversationFilter& filter);
  // Conversation ids starting with `prefix` (for completion), newest first.
  std::vector<std::string> conversation_ids_with_prefix(const std::string& prefix, int limit);
  // Deletes a conversation with its messages and embeddings.
  void delete_conversation(const std::string& id);

  // Messages
  std::int64_t insert_message(const MessageRow& row);
  std::vector<MessageRow> messages(const std::string& conversation_id);
  std::optional<MessageRow> find_message(std::int64_t id);
  bool has_source_key(const std::string& conversation_id, const std::string& source_key);
  // Answers of the user's other conversations (for recall), newest first.
  std::vector<MessageRow> answers_of_user(const std::string& user_id, const std::string& except_conversation,
                                          int limit);

  // Elicitations: one row per answered, declined or cancelled form. A nonce
  // may be used once; a second use throws Error (constraint).
  void record_elicitation(const std::string& conversation_id, const std::string& question_numbers_json,
                          const std::string& action, const std::optional<std::string>& nonce);
  bool nonce_used(const std::string& nonce);

  // Key/value metadata
  std::optional<std::string> meta(const std::string& key);
  void set_meta(const std::string& key, const std::string& value);
  // The value of `key`, created with `make` when missing (inside the caller's transaction).
  std::string meta_or_create(const std::string& key, const std::function<std::string()>& make);

  RowCounts counts();

 private:
  Database& db_;
};

}  // namespace sq::storage
