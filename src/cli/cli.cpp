// The command line: see cli.hpp.
#include "cli/cli.hpp"
#include "llm/config.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/output.hpp"
#include "questioning/flows.hpp"
#include "sq_config.h"
#include "util/log.hpp"

namespace sq::cli {

namespace {

constexpr const char* kExitFooter = "Exit status: 0 success, 1 failure, 2 usage error.";
constexpr const char* kRootFooter =
    "Exit status: 0 success, 1 failure, 2 usage error.\n"
    "Run '" SQ_NAME " SUBCOMMAND --help' for a subcommand's options; the manual is " SQ_NAME "(1).";

void configure_logging(const GlobalOptions& g) {
  if (!g.log_format.empty()) {
    util::log::set_json(g.log_format == "json");
  } else if (const char* f = std::getenv("SQ_LOG_FORMAT"); f != nullptr && *f != '\0') {
    if (std::string_view(f) == "json" || std::string_view(f) == "plain") {
      util::log::set_json(std::string_view(f) == "json");
    } else {
      util::log::warn("ignoring SQ_LOG_FORMAT='{}': expected plain or json", f);
    }
  }
  if (!g.log_level.empty()) {
    const auto parsed = util::log::parse_level(g.log_level);
    if (!parsed) {
      throw CLI::ValidationError("--log-level", "must be one of error, warn, info, debug (got '" + g.log_level + "')");
    }
    util::log::set_level(*parsed);
    return;
  }
  if (const char* v = std::getenv("LOG_LEVEL"); v != nullptr && *v != '\0') {
    // A stray environment variable is not a usage error: say so and go on.
    if (const auto parsed = util::log::parse_level(v)) {
      util::log::set_level(*parsed);
    } else {
      util::log::warn("ignoring LOG_LEVEL='{}': expected error, warn, info or debug", v);
    }
  }
}

// The deepest subcommand that was recognised, for "Try '... ask --help'".
std::string command_path(const CLI::App& root) {
  std::string path = SQ_NAME;
  const CLI::App* app = &root;
  for (;;) {
    const auto subs = app->get_subcommands();
    if (subs.empty()) break;
    app = subs.front();
    path += ' ' + app->get_name();
  }
  return path;
}

bool is_help_or_version(const CLI::ParseError& e) {
  const std::string name = e.get_name();
  return name == "CallForHelp" || name == "CallForAllHelp" || name == "CallForVersion";
}

// After a subcommand printed its result: a full disk or a closed pipe must
// not pass for success.
int check_stdout(int rc) {
  errno = 0;
  std::cout.flush();
  if (std::cout) return rc;
  if (errno == EPIPE) return kFailure;  // the reader went away (`| head`): nothing to say
  print_error(errno != 0 ? std::string("cannot write to standard output: ") + std::strerror(errno)
                         : std::string("cannot write to standard output"));
  return kFailure;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App root{"Gather information from a person through numbered batches of questions, remembered in SQLite.\n"
                "With no subcommand, serves MCP on standard input and output.",
                SQ_NAME};
  root.set_version_flag("-V,--version", std::string(SQ_NAME) + " " + SQ_VERSION);
  root.require_subcommand(0, 1);
  root.fallthrough();  // global options may follow the subcommand
  root.footer(kExitFooter);  // inherited by the subcommands added below

  GlobalOptions g;
  root.add_option("--db", g.db, "Database file (default: $SQ_DB, then $DATABASE_URL, then the XDG data directory)")
      ->type_name("PATH");
  root.add_option("--log-level", g.log_level, "error, warn, info or debug (default: $LOG_LEVEL, else warn)")
      ->type_name("LEVEL");
  root.add_option("--log-format", g.log_format, "plain or json (JSON lines) (default: $SQ_LOG_FORMAT, else plain)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"plain", "json"}));
  root.add_flag("--json", g.json, "Machine-readable JSON output (never coloured)");
  root.parse_complete_callback([&g] { configure_logging(g); });

  add_serve_command(root, g);
  add_conversation_commands(root, g);
  add_export_command(root, g);
  add_memory_commands(root, g);
  add_config_command(root, g);
  add_ops_commands(root, g);
  root.add_subcommand("version", "Print the version")->callback([&g] {
    if (g.json) {
      std::cout << nlohmann::json{{"name", SQ_NAME},
                                  {"version", SQ_VERSION},
                                  {"llm_provider",
                                   {{"available", llm::provider_available()},
                                    {"detail", llm::provider_description()}}}}
                       .dump(2)
                << '\n';
    } else {
      std::cout << SQ_NAME << ' ' << SQ_VERSION << '\n';
    }
  });

  root.footer(kRootFooter);

  try {
    root.parse(argc, argv);
    if (root.get_subcommands().empty()) return run_default_serve(g);
    return check_stdout(g.exit_code);
  } catch (const CLI::ParseError& e) {
    if (is_help_or_version(e)) {
      root.exit(e);
      return check_stdout(kSuccess);
    }
    print_error(e.what());
    std::cerr << "Try '" << command_path(root) << " --help' for more information.\n";
    return kUsage;
  } catch (const std::exception& e) {
    print_error(e.what());
    return kFailure;
  }
}

}  // namespace sq::cli
