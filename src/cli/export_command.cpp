// `export`: one conversation, or all of them, as JSON or Markdown, to
// standard output or to a file (written whole or not at all).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "mcp/questioning_tools.hpp"
#include "ops/atomic_file.hpp"
#include "questioning/conversation_markdown.hpp"
#include "sq_config.h"
#include "util/clock.hpp"

namespace sq::cli {

namespace {

struct ExportOptions {
  std::string conversation_id;
  bool all = false;
  std::optional<std::string> user_id;
  std::string format;  // "json", "markdown" or "" (inferred)
  std::string output;  // "" or "-": standard output
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// --format, else the output file's extension, else --json, else Markdown.
std::string choose_format(const GlobalOptions& g, const ExportOptions& o) {
  if (o.format == "md") return "markdown";
  if (!o.format.empty()) return o.format;
  if (ends_with(o.output, ".json")) return "json";
  if (ends_with(o.output, ".md") || ends_with(o.output, ".markdown")) return "markdown";
  return g.json ? "json" : "markdown";
}

// Every conversation id (optionally one user's), most recently updated first.
std::vector<std::string> all_conversation_ids(questioning::Service& service, const std::optional<std::string>& user) {
  std::vector<std::string> ids;
  questioning::ListRequest r;
  r.user_id = user;
  r.limit = 500;
  for (;;) {
    const auto page = service.list(r);
    for (const auto& c : page.conversations) ids.push_back(c.id);
    if (static_cast<int>(page.conversations.size()) < r.limit) break;
    r.offset += r.limit;
  }
  return ids;
}

int run_export(const GlobalOptions& g, const ExportOptions& o) {
  if (o.all == !o.conversation_id.empty()) {
    throw CLI::ValidationError("export", "name one conversation id, or pass --all");
  }
  if (o.user_id && !o.all) throw CLI::ValidationError("--user", "only applies with --all");
  const std::string format = choose_format(g, o);
  const bool to_stdout = o.output.empty() || o.output == "-";

  App app = open_app(g);
  std::string text;
  std::size_t exported = 0;
  if (!o.all) {
    const auto view = app.service->conversation(o.conversation_id);
    text = format == "json" ? mcp::conversation_to_json(view).dump(2) + "\n"
                            : questioning::conversation_markdown(view);
    exported = 1;
  } else {
    const auto ids = all_conversation_ids(*app.service, o.user_id);
    Progress bar("Exporting");
    nlohmann::json conversations = nlohmann::json::array();
    std::string markdown;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      questioning::ConversationView view;
      try {
        view = app.service->conversation(ids[i]);
      } catch (const questioning::UserError&) {
        continue;  // deleted by another process meanwhile
      }
      if (format == "json") {
        conversations.push_back(mcp::conversation_to_json(view));
      } else {
        if (!markdown.empty()) markdown += "\n---\n\n";
        markdown += questioning::conversation_markdown(view);
      }
      ++exported;
      bar.update(static_cast<std::int64_t>(i + 1), static_cast<std::int64_t>(ids.size()));
    }
    bar.finish();
    if (format == "json") {
      text = nlohmann::json{{"generator", fmt::format("{} {}", SQ_NAME, SQ_VERSION)},
                            {"exported_at", util::now_rfc3339()},
                            {"conversations", std::move(conversations)}}
                 .dump(2) +
             "\n";
    } else {
      text = std::move(markdown);
    }
  }

  if (to_stdout) {
    std::cout << text;
    return kSuccess;
  }
  // Conversations are personal: readable by the owner only. The temporary
  // file has an unpredictable name and is created exclusively.
  ops::write_file_atomically(o.output, text, 0600);
  if (g.json) {
    std::cout << nlohmann::json{{"file", o.output}, {"format", format}, {"conversations", exported}}.dump(2) << '\n';
  } else {
    const Palette p = Palette::for_stdout(false);
    std::cout << fmt::format("Exported {} conversation{} to {} ({}).\n", p.number(std::to_string(exported)),
                             exported == 1 ? "" : "s", o.output, format);
  }
  return kSuccess;
}

}  // namespace

void add_export_command(CLI::App& root, GlobalOptions& g) {
  auto o = std::make_shared<ExportOptions>();
  auto* e = root.add_subcommand("export", "Export a conversation, or all of them, as JSON or Markdown");
  auto* id = e->add_option("conversation", o->conversation_id, "Conversation id");
  auto* all = e->add_flag("-a,--all", o->all, "Export every conversation");
  id->excludes(all);
  e->add_option("-u,--user", o->user_id, "With --all: only this user's conversations")->type_name("ID");
  e->add_option("--format", o->format,
                "json or markdown (default: from the -o file's extension, else json with --json, else markdown)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"json", "markdown", "md"}));
  e->add_option("-o,--output", o->output, "Write to FILE instead of standard output ('-': standard output)")
      ->type_name("FILE");
  e->callback([&g, o] { g.exit_code = run_export(g, *o); });
}

}  // namespace sq::cli
