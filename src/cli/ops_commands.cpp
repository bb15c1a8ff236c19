// `stats`, `doctor`, `backup`, `restore`, `check` and `prune`: looking after
// the database from the shell.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "memory/memory_store.hpp"
#include "ops/backup.hpp"
#include "ops/consistency.hpp"
#include "ops/database_stats.hpp"
#include "ops/doctor.hpp"
#include "ops/findings.hpp"
#include "ops/metrics_store.hpp"
#include "ops/prune.hpp"
#include "ops/repair.hpp"
#include "util/clock.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace sq::cli {

namespace {

using nlohmann::json;

std::string format_ms(double ms) {
  if (ms < 1) return fmt::format("{:.3f}ms", ms);
  if (ms < 10) return fmt::format("{:.2f}ms", ms);
  if (ms < 1000) return fmt::format("{:.1f}ms", ms);
  return fmt::format("{:.2f}s", ms / 1000);
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string rows_sentence(const storage::RowCounts& r) {
  return fmt::format("{}, {}, {}, {}, {}, {}", plural(r.sessions, "session", "sessions"),
                     plural(r.conversations, "conversation", "conversations"),
                     plural(r.questions, "question", "questions"), plural(r.answers, "answer", "answers"),
                     plural(r.contexts, "context", "contexts"), plural(r.embeddings, "embedding", "embeddings"));
}

// ---- stats ----------------------------------------------------------------

struct StatsOptions {
  bool reset = false;
};

void print_series_table(const char* heading, const char* column, const ops::SeriesMap& series, const char* family,
                        const Palette& p) {
  bool any = false;
  for (const auto& [key, s] : series) any = any || key.family == family;
  if (!any) return;
  std::cout << p.heading(heading) << '\n';
  std::cout << fmt::format("  {:<34} {:>8} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n", column, "REQUESTS", "ERRORS",
                           "MIN", "MEAN", "P50", "P95", "P99", "MAX");
  for (const auto& [key, s] : series) {
    if (key.family != family) continue;
    const auto& h = s.latency;
    std::cout << fmt::format("  {:<34} {:>8} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n", key.name, s.requests,
                             s.error_total(), format_ms(h.min_ms()), format_ms(h.mean_ms()),
                             format_ms(h.percentile(0.50)), format_ms(h.percentile(0.95)),
                             format_ms(h.percentile(0.99)), format_ms(h.max_ms()));
  }
  for (const auto& [key, s] : series) {
    if (key.family != family || s.errors.empty()) continue;
    std::string kinds;
    for (const auto& [kind, n] : s.errors) kinds += fmt::format("{}{} x{}", kinds.empty() ? "" : ", ", kind, n);
    std::cout << fmt::format("  {} {}: {}\n", p.muted("errors of"), key.name, kinds);
  }
  std::cout << '\n';
}

int stats(const GlobalOptions& g, const StatsOptions& o) {
  App app = open_app(g);
  if (o.reset) {
    const auto n = ops::reset_metrics(*app.db);
    if (g.json) {
      std::cout << json{{"reset", true}, {"series", n}}.dump(2) << '\n';
    } else {
      std::cout << fmt::format("Cleared the stored metrics ({}).\n", plural(n, "series", "series"));
    }
    return kSuccess;
  }
  const ops::SeriesMap totals = ops::load_metrics(*app.db);
  const ops::DatabaseStats db = ops::database_stats(*app.db);
  if (g.json) {
    std::cout << json{{"total", ops::series_map_to_json(totals)}, {"database", ops::database_stats_to_json(db)}}.dump(2)
              << '\n';
    return kSuccess;
  }
  const Palette p = Palette::for_stdout(false);
  const json summary = ops::series_map_to_json(totals);
  if (totals.empty()) {
    std::cout << "No requests recorded yet (servers store their counts every 30 s and when they exit).\n\n";
  } else {
    std::cout << fmt::format("{} since {}\n\n", plural(ops::total_requests(totals), "request", "requests"),
                             summary["since"].is_string() ? summary["since"].get<std::string>() : "?");
  }
  print_series_table("MCP methods", "METHOD", totals, ops::kMethodSeries, p);
  print_series_table("Tools", "TOOL", totals, ops::kToolSeries, p);
  print_series_table("Vector search", "SEARCH", totals, ops::kVectorSearchSeries, p);
  std::cout << p.heading("Database") << ' ' << db.path << '\n';
  std::cout << fmt::format("  {} (write-ahead log {}, vector index {}), schema version {}\n",
                           ops::human_bytes(db.file_bytes), ops::human_bytes(db.wal_bytes),
                           ops::human_bytes(db.index_bytes), db.schema_version);
  std::cout << "  " << rows_sentence(db.rows) << '\n';
  return kSuccess;
}

// ---- doctor and check ---------------------------------------------------------

void print_findings(const ops::Findings& f) {
  const Palette p = Palette::for_stdout(false);
  for (const auto& item : f.items()) {
    std::string tag;
    switch (item.severity) {
      case ops::Severity::ok: tag = p.good(fmt::format("{:<7}", "ok")); break;
      case ops::Severity::info: tag = p.muted(fmt::format("{:<7}", "info")); break;
      case ops::Severity::problem: tag = p.bad(fmt::format("{:<7}", "PROBLEM")); break;
    }
    std::cout << fmt::format("{} {:<12} {}\n", tag, item.check, item.message);
    if (!item.fix.empty()) std::cout << fmt::format("{:<7} {:<12} {} {}\n", "", "", p.muted("fix:"), item.fix);
  }
  const int n = f.problems();
  std::cout << (n == 0 ? std::string("No problems found.\n") : fmt::format("{} found.\n", plural(n, "problem", "problems")));
}

int doctor(const GlobalOptions& g) {
  const util::DatabaseLocation location = util::resolve_database_path(g.db);
  ops::DoctorOptions o;
  o.database_path = location.path;
  o.source = location.source;
  const auto embedder = memory::make_default_embedder();
  const ops::Findings f = ops::run_doctor(o, *embedder);
  if (g.json) {
    std::cout << f.to_json().dump(2) << '\n';
  } else {
    print_findings(f);
  }
  return f.healthy() ? kSuccess : kFailure;
}

struct CheckOptions {
  bool repair = false;
};

ops::Findings run_checks(App& app) {
  ops::Findings f;
  ops::check_database(*app.db, f, true);
  ops::check_derived(*app.db, app.memory->embedder(), memory::index_path_for(app.location.path), f);
  return f;
}

bool has_problem(const ops::Findings& f, const std::string& check) {
  for (const auto& item : f.items()) {
    if (item.check == check && item.severity == ops::Severity::problem) return true;
  }
  return false;
}

int check(const GlobalOptions& g, const CheckOptions& o) {
  App app = open_app(g);
  const ops::Findings before = run_checks(app);
  const bool derived_problem = has_problem(before, "index") || has_problem(before, "embeddings");
  if (!o.repair || !derived_problem) {
    if (g.json) {
      json out = before.to_json();
      if (o.repair) out["repair"] = nullptr;
      std::cout << out.dump(2) << '\n';
    } else {
      print_findings(before);
      if (o.repair && !before.healthy()) {
        std::cout << "Nothing that --repair can rebuild is wrong; the problems above need the fixes shown.\n";
      }
    }
    return before.healthy() ? kSuccess : kFailure;
  }

  ops::RepairResult repaired;
  {
    Progress bar("Repairing");
    repaired = ops::repair_derived(*app.db, *app.memory, true, bar.callback());
    bar.finish();
  }
  const ops::Findings after = run_checks(app);
  if (g.json) {
    std::cout << json{{"healthy", after.healthy()},
                      {"problems", after.problems()},
                      {"before", before.to_json()},
                      {"repair",
                       {{"reembedded", repaired.reembedded},
                        {"index_rebuilt", repaired.index_rebuilt},
                        {"vectors", repaired.vectors}}},
                      {"findings", after.to_json()["findings"]}}
                     .dump(2)
              << '\n';
  } else {
    print_findings(before);
    std::cout << fmt::format("\nRepaired: re-embedded {}; {}.\n\n",
                             plural(repaired.reembedded, "message", "messages"),
                             repaired.index_rebuilt ? fmt::format("rebuilt the vector index ({} vectors)", repaired.vectors)
                                                    : std::string("the vector index did not need rebuilding"));
    print_findings(after);
  }
  return after.healthy() ? kSuccess : kFailure;
}

// ---- backup and restore ---------------------------------------------------------

struct BackupOptions {
  std::string file;
  bool force = false;
};

int backup(const GlobalOptions& g, const BackupOptions& o) {
  const util::DatabaseLocation location = util::resolve_database_path(g.db);
  ops::BackupOptions options;
  options.force = o.force;
  Progress bar("Backing up");
  options.progress = bar.callback();
  const ops::BackupReport r = ops::backup_database(location.path, o.file, options);
  bar.finish();
  if (g.json) {
    std::cout << json{{"database", location.path},
                      {"backup", r.path},
                      {"bytes", r.bytes},
                      {"schema_version", r.schema_version},
                      {"rows", ops::row_counts_to_json(r.rows)},
                      {"pages", r.pages},
                      {"steps", r.steps},
                      {"seconds", r.seconds},
                      {"verified", true}}
                     .dump(2)
              << '\n';
  } else {
    std::cout << fmt::format("Backed up {} to {} ({}, schema version {}; verified).\n", location.path, r.path,
                             ops::human_bytes(r.bytes), r.schema_version);
    std::cout << "  " << rows_sentence(r.rows) << '\n';
  }
  return kSuccess;
}

struct RestoreOptions {
  std::string file;
  bool force = false;
};

int restore(const GlobalOptions& g, const RestoreOptions& o) {
  const util::DatabaseLocation location = util::resolve_database_path(g.db);
  ops::RestoreOptions options;
  options.force = o.force;
  Progress copying("Copying the backup");
  options.progress = copying.callback();
  options.rebuild_index = [&g, &copying]() -> std::int64_t {
    copying.finish();
    App app = open_app(g);
    Progress bar("Rebuilding the vector index");
    const auto status = app.memory->reindex(bar.callback());
    bar.finish();
    return status.vectors;
  };
  const ops::RestoreReport r = ops::restore_database(o.file, location.path, options);
  copying.finish();
  for (const auto& w : r.warnings) print_error("warning: " + w);
  if (g.json) {
    std::cout << json{{"database", r.database},
                      {"restored_from", o.file},
                      {"previous", r.previous.empty() ? json(nullptr) : json(r.previous)},
                      {"source_schema_version", r.source_version},
                      {"schema_version", r.schema_version},
                      {"rows", ops::row_counts_to_json(r.rows)},
                      {"vectors", r.vectors},
                      {"server_was_running", r.server_was_running},
                      {"warnings", r.warnings}}
                     .dump(2)
              << '\n';
  } else {
    std::cout << fmt::format("Restored {} from {}", r.database, o.file);
    if (r.source_version != r.schema_version) {
      std::cout << fmt::format(" (upgraded from schema version {} to {})", r.source_version, r.schema_version);
    }
    std::cout << ".\n  " << rows_sentence(r.rows) << '\n';
    std::cout << fmt::format("  Rebuilt the vector index ({} vectors).\n", r.vectors);
    if (!r.previous.empty()) std::cout << fmt::format("  The replaced database is kept as {}\n", r.previous);
  }
  return kSuccess;
}

// ---- prune ----------------------------------------------------------------------

struct PruneOptions {
  std::string older_than;
  bool yes = false;
  bool dry_run = false;
};

bool confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return false;
  const std::string a = util::ascii_lower(util::trim(line));
  return a == "y" || a == "yes";
}

int prune(const GlobalOptions& g, const PruneOptions& o) {
  const auto seconds = util::parse_duration_seconds(o.older_than);
  if (!seconds || *seconds < 0) {
    throw CLI::ValidationError("--older-than",
                               "expected a duration such as 90d, 12w, 36h, 45m or 30s (got '" + o.older_than + "')");
  }
  const std::string cutoff = util::to_rfc3339(std::chrono::system_clock::now() - std::chrono::seconds(*seconds));
  App app = open_app(g);
  const auto candidates = ops::prune_candidates(*app.db, cutoff);
  std::int64_t questions = 0, answers = 0;
  for (const auto& c : candidates) {
    questions += c.questions;
    answers += c.answers;
  }

  auto report = [&](std::int64_t deleted, bool dry_run) {
    if (!g.json) return;
    json list = json::array();
    for (const auto& c : candidates) {
      list.push_back({{"id", c.id}, {"title", c.title}, {"updated_at", c.updated_at}, {"questions", c.questions},
                      {"answers", c.answers}});
    }
    std::cout << json{{"cutoff", cutoff}, {"dry_run", dry_run}, {"conversations", list}, {"deleted", deleted}}.dump(2)
              << '\n';
  };

  if (candidates.empty()) {
    report(0, o.dry_run);
    if (!g.json) std::cout << fmt::format("No closed conversations were last updated before {}.\n", cutoff);
    return kSuccess;
  }
  if (!g.json) {
    const Palette p = Palette::for_stdout(false);
    std::cout << fmt::format("Closed conversations last updated before {}:\n", cutoff);
    for (const auto& c : candidates) {
      std::cout << fmt::format("  {}  {}  {}, {}  {}\n", p.muted(c.id), p.muted(c.updated_at),
                               plural(c.questions, "question", "questions"), plural(c.answers, "answer", "answers"),
                               c.title);
    }
  }
  const std::string what = fmt::format("{} ({}, {})", plural(static_cast<std::int64_t>(candidates.size()),
                                                              "conversation", "conversations"),
                                       plural(questions, "question", "questions"), plural(answers, "answer", "answers"));
  if (o.dry_run) {
    report(0, true);
    if (!g.json) std::cout << fmt::format("Would delete {}. Nothing was deleted (--dry-run).\n", what);
    return kSuccess;
  }
  if (!o.yes) {
    if (!is_terminal(STDIN_FILENO)) {
      print_error(fmt::format("not deleting {} without confirmation: standard input is not a terminal; pass --yes "
                              "to delete without asking, or --dry-run to only list them",
                              what));
      return kFailure;
    }
    if (!confirm(fmt::format("Delete {} and everything recorded in them?", what))) {
      if (!g.json) std::cout << "Nothing was deleted.\n";
      report(0, false);
      return kSuccess;
    }
  }
  std::vector<std::string> ids;
  for (const auto& c : candidates) ids.push_back(c.id);
  const std::int64_t deleted = ops::prune_conversations(*app.db, ids, cutoff);
  // Drop the deleted rows' vectors from the index now rather than on next use.
  app.memory->ensure_index();
  app.memory->save();
  report(deleted, false);
  if (!g.json) std::cout << fmt::format("Deleted {}.\n", plural(deleted, "conversation", "conversations"));
  return kSuccess;
}

}  // namespace

void add_ops_commands(CLI::App& root, GlobalOptions& g) {
  auto so = std::make_shared<StatsOptions>();
  auto* stats_cmd = root.add_subcommand("stats", "Show request, error and latency metrics and database size");
  stats_cmd->add_flag("--reset", so->reset, "Clear the stored metrics");
  stats_cmd->callback([&g, so] { g.exit_code = stats(g, *so); });

  root.add_subcommand("doctor", "Check that the installation and database are healthy (exit 1 if not)")
      ->callback([&g] { g.exit_code = doctor(g); });

  auto bo = std::make_shared<BackupOptions>();
  auto* backup_cmd = root.add_subcommand("backup", "Write a verified copy of the database (safe while servers run)");
  backup_cmd->add_option("file", bo->file, "Where to write the backup")->required()->type_name("FILE");
  backup_cmd->add_flag("-f,--force", bo->force, "Replace FILE if it exists");
  backup_cmd->callback([&g, bo] { g.exit_code = backup(g, *bo); });

  auto ro = std::make_shared<RestoreOptions>();
  auto* restore_cmd = root.add_subcommand(
      "restore", "Replace the database with a backup (the current one is kept beside it, timestamped)");
  restore_cmd->add_option("file", ro->file, "The backup to restore")->required()->type_name("FILE");
  restore_cmd->add_flag("-f,--force", ro->force, "Restore even while a server is using the database");
  restore_cmd->callback([&g, ro] { g.exit_code = restore(g, *ro); });

  auto co = std::make_shared<CheckOptions>();
  auto* check_cmd = root.add_subcommand(
      "check", "Verify the database, its embeddings and the vector index (exit 1 if something is wrong)");
  check_cmd->add_flag("--repair", co->repair,
                      "Re-embed messages missing an embedding and rebuild the vector index; never deletes data");
  check_cmd->callback([&g, co] { g.exit_code = check(g, *co); });

  auto po = std::make_shared<PruneOptions>();
  auto* prune_cmd = root.add_subcommand("prune", "Delete closed conversations not updated for a while");
  prune_cmd->add_option("--older-than", po->older_than, "Last updated longer ago than this, e.g. 90d, 12w, 36h")
      ->required()
      ->type_name("DURATION");
  prune_cmd->add_flag("-y,--yes", po->yes, "Do not ask for confirmation");
  prune_cmd->add_flag("-n,--dry-run", po->dry_run, "Only list what would be deleted");
  prune_cmd->callback([&g, po] { g.exit_code = prune(g, *po); });
}

}  // namespace sq::cli
