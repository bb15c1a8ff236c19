// Conversation resources and the interview prompt: see conversation_resources.hpp.
#include "mcp/conversation_resources.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "mcp/questioning_tools.hpp"
#include "questioning/conversation_markdown.hpp"
#include "storage/repository.hpp"

namespace sq::mcp {

namespace {

constexpr const char* kIndexUri = "sq://conversations";
constexpr const char* kTemplate = "sq://conversations/{id}";
constexpr const char* kPrefix = "sq://conversations/";
constexpr int kIndexSize = 100;

json describe(const storage::ConversationRow& c) {
  return {{"uri", kPrefix + c.id},
          {"name", c.id},
          {"title", c.title},
          {"description", fmt::format("{} conversation with {} questions, updated {}", c.status, c.question_count,
                                      c.updated_at)},
          {"mimeType", "application/json"}};
}

std::vector<std::string> ids_with_prefix(questioning::Service& service, const std::string& prefix) {
  storage::Repository repo(service.database());
  return repo.conversation_ids_with_prefix(prefix, 101);
}

}  // namespace

ResourceProvider make_conversation_resources(questioning::Service& service) {
  ResourceProvider p;
  // The index is item 0 of the listing; conversation i is item i + 1.
  p.list = [&service](int offset, int page_size, bool& more) {
    json out = json::array();
    int skip = offset;
    int want = page_size;
    if (skip == 0) {
      out.push_back({{"uri", kIndexUri},
                     {"name", "conversations"},
                     {"title", "All conversations"},
                     {"description", "The most recently updated conversations, as JSON."},
                     {"mimeType", "application/json"}});
      --want;
    } else {
      --skip;
    }
    questioning::ListRequest r;
    r.offset = skip;
    r.limit = want;
    const auto result = service.list(r);
    for (const auto& c : result.conversations) out.push_back(describe(c));
    more = skip + static_cast<std::int64_t>(result.conversations.size()) < result.total;
    return out;
  };
  p.templates = json::array({{{"uriTemplate", kTemplate},
                              {"name", "conversation"},
                              {"title", "A conversation"},
                              {"description", "One conversation's questions, answers and open questions, as JSON "
                                              "and as Markdown."},
                              {"mimeType", "application/json"}}});
  p.read = [&service](const std::string& uri) -> json {
    if (uri == kIndexUri) {
      questioning::ListRequest r;
      r.limit = kIndexSize;
      const auto result = service.list(r);
      json list = json::array();
      for (const auto& c : result.conversations) list.push_back(conversation_summary_to_json(c));
      const json body = {{"conversations", list}, {"total", result.total}};
      return json::array({{{"uri", uri}, {"mimeType", "application/json"}, {"text", body.dump(2)}}});
    }
    if (uri.rfind(kPrefix, 0) != 0) return nullptr;
    const std::string id = uri.substr(std::char_traits<char>::length(kPrefix));
    try {
      const auto view = service.conversation(id);
      return json::array({{{"uri", uri}, {"mimeType", "application/json"}, {"text", conversation_to_json(view).dump(2)}},
                          {{"uri", uri}, {"mimeType", "text/markdown"},
                           {"text", questioning::conversation_markdown(view)}}});
    } catch (const questioning::UserError&) {
      return nullptr;
    }
  };
  p.complete = [&service](const std::string& uri_template, const std::string& argument, const std::string& value) {
    if (uri_template != kTemplate || argument != "id") return std::vector<std::string>{};
    return ids_with_prefix(service, value);
  };
  return p;
}

Prompt make_interview_prompt(questioning::Service& service) {
  Prompt p;
  p.name = "interview";
  p.title = "Interview me";
  p.description = "Start (or resume) a guided interview that gathers information about a topic in numbered batches "
                  "of questions.";
  p.arguments = json::array({{{"name", "topic"}, {"description", "What the interview is about"}, {"required", true}},
                             {{"name", "user_id"}, {"description", "Who is being interviewed (optional)"}, {"required", false}},
                             {{"name", "conversation_id"}, {"description", "A conversation to resume (optional)"},
                              {"required", false}}});
  p.render = [&service](const json& args) {
    const std::string topic = args.value("topic", "");
    if (topic.find_first_not_of(" \t\r\n") == std::string::npos) throw std::invalid_argument("the topic must not be empty");
    const std::string user = args.value("user_id", "");
    const std::string conv = args.value("conversation_id", "");
    std::string text = fmt::format("Interview me to gather what is needed for: {}\n\n", topic);
    if (!conv.empty()) {
      try {
        const auto view = service.conversation(conv);
        text += fmt::format("Resume conversation {} (\"{}\"): it has {} questions so far. Call get_conversation to see "
                            "what is answered, then continue with sequential_questioning_follow_up using that "
                            "conversation_id.\n",
                            conv, view.row.title, view.row.question_count);
      } catch (const questioning::UserError&) {
        throw std::invalid_argument(fmt::format("no conversation has the id '{}'", conv));
      }
    } else {
      text += fmt::format("Call the sequential_questioning tool with context \"{}\"{}. ", topic,
                          user.empty() ? std::string() : fmt::format(" and user_id \"{}\"", user));
    }
    text += "Show me each batch of questions exactly as numbered and wait for my answers. If your client can show "
            "forms, you may use ask_user instead of relaying the questions. Send my answers with "
            "sequential_questioning_follow_up (include them in previous_messages with role \"user\"), and keep "
            "going until next_batch_needed is false. Then summarise what you learned.";
    return json{{"description", fmt::format("Interview about {}", topic)},
                {"messages", json::array({{{"role", "user"}, {"content", {{"type", "text"}, {"text", text}}}}})}};
  };
  p.complete = [&service](const std::string& argument, const std::string& value) {
    if (argument != "conversation_id") return std::vector<std::string>{};
    return ids_with_prefix(service, value);
  };
  return p;
}

}  // namespace sq::mcp
