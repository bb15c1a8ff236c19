// What every subcommand shares: the global options, the exit status it sets,
// and how it opens the application. Each cli/*_command(s).cpp file registers
// its subcommands on the root CLI11 app through one add_*() function.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "app.hpp"
#include "cli/output.hpp"

namespace sq::cli {

// Exit statuses, documented in the manual.
inline constexpr int kSuccess = 0;
inline constexpr int kFailure = 1;
inline constexpr int kUsage = 2;

struct GlobalOptions {
  std::optional<std::string> db;
  std::string log_level;
  std::string log_format;  // "plain" or "json"
  bool json = false;
  int exit_code = kSuccess;  // set by the subcommand that ran
};

// Opens the database named by the global options (see App::open).
inline App open_app(const GlobalOptions& g) { return App::open(g.db); }

void add_serve_command(CLI::App& root, GlobalOptions& g);
void add_conversation_commands(CLI::App& root, GlobalOptions& g);
void add_memory_commands(CLI::App& root, GlobalOptions& g);
void add_export_command(CLI::App& root, GlobalOptions& g);
void add_config_command(CLI::App& root, GlobalOptions& g);
void add_ops_commands(CLI::App& root, GlobalOptions& g);

// Runs `serve` with default options (used when no subcommand is given).
int run_default_serve(GlobalOptions& g);

}  // namespace sq::cli
