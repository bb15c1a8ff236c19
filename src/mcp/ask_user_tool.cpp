// The ask_user tool: puts a conversation's open questions to the person
// directly through the client's elicitation form. In the handshake era the
// server sends elicitation/create and waits; in the stateless era it returns
// an InputRequiredResult with signed requestState and finishes on the retry.
// Clients without elicitation get the questions back to relay themselves.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "mcp/questioning_tools.hpp"
#include "mcp/request_state.hpp"
#include "mcp/tool_support.hpp"
#include "util/clock.hpp"
#include "util/ids.hpp"

namespace sq::mcp {

namespace {

using questioning::Question;
using questioning::UserError;

constexpr std::int64_t kStateLifetimeMs = 24LL * 3600 * 1000;  // a form may wait a day for its person
constexpr const char* kInputKey = "answers";

std::string field_name(int number) { return fmt::format("q{}", number); }

bool can_show_forms(const json& capabilities) {
  const auto e = capabilities.find("elicitation");
  if (e == capabilities.end() || !e->is_object()) return false;
  return e->empty() || e->contains("form");  // an empty object means form mode
}

json elicitation_params(const std::vector<Question>& questions, const std::string& title, bool with_mode) {
  json properties = json::object();
  for (const auto& q : questions) {
    properties[field_name(q.number)] = {
        {"type", "string"}, {"title", fmt::format("Question {}", q.number)}, {"description", q.text}};
  }
  json params = {{"message", fmt::format("Please answer these questions about \"{}\". Leave a field empty to skip it.",
                                         title)},
                 {"requestedSchema", {{"type", "object"}, {"properties", properties}}}};
  if (with_mode) params["mode"] = "form";
  return params;
}

std::vector<Question> select_questions(const questioning::ConversationView& view, const json& args) {
  if (view.row.status == "closed") throw UserError(fmt::format("Conversation '{}' is closed.", view.row.id));
  std::vector<Question> out;
  if (auto it = args.find("question_numbers"); it != args.end() && !it->is_null()) {
    std::set<int> seen;
    for (const auto& n : *it) {
      const int number = n.get<int>();
      const auto q = std::find_if(view.questions.begin(), view.questions.end(),
                                  [&](const Question& x) { return x.number == number; });
      if (q == view.questions.end()) {
        throw UserError(fmt::format("Conversation '{}' has no question {} (it has questions 1 to {}).", view.row.id,
                                    number, view.row.question_count));
      }
      if (seen.insert(number).second) out.push_back(*q);
    }
    return out;
  }
  const std::set<int> open(view.unanswered.begin(), view.unanswered.end());
  for (const auto& q : view.questions) {
    if (q.batch == view.row.batch_count && open.count(q.number)) out.push_back(q);
  }
  return out;
}

json questions_json(const std::vector<Question>& qs) {
  json out = json::array();
  for (const auto& q : qs) out.push_back({{"question_number", q.number}, {"question_text", q.text}});
  return out;
}

std::string numbered(const std::vector<Question>& qs) {
  std::string out;
  for (const auto& q : qs) out += fmt::format("{}{}. {}", out.empty() ? "" : "\n", q.number, q.text);
  return out;
}

json output_schema() {
  return {{"type", "object"},
          {"properties",
           {{"conversation_id", {{"type", "string"}}},
            {"action", {{"type", "string"}, {"enum", {"accept", "decline", "cancel", "relay", "none"}}}},
            {"answers_recorded", {{"type", "integer"}}},
            {"answers", {{"type", "array"}, {"items", {{"type", "object"}}}}},
            {"questions", {{"type", "array"}, {"items", {{"type", "object"}}}}},
            {"next_batch", {{"anyOf", {batch_output_schema(), {{"type", "null"}}}}}}}},
          {"required", {"conversation_id", "action", "answers_recorded", "answers", "questions", "next_batch"}}};
}

// Stores what the person did with the form and builds the tool result.
ToolResult finish(questioning::Service& service, const std::string& conversation_id,
                  const std::vector<Question>& questions, const json& response, const std::optional<std::string>& nonce,
                  std::optional<int> batch_size) {
  if (!response.is_object()) throw RpcError{error_code::invalid_params, "Invalid params: the elicitation result must be an object"};
  const std::string action = response.value("action", "");
  if (action != "accept" && action != "decline" && action != "cancel") {
    throw RpcError{error_code::invalid_params,
                   "Invalid params: the elicitation result's action must be accept, decline or cancel"};
  }
  std::vector<questioning::DirectAnswer> answers;
  json answered = json::array();
  if (action == "accept") {
    const json content = response.value("content", json::object());
    for (const auto& q : questions) {
      const auto it = content.find(field_name(q.number));
      if (it == content.end() || it->is_null()) continue;
      std::string text = it->is_string() ? it->get<std::string>() : it->dump();
      if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
      answers.push_back({q.number, text});
      answered.push_back({{"question_number", q.number}, {"text", text}});
    }
  }
  std::vector<int> numbers;
  for (const auto& q : questions) numbers.push_back(q.number);
  const auto batch = service.elicited(conversation_id, numbers, action, answers, nonce, batch_size);
  const bool planned = action == "accept";
  json out = {{"conversation_id", conversation_id},
              {"action", action},
              {"answers_recorded", batch.answers_recorded},
              {"answers", answered},
              {"questions", questions_json(questions)},
              {"next_batch", planned ? batch_to_json(batch) : json(nullptr)}};
  std::string text;
  if (action == "accept") {
    text = fmt::format("The person answered {} of {} questions; the answers are recorded.", batch.answers_recorded,
                       questions.size());
    text += batch.questions.empty() ? "\n\nNo further questions: everything relevant has been covered."
                                    : "\n\nNext questions:\n" + batch.numbered_list();
  } else {
    text = fmt::format("The person {} the form; nothing new was recorded. The questions are still open:\n{}",
                       action == "decline" ? "declined" : "cancelled", numbered(questions));
  }
  return ToolResult::ok(out, text);
}

ToolResult relay(const std::string& conversation_id, const std::vector<Question>& questions) {
  json out = {{"conversation_id", conversation_id}, {"action", "relay"}, {"answers_recorded", 0},
              {"answers", json::array()}, {"questions", questions_json(questions)}, {"next_batch", nullptr}};
  return ToolResult::ok(out, fmt::format("This client cannot show a form to the person. Ask them these questions "
                                         "yourself, then send their answers with sequential_questioning_follow_up "
                                         "(conversation_id {}):\n{}",
                                         conversation_id, numbered(questions)));
}

}  // namespace

void register_ask_user_tool(ToolRegistry& registry, questioning::Service& service) {
  registry.add(Tool{
      "ask_user",
      "Ask the person directly",
      "Show a conversation's open questions to the person as a form in the client (elicitation) and record their "
      "answers. By default asks the unanswered questions of the latest batch. Returns the answers and the next "
      "batch. If the client cannot show forms, returns the questions for you to relay.",
      {{"type", "object"},
       {"properties",
        {{"conversation_id", {{"type", "string"}, {"minLength", 1}, {"maxLength", 256}}},
         {"question_numbers",
          {{"type", {"array", "null"}},
           {"items", {{"type", "integer"}, {"minimum", 1}}},
           {"minItems", 1},
           {"maxItems", 10},
           {"description", "Which questions to ask (default: the unanswered ones of the latest batch)."}}},
         {"batch_size", {{"type", {"integer", "null"}}, {"minimum", 1}, {"maximum", 10}}}}},
       {"required", {"conversation_id"}},
       {"additionalProperties", false}},
      output_schema(),
      {{"readOnlyHint", false}, {"destructiveHint", false}, {"openWorldHint", false}},
      [&service](const json& args, CallContext& ctx) {
        return guarded("ask_user", [&]() -> ToolResult {
          const std::string id = args.at("conversation_id").get<std::string>();
          std::optional<int> batch_size;
          if (auto it = args.find("batch_size"); it != args.end() && !it->is_null()) batch_size = it->get<int>();
          const auto view = service.conversation(id);

          if (ctx.stateless && (!ctx.request_state.empty() || !ctx.input_responses.is_null())) {
            // The retry: everything needed comes back signed in requestState.
            const auto state = open_state(ctx.request_state, service.secret("request-state"));
            if (!state || state->value("tool", "") != "ask_user" || state->value("conversation_id", "") != id) {
              throw RpcError{error_code::invalid_params,
                             "Invalid params: requestState failed verification; call ask_user again without it"};
            }
            if (state->value("expires_ms", std::int64_t{0}) < util::now_unix_ms()) {
              throw RpcError{error_code::invalid_params, "Invalid params: requestState has expired; call ask_user again"};
            }
            std::vector<Question> questions;
            for (const auto& n : state->at("numbers")) {
              for (const auto& q : view.questions) {
                if (q.number == n.get<int>()) questions.push_back(q);
              }
            }
            if (!ctx.input_responses.is_object() || !ctx.input_responses.contains(kInputKey)) {
              ToolResult again;  // the answers are still missing: ask once more
              again.input_requests = {{kInputKey, {{"method", "elicitation/create"},
                                                   {"params", elicitation_params(questions, view.row.title, true)}}}};
              again.request_state = ctx.request_state;
              return again;
            }
            return finish(service, id, questions, ctx.input_responses[kInputKey], state->value("nonce", ""),
                          batch_size);
          }

          const auto questions = select_questions(view, args);
          if (questions.empty()) {
            json out = {{"conversation_id", id}, {"action", "none"}, {"answers_recorded", 0},
                        {"answers", json::array()}, {"questions", json::array()}, {"next_batch", nullptr}};
            return ToolResult::ok(out, "Every question of the latest batch is answered. Call sequential_questioning "
                                       "for the next batch.");
          }
          if (!can_show_forms(ctx.client_capabilities)) return relay(id, questions);

          if (ctx.stateless) {
            std::vector<int> numbers;
            for (const auto& q : questions) numbers.push_back(q.number);
            const json payload = {{"tool", "ask_user"},
                                  {"conversation_id", id},
                                  {"numbers", numbers},
                                  {"expires_ms", util::now_unix_ms() + kStateLifetimeMs},
                                  {"nonce", util::random_hex(16)}};
            ToolResult pending;
            pending.input_requests = {{kInputKey, {{"method", "elicitation/create"},
                                                   {"params", elicitation_params(questions, view.row.title, true)}}}};
            pending.request_state = seal_state(payload, service.secret("request-state"));
            return pending;
          }
          if (!ctx.request_client) return relay(id, questions);
          json response;
          try {
            response = ctx.request_client(
                "elicitation/create",
                elicitation_params(questions, view.row.title, ctx.protocol_version >= "2025-11-25"));
          } catch (const RpcError&) {
            throw;
          } catch (const std::exception& e) {
            return ToolResult::error(fmt::format("The client could not show the form ({}); nothing was recorded. "
                                                 "Ask the person yourself:\n{}",
                                                 e.what(), numbered(questions)));
          }
          return finish(service, id, questions, response, std::nullopt, batch_size);
        });
      }});
}

}  // namespace sq::mcp
