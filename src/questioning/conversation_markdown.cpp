// Markdown rendering of a conversation: see conversation_markdown.hpp.
#include "questioning/conversation_markdown.hpp"

#include <fmt/format.h>

namespace sq::questioning {

namespace {

// Keeps multi-line answers inside one Markdown block quote.
std::string quoted(const std::string& text) {
  std::string out = "> ";
  for (const char c : text) {
    out += c;
    if (c == '\n') out += "> ";
  }
  return out;
}

}  // namespace

std::string conversation_markdown(const ConversationView& v) {
  std::string md = fmt::format("# {}\n\n", v.row.title);
  md += fmt::format("- Conversation: `{}`\n- Status: {}\n- Started: {}\n- Updated: {}\n", v.row.id, v.row.status,
                    v.row.created_at, v.row.updated_at);
  if (v.row.user_id) md += fmt::format("- User: {}\n", *v.row.user_id);
  if (!v.contexts.empty()) {
    md += "\n## Context\n\n";
    for (const auto& c : v.contexts) md += quoted(c) + "\n\n";
  }
  int batch = 0;
  for (const auto& q : v.questions) {
    if (q.batch != batch) {
      batch = q.batch;
      md += fmt::format("\n## Batch {}\n", batch);
      for (const auto& a : v.answers) {
        if (!a.question_number && a.batch == batch) md += "\nAnswer to the whole batch:\n\n" + quoted(a.text) + "\n";
      }
    }
    md += fmt::format("\n### {}. {}\n\n", q.number, q.text);
    bool answered = false;
    for (const auto& a : v.answers) {
      if (a.question_number == q.number) {
        md += quoted(a.text) + "\n\n";
        answered = true;
      }
    }
    if (!answered) md += "_Not answered yet._\n";
  }
  if (!v.unanswered.empty()) {
    md += "\n## Still unanswered\n\n";
    for (const int n : v.unanswered) md += fmt::format("- Question {}\n", n);
  }
  return md;
}

}  // namespace sq::questioning
