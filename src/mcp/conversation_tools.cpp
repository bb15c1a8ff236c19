// Tools over stored conversations, for clients that do not show resources to
// the model: list_conversations, get_conversation, close_conversation.
#include <fmt/format.h>

#include "mcp/questioning_tools.hpp"
#include "mcp/tool_support.hpp"
#include "questioning/conversation_markdown.hpp"

namespace sq::mcp {

namespace {

json conversation_id_argument() {
  return {{"type", "string"}, {"minLength", 1}, {"maxLength", 256}, {"description", "The conversation's id."}};
}

}  // namespace

void register_conversation_tools(ToolRegistry& registry, questioning::Service& service) {
  const json read_only = {{"readOnlyHint", true}, {"openWorldHint", false}};

  registry.add(Tool{
      "list_conversations",
      "List conversations",
      "List stored conversations, most recently updated first, optionally for one user_id or status. Pages with "
      "offset.",
      {{"type", "object"},
       {"properties",
        {{"user_id", id_string_schema("Only this user's conversations.")},
         {"status", {{"type", {"string", "null"}}, {"enum", {"open", "closed", nullptr}}}},
         {"limit", {{"type", {"integer", "null"}}, {"minimum", 1}, {"maximum", 100}, {"description", "1-100, default 20."}}},
         {"offset", {{"type", {"integer", "null"}}, {"minimum", 0}, {"maximum", 1000000000}}}}},
       {"additionalProperties", false}},
      {{"type", "object"},
       {"properties",
        {{"conversations", {{"type", "array"}, {"items", {{"type", "object"}}}}},
         {"total", {{"type", "integer"}}},
         {"next_offset", {{"type", {"integer", "null"}}}}}},
       {"required", {"conversations", "total", "next_offset"}}},
      read_only,
      [&service](const json& args, CallContext&) {
        return guarded("list_conversations", [&] {
          questioning::ListRequest r;
          r.user_id = opt_string(args, "user_id");
          r.status = opt_string(args, "status");
          if (auto it = args.find("limit"); it != args.end() && !it->is_null()) r.limit = it->get<int>();
          if (auto it = args.find("offset"); it != args.end() && !it->is_null()) r.offset = it->get<int>();
          const auto result = service.list(r);
          json list = json::array();
          std::string text;
          for (const auto& c : result.conversations) {
            list.push_back(conversation_summary_to_json(c));
            text += fmt::format("{}{} [{}] {} ({} questions)", text.empty() ? "" : "\n", c.id, c.status, c.title,
                                c.question_count);
          }
          const std::int64_t next = r.offset + static_cast<std::int64_t>(result.conversations.size());
          const json next_offset = next < result.total ? json(next) : json(nullptr);
          if (text.empty()) text = "No conversations are stored.";
          return ToolResult::ok(json{{"conversations", list}, {"total", result.total}, {"next_offset", next_offset}},
                                text);
        });
      }});

  registry.add(Tool{
      "get_conversation",
      "Show a conversation",
      "Everything recorded for one conversation: context, every question with its answers, and which questions "
      "are still unanswered.",
      {{"type", "object"},
       {"properties", {{"conversation_id", conversation_id_argument()}}},
       {"required", {"conversation_id"}},
       {"additionalProperties", false}},
      conversation_output_schema(),
      read_only,
      [&service](const json& args, CallContext&) {
        return guarded("get_conversation", [&] {
          const auto view = service.conversation(args.at("conversation_id").get<std::string>());
          return ToolResult::ok(conversation_to_json(view), questioning::conversation_markdown(view));
        });
      }});

  registry.add(Tool{
      "close_conversation",
      "Close a conversation",
      "Mark a conversation finished. Its questions and answers stay stored and searchable; it takes no more "
      "questions.",
      {{"type", "object"},
       {"properties", {{"conversation_id", conversation_id_argument()}}},
       {"required", {"conversation_id"}},
       {"additionalProperties", false}},
      {{"type", "object"},
       {"properties",
        {{"conversation_id", {{"type", "string"}}},
         {"status", {{"type", "string"}}},
         {"changed", {{"type", "boolean"}}}}},
       {"required", {"conversation_id", "status", "changed"}}},
      {{"readOnlyHint", false}, {"destructiveHint", false}, {"idempotentHint", true}, {"openWorldHint", false}},
      [&service](const json& args, CallContext&) {
        return guarded("close_conversation", [&] {
          const std::string id = args.at("conversation_id").get<std::string>();
          const bool changed = service.close(id);
          return ToolResult::ok(json{{"conversation_id", id}, {"status", "closed"}, {"changed", changed}},
                                changed ? fmt::format("Conversation {} is now closed.", id)
                                        : fmt::format("Conversation {} was already closed.", id));
        });
      }});
}

}  // namespace sq::mcp
