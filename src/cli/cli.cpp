// The command line: see cli.hpp.
#include "cli/cli.hpp"

#include <cstdlib>
#include <iostream>

#include "cli/command.hpp"
#include "questioning/flows.hpp"
#include "sq_config.h"
#include "util/log.hpp"

namespace sq::cli {

namespace {

void configure_logging(const GlobalOptions& g) {
  std::string level = g.log_level;
  if (level.empty()) {
    if (const char* v = std::getenv("LOG_LEVEL")) level = v;
  }
  if (level.empty()) return;
  const auto parsed = util::log::parse_level(level);
  if (!parsed) {
    throw CLI::ValidationError("--log-level", "must be one of error, warn, info, debug (got '" + level + "')");
  }
  util::log::set_level(*parsed);
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App root{"Gather information from a person through numbered batches of questions, remembered in SQLite.\n"
                "With no subcommand, serves MCP on standard input and output.",
                SQ_NAME};
  root.set_version_flag("-V,--version", std::string(SQ_NAME) + " " + SQ_VERSION);
  root.require_subcommand(0, 1);
  root.fallthrough();  // global options may follow the subcommand

  GlobalOptions g;
  root.add_option("--db", g.db, "Database file (default: $SQ_DB, then DATABASE_URL, then the XDG data directory)")
      ->type_name("PATH");
  root.add_option("--log-level", g.log_level, "error, warn, info or debug (default: $LOG_LEVEL, else warn)")
      ->type_name("LEVEL");
  root.add_flag("--json", g.json, "Machine-readable output");
  root.parse_complete_callback([&g] { configure_logging(g); });

  add_serve_command(root, g);
  add_conversation_commands(root, g);
  add_memory_commands(root, g);
  root.add_subcommand("version", "Print the version")->callback([] {
    std::cout << SQ_NAME << ' ' << SQ_VERSION << '\n';
  });

  try {
    root.parse(argc, argv);
    if (root.get_subcommands().empty()) return run_default_serve(g);
    return g.exit_code;
  } catch (const CLI::ParseError& e) {
    const int rc = root.exit(e);
    return rc == 0 ? kSuccess : kUsage;
  } catch (const std::exception& e) {
    std::cerr << SQ_NAME << ": " << e.what() << '\n';
    return kFailure;
  }
}

}  // namespace sq::cli
