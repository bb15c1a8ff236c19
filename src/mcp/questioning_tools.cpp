// The MCP tools: see questioning_tools.hpp.
#include "mcp/questioning_tools.hpp"

#include <fmt/format.h>

#include "mcp/tool_support.hpp"

namespace sq::mcp {

namespace {

using questioning::Batch;
using questioning::BatchRequest;

// ---- schemas -----------------------------------------------------------------

json nullable_string(const char* description, int max_length) {
  return {{"type", {"string", "null"}}, {"maxLength", max_length}, {"description", description}};
}

json proposed_questions_schema() {
  const int limit = questioning::kMaxProposalChars;
  return {{"type", {"array", "null"}},
          {"maxItems", questioning::kMaxProposals},
          {"description",
           fmt::format("Your own questions for this batch (at most {}), asked first and numbered on after the "
                       "questions already asked; the server fills the rest of the batch. Each is checked (non-empty, "
                       "at most {} characters) and stored like the server's own, so answers are matched to it by "
                       "number. A proposal that repeats a question already asked, or another proposal, is dropped "
                       "and listed in metadata.dropped_proposals with the reason. Sending the same proposals again "
                       "with no new answer stores nothing and returns the batch served then.",
                       questioning::kMaxProposals, limit)},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"question_text",
               {{"type", "string"}, {"maxLength", limit}, {"description", "The question, as the person should see it."}}},
              {"importance",
               {{"type", {"string", "null"}},
                {"maxLength", limit},
                {"description", "Why it matters, one sentence (a short default when omitted)."}}},
              {"information_to_look_for",
               {{"type", {"string", "null"}},
                {"maxLength", limit},
                {"description", "What a good answer contains, one sentence (a short default when omitted)."}}}}},
            {"required", {"question_text"}},
            {"additionalProperties", false}}}};
}

json batch_input_schema(bool answers_required) {
  json props = {
      {"user_id", id_string_schema("Stable identifier of the person being asked. One session is kept per user_id, and "
                            "their earlier answers are recalled in new conversations.")},
      {"conversation_id",
       id_string_schema(answers_required ? "The conversation to continue (returned by sequential_questioning)."
                                  : "The conversation to continue. Omit it to start a new conversation; the server "
                                    "mints the id. An unknown id is an error, never a new conversation.")},
      {"session_id", id_string_schema("Optional session identifier returned by an earlier call.")},
      {"context", nullable_string("What the information is being gathered for, e.g. \"Plan a two-week trip to "
                                  "Japan in April\".", 100000)},
      {"previous_messages",
       {{"type", {"array", "null"}},
        {"maxItems", 1000},
        {"description", answers_required
                            ? "The conversation so far, including the person's answers (role \"user\"). Numbered "
                              "answers (\"1. ...\", \"Q2: ...\") are matched to question numbers; other text answers "
                              "the latest batch. Resent messages are stored only once."
                            : "The conversation so far. Messages from the person (role \"user\") after questions "
                              "were asked are stored as answers; resent messages are stored only once."},
        {"items",
         {{"type", "object"},
          {"properties",
           {{"role", {{"type", "string"}, {"enum", {"user", "assistant", "system"}}}},
            {"content", {{"type", "string"}, {"maxLength", 100000}}},
            {"timestamp", {{"type", {"string", "null"}}, {"maxLength", 64}}}}},
          {"required", {"role", "content"}},
          {"additionalProperties", false}}}}},
      {"metadata",
       {{"type", {"object", "null"}},
        {"maxProperties", 50},
        {"additionalProperties", {{"type", "string"}, {"maxLength", 1000}}},
        {"description", "Free-form string labels stored with a new conversation."}}},
      {"batch_size",
       {{"type", {"integer", "null"}},
        {"minimum", questioning::kMinBatch},
        {"maximum", questioning::kMaxBatch},
        {"description", "How many questions to return (1-10). Default: 5 for the first batch, 3 after."}}},
      {"proposed_questions", proposed_questions_schema()},
  };
  json schema = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (answers_required) schema["required"] = {"conversation_id", "previous_messages"};
  return schema;
}

json memory_item_schema() {
  return {{"type", "object"},
          {"properties",
           {{"conversation_id", {{"type", "string"}}},
            {"type", {{"type", "string"}, {"enum", {"question", "answer", "context"}}}},
            {"text", {{"type", "string"}}},
            {"score", {{"type", "number"}}},
            {"created_at", {{"type", "string"}}},
            {"question_number", {{"type", {"integer", "null"}}}}}},
          {"required", {"conversation_id", "type", "text", "score", "created_at"}}};
}

}  // namespace

json batch_output_schema() {
  json question = {
      {"type", "object"},
      {"properties",
       {{"question_text", {{"type", "string"}}},
        {"question_number", {{"type", "integer"}}},
        {"metadata",
         {{"type", "object"},
          {"properties",
           {{"importance", {{"type", "string"}}},
            {"information_to_look_for", {{"type", "string"}}},
            {"facet", {{"type", "string"}}},
            {"batch_number", {{"type", "integer"}}},
            {"source", {{"type", "string"}, {"enum", {"assistant", "builtin", "llm"}}}}}},
          {"required", {"importance", "information_to_look_for"}}}}}},
      {"required", {"question_text", "question_number", "metadata"}}};
  json dropped = {{"type", "object"},
                  {"properties", {{"question_text", {{"type", "string"}}}, {"reason", {{"type", "string"}}}}},
                  {"required", {"question_text", "reason"}}};
  json answered = {{"type", "object"},
                   {"properties",
                    {{"question_number", {{"type", "integer"}}},
                     {"facet", {{"type", "string"}}},
                     {"question_text", {{"type", "string"}}},
                     {"answer_summary", {{"type", "string"}}}}},
                   {"required", {"question_number", "facet", "question_text", "answer_summary"}}};
  json open = {{"type", "object"},
               {"properties",
                {{"facet", {{"type", "string"}}}, {"subject", {{"type", "string"}}}, {"why", {{"type", "string"}}}}},
               {"required", {"facet", "subject", "why"}}};
  json fact = {{"type", "object"},
               {"properties",
                {{"kind", {{"type", "string"}, {"enum", {"person", "health", "diet", "home", "language", "tool"}}}},
                 {"text", {{"type", "string"}}},
                 {"conversation_id", {{"type", "string"}}},
                 {"question_number", {{"type", "integer"}}},
                 {"recorded_at", {{"type", "string"}}},
                 {"why", {{"type", "string"}}}}},
               {"required", {"kind", "text", "conversation_id", "recorded_at", "why"}}};
  json coverage = {{"type", "object"},
                   {"properties",
                    {{"answered", {{"type", "array"}, {"items", answered}}},
                     {"open", {{"type", "array"}, {"maxItems", questioning::kMaxOpenFacets}, {"items", open}}},
                     {"standing_facts",
                      {{"type", "array"}, {"maxItems", questioning::kMaxBearingFacts}, {"items", fact}}}}},
                   {"required", {"answered", "open", "standing_facts"}}};
  json metadata = {
      {"type", "object"},
      {"properties",
       {{"question_type", {{"type", "string"}, {"enum", {"initial", "follow_up"}}}},
        {"timestamp", {{"type", "string"}}},
        {"batch_number", {{"type", "integer"}}},
        {"answers_recorded", {{"type", "integer"}}},
        {"new_conversation", {{"type", "boolean"}}},
        {"domains", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"language", {{"type", "string"}}},
        {"task_type", {{"type", "string"}}},
        {"subject", {{"type", "string"}}},
        {"context_enhanced", {{"type", "boolean"}}},
        {"generator", {{"type", "string"}, {"enum", {"builtin", "llm", "assistant", "mixed"}}}},
        {"generator_model", {{"type", "string"}}},
        {"fallback_reason", {{"type", "string"}}},
        {"similar_contexts", {{"type", "array"}, {"items", memory_item_schema()}}},
        {"related_answers", {{"type", "array"}, {"items", memory_item_schema()}}},
        {"dropped_proposals", {{"type", "array"}, {"items", dropped}}},
        {"resent", {{"type", "boolean"}}},
        {"coverage", coverage}}},
      {"required", {"question_type", "timestamp", "batch_number"}}};
  return {{"type", "object"},
          {"properties",
           {{"current_question", {{"type", "string"}}},
            {"questions", {{"type", "array"}, {"items", question}}},
            {"conversation_id", {{"type", "string"}}},
            {"session_id", {{"type", "string"}}},
            {"current_question_number", {{"type", "integer"}}},
            {"total_questions_in_batch", {{"type", "integer"}}},
            {"total_questions_estimated", {{"type", "integer"}}},
            {"next_batch_needed", {{"type", "boolean"}}},
            {"metadata", metadata}}},
          {"required",
           {"current_question", "questions", "conversation_id", "session_id", "current_question_number",
            "total_questions_in_batch", "total_questions_estimated", "next_batch_needed", "metadata"}}};
}

namespace {

// ---- arguments -------------------------------------------------------------------

BatchRequest batch_request(const json& args) {
  BatchRequest r;
  r.user_id = opt_string(args, "user_id");
  r.conversation_id = opt_string(args, "conversation_id");
  r.session_id = opt_string(args, "session_id");
  r.context = opt_string(args, "context");
  if (auto it = args.find("previous_messages"); it != args.end() && it->is_array()) {
    for (const auto& m : *it) {
      questioning::HistoryMessage h;
      h.role = m.at("role").get<std::string>();
      h.content = m.at("content").get<std::string>();
      h.timestamp = opt_string(m, "timestamp");
      r.previous_messages.push_back(std::move(h));
    }
  }
  if (auto it = args.find("metadata"); it != args.end() && it->is_object()) {
    for (const auto& [k, v] : it->items()) r.metadata[k] = v.get<std::string>();
  }
  if (auto it = args.find("batch_size"); it != args.end() && !it->is_null()) r.batch_size = it->get<int>();
  if (auto it = args.find("proposed_questions"); it != args.end() && it->is_array()) {
    for (const auto& p : *it) {
      questioning::ProposedQuestion q;
      q.question_text = p.at("question_text").get<std::string>();
      q.importance = opt_string(p, "importance");
      q.information_to_look_for = opt_string(p, "information_to_look_for");
      r.proposed_questions.push_back(std::move(q));
    }
  }
  return r;
}

std::string batch_text(const Batch& b) {
  std::string text;
  if (b.questions.empty()) {
    text = "No further questions: everything relevant to this conversation has been covered.";
  } else {
    text = b.numbered_list();
  }
  text += fmt::format("\n\n(conversation_id: {}; session_id: {}", b.conversation_id, b.session_id);
  if (b.answers_recorded > 0) text += fmt::format("; {} new answer{} recorded", b.answers_recorded,
                                                  b.answers_recorded == 1 ? "" : "s");
  text += b.next_batch_needed ? "; more questions will follow after these are answered)"
                              : "; no further batch is expected)";
  if (b.resent) text += "\n\nThis call repeats an earlier one: nothing new was stored; these are the questions served then.";
  if (!b.dropped_proposals.empty()) {
    text += "\n\nProposed questions not asked:";
    for (const auto& d : b.dropped_proposals) text += fmt::format("\n- {} ({})", d.question_text, d.reason);
  }
  if (!b.related_answers.empty()) {
    text += "\n\nThis person answered related questions before:";
    for (const auto& a : b.related_answers) text += "\n- " + a.text;
  }
  return text;
}

}  // namespace

json memory_item_to_json(const memory::MemoryItem& item) {
  json j = {{"conversation_id", item.conversation_id},
            {"type", item.kind},
            {"text", item.text},
            {"score", item.score},
            {"created_at", item.created_at},
            {"question_number", nullptr}};
  if (item.question_number) j["question_number"] = *item.question_number;
  return j;
}

json batch_to_json(const Batch& b) {
  json questions = json::array();
  for (const auto& q : b.questions) {
    questions.push_back({{"question_text", q.text},
                         {"question_number", q.number},
                         {"metadata",
                          {{"importance", q.importance},
                           {"information_to_look_for", q.look_for},
                           {"facet", q.facet},
                           {"batch_number", q.batch},
                           {"source", q.source}}}});
  }
  json similar = json::array();
  for (const auto& s : b.similar_contexts) similar.push_back(memory_item_to_json(s));
  json related = json::array();
  for (const auto& s : b.related_answers) related.push_back(memory_item_to_json(s));
  const int first = b.questions.empty() ? 0 : b.questions.front().number;
  json out = {{"current_question", b.numbered_list()},
          {"questions", std::move(questions)},
          {"conversation_id", b.conversation_id},
          {"session_id", b.session_id},
          {"current_question_number", first},
          {"total_questions_in_batch", static_cast<int>(b.questions.size())},
          {"total_questions_estimated", b.total_questions_estimated},
          {"next_batch_needed", b.next_batch_needed},
          {"metadata",
           {{"question_type", b.initial ? "initial" : "follow_up"},
            {"timestamp", b.timestamp},
            {"batch_number", b.batch_number},
            {"answers_recorded", b.answers_recorded},
            {"new_conversation", b.new_conversation},
            {"domains", b.domains},
            {"context_enhanced", b.context_enhanced},
            {"similar_contexts", std::move(similar)},
            {"related_answers", std::move(related)}}}};
  auto& meta = out["metadata"];
  if (!b.language.empty()) meta["language"] = b.language;
  if (!b.task_type.empty()) meta["task_type"] = b.task_type;
  if (!b.subject.empty()) meta["subject"] = b.subject;
  meta["generator"] = b.generator;
  if (!b.generator_model.empty()) meta["generator_model"] = b.generator_model;
  if (!b.fallback_reason.empty()) meta["fallback_reason"] = b.fallback_reason;
  json dropped = json::array();
  for (const auto& d : b.dropped_proposals) dropped.push_back({{"question_text", d.question_text}, {"reason", d.reason}});
  meta["dropped_proposals"] = std::move(dropped);
  if (b.resent) meta["resent"] = true;
  json answered = json::array();
  for (const auto& a : b.coverage.answered) {
    answered.push_back({{"question_number", a.question_number},
                        {"facet", a.facet},
                        {"question_text", a.question_text},
                        {"answer_summary", a.answer_summary}});
  }
  json open = json::array();
  for (const auto& o : b.coverage.open) open.push_back({{"facet", o.facet_id}, {"subject", o.subject}, {"why", o.why}});
  json facts = json::array();
  for (const auto& f : b.coverage.standing_facts) {
    json item = {{"kind", f.fact.kind},
                 {"text", f.fact.text},
                 {"conversation_id", f.fact.conversation_id},
                 {"recorded_at", f.fact.created_at},
                 {"why", f.why}};
    if (f.fact.question_number) item["question_number"] = *f.fact.question_number;
    facts.push_back(std::move(item));
  }
  meta["coverage"] = {{"answered", std::move(answered)}, {"open", std::move(open)}, {"standing_facts", std::move(facts)}};
  return out;
}

json conversation_to_json(const questioning::ConversationView& v) {
  json questions = json::array();
  for (const auto& q : v.questions) {
    questions.push_back({{"question_number", q.number},
                         {"question_text", q.text},
                         {"batch_number", q.batch},
                         {"importance", q.importance},
                         {"information_to_look_for", q.look_for}});
  }
  json answers = json::array();
  for (const auto& a : v.answers) {
    answers.push_back({{"question_number", a.question_number ? json(*a.question_number) : json(nullptr)},
                       {"batch_number", a.batch},
                       {"text", a.text},
                       {"created_at", a.created_at}});
  }
  return {{"conversation_id", v.row.id},
          {"session_id", v.row.session_id},
          {"user_id", v.row.user_id ? json(*v.row.user_id) : json(nullptr)},
          {"title", v.row.title},
          {"context", v.row.context},
          {"status", v.row.status},
          {"created_at", v.row.created_at},
          {"updated_at", v.row.updated_at},
          {"question_count", v.row.question_count},
          {"batch_count", v.row.batch_count},
          {"questions", std::move(questions)},
          {"answers", std::move(answers)},
          {"unanswered_question_numbers", v.unanswered}};
}

const std::string& questioning_instructions() {
  static const std::string text =
      "This server helps you gather information from a person through numbered batches of questions, and "
      "remembers every conversation.\n"
      "1. Call sequential_questioning with a short `context` describing the goal (and a stable `user_id` if you "
      "have one). It returns a numbered batch of questions and a `conversation_id`.\n"
      "2. Show the questions to the person exactly as numbered and let them answer (\"1. ...\", \"2. ...\").\n"
      "3. Call sequential_questioning_follow_up with the same `conversation_id` and `previous_messages` holding "
      "the person's answers (role \"user\"). Resending the whole history is fine: messages already stored are "
      "not stored again. It returns the next batch, numbered after the last one.\n"
      "4. Stop when `next_batch_needed` is false.\n"
      "You may write questions yourself: pass them in `proposed_questions` (at most 10, each at most 500 "
      "characters) to any of the three questioning tools. They are checked, numbered on after the questions "
      "already asked and stored like the server's own, so answers are matched to them by number; the server fills "
      "the rest of the batch. A proposal that repeats an asked question or another proposal is dropped and listed "
      "in `metadata.dropped_proposals`; resending the same proposals stores nothing twice.\n"
      "Every batch's `metadata.coverage` lists what is answered so far (`answered`, with a short summary of each "
      "answer), the most important facets still open (`open`), and what the person said in earlier conversations "
      "that bears on this one (`standing_facts`: the people in their life, health and allergies, diet, where they "
      "live, languages, tools, each with why it matters): use it to decide what to propose next, and confirm or "
      "use a known fact rather than asking it again.\n"
      "sequential_questioning_automatic returns several rounds at once. search_memory finds what was asked or "
      "answered before; get_conversation shows everything recorded for one conversation.";
  return text;
}

void register_all_tools(ToolRegistry& registry, questioning::Service& service) {
  register_questioning_tools(registry, service);
  register_conversation_tools(registry, service);
  register_ask_user_tool(registry, service);
}

json conversation_summary_to_json(const storage::ConversationRow& c) {
  return {{"conversation_id", c.id},
          {"title", c.title},
          {"status", c.status},
          {"user_id", c.user_id ? json(*c.user_id) : json(nullptr)},
          {"question_count", c.question_count},
          {"batch_count", c.batch_count},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

json conversation_output_schema() {
  const json nullable_int = {{"type", {"integer", "null"}}};
  return {{"type", "object"},
          {"properties",
           {{"conversation_id", {{"type", "string"}}},
            {"session_id", {{"type", "string"}}},
            {"user_id", {{"type", {"string", "null"}}}},
            {"title", {{"type", "string"}}},
            {"context", {{"type", "string"}}},
            {"status", {{"type", "string"}, {"enum", {"open", "closed"}}}},
            {"created_at", {{"type", "string"}}},
            {"updated_at", {{"type", "string"}}},
            {"question_count", {{"type", "integer"}}},
            {"batch_count", {{"type", "integer"}}},
            {"questions",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"question_number", {{"type", "integer"}}},
                  {"question_text", {{"type", "string"}}},
                  {"batch_number", {{"type", "integer"}}}}},
                {"required", {"question_number", "question_text", "batch_number"}}}}}},
            {"answers",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties", {{"question_number", nullable_int}, {"batch_number", {{"type", "integer"}}},
                                {"text", {{"type", "string"}}}, {"created_at", {{"type", "string"}}}}},
                {"required", {"question_number", "batch_number", "text", "created_at"}}}}}},
            {"unanswered_question_numbers", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}},
          {"required",
           {"conversation_id", "session_id", "title", "status", "question_count", "questions", "answers",
            "unanswered_question_numbers"}}};
}

void register_questioning_tools(ToolRegistry& registry, questioning::Service& service) {
  const json annotations_write = {{"readOnlyHint", false}, {"destructiveHint", false}, {"idempotentHint", false},
                                  {"openWorldHint", false}};
  const json annotations_read = {{"readOnlyHint", true}, {"openWorldHint", false}};

  {
    json input = batch_input_schema(false);
    input["properties"]["auto_follow_up"] = {
        {"type", {"boolean", "null"}}, {"description", "Accepted for compatibility; has no effect."}};
    registry.add(Tool{
        "sequential_questioning",
        "Ask the next batch of questions",
        "Start a conversation (omit conversation_id) or continue one: returns the next numbered batch of questions "
        "to put to the person, chosen for the context and for what they have already answered. Answers found in "
        "previous_messages are recorded first. You may propose your own questions in proposed_questions: they are "
        "checked, numbered first and stored like the server's, repeats are dropped (metadata.dropped_proposals), "
        "and the server fills the rest of the batch. metadata.coverage lists what is answered, what is still "
        "open, and what the person said before that bears on it (standing_facts).",
        input,
        batch_output_schema(),
        annotations_write,
        [&service](const json& args, CallContext& ctx) {
          return guarded("sequential_questioning", [&] {
            auto request = batch_request(args);
            request.cancelled = ctx.cancelled;
            const Batch b = service.next_batch(request);
            return ToolResult::ok(batch_to_json(b), batch_text(b));
          });
        }});
  }

  registry.add(Tool{
      "sequential_questioning_follow_up",
      "Record answers and ask follow-up questions",
      "Record the person's answers to a conversation's questions and get the next batch of follow-up questions, "
      "which dig into what they said. previous_messages must contain their answers. You may propose your own "
      "follow-up questions in proposed_questions: they are checked, numbered first and stored like the server's, "
      "repeats are dropped (metadata.dropped_proposals), and the server fills the rest of the batch. "
      "metadata.coverage lists what is answered, what is still open, and what the person said before that bears "
      "on it (standing_facts).",
      batch_input_schema(true),
      batch_output_schema(),
      annotations_write,
      [&service](const json& args, CallContext& ctx) {
        return guarded("sequential_questioning_follow_up", [&] {
          auto request = batch_request(args);
          request.cancelled = ctx.cancelled;
          const Batch b = service.follow_up(request);
          return ToolResult::ok(batch_to_json(b), batch_text(b));
        });
      }});

  {
    json input = batch_input_schema(false);
    input["properties"]["auto_handle_follow_up"] = {
        {"type", {"boolean", "null"}},
        {"description", "Also generate follow-up rounds when previous_messages are given (default true)."}};
    input["properties"]["max_rounds"] = {{"type", {"integer", "null"}},
                                         {"minimum", 1},
                                         {"maximum", 3},
                                         {"description", "Most rounds of questions in one call (1-3, default 2)."}};
    json output = {
        {"type", "object"},
        {"properties",
         {{"initial_questions", batch_output_schema()},
          {"follow_up_questions", {{"type", {"array", "null"}}, {"items", batch_output_schema()}}},
          {"all_questions_combined", {{"type", "string"}}},
          {"conversation_id", {{"type", "string"}}},
          {"session_id", {{"type", "string"}}},
          {"total_questions", {{"type", "integer"}}},
          {"metadata",
           {{"type", "object"},
            {"properties",
             {{"rounds_generated", {{"type", "integer"}}},
              {"timestamp", {{"type", "string"}}},
              {"auto_follow_up", {{"type", "boolean"}}}}}}}}},
        {"required",
         {"initial_questions", "all_questions_combined", "conversation_id", "session_id", "total_questions",
          "metadata"}}};
    registry.add(Tool{
        "sequential_questioning_automatic",
        "Ask several rounds of questions at once",
        "Like sequential_questioning, and when previous_messages are given, also generates up to max_rounds-1 "
        "further rounds in the same call. Returns every round and all questions combined as one numbered list. "
        "proposed_questions (your own questions, checked, numbered and stored like the server's) apply to the "
        "first round only; each round's metadata.coverage lists what is answered, what is still open, and "
        "what the person said before that bears on it (standing_facts).",
        input,
        output,
        annotations_write,
        [&service](const json& args, CallContext& ctx) {
          return guarded("sequential_questioning_automatic", [&] {
            questioning::AutomaticRequest r;
            r.base = batch_request(args);
            r.base.cancelled = ctx.cancelled;
            if (auto it = args.find("auto_handle_follow_up"); it != args.end() && !it->is_null()) {
              r.auto_handle_follow_up = it->get<bool>();
            }
            if (auto it = args.find("max_rounds"); it != args.end() && !it->is_null()) r.max_rounds = it->get<int>();
            const auto result = service.automatic(r, [&ctx](int round, int total) {
              if (ctx.progress) ctx.progress(round, total, fmt::format("round {} of {} done", round, total));
              return !(ctx.cancelled && ctx.cancelled());
            });
            if (result.cancelled) {
              return ToolResult::error(result.saved_before_cancel
                                           ? "The request was cancelled; what was stored before it stays."
                                           : "The request was cancelled; nothing was saved.");
            }
            if (ctx.progress) ctx.progress(result.rounds, result.rounds, "done");
            std::vector<const Batch*> all = {&result.initial};
            json follow = json::array();
            for (const auto& f : result.follow_ups) {
              all.push_back(&f);
              follow.push_back(batch_to_json(f));
            }
            std::string combined;
            int total = 0;
            for (const Batch* b : all) {
              for (const auto& q : b->questions) {
                if (!combined.empty()) combined += '\n';
                combined += fmt::format("{}. {}", q.number, q.text);
                ++total;
              }
            }
            json out = {{"initial_questions", batch_to_json(result.initial)},
                        {"follow_up_questions", result.follow_ups.empty() ? json(nullptr) : follow},
                        {"all_questions_combined", combined},
                        {"conversation_id", result.initial.conversation_id},
                        {"session_id", result.initial.session_id},
                        {"total_questions", total},
                        {"metadata",
                         {{"rounds_generated", result.rounds},
                          {"timestamp", result.initial.timestamp},
                          {"auto_follow_up", r.auto_handle_follow_up}}}};
            Batch shown = result.initial;
            shown.questions.clear();
            for (const Batch* b : all) shown.questions.insert(shown.questions.end(), b->questions.begin(),
                                                              b->questions.end());
            shown.next_batch_needed = all.back()->next_batch_needed;
            return ToolResult::ok(out, batch_text(shown));
          });
        }});
  }

  registry.add(Tool{
      "search_memory",
      "Search remembered questions and answers",
      "Find stored questions, answers and contexts similar in meaning to a query, across conversations or "
      "within one.",
      {{"type", "object"},
       {"properties",
        {{"query", {{"type", "string"}, {"minLength", 1}, {"maxLength", 10000}, {"description", "What to look for."}}},
         {"user_id", id_string_schema("Only this user's conversations.")},
         {"conversation_id", id_string_schema("Only this conversation.")},
         {"types",
          {{"type", {"array", "null"}},
           {"items", {{"type", "string"}, {"enum", {"question", "answer", "context"}}}},
           {"maxItems", 3},
           {"description", "Kinds of item to return (default all)."}}},
         {"limit", {{"type", {"integer", "null"}}, {"minimum", 1}, {"maximum", 50}, {"description", "1-50, default 10."}}}}},
       {"required", {"query"}},
       {"additionalProperties", false}},
      {{"type", "object"},
       {"properties", {{"items", {{"type", "array"}, {"items", memory_item_schema()}}}}},
       {"required", {"items"}}},
      annotations_read,
      [&service](const json& args, CallContext&) {
        return guarded("search_memory", [&] {
          memory::SearchFilter f;
          f.user_id = opt_string(args, "user_id");
          f.conversation_id = opt_string(args, "conversation_id");
          if (auto it = args.find("types"); it != args.end() && it->is_array()) {
            for (const auto& t : *it) f.kinds.push_back(t.get<std::string>());
          }
          int limit = 10;
          if (auto it = args.find("limit"); it != args.end() && !it->is_null()) limit = it->get<int>();
          const auto items = service.memory().search(args.at("query").get<std::string>(), f, limit);
          json list = json::array();
          std::string text;
          for (const auto& i : items) {
            list.push_back(memory_item_to_json(i));
            text += fmt::format("{}[{:.2f}] {} ({}, conversation {})", text.empty() ? "" : "\n", i.score, i.text,
                                i.kind, i.conversation_id);
          }
          if (text.empty()) text = "Nothing similar is stored.";
          return ToolResult::ok(json{{"items", list}}, text);
        });
      }});
}

}  // namespace sq::mcp
