// The questioning flows: see flows.hpp.
#include "questioning/flows.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "questioning/answer_split.hpp"
#include "questioning/facet_catalogue.hpp"
#include "questioning/fact_questions.hpp"
#include "questioning/planner.hpp"
#include "questioning/repeat_filter.hpp"
#include "questioning/request_reading.hpp"
#include "questioning/standing_facts.hpp"
#include "storage/fact_rows.hpp"
#include "util/clock.hpp"
#include "util/ids.hpp"
#include "util/log.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using json = nlohmann::json;

// Cosine above which a candidate question repeats one already asked.
constexpr float kNearDuplicate = 0.9f;
// How close a stored item must be to enrich a follow-up or count as related.
constexpr float kSimilarContext = 0.3f;
constexpr float kRelatedAnswer = 0.3f;
constexpr int kMaxSimilar = 3;
constexpr int kMaxRelated = 5;

// Thrown inside a transaction to roll it back when the caller cancels.
struct Cancelled {};

std::string title_from(const std::string& context) {
  std::string_view t = util::trim(context);
  if (const auto nl = t.find('\n'); nl != std::string_view::npos) t = util::trim(t.substr(0, nl));
  if (t.empty()) return "Untitled conversation";
  const std::string_view cut = util::utf8_prefix(t, 80);
  return cut.size() < t.size() ? std::string(cut) + "..." : std::string(cut);
}

std::string lower_role(const std::string& role) { return util::ascii_lower(util::trim(role)); }

Question to_question(const storage::MessageRow& m) {
  Question q;
  q.number = m.question_number.value_or(0);
  q.text = m.content;
  q.facet = m.facet.value_or("");
  q.batch = m.batch.value_or(0);
  const json meta = json::parse(m.metadata, nullptr, false);
  if (meta.is_object()) {
    q.importance = meta.value("importance", std::string());
    q.look_for = meta.value("information_to_look_for", std::string());
    // Questions stored before sources were recorded name only an LLM generator.
    const bool by_llm = meta.value("generator", std::string()).starts_with("llm:");
    q.source = meta.value("source", std::string(by_llm ? "llm" : "builtin"));
  }
  return q;
}

// "assistant" when the caller proposed every question of a batch, "mixed"
// when it proposed some, else `others` (who wrote the rest).
std::string generator_of(const std::vector<Question>& questions, const std::string& others) {
  const auto proposed = std::count_if(questions.begin(), questions.end(),
                                      [](const Question& q) { return q.source == "assistant"; });
  if (proposed == 0) return others;
  return static_cast<std::size_t>(proposed) == questions.size() ? "assistant" : "mixed";
}

// Marks the batch first served for a set of proposals while the conversation
// had `answers` answers: the same call sent again (nothing answered since)
// finds it and gets that batch back instead of storing anything.
std::string served_key(const std::vector<ProposedQuestion>& proposals, std::size_t answers) {
  return fmt::format("proposed:{}:{}", proposals_key(proposals), answers);
}

void check_proposals(const std::vector<ProposedQuestion>& proposals) {
  if (auto problem = proposal_problem(proposals)) {
    throw UserError(fmt::format(
        "{}; nothing was stored. Each proposed question needs a non-empty question_text of at most {} characters, "
        "and at most {} questions may be proposed in one call.",
        *problem, kMaxProposalChars, kMaxProposals));
  }
}

// The latest non-empty message from the person in a history, if any.
std::optional<std::string> latest_user_text(const std::vector<HistoryMessage>& history) {
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (lower_role(it->role) == "user" && !util::trim(it->content).empty()) return it->content;
  }
  return std::nullopt;
}

}  // namespace

std::string Batch::numbered_list() const {
  std::string out;
  for (const auto& q : questions) {
    if (!out.empty()) out += '\n';
    out += fmt::format("{}. {}", q.number, q.text);
  }
  return out;
}

Service::Service(storage::Database& db, memory::MemoryStore& memory) : db_(db), memory_(memory), repo_(db) {}

// ---- writing ----------------------------------------------------------------

void Service::save_index() {
  // The index is a cache of committed rows: failing to save it loses nothing,
  // and rows not yet saved are caught up from SQLite by the next process. So
  // the file is rewritten only once enough changes accumulated (and at exit).
  try {
    memory_.save_when_due();
  } catch (const std::exception& e) {
    util::log::warn("could not save the vector index (it will be rebuilt from the database): {}", e.what());
  }
}

void Service::add_context(const storage::ConversationRow& conv, const std::string& text,
                          const std::string& source_key) {
  if (util::trim(text).empty() || repo_.has_source_key(conv.id, source_key)) return;
  storage::MessageRow m;
  m.conversation_id = conv.id;
  m.kind = "context";
  m.content = text;
  m.source_key = source_key;
  const auto id = repo_.insert_message(m);
  memory_.record(id, text);
}

namespace {

// Facts are read in the request's language; a conversation with no request
// yet is read in the language of the answers themselves.
std::string_view facts_language(const storage::ConversationRow& conv, std::string_view answers) {
  return language_code(detect_language(conv.context.empty() ? answers : std::string_view(conv.context)));
}

}  // namespace

void Service::store_answer(const storage::ConversationRow& conv, storage::MessageRow& answer,
                           std::string_view language) {
  answer.id = repo_.insert_message(answer);
  memory_.record(answer.id, answer.content);
  storage::FactRows facts(db_);
  for (const auto& f : read_standing_facts(answer.content, language)) {
    storage::FactRow row;
    row.session_id = conv.session_id;
    row.kind = f.kind;
    row.key = f.key;
    row.text = f.text;
    row.conversation_id = conv.id;
    row.message_id = answer.id;
    row.question_number = answer.question_number;
    facts.record(std::move(row));
  }
}

int Service::store_answer_parts(const storage::ConversationRow& conv, const std::string& text,
                                const std::optional<std::string>& source_key) {
  std::map<int, int> batch_of;  // question number -> batch
  std::vector<int> known;
  for (const auto& m : repo_.messages(conv.id)) {
    if (m.kind == "question" && m.question_number) {
      batch_of[*m.question_number] = m.batch.value_or(0);
      known.push_back(*m.question_number);
    }
  }
  const auto parts = parse_answers(text, known);
  const std::string_view language = facts_language(conv, text);
  int stored = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    storage::MessageRow m;
    m.conversation_id = conv.id;
    m.kind = "answer";
    m.content = parts[i].text;
    m.question_number = parts[i].question_number;
    m.batch = parts[i].question_number ? batch_of[*parts[i].question_number] : conv.batch_count;
    if (source_key) m.source_key = fmt::format("{}#{}", *source_key, i);
    m.metadata = json{{"source", source_key ? "previous_messages" : "direct"}}.dump();
    store_answer(conv, m, language);
    ++stored;
  }
  return stored;
}

int Service::ingest_history(const storage::ConversationRow& conv, const std::vector<HistoryMessage>& history,
                            bool conversation_is_new) {
  const bool has_assistant = std::any_of(history.begin(), history.end(),
                                         [](const HistoryMessage& m) { return lower_role(m.role) == "assistant"; });
  bool seen_assistant = false;
  std::map<std::string, int> occurrences;
  int recorded = 0;
  for (const auto& msg : history) {
    const std::string role = lower_role(msg.role);
    if (role == "assistant") {
      seen_assistant = true;
      continue;
    }
    if (role != "user" || util::trim(msg.content).empty()) continue;
    // The same message resent in a later call maps to the same key; a message
    // repeated within one history gets its own key through the occurrence count.
    const std::string digest = util::sha256_hex(msg.content + '\x1f' + msg.timestamp.value_or(""));
    const std::string key = fmt::format("{}:{}", digest.substr(0, 32), ++occurrences[digest]);
    const std::string context_key = "ctx:" + key;
    const std::string answer_key = "ans:" + key;
    if (repo_.has_source_key(conv.id, context_key) || repo_.has_source_key(conv.id, answer_key + "#0")) continue;
    // Before any question exists, or before the assistant first spoke, the
    // person is describing what they want: that is context, not an answer.
    const bool is_context = conversation_is_new || conv.question_count == 0 || (has_assistant && !seen_assistant);
    if (is_context) {
      add_context(conv, msg.content, context_key);
    } else {
      recorded += store_answer_parts(conv, msg.content, answer_key);
    }
  }
  return recorded;
}

storage::ConversationRow Service::open_conversation(const BatchRequest& request, bool& created) {
  created = false;
  if (request.conversation_id) {
    auto conv = repo_.find_conversation(*request.conversation_id);
    if (!conv) {
      throw UserError(fmt::format(
          "Unknown conversation_id '{}': no conversation with that id exists. Omit conversation_id to start a "
          "new conversation, or call list_conversations to find an existing one.",
          *request.conversation_id));
    }
    if (conv->status == "closed") {
      throw UserError(fmt::format(
          "Conversation '{}' is closed. Omit conversation_id to start a new conversation.", conv->id));
    }
    if (request.user_id && conv->user_id && *request.user_id != *conv->user_id) {
      throw UserError(fmt::format("Conversation '{}' belongs to a different user_id than '{}'.", conv->id,
                                  *request.user_id));
    }
    if (request.session_id && *request.session_id != conv->session_id) {
      throw UserError(fmt::format("session_id '{}' does not match conversation '{}' (its session is '{}').",
                                  *request.session_id, conv->id, conv->session_id));
    }
    return *conv;
  }

  std::optional<storage::SessionRow> session;
  if (request.session_id) {
    session = repo_.find_session(*request.session_id);
    if (!session) {
      throw UserError(fmt::format(
          "Unknown session_id '{}'. Omit session_id (sessions are created per user_id) or use one returned "
          "by an earlier call.", *request.session_id));
    }
    if (request.user_id && session->user_id != request.user_id) {
      throw UserError(fmt::format("session_id '{}' belongs to a different user than '{}'.", *request.session_id,
                                  *request.user_id));
    }
  } else if (request.user_id) {
    session = repo_.find_session_by_user(*request.user_id);
    if (!session) session = repo_.create_session(request.user_id);
  } else {
    session = repo_.create_session(std::nullopt);
  }
  const std::string context = request.context.value_or("");
  json meta = json::object();
  for (const auto& [k, v] : request.metadata) meta[k] = v;
  auto conv = repo_.create_conversation(session->id, context, title_from(context), meta.dump());
  add_context(conv, context, "ctx:initial");
  created = true;
  return conv;
}

namespace {

storage::ConversationRow open_for_writing(storage::Repository& repo, const std::string& id) {
  auto conv = repo.find_conversation(id);
  if (!conv) throw UserError(fmt::format("Unknown conversation_id '{}'.", id));
  if (conv->status == "closed") throw UserError(fmt::format("Conversation '{}' is closed.", id));
  return *conv;
}

}  // namespace

PlanRequest Service::plan_request(const storage::ConversationRow& conv, std::optional<int> batch_size) {
  return plan_request(conv, repo_.messages(conv.id), batch_size);
}

PlanRequest Service::plan_request(const storage::ConversationRow& conv,
                                  const std::vector<storage::MessageRow>& messages, std::optional<int> batch_size) {
  PlanRequest pr;
  std::string context;
  for (const auto& m : messages) {
    if (m.kind == "context") {
      if (!context.empty()) context += '\n';
      context += m.content;
    } else if (m.kind == "question") {
      pr.asked.push_back({m.question_number.value_or(0), m.content, m.facet.value_or("")});
    } else if (m.kind == "answer") {
      pr.answers.push_back({m.question_number, m.content});
    }
  }
  pr.context = context;
  const bool first = conv.question_count == 0;
  pr.batch_size = std::clamp(batch_size.value_or(first ? kFirstBatch : kFollowUpBatch), kMinBatch, kMaxBatch);
  const std::string conv_id = conv.id;
  pr.too_similar = [this, conv_id](std::string_view text) {
    try {
      return memory_.max_question_similarity(conv_id, text) >= kNearDuplicate;
    } catch (const std::exception& e) {
      // A remote embedder that is down costs this check, not the call.
      util::log::warn("near-duplicate check skipped: {}", e.what());
      return false;
    }
  };
  return pr;
}

Service::Generation Service::generate(const std::string& conversation_id, std::optional<int> batch_size,
                                      const std::vector<std::string>& recalled,
                                      const std::function<bool()>& cancelled,
                                      const std::vector<ProposedQuestion>& proposals) {
  Generation g;
  const auto conv = repo_.find_conversation(conversation_id);
  if (!conv) throw UserError(fmt::format("Unknown conversation_id '{}'.", conversation_id));
  PlanRequest pr = plan_request(*conv, batch_size);
  if (!proposals.empty()) {
    if (repo_.has_source_key(conv->id, served_key(proposals, pr.answers.size()))) return g;  // a resent call
    // The generator writes around the proposals that will be kept, for what
    // they leave of the batch (plan_and_store vets them again, authoritatively).
    RepeatFilter filter(pr);
    const auto kept = vet_proposals(proposals, filter).kept;
    int number = conv->question_count;
    for (const auto& k : kept) pr.asked.push_back({++number, k.text, k.facet_id});
    pr.batch_size -= static_cast<int>(kept.size());
    if (pr.batch_size <= 0) return g;
  }
  try {
    g.batch = generator_->generate(pr, recalled, cancelled);
  } catch (const std::exception& e) {
    if (cancelled && cancelled()) throw RequestCancelled();
    g.reason = e.what();
    util::log::warn("questions come from the built-in planner: {}", g.reason);
  }
  return g;
}

namespace {

// The stored batch `number` of a conversation, as it was served.
Batch stored_batch(const storage::ConversationRow& conv, const std::vector<storage::MessageRow>& messages,
                   int number) {
  Batch b;
  b.conversation_id = conv.id;
  b.session_id = conv.session_id;
  b.batch_number = number;
  b.initial = number == 1;
  b.timestamp = util::now_rfc3339();
  std::string others = "builtin";
  for (const auto& m : messages) {
    if (m.kind != "question" || m.batch.value_or(0) != number) continue;
    b.questions.push_back(to_question(m));
    if (b.questions.back().source == "llm") {
      others = "llm";
      const json meta = json::parse(m.metadata, nullptr, false);
      if (meta.is_object()) b.generator_model = meta.value("generator", std::string("llm:")).substr(4);
    }
  }
  b.generator = generator_of(b.questions, others);
  return b;
}

// The plan when the batch has no room left (the proposals fill it): nothing
// to ask, and the planner's first choice goes back to what is still open.
Plan plan_without_room(PlanRequest pr) {
  pr.batch_size = 1;
  Plan plan = plan_batch(pr);
  for (const auto& q : plan.questions) {
    if (const Facet* f = find_facet(q.facet_id)) {
      plan.open_facets.insert(plan.open_facets.begin(), {q.facet_id, std::string(f->subject), q.importance});
      if (plan.open_facets.size() > kMaxOpenFacets) plan.open_facets.pop_back();
    }
  }
  plan.next_batch_needed = plan.next_batch_needed || !plan.questions.empty();
  plan.questions.clear();
  return plan;
}

}  // namespace

namespace {

// What the planner read from the request, as every batch reports it.
void describe_reading(const Plan& plan, Batch& b) {
  b.domains = plan.domains;
  b.language = plan.language;
  b.task_type = plan.task;
  b.subject = plan.subject;
}

}  // namespace

Batch Service::plan_and_store(const storage::ConversationRow& conv, std::optional<int> batch_size,
                              const Generation* generation, const std::vector<ProposedQuestion>& proposals) {
  const auto messages = repo_.messages(conv.id);
  PlanRequest pr = plan_request(conv, messages, batch_size);
  const std::string key = proposals.empty() ? std::string() : served_key(proposals, pr.answers.size());
  const auto facts = storage::FactRows(db_).current(conv.session_id);
  // The facts that bear on this request, for the domains they were chosen for.
  std::optional<std::vector<std::string>> bearing_domains;
  std::vector<BearingFact> bearing;
  const auto bearing_on = [&](const std::vector<std::string>& domains) -> const std::vector<BearingFact>& {
    if (bearing_domains != domains) {
      bearing = facts_bearing_on(facts, pr.context, domains, conv.id);
      bearing_domains = domains;
    }
    return bearing;
  };

  // The assistant's proposals first, through the same near-duplicate filter
  // as every question; the planner then sees them as asked.
  RepeatFilter proposal_filter(pr);
  VettedProposals vetted = vet_proposals(proposals, proposal_filter);
  std::vector<PlannedQuestion> known;  // questions on the person's standing facts
  Batch b;

  if (!key.empty()) {
    const auto served = std::find_if(messages.begin(), messages.end(),
                                     [&](const storage::MessageRow& m) { return m.source_key == key; });
    if (served != messages.end()) {
      // The same call again with nothing answered since: store nothing and
      // serve the batch stored then, reporting only proposals it lacks.
      b = stored_batch(conv, messages, served->batch.value_or(0));
      b.resent = true;
      std::set<std::string> in_batch;
      for (const auto& q : b.questions) in_batch.insert(question_key(q.text));
      for (auto& d : vetted.dropped) {
        if (!in_batch.count(question_key(d.question_text))) b.dropped_proposals.push_back(std::move(d));
      }
      const Plan plan = plan_without_room(pr);  // only what is still open
      describe_reading(plan, b);
      b.next_batch_needed = plan.next_batch_needed;
      b.total_questions_estimated = std::max(plan.total_questions_estimated, conv.question_count);
      b.coverage = {answered_questions(messages), plan.open_facets, bearing_on(b.domains)};
      return b;
    }
  }

  // A known person's new conversation opens by confirming what they said
  // before that bears on it, rather than asking it from scratch.
  if (conv.question_count == 0 && pr.batch_size > static_cast<int>(vetted.kept.size()) + 1) {
    if (!facts.empty()) {
      const Plan reading = plan_without_room(pr);  // the language and domains, before the batch is planned
      if (reading.language == "en") {
        bearing_on(reading.domains);
        const auto room = static_cast<std::size_t>(std::min(kMaxFactQuestions, pr.batch_size - 1 -
                                                                                   static_cast<int>(vetted.kept.size())));
        for (auto& q : fact_questions(bearing, room)) {
          if (proposal_filter.admit(q.text).fresh()) known.push_back(std::move(q));
        }
      }
    }
  }
  {
    int number = conv.question_count;
    for (const auto& k : vetted.kept) pr.asked.push_back({++number, k.text, k.facet_id});
    for (const auto& k : known) pr.asked.push_back({++number, k.text, k.facet_id});
    pr.batch_size -= static_cast<int>(known.size());
    pr.batch_size = std::max(0, pr.batch_size - static_cast<int>(vetted.kept.size()));
  }
  // The planner also names the domains when the questions come from a generator.
  Plan plan = pr.batch_size > 0 ? plan_batch(pr) : plan_without_room(pr);
  b.dropped_proposals = std::move(vetted.dropped);

  if (generation != nullptr && pr.batch_size > 0) {
    b.fallback_reason = generation->reason;
    if (generation->batch) {
      // The generator's questions pass the same near-duplicate filter as the
      // planner's: against what was asked (proposals included) and each other.
      std::vector<PlannedQuestion> kept;
      RepeatFilter filter(pr);
      for (const auto& q : generation->batch->questions) {
        if (static_cast<int>(kept.size()) >= pr.batch_size) break;
        if (filter.admit(q.text).fresh()) kept.push_back(q);
      }
      if (kept.empty()) {
        b.fallback_reason = "every generated question repeated one already asked";
        util::log::warn("questions come from the built-in planner: {}", b.fallback_reason);
      } else {
        const int after = static_cast<int>(pr.asked.size() + kept.size());
        plan.next_batch_needed = generation->batch->next_batch_needed.value_or(static_cast<int>(kept.size()) >= pr.batch_size);
        plan.total_questions_estimated =
            std::max(generation->batch->total_questions_estimated.value_or(0), after + (plan.next_batch_needed ? 1 : 0));
        plan.questions = std::move(kept);
        b.generator = "llm";
        b.generator_model = generator_ ? generator_->model() : std::string();
      }
    }
  }

  const bool first = conv.question_count == 0;
  b.conversation_id = conv.id;
  b.session_id = conv.session_id;
  b.initial = first;
  describe_reading(plan, b);
  b.timestamp = util::now_rfc3339();
  b.next_batch_needed = plan.next_batch_needed;
  const std::string filler = b.generator;  // who wrote the questions after the proposals
  std::vector<std::pair<const PlannedQuestion*, std::string>> chosen;
  for (const auto& pq : vetted.kept) chosen.emplace_back(&pq, "assistant");
  for (const auto& pq : known) chosen.emplace_back(&pq, "builtin");
  for (const auto& pq : plan.questions) chosen.emplace_back(&pq, filler);
  b.batch_number = chosen.empty() ? conv.batch_count : conv.batch_count + 1;
  int number = conv.question_count;
  for (const auto& [pq, source] : chosen) {
    Question q;
    q.number = ++number;
    q.text = pq->text;
    q.importance = pq->importance;
    q.look_for = pq->information_to_look_for;
    q.facet = pq->facet_id;
    q.batch = b.batch_number;
    q.source = source;
    storage::MessageRow m;
    m.conversation_id = conv.id;
    m.kind = "question";
    m.content = q.text;
    m.question_number = q.number;
    m.batch = q.batch;
    m.facet = q.facet;
    if (!key.empty() && b.questions.empty()) m.source_key = key;  // the first question marks the call
    json meta = {{"importance", q.importance}, {"information_to_look_for", q.look_for}, {"source", q.source}};
    if (q.source == "llm") meta["generator"] = "llm:" + b.generator_model;
    m.metadata = meta.dump();
    const auto id = repo_.insert_message(m);
    memory_.record(id, q.text);
    b.questions.push_back(std::move(q));
  }
  b.generator = generator_of(b.questions, filler);
  if (b.generator == "assistant") b.generator_model.clear();
  b.total_questions_estimated = std::max(plan.total_questions_estimated, number);
  b.coverage = {answered_questions(messages), std::move(plan.open_facets), bearing_on(b.domains)};
  repo_.update_conversation_progress(conv.id, number, b.batch_number);
  return b;
}

Batch Service::generate_and_store(const std::string& conversation_id, std::optional<int> batch_size,
                                  const std::vector<std::string>& recalled, const std::function<bool()>& cancelled,
                                  const std::vector<ProposedQuestion>& proposals) {
  const Generation gen = generate(conversation_id, batch_size, recalled, cancelled, proposals);
  storage::Transaction tx(db_);
  const auto conv = open_for_writing(repo_, conversation_id);
  Batch b = plan_and_store(conv, batch_size, &gen, proposals);
  tx.commit();
  return b;
}

// ---- the flows ----------------------------------------------------------------

namespace {

// What is looked up in memory before the write transaction starts: searches
// must see only committed rows, so the index never holds a row that a
// rollback later takes away.
struct Prefetch {
  std::vector<memory::MemoryItem> similar;
  std::vector<memory::MemoryItem> related;
};

Prefetch prefetch(memory::MemoryStore& memory, storage::Repository& repo, const BatchRequest& request) {
  Prefetch p;
  try {
    if (request.conversation_id) {
      // A follow-up: the latest answer's nearest stored items.
      const auto latest = latest_user_text(request.previous_messages);
      if (!latest) return p;
      memory::SearchFilter f;
      const auto conv = repo.find_conversation(*request.conversation_id);
      if (!conv) return p;
      if (conv->user_id) f.user_id = conv->user_id;
      else f.conversation_id = conv->id;
      f.min_score = kSimilarContext;
      for (auto& item : memory.search(*latest, f, kMaxSimilar + 8)) {
        if (util::trim(item.text) == util::trim(*latest)) continue;  // the answer itself
        p.similar.push_back(std::move(item));
        if (static_cast<int>(p.similar.size()) == kMaxSimilar) break;
      }
    } else if (request.user_id && request.context && !util::trim(*request.context).empty()) {
      // A known user starting anew: what they said before that bears on this.
      if (!repo.find_session_by_user(*request.user_id)) return p;
      memory::SearchFilter f;
      f.user_id = request.user_id;
      f.kinds = {"answer"};
      f.min_score = kRelatedAnswer;
      p.related = memory.search(*request.context, f, kMaxRelated);
    }
  } catch (const std::exception& e) {
    // Recall is an enrichment: a failure costs the enrichment, never the call.
    util::log::warn("memory search failed: {}", e.what());
  }
  return p;
}

}  // namespace

// What a batch reports about the call that produced it: what it recorded and
// what memory recalled before it.
static void report_call(Batch& b, bool created, int recorded, Prefetch&& pre) {
  b.answers_recorded = recorded;
  b.new_conversation = created;
  b.context_enhanced = !pre.similar.empty();
  b.similar_contexts = std::move(pre.similar);
  b.related_answers = std::move(pre.related);
}

Service::Received Service::receive(const BatchRequest& request) {
  Received r;
  r.conv = open_conversation(request, r.created);
  r.recorded = ingest_history(r.conv, request.previous_messages, r.created);
  if (!r.created && request.context) {
    add_context(r.conv, *request.context, "ctx:" + util::sha256_hex(*request.context).substr(0, 32));
  }
  r.conv = *repo_.find_conversation(r.conv.id);
  return r;
}

static std::vector<std::string> recalled_texts(const Prefetch& pre) {
  std::vector<std::string> out;
  for (const auto& item : pre.similar) out.push_back(item.text);
  for (const auto& item : pre.related) out.push_back(item.text);
  return out;
}

Batch Service::next_batch(const BatchRequest& request) {
  check_proposals(request.proposed_questions);
  Prefetch pre = prefetch(memory_, repo_, request);
  Received received;
  Batch b;
  {
    storage::Transaction tx(db_);
    received = receive(request);
    if (!generator_) b = plan_and_store(received.conv, request.batch_size, nullptr, request.proposed_questions);
    tx.commit();
  }
  if (generator_) {
    // What the call carried is committed; the provider is asked outside any transaction.
    save_index();
    b = generate_and_store(received.conv.id, request.batch_size, recalled_texts(pre), request.cancelled,
                           request.proposed_questions);
  }
  report_call(b, received.created, received.recorded, std::move(pre));
  save_index();
  return b;
}

Batch Service::follow_up(const BatchRequest& request) {
  if (!request.conversation_id) {
    throw UserError(
        "conversation_id is required for a follow-up: pass the conversation_id returned by sequential_questioning.");
  }
  const bool has_answer = std::any_of(request.previous_messages.begin(), request.previous_messages.end(),
                                      [](const HistoryMessage& m) {
                                        return lower_role(m.role) == "user" && !util::trim(m.content).empty();
                                      });
  if (!has_answer) {
    throw UserError(
        "previous_messages must include the person's answers (messages with role \"user\") for a follow-up. "
        "To get more questions without answers, call sequential_questioning instead.");
  }
  return next_batch(request);
}

AutomaticResult Service::automatic(const AutomaticRequest& request,
                                   const std::function<bool(int, int)>& between_steps) {
  check_proposals(request.base.proposed_questions);
  if (generator_) return automatic_generated(request, between_steps);
  AutomaticResult result;
  const int max_rounds = std::clamp(request.max_rounds, 1, 3);
  Prefetch pre = prefetch(memory_, repo_, request.base);
  try {
    storage::Transaction tx(db_);
    const Received received = receive(request.base);
    auto conv = received.conv;
    // The proposals belong to the first round only.
    result.initial = plan_and_store(conv, request.base.batch_size, nullptr, request.base.proposed_questions);
    report_call(result.initial, received.created, received.recorded, std::move(pre));
    result.rounds = 1;
    // A resent call stores nothing, so it plans no further rounds either.
    const bool follow =
        request.auto_handle_follow_up && !request.base.previous_messages.empty() && !result.initial.resent;
    bool more = result.initial.next_batch_needed;
    while (follow && more && result.rounds < max_rounds) {
      if (between_steps && !between_steps(result.rounds, max_rounds)) throw Cancelled{};
      conv = *repo_.find_conversation(conv.id);
      Batch next = plan_and_store(conv, request.base.batch_size);
      if (next.questions.empty()) break;
      more = next.next_batch_needed;
      result.follow_ups.push_back(std::move(next));
      ++result.rounds;
    }
    tx.commit();
  } catch (const Cancelled&) {
    result = AutomaticResult{};
    result.cancelled = true;
    return result;
  }
  save_index();
  return result;
}

// automatic() with a generator: each round is generated outside any
// transaction and stored in its own, so a cancellation between rounds keeps
// the rounds already stored (and the answers, stored first).
AutomaticResult Service::automatic_generated(const AutomaticRequest& request,
                                             const std::function<bool(int, int)>& between_steps) {
  AutomaticResult result;
  const int max_rounds = std::clamp(request.max_rounds, 1, 3);
  Prefetch pre = prefetch(memory_, repo_, request.base);
  Received received;
  {
    storage::Transaction tx(db_);
    received = receive(request.base);
    tx.commit();
  }
  save_index();
  const std::string& conv_id = received.conv.id;
  const auto recalled = recalled_texts(pre);
  try {
    result.initial = generate_and_store(conv_id, request.base.batch_size, recalled, request.base.cancelled,
                                        request.base.proposed_questions);
  } catch (const RequestCancelled&) {
    result.cancelled = true;
    result.saved_before_cancel = received.recorded > 0 || received.created;
    return result;
  }
  report_call(result.initial, received.created, received.recorded, std::move(pre));
  result.rounds = 1;
  const bool follow =
      request.auto_handle_follow_up && !request.base.previous_messages.empty() && !result.initial.resent;
  bool more = result.initial.next_batch_needed;
  while (follow && more && result.rounds < max_rounds) {
    if (between_steps && !between_steps(result.rounds, max_rounds)) {
      result.cancelled = true;
      result.saved_before_cancel = true;
      break;
    }
    Batch next;
    try {
      next = generate_and_store(conv_id, request.base.batch_size, recalled, request.base.cancelled);
    } catch (const RequestCancelled&) {
      result.cancelled = true;
      result.saved_before_cancel = true;
      break;
    }
    if (next.questions.empty()) break;
    more = next.next_batch_needed;
    result.follow_ups.push_back(std::move(next));
    ++result.rounds;
  }
  save_index();
  return result;
}

int Service::store_direct_answers(const storage::ConversationRow& conv, const std::vector<DirectAnswer>& answers) {
  std::map<int, int> batch_of;
  for (const auto& m : repo_.messages(conv.id)) {
    if (m.kind == "question" && m.question_number) batch_of[*m.question_number] = m.batch.value_or(0);
  }
  std::string all_answers;
  for (const auto& a : answers) all_answers.append(a.text).append("\n");
  const std::string_view language = facts_language(conv, all_answers);
  int stored = 0;
  for (const auto& a : answers) {
    if (util::trim(a.text).empty()) continue;
    if (a.question_number && !batch_of.count(*a.question_number)) {
      throw UserError(fmt::format("Conversation '{}' has no question {} (it has questions 1 to {}).", conv.id,
                                  *a.question_number, conv.question_count));
    }
    if (!a.question_number) {
      stored += store_answer_parts(conv, a.text, std::nullopt);
      continue;
    }
    storage::MessageRow m;
    m.conversation_id = conv.id;
    m.kind = "answer";
    m.content = std::string(util::trim(a.text));
    m.question_number = a.question_number;
    m.batch = batch_of[*a.question_number];
    m.metadata = json{{"source", "direct"}}.dump();
    store_answer(conv, m, language);
    ++stored;
  }
  return stored;
}


int Service::record_answers(const std::string& conversation_id, const std::vector<DirectAnswer>& answers) {
  storage::Transaction tx(db_);
  const auto conv = open_for_writing(repo_, conversation_id);
  const int stored = store_direct_answers(conv, answers);
  tx.commit();
  return stored;
}

Batch Service::elicited(const std::string& conversation_id, const std::vector<int>& question_numbers,
                        const std::string& action, const std::vector<DirectAnswer>& answers,
                        const std::optional<std::string>& nonce, std::optional<int> batch_size) {
  Batch b;
  {
    storage::Transaction tx(db_);
    auto conv = open_for_writing(repo_, conversation_id);
    if (nonce && repo_.nonce_used(*nonce)) {
      throw UserError("These answers were already submitted; ask again with ask_user to get a new form.");
    }
    repo_.record_elicitation(conversation_id, json(question_numbers).dump(), action, nonce);
    int stored = 0;
    if (action == "accept") {
      stored = store_direct_answers(conv, answers);
      if (!generator_) {
        conv = *repo_.find_conversation(conversation_id);
        b = plan_and_store(conv, batch_size);
      }
    } else {
      b.conversation_id = conv.id;
      b.session_id = conv.session_id;
      b.batch_number = conv.batch_count;
      b.initial = false;
      b.next_batch_needed = true;
      b.timestamp = util::now_rfc3339();
    }
    b.answers_recorded = stored;
    tx.commit();
  }
  if (generator_ && action == "accept") {
    const int stored = b.answers_recorded;
    save_index();
    b = generate_and_store(conversation_id, batch_size, {}, {});
    b.answers_recorded = stored;
  }
  save_index();
  return b;
}

std::string Service::secret(const std::string& name) {
  storage::Transaction tx(db_);
  const std::string value = repo_.meta_or_create("secret:" + name, [] { return util::random_hex(32); });
  tx.commit();
  return value;
}

Batch Service::answer(const std::string& conversation_id, const std::vector<DirectAnswer>& answers,
                      std::optional<int> batch_size, bool plan_next) {
  const int stored = record_answers(conversation_id, answers);
  Batch b;
  if (plan_next) {
    BatchRequest r;
    r.conversation_id = conversation_id;
    r.batch_size = batch_size;
    b = next_batch(r);
  } else {
    b.conversation_id = conversation_id;
  }
  b.answers_recorded = stored;
  return b;
}

// ---- reading ------------------------------------------------------------------

ConversationView Service::conversation(const std::string& id) {
  auto conv = repo_.find_conversation(id);
  if (!conv) {
    throw UserError(fmt::format("Unknown conversation_id '{}': no conversation with that id exists.", id));
  }
  ConversationView v;
  v.row = *conv;
  std::set<int> answered;
  std::set<int> answered_batches;
  for (const auto& m : repo_.messages(id)) {
    if (m.kind == "question") {
      v.questions.push_back(to_question(m));
    } else if (m.kind == "answer") {
      v.answers.push_back({m.id, m.question_number, m.batch.value_or(0), m.content, m.created_at});
      if (m.question_number) answered.insert(*m.question_number);
      else answered_batches.insert(m.batch.value_or(0));
    } else {
      v.contexts.push_back(m.content);
    }
  }
  for (const auto& q : v.questions) {
    if (!answered.count(q.number) && !answered_batches.count(q.batch)) v.unanswered.push_back(q.number);
  }
  return v;
}

ListResult Service::list(const ListRequest& request) {
  storage::ConversationFilter f;
  f.user_id = request.user_id;
  f.status = request.status;
  f.limit = request.limit;
  f.offset = request.offset;
  ListResult r;
  r.conversations = repo_.list_conversations(f);
  r.total = repo_.count_conversations(f);
  return r;
}

bool Service::close(const std::string& id) {
  storage::Transaction tx(db_);
  auto conv = repo_.find_conversation(id);
  if (!conv) throw UserError(fmt::format("Unknown conversation_id '{}'.", id));
  if (conv->status == "closed") return false;
  repo_.set_conversation_status(id, "closed");
  tx.commit();
  return true;
}

}  // namespace sq::questioning
