// `search` and `reindex`: the semantic memory from the shell.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "mcp/questioning_tools.hpp"

namespace sq::cli {

namespace {

struct SearchOptions {
  std::string query;
  std::optional<std::string> user_id;
  std::optional<std::string> conversation_id;
  std::vector<std::string> types;
  int limit = 10;
};

int search(const GlobalOptions& g, const SearchOptions& o) {
  App app = open_app(g);
  memory::SearchFilter f;
  f.user_id = o.user_id;
  f.conversation_id = o.conversation_id;
  f.kinds = o.types;
  const auto items = app.memory->search(o.query, f, o.limit);
  if (g.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& i : items) arr.push_back(mcp::memory_item_to_json(i));
    std::cout << nlohmann::json{{"items", arr}}.dump(2) << '\n';
    return kSuccess;
  }
  const Palette p = Palette::for_stdout(false);
  for (const auto& i : items) {
    std::cout << fmt::format("{}  {:8}  {}  {}\n", p.number(fmt::format("{:.3f}", i.score)), i.kind,
                             p.muted(i.conversation_id), i.text);
  }
  return kSuccess;
}

int reindex(const GlobalOptions& g) {
  App app = open_app(g);
  Progress bar("Reindexing");
  const auto status = app.memory->reindex(bar.callback());
  bar.finish();
  if (g.json) {
    std::cout << nlohmann::json{{"vectors", status.vectors}, {"index", status.path}, {"watermark", status.watermark}}
                     .dump(2)
              << '\n';
  } else {
    const Palette p = Palette::for_stdout(false);
    std::cout << fmt::format("Indexed {} vectors into {}\n", p.number(std::to_string(status.vectors)), status.path);
  }
  return kSuccess;
}

}  // namespace

void add_memory_commands(CLI::App& root, GlobalOptions& g) {
  auto o = std::make_shared<SearchOptions>();
  auto* s = root.add_subcommand("search", "Search stored questions, answers and contexts by meaning");
  s->add_option("query", o->query, "What to look for")->required();
  s->add_option("-u,--user", o->user_id, "Only this user's conversations")->type_name("ID");
  s->add_option("-c,--conversation", o->conversation_id, "Only this conversation")->type_name("ID");
  s->add_option("-t,--type", o->types, "question, answer or context (repeatable)")
      ->type_name("KIND")
      ->check(CLI::IsMember({"question", "answer", "context"}));
  s->add_option("-l,--limit", o->limit, "How many results (1-50, default 10)")
      ->type_name("N")
      ->check(CLI::Range(1, 50));
  s->callback([&g, o] { g.exit_code = search(g, *o); });

  root.add_subcommand("reindex", "Rebuild the vector index from the database")->callback([&g] {
    g.exit_code = reindex(g);
  });
}

}  // namespace sq::cli
