// `serve`: the MCP server on standard input and output.
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "cli/command.hpp"
#include "mcp/conversation_resources.hpp"
#include "mcp/questioning_tools.hpp"
#include "mcp/server.hpp"
#include "mcp/transport.hpp"
#include "sq_config.h"
#include "util/log.hpp"

namespace sq::cli {

namespace {

constexpr std::size_t kDefaultMaxLine = 16 * 1024 * 1024;

struct ServeOptions {
  std::size_t max_line_bytes = kDefaultMaxLine;
};

std::size_t max_line_from_env() {
  if (const char* v = std::getenv("SQ_MAX_LINE_BYTES")) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(v, &end, 10);
    if (end != v && *end == '\0' && n >= 1024) return static_cast<std::size_t>(n);
    util::log::warn("ignoring SQ_MAX_LINE_BYTES='{}': expected a whole number of bytes, at least 1024", v);
  }
  return kDefaultMaxLine;
}

int serve(const GlobalOptions& g, const ServeOptions& o) {
  App app = open_app(g);
  util::log::info("serving MCP on stdio with database {}", app.location.path);
  mcp::ToolRegistry tools;
  mcp::register_all_tools(tools, *app.service);
  mcp::Server server({SQ_NAME, "Sequential Questioning", SQ_VERSION, mcp::questioning_instructions()},
                     std::move(tools), {mcp::make_interview_prompt(*app.service)},
                     mcp::make_conversation_resources(*app.service));
  mcp::LineReader in(STDIN_FILENO, o.max_line_bytes);
  mcp::LineWriter out(STDOUT_FILENO);
  const int rc = server.run(in, out);
  try {
    app.memory->save();
  } catch (const std::exception& e) {
    util::log::warn("could not save the vector index (it will be rebuilt from the database): {}", e.what());
  }
  return rc;
}

}  // namespace

void add_serve_command(CLI::App& root, GlobalOptions& g) {
  auto opts = std::make_shared<ServeOptions>();
  opts->max_line_bytes = max_line_from_env();
  auto* cmd = root.add_subcommand("serve", "Serve MCP over standard input and output (the default)");
  cmd->add_option("--max-line-bytes", opts->max_line_bytes,
                  "Longest accepted message in bytes (default 16 MiB; $SQ_MAX_LINE_BYTES)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 31));
  cmd->callback([&g, opts] { g.exit_code = serve(g, *opts); });
}

int run_default_serve(GlobalOptions& g) {
  ServeOptions o;
  o.max_line_bytes = max_line_from_env();
  return serve(g, o);
}

}  // namespace sq::cli
