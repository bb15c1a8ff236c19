// `ask`, `answer`, `show` and `list`: conversations from the shell.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "mcp/questioning_tools.hpp"
#include "questioning/answer_split.hpp"

namespace sq::cli {

namespace {

using questioning::UserError;

void print_batch(const questioning::Batch& b, bool as_json) {
  if (as_json) {
    std::cout << mcp::batch_to_json(b).dump(2) << '\n';
    return;
  }
  const Palette p = Palette::for_stdout(false);
  if (b.answers_recorded > 0) {
    std::cout << fmt::format("Recorded {} answer{}.\n\n", p.number(std::to_string(b.answers_recorded)),
                             b.answers_recorded == 1 ? "" : "s");
  }
  if (b.questions.empty()) {
    std::cout << "No further questions: everything relevant has been covered.\n";
  } else {
    for (const auto& q : b.questions) std::cout << fmt::format("{} {}\n", p.number(fmt::format("{}.", q.number)), q.text);
  }
  std::cout << fmt::format("\n{} {}\n", p.muted("conversation:"), b.conversation_id);
}

std::string read_all(std::istream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string read_stdin(const char* what) {
  if (is_terminal(STDIN_FILENO)) {
    std::cerr << fmt::format("Type {}, then press Ctrl-D on a line of its own.\n", what);
  }
  std::string text = read_all(std::cin);
  if (std::cin.bad()) throw std::runtime_error("cannot read standard input");
  return text;
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
  std::optional<std::string> status;
  int limit = 20;
};

int ask(const GlobalOptions& g, const AskOptions& o) {
  std::string context = o.context;
  if (context == "-") {
    context = read_stdin("the context");
    // As the shell's $(...) does: a trailing newline is not part of the text.
    while (!context.empty() && (context.back() == '\n' || context.back() == '\r')) context.pop_back();
  }
  if (context.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UserError("the context is empty: say what the information is being gathered for");
  }
  App app = open_app(g);
  questioning::BatchRequest r;
  r.context = context;
  r.user_id = o.user_id;
  r.batch_size = o.batch_size;
  print_batch(app.service->next_batch(r), g.json);
  return kSuccess;
}

// The number an argument opens with ("9. ...", "9) ..."), if any.
std::optional<int> leading_question_number(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  const std::size_t start = i;
  while (i < text.size() && i - start < 9 && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == start || i >= text.size() || (text[i] != '.' && text[i] != ')')) return std::nullopt;
  if (i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\t') return std::nullopt;  // "3.5 hours"
  return std::stoi(std::string(text.substr(start, i - start)));
}

// Several arguments: each answers one question. "3. ..." names its question;
// otherwise the n-th argument answers the n-th question of the latest batch.
std::vector<questioning::DirectAnswer> answers_from_arguments(const questioning::ConversationView& view,
                                                              const std::vector<std::string>& args) {
  std::vector<int> all;
  std::vector<int> latest;
  for (const auto& q : view.questions) {
    all.push_back(q.number);
    if (q.batch == view.row.batch_count) latest.push_back(q.number);
  }
  std::vector<questioning::DirectAnswer> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto parts = questioning::parse_answers(args[i], all);
    if (parts.size() == 1 && parts[0].question_number) {
      out.push_back({parts[0].question_number, parts[0].text});
      continue;
    }
    // "9. ..." where the conversation has no question 9: say so, rather than
    // count it as an unnumbered answer.
    if (const auto named = leading_question_number(args[i]);
        named && !all.empty() && std::find(all.begin(), all.end(), *named) == all.end()) {
      throw UserError(fmt::format("answer {} is numbered {}, but the conversation has questions 1 to {} only; "
                                  "renumber it, or leave the number off to answer the latest batch in order",
                                  i + 1, *named, all.back()));
    }
    if (i >= latest.size()) {
      throw UserError(fmt::format("{} answers given, but the latest batch has {} questions; number the extra ones "
                                  "(\"7. ...\") to answer earlier questions",
                                  args.size(), latest.size()));
    }
    out.push_back({latest[i], args[i]});
  }
  return out;
}

int answer(const GlobalOptions& g, const AnswerOptions& o) {
  std::string text;
  if (!o.file.empty()) {
    if (!o.answers.empty()) throw CLI::ValidationError("--file", "give the answers either as arguments or in a file, not both");
    std::ifstream f(o.file);
    if (!f) throw std::runtime_error(fmt::format("cannot read {}: {}", o.file, std::strerror(errno)));
    text = read_all(f);
    if (f.bad()) throw std::runtime_error(fmt::format("cannot read {}", o.file));
  } else if (o.answers.empty() || (o.answers.size() == 1 && o.answers[0] == "-")) {
    text = read_stdin("the answers (\"1. ...\" on separate lines, or one answer for the whole batch)");
  }
  App app = open_app(g);
  std::vector<questioning::DirectAnswer> answers;
  if (!o.file.empty() || o.answers.empty() || o.answers[0] == "-") {
    if (text.find_first_not_of(" \t\r\n") != std::string::npos) answers.push_back({std::nullopt, text});
  } else if (o.answers.size() == 1) {
    answers.push_back({std::nullopt, o.answers[0]});  // parsed for "1. ..." markers
  } else {
    answers = answers_from_arguments(app.service->conversation(o.conversation_id), o.answers);
  }
  if (answers.empty()) {
    // Still report an unknown conversation as such.
    (void)app.service->conversation(o.conversation_id);
    throw UserError("no answers given: pass them as arguments, with --file, or on standard input");
  }
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
  const Palette p = Palette::for_stdout(false);
  std::cout << fmt::format("{}\n{}\n\n", p.heading(v.row.title),
                           p.muted(fmt::format("conversation {} ({}, {} questions, updated {})", v.row.id,
                                               v.row.status, v.row.question_count, v.row.updated_at)));
  for (const auto& q : v.questions) {
    std::cout << fmt::format("{} {}\n", p.number(fmt::format("{}.", q.number)), q.text);
    for (const auto& a : v.answers) {
      if (a.question_number == q.number) std::cout << fmt::format("   {} {}\n", p.muted(">"), a.text);
    }
  }
  for (const auto& a : v.answers) {
    if (!a.question_number) {
      std::cout << fmt::format("\n{}\n   {} {}\n", p.heading(fmt::format("Answer to batch {}:", a.batch)),
                               p.muted(">"), a.text);
    }
  }
  return kSuccess;
}

int list(const GlobalOptions& g, const ListOptions& o) {
  App app = open_app(g);
  questioning::ListRequest r;
  r.user_id = o.user_id;
  r.status = o.status;
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
  const Palette p = Palette::for_stdout(false);
  for (const auto& c : result.conversations) {
    std::cout << fmt::format("{}  {:6}  {} q  {}\n", p.muted(c.id), c.status,
                             p.number(fmt::format("{:3}", c.question_count)), c.title);
  }
  return kSuccess;
}

}  // namespace

void add_conversation_commands(CLI::App& root, GlobalOptions& g) {
  auto ask_opts = std::make_shared<AskOptions>();
  auto* a = root.add_subcommand("ask", "Start a conversation from a context and print the first batch");
  a->add_option("context", ask_opts->context, "What the information is being gathered for ('-' reads standard input)")
      ->required();
  a->add_option("-u,--user", ask_opts->user_id, "User id (one session is kept per user)")->type_name("ID");
  a->add_option("-n,--batch-size", ask_opts->batch_size, "Questions in the batch (1-10, default 5)")
      ->type_name("N")
      ->check(CLI::Range(1, 10));
  a->callback([&g, ask_opts] { g.exit_code = ask(g, *ask_opts); });

  auto ans = std::make_shared<AnswerOptions>();
  auto* b = root.add_subcommand("answer", "Record answers to a conversation and print the next batch");
  b->add_option("conversation", ans->conversation_id, "Conversation id")->required();
  b->add_option("answers", ans->answers,
                "One \"1. ... 2. ...\" text, or one argument per question of the latest batch; "
                "'-' or none reads standard input");
  b->add_option("-f,--file", ans->file, "Read the answers from FILE")->type_name("FILE");
  b->add_option("-n,--batch-size", ans->batch_size, "Questions in the next batch (1-10, default 3)")
      ->type_name("N")
      ->check(CLI::Range(1, 10));
  b->callback([&g, ans] { g.exit_code = answer(g, *ans); });

  auto show_id = std::make_shared<std::string>();
  auto* s = root.add_subcommand("show", "Show a conversation's questions and answers");
  s->add_option("conversation", *show_id, "Conversation id")->required();
  s->callback([&g, show_id] { g.exit_code = show(g, *show_id); });

  auto list_opts = std::make_shared<ListOptions>();
  auto* l = root.add_subcommand("list", "List conversations, most recently updated first");
  l->add_option("-u,--user", list_opts->user_id, "Only this user's conversations")->type_name("ID");
  l->add_option("-s,--status", list_opts->status, "Only open or closed conversations")
      ->type_name("STATUS")
      ->check(CLI::IsMember({"open", "closed"}));
  l->add_option("-l,--limit", list_opts->limit, "How many (1-1000, default 20)")
      ->type_name("N")
      ->check(CLI::Range(1, 1000));
  l->callback([&g, list_opts] { g.exit_code = list(g, *list_opts); });
}

}  // namespace sq::cli
