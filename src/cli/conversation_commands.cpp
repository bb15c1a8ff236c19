// `ask`, `answer`, `show` and `list`: conversations from the shell.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "mcp/questioning_tools.hpp"

namespace sq::cli {

namespace {

using questioning::UserError;

void print_batch(const questioning::Batch& b, bool as_json) {
  if (as_json) {
    std::cout << mcp::batch_to_json(b).dump(2) << '\n';
    return;
  }
  if (b.answers_recorded > 0) {
    std::cout << fmt::format("Recorded {} answer{}.\n\n", b.answers_recorded, b.answers_recorded == 1 ? "" : "s");
  }
  if (b.questions.empty()) {
    std::cout << "No further questions: everything relevant has been covered.\n";
  } else {
    std::cout << b.numbered_list() << '\n';
  }
  std::cout << fmt::format("\nconversation: {}\n", b.conversation_id);
}

std::string read_all(std::istream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct AskOptions {
  std::string context;
  std::optional<std::string> user_id;
  std::optional<int> batch_size;
};

struct AnswerOptions {
  std::string conversation_id;
  std::vector<std::string> answers;
  std::string file;
  std::optional<int> batch_size;
};

struct ListOptions {
  std::optional<std::string> user_id;
  int limit = 20;
};

int ask(const GlobalOptions& g, const AskOptions& o) {
  App app = open_app(g);
  questioning::BatchRequest r;
  r.context = o.context;
  r.user_id = o.user_id;
  r.batch_size = o.batch_size;
  print_batch(app.service->next_batch(r), g.json);
  return kSuccess;
}

int answer(const GlobalOptions& g, const AnswerOptions& o) {
  App app = open_app(g);
  std::vector<questioning::DirectAnswer> answers;
  std::string text;
  if (!o.file.empty()) {
    std::ifstream f(o.file);
    if (!f) throw UserError(fmt::format("cannot read {}", o.file));
    text = read_all(f);
  } else if (o.answers.empty() || (o.answers.size() == 1 && o.answers[0] == "-")) {
    text = read_all(std::cin);
  }
  if (!text.empty()) {
    answers.push_back({std::nullopt, text});  // parsed for "1. ..." markers
  } else if (o.answers.size() == 1) {
    answers.push_back({std::nullopt, o.answers[0]});
  } else {
    // One argument per question of the latest batch, in order.
    const auto view = app.service->conversation(o.conversation_id);
    std::vector<int> latest;
    for (const auto& q : view.questions) {
      if (q.batch == view.row.batch_count) latest.push_back(q.number);
    }
    if (o.answers.size() > latest.size()) {
      throw UserError(fmt::format("{} answers given, but the latest batch has {} questions", o.answers.size(),
                                  latest.size()));
    }
    for (std::size_t i = 0; i < o.answers.size(); ++i) answers.push_back({latest[i], o.answers[i]});
  }
  if (answers.empty()) throw UserError("no answers given: pass them as arguments, with --file, or on standard input");
  print_batch(app.service->answer(o.conversation_id, answers, o.batch_size), g.json);
  return kSuccess;
}

int show(const GlobalOptions& g, const std::string& id) {
  App app = open_app(g);
  const auto v = app.service->conversation(id);
  if (g.json) {
    std::cout << mcp::conversation_to_json(v).dump(2) << '\n';
    return kSuccess;
  }
  std::cout << fmt::format("{}\nconversation {} ({}, {} questions)\n\n", v.row.title, v.row.id, v.row.status,
                           v.row.question_count);
  for (const auto& q : v.questions) {
    std::cout << fmt::format("{}. {}\n", q.number, q.text);
    for (const auto& a : v.answers) {
      if (a.question_number == q.number) std::cout << fmt::format("   > {}\n", a.text);
    }
  }
  for (const auto& a : v.answers) {
    if (!a.question_number) std::cout << fmt::format("\nAnswer to batch {}:\n   > {}\n", a.batch, a.text);
  }
  return kSuccess;
}

int list(const GlobalOptions& g, const ListOptions& o) {
  App app = open_app(g);
  questioning::ListRequest r;
  r.user_id = o.user_id;
  r.limit = o.limit;
  const auto result = app.service->list(r);
  if (g.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& c : result.conversations) {
      arr.push_back({{"conversation_id", c.id},
                     {"title", c.title},
                     {"status", c.status},
                     {"question_count", c.question_count},
                     {"updated_at", c.updated_at},
                     {"user_id", c.user_id ? nlohmann::json(*c.user_id) : nlohmann::json(nullptr)}});
    }
    std::cout << nlohmann::json{{"conversations", arr}, {"total", result.total}}.dump(2) << '\n';
    return kSuccess;
  }
  for (const auto& c : result.conversations) {
    std::cout << fmt::format("{}  {:6}  {:3} q  {}\n", c.id, c.status, c.question_count, c.title);
  }
  return kSuccess;
}

}  // namespace

void add_conversation_commands(CLI::App& root, GlobalOptions& g) {
  auto ask_opts = std::make_shared<AskOptions>();
  auto* a = root.add_subcommand("ask", "Start a conversation from a context and print the first batch");
  a->add_option("context", ask_opts->context, "What the information is being gathered for")->required();
  a->add_option("-u,--user", ask_opts->user_id, "User id (one session is kept per user)");
  a->add_option("-n,--batch-size", ask_opts->batch_size, "Questions in the batch (1-10)")->check(CLI::Range(1, 10));
  a->callback([&g, ask_opts] { g.exit_code = ask(g, *ask_opts); });

  auto ans = std::make_shared<AnswerOptions>();
  auto* b = root.add_subcommand("answer", "Record answers and print the next batch");
  b->add_option("conversation", ans->conversation_id, "Conversation id")->required();
  b->add_option("answers", ans->answers,
                "Answers: \"1. ...\" style text, or one argument per question of the latest batch; "
                "'-' or none reads standard input");
  b->add_option("-f,--file", ans->file, "Read the answers from a file")->type_name("FILE");
  b->add_option("-n,--batch-size", ans->batch_size, "Questions in the next batch (1-10)")->check(CLI::Range(1, 10));
  b->callback([&g, ans] { g.exit_code = answer(g, *ans); });

  auto show_id = std::make_shared<std::string>();
  auto* s = root.add_subcommand("show", "Show a conversation's questions and answers");
  s->add_option("conversation", *show_id, "Conversation id")->required();
  s->callback([&g, show_id] { g.exit_code = show(g, *show_id); });

  auto list_opts = std::make_shared<ListOptions>();
  auto* l = root.add_subcommand("list", "List conversations, most recently updated first");
  l->add_option("-u,--user", list_opts->user_id, "Only this user's conversations");
  l->add_option("-l,--limit", list_opts->limit, "How many (default 20)")->check(CLI::Range(1, 1000));
  l->callback([&g, list_opts] { g.exit_code = list(g, *list_opts); });
}

}  // namespace sq::cli
