// `serve`: the MCP server on standard input and output.
#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.hpp"
#include "mcp/conversation_resources.hpp"
#include "mcp/questioning_tools.hpp"
#include "mcp/server.hpp"
#include "mcp/transport.hpp"
#include "ops/atomic_file.hpp"
#include "ops/database_lock.hpp"
#include "ops/mcp_metrics.hpp"
#include "ops/metrics_recorder.hpp"
#include "sq_config.h"
#include "util/log.hpp"
#include "util/paths.hpp"

namespace sq::cli {

namespace {

constexpr std::size_t kDefaultMaxLine = 16 * 1024 * 1024;

struct ServeOptions {
  std::size_t max_line_bytes = kDefaultMaxLine;
  std::optional<std::string> metrics_file;  // Prometheus text file, rewritten on each flush
  double metrics_interval = 30;              // seconds between metric flushes (0: after every request)
};

// Every server holds the database lock shared, so `restore` can tell that one
// runs and no server starts while a restore swaps the file. Waits for a
// restore in progress; runs without the lock if the lock file cannot be made.
std::optional<ops::DatabaseLock> lock_database(const std::string& path) {
  bool restoring = false;
  try {
    util::make_private_dirs(ops::parent_directory(path));
    auto lock = ops::DatabaseLock::try_acquire(path, ops::DatabaseLock::Mode::shared);
    if (!lock) {
      util::log::info("waiting for a restore of {} to finish", path);
      lock = ops::DatabaseLock::acquire(path, ops::DatabaseLock::Mode::shared, std::chrono::seconds(120));
    }
    if (lock) return lock;
    restoring = true;
  } catch (const std::exception& e) {
    util::log::warn("serving without the database lock ({}); `restore` cannot tell that this server runs", e.what());
    return std::nullopt;
  }
  if (restoring) throw std::runtime_error(path + " is being restored; try again when the restore has finished");
  return std::nullopt;
}

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
  // Each request allocates and frees a few hundred kilobytes. By default glibc
  // hands the top of the heap back to the kernel after every request, and the
  // next request faults those pages in again; keeping up to 16 MiB of freed
  // heap makes a read about twice as fast.
  ::mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
  const auto lock = lock_database(util::resolve_database_path(g.db).path);
  App app = open_app(g);
  ops::RecorderOptions metrics_options;
  metrics_options.prometheus_file = o.metrics_file;
  metrics_options.interval = std::chrono::milliseconds(static_cast<std::int64_t>(o.metrics_interval * 1000));
  ops::MetricsRecorder metrics(*app.db, metrics_options);
  app.memory->on_search = [&metrics](double ms) { metrics.metrics().record_vector_search(ms); };
  util::log::info("serving MCP on stdio with database {}", app.location.path);
  mcp::ToolRegistry tools;
  mcp::register_all_tools(tools, *app.service);
  mcp::Server server({SQ_NAME, "Sequential Questioning", SQ_VERSION, mcp::questioning_instructions()},
                     std::move(tools), {mcp::make_interview_prompt(*app.service)},
                     ops::with_metrics_resource(mcp::make_conversation_resources(*app.service),
                                                [&metrics] { return metrics.snapshot(); }));
  server.on_outcome = [&metrics](const mcp::RequestOutcome& outcome) {
    ops::record_outcome(metrics.metrics(), outcome);
    metrics.maybe_flush();
  };
  mcp::LineReader in(STDIN_FILENO, o.max_line_bytes);
  mcp::LineWriter out(STDOUT_FILENO);
  const int rc = server.run(in, out);
  metrics.flush();
  app.memory->on_search = nullptr;
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
      ->type_name("BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 31));
  cmd->add_option("--metrics-file", opts->metrics_file,
                  "Also write metrics to this file in the Prometheus text format (replaced atomically on each flush)")
      ->type_name("PATH");
  cmd->add_option("--metrics-interval", opts->metrics_interval,
                  "Seconds between storing metrics in the database (default 30; 0: after every request)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->callback([&g, opts] { g.exit_code = serve(g, *opts); });
}

int run_default_serve(GlobalOptions& g) {
  ServeOptions o;
  o.max_line_bytes = max_line_from_env();
  return serve(g, o);
}

}  // namespace sq::cli
