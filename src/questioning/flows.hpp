// The questioning flows: what one call of a questioning tool or CLI command
// does to a conversation. Each public call is one database transaction: it
// records new answers and context, plans the next batch with the built-in
// planner (after any questions the assistant proposed), stores the questions
// and their embeddings, and reports the batch.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "memory/memory_store.hpp"
#include "questioning/coverage.hpp"
#include "questioning/generator.hpp"
#include "questioning/proposals.hpp"
#include "storage/database.hpp"
#include "storage/repository.hpp"

namespace sq::questioning {

// A request the caller can fix: unknown conversation, missing answers, ...
// The message is a sentence a person can act on.
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The caller cancelled while questions were being generated. Answers the
// call carried were already recorded; no questions were added.
class RequestCancelled : public UserError {
 public:
  RequestCancelled() : UserError("The request was cancelled; its answers were recorded, no questions were added.") {}
};

// One message of the assistant's conversation history.
struct HistoryMessage {
  std::string role;  // "user", "assistant" or "system"
  std::string content;
  std::optional<std::string> timestamp;
};

struct BatchRequest {
  std::optional<std::string> user_id;
  std::optional<std::string> conversation_id;
  std::optional<std::string> session_id;
  std::optional<std::string> context;
  std::vector<HistoryMessage> previous_messages;
  std::map<std::string, std::string> metadata;
  std::optional<int> batch_size;  // 1-10; default 5 for the first batch, 3 after
  // The assistant's own questions for this batch (at most kMaxProposals),
  // asked first; the planner fills the rest of the batch.
  std::vector<ProposedQuestion> proposed_questions;
  std::function<bool()> cancelled;  // polled while a generator works; may be empty
};

struct Question {
  int number = 0;
  std::string text;
  std::string importance;
  std::string look_for;
  std::string facet;
  int batch = 0;
  std::string source = "builtin";  // who wrote it: "assistant", "builtin" (the planner) or "llm"
};

struct Batch {
  std::string conversation_id;
  std::string session_id;
  std::vector<Question> questions;
  int batch_number = 0;
  int total_questions_estimated = 0;
  bool next_batch_needed = false;
  bool initial = true;  // first batch of the conversation
  int answers_recorded = 0;
  std::vector<std::string> domains;
  std::string language;   // of the request: "en", "fr", "de", "es"
  std::string task_type;  // "diagnose", "decide", ...; empty when none is recognised
  std::string subject;    // what the questions call the subject ("your trip to Japan"); may be empty
  std::string timestamp;
  bool context_enhanced = false;
  std::vector<memory::MemoryItem> similar_contexts;  // enriched the plan
  std::vector<memory::MemoryItem> related_answers;   // the user's earlier answers that bear on this
  bool new_conversation = false;
  // Where the questions came from: "builtin" (the planner), "llm", "assistant"
  // (every one proposed by the caller) or "mixed" (proposals and others).
  std::string generator = "builtin";
  std::string generator_model;  // the model, when generator is "llm"
  std::string fallback_reason;  // why the planner answered although a generator is configured
  std::vector<DroppedProposal> dropped_proposals;  // proposals not asked, and why
  // The call repeated an earlier one (the same proposals, no answer since):
  // nothing was stored and this is the batch stored then.
  bool resent = false;
  Coverage coverage;  // what is answered so far and what is still open

  // "1. First question\n2. Second question"
  std::string numbered_list() const;
};

struct AutomaticRequest {
  BatchRequest base;
  bool auto_handle_follow_up = true;
  int max_rounds = 2;  // 1-3
};

struct AutomaticResult {
  Batch initial;
  std::vector<Batch> follow_ups;
  int rounds = 0;
  bool cancelled = false;
  bool saved_before_cancel = false;  // with a generator, rounds are saved one by one
};

// A stored answer and what it answers.
struct AnswerView {
  std::int64_t id = 0;
  std::optional<int> question_number;  // nullopt: answers the batch as a whole
  int batch = 0;
  std::string text;
  std::string created_at;
};

struct ConversationView {
  storage::ConversationRow row;
  std::vector<Question> questions;
  std::vector<AnswerView> answers;
  std::vector<std::string> contexts;
  std::vector<int> unanswered;  // question numbers with no answer, batch answers counted
};

struct ListRequest {
  std::optional<std::string> user_id;
  std::optional<std::string> status;
  int limit = 20;
  int offset = 0;
};

struct ListResult {
  std::vector<storage::ConversationRow> conversations;
  std::int64_t total = 0;
};

// Answers supplied directly (CLI `answer`, elicitation), keyed by question number.
struct DirectAnswer {
  std::optional<int> question_number;
  std::string text;
};

class Service {
 public:
  Service(storage::Database& db, memory::MemoryStore& memory);

  // Questions come from `generator` first, the built-in planner when it fails
  // (reported in Batch::fallback_reason). With a generator, a call records
  // what it carries in one transaction, generates outside any transaction
  // (so a slow provider never holds the database), then stores the questions
  // in a second one. Null: the planner only, in one transaction.
  void set_generator(std::shared_ptr<QuestionGenerator> generator) { generator_ = std::move(generator); }
  bool has_generator() const { return generator_ != nullptr; }

  // sequential_questioning: starts a conversation or continues one.
  Batch next_batch(const BatchRequest& request);
  // sequential_questioning_follow_up: requires answers in previous_messages.
  Batch follow_up(const BatchRequest& request);
  // sequential_questioning_automatic. `between_steps(round)` is called before
  // each follow-up round and returns false to stop (cancellation).
  AutomaticResult automatic(const AutomaticRequest& request,
                            const std::function<bool(int round, int total)>& between_steps = {});

  // Records answers given directly, then plans the next batch (CLI `answer`).
  Batch answer(const std::string& conversation_id, const std::vector<DirectAnswer>& answers,
               std::optional<int> batch_size, bool plan_next = true);
  // Records answers only; returns how many were new.
  int record_answers(const std::string& conversation_id, const std::vector<DirectAnswer>& answers);

  // The outcome of asking the person directly (elicitation), in one
  // transaction: records the outcome, stores accepted answers and plans the
  // next batch. A `nonce` may be used once; reuse is a UserError.
  Batch elicited(const std::string& conversation_id, const std::vector<int>& question_numbers,
                 const std::string& action, const std::vector<DirectAnswer>& answers,
                 const std::optional<std::string>& nonce, std::optional<int> batch_size);

  // A secret kept in the database (created on first use), e.g. for signing.
  std::string secret(const std::string& name);

  ConversationView conversation(const std::string& id);
  ListResult list(const ListRequest& request);
  // Marks a conversation closed; returns false if it already was.
  bool close(const std::string& id);

  storage::Database& database() { return db_; }
  memory::MemoryStore& memory() { return memory_; }

 private:
  // What a call carried, recorded in the caller's transaction: the
  // conversation (opened or created, re-read afterwards), its answers and
  // any new context.
  struct Received {
    storage::ConversationRow conv;
    bool created = false;
    int recorded = 0;
  };
  Received receive(const BatchRequest& request);
  struct Generation {
    std::optional<GeneratedBatch> batch;
    std::string reason;  // why there is no batch
  };
  PlanRequest plan_request(const storage::ConversationRow& conv, std::optional<int> batch_size);
  PlanRequest plan_request(const storage::ConversationRow& conv, const std::vector<storage::MessageRow>& messages,
                           std::optional<int> batch_size);
  // Asks the generator (outside any transaction) for what `proposals` leave
  // of the batch; nothing when they fill it or repeat an earlier call.
  // Throws RequestCancelled.
  Generation generate(const std::string& conversation_id, std::optional<int> batch_size,
                      const std::vector<std::string>& recalled, const std::function<bool()>& cancelled,
                      const std::vector<ProposedQuestion>& proposals);
  AutomaticResult automatic_generated(const AutomaticRequest& request,
                                      const std::function<bool(int round, int total)>& between_steps);
  // In the caller's transaction: the proposals that survive the
  // near-duplicate filter, then the planner's questions, or `generation`'s
  // that survive the filter, for the rest of the batch, numbered and stored.
  // A repeat of an earlier call with the same proposals stores nothing and
  // returns the batch stored then.
  Batch plan_and_store(const storage::ConversationRow& conv, std::optional<int> batch_size,
                       const Generation* generation = nullptr, const std::vector<ProposedQuestion>& proposals = {});
  // generate() then plan_and_store() in a transaction of its own.
  Batch generate_and_store(const std::string& conversation_id, std::optional<int> batch_size,
                           const std::vector<std::string>& recalled, const std::function<bool()>& cancelled,
                           const std::vector<ProposedQuestion>& proposals = {});
  storage::ConversationRow open_conversation(const BatchRequest& request, bool& created);
  int ingest_history(const storage::ConversationRow& conv, const std::vector<HistoryMessage>& history,
                     bool conversation_is_new);
  int store_direct_answers(const storage::ConversationRow& conv, const std::vector<DirectAnswer>& answers);
  // Stores one answer of the person, its embedding and the standing facts it
  // states, read as `language` (a code such as "en").
  void store_answer(const storage::ConversationRow& conv, storage::MessageRow& answer, std::string_view language);
  int store_answer_parts(const storage::ConversationRow& conv, const std::string& text,
                         const std::optional<std::string>& source_key);
  void save_index();  // saves the vector index when enough changes accumulated
  void add_context(const storage::ConversationRow& conv, const std::string& text, const std::string& source_key);

  storage::Database& db_;
  memory::MemoryStore& memory_;
  storage::Repository repo_;
  std::shared_ptr<QuestionGenerator> generator_;
};

// Limits on what a caller may send.
inline constexpr int kMinBatch = 1;
inline constexpr int kMaxBatch = 10;
inline constexpr int kFirstBatch = 5;
inline constexpr int kFollowUpBatch = 3;

}  // namespace sq::questioning
