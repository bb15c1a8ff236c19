// `config`: MCP client configuration, ready to paste, for the common desktop
// assistants and editors, naming this binary and its database by absolute
// path; and `config --check`, which verifies that both are usable.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "memory/memory_store.hpp"
#include "sq_config.h"
#include "util/paths.hpp"

namespace sq::cli {

namespace {

using json = nlohmann::ordered_json;

// How one client wants its servers described.
enum class Shape {
  mcp_servers,        // {"mcpServers": {name: {command, args}}}
  mcp_servers_stdio,  // the same with "type": "stdio"
  vscode,             // {"servers": {name: {type: stdio, command, args}}}
  zed,                // {"context_servers": {name: {source: custom, command, args, env}}}
};

struct Client {
  const char* id;
  const char* name;
  const char* where;  // which file the snippet belongs in
  Shape shape;
};

constexpr Client kClients[] = {
    {"claude-desktop", "Claude Desktop",
     "claude_desktop_config.json (Settings > Developer > Edit Config; macOS: ~/Library/Application "
     "Support/Claude/, Windows: %APPDATA%\\Claude\\)",
     Shape::mcp_servers},
    {"claude-code", "Claude Code", ".mcp.json at the root of a project", Shape::mcp_servers_stdio},
    {"vscode", "VS Code", ".vscode/mcp.json in a workspace, or the user mcp.json (MCP: Open User Configuration)",
     Shape::vscode},
    {"cursor", "Cursor", "~/.cursor/mcp.json, or .cursor/mcp.json in a project", Shape::mcp_servers},
    {"windsurf", "Windsurf", "~/.codeium/windsurf/mcp_config.json", Shape::mcp_servers},
    {"zed", "Zed", "~/.config/zed/settings.json (merge into the existing settings)", Shape::zed},
};

const Client* find_client(const std::string& id) {
  for (const auto& c : kClients) {
    if (id == c.id) return &c;
  }
  return nullptr;
}

std::vector<std::string> client_ids() {
  std::vector<std::string> ids;
  for (const auto& c : kClients) ids.emplace_back(c.id);
  return ids;
}

struct Target {
  std::string binary;    // absolute path of this executable
  std::string database;  // absolute path of the database
  std::string source;    // where the database path came from
};

Target resolve_target(const GlobalOptions& g) {
  Target t;
  t.binary = util::self_executable_path();
  const auto loc = util::resolve_database_path(g.db);
  std::error_code ec;
  const auto abs = std::filesystem::absolute(loc.path, ec);
  t.database = ec ? loc.path : abs.lexically_normal().string();
  t.source = loc.source;
  return t;
}

json client_config(const Client& c, const Target& t) {
  const json args = json::array({"--db", t.database, "serve"});
  json server;
  switch (c.shape) {
    case Shape::mcp_servers:
      server = {{"command", t.binary}, {"args", args}};
      return {{"mcpServers", {{SQ_NAME, server}}}};
    case Shape::mcp_servers_stdio:
      server = {{"type", "stdio"}, {"command", t.binary}, {"args", args}};
      return {{"mcpServers", {{SQ_NAME, server}}}};
    case Shape::vscode:
      server = {{"type", "stdio"}, {"command", t.binary}, {"args", args}};
      return {{"servers", {{SQ_NAME, server}}}};
    case Shape::zed:
      server = {{"source", "custom"}, {"command", t.binary}, {"args", args}, {"env", json::object()}};
      return {{"context_servers", {{SQ_NAME, server}}}};
  }
  return json::object();
}

// ---- --check ----------------------------------------------------------------

struct Check {
  std::string what;
  bool ok = false;
  std::string detail;  // a sentence: what was found, or what is wrong and how to fix it
};

Check check_binary(const std::string& path) {
  Check c{"binary", false, ""};
  struct stat st {};
  if (path.empty()) {
    c.detail = "cannot tell where this program is installed (no /proc/self/exe); give clients its full path yourself";
  } else if (::stat(path.c_str(), &st) != 0) {
    c.detail = fmt::format("{} does not exist any more ({}); reinstall, or run config again from the installed binary",
                           path, std::strerror(errno));
  } else if (!S_ISREG(st.st_mode) || ::access(path.c_str(), X_OK) != 0) {
    c.detail = fmt::format("{} is not an executable file", path);
  } else {
    c.ok = true;
    c.detail = fmt::format("{} is executable", path);
  }
  return c;
}

// Whether files can be created in `dir`: tried for real (a temporary file,
// removed at once), since permission bits say little to root or on a
// read-only mount. On failure `why` says what went wrong.
bool can_create_in(const std::filesystem::path& dir, std::string& why) {
  std::string tmpl = (dir / ".sequential-questioning-check-XXXXXX").string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    why = std::strerror(errno);
    return false;
  }
  ::close(fd);
  ::unlink(tmpl.c_str());
  return true;
}

Check check_database(const std::string& path) {
  Check c{"database", false, ""};
  const std::filesystem::path p(path);
  const auto dir = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
  std::string why;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      c.detail = fmt::format("{} exists but is not a regular file", path);
      return c;
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      c.detail = fmt::format("cannot open {} for reading and writing: {}", path, std::strerror(errno));
      return c;
    }
    char header[16] = {};
    const ssize_t n = ::read(fd, header, sizeof header);
    ::close(fd);
    if (n != 0 && (n != 16 || std::memcmp(header, "SQLite format 3", 16) != 0)) {
      c.detail = fmt::format("{} is not an SQLite database; choose another file with --db or SQ_DB", path);
    } else if (!can_create_in(dir, why)) {
      c.detail = fmt::format("cannot create files in {} ({}); SQLite keeps its journal files beside the database",
                             dir.string(), why);
    } else {
      c.ok = true;
      c.detail = fmt::format("{} exists and is writable", path);
    }
    return c;
  }
  if (errno != ENOENT) {
    c.detail = fmt::format("cannot inspect {}: {}", path, std::strerror(errno));
    return c;
  }
  // Missing: the nearest existing ancestor must let us create the rest.
  std::filesystem::path ancestor = dir;
  while (::stat(ancestor.c_str(), &st) != 0 && errno == ENOENT && ancestor.has_parent_path() &&
         ancestor.parent_path() != ancestor) {
    ancestor = ancestor.parent_path();
  }
  if (::stat(ancestor.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    c.detail = fmt::format("{} cannot be created: {} is not a directory", path, ancestor.string());
  } else if (!can_create_in(ancestor, why)) {
    c.detail = fmt::format("{} cannot be created: cannot create files in {} ({})", path, ancestor.string(), why);
  } else {
    c.ok = true;
    c.detail = fmt::format("{} does not exist yet; it will be created on first use", path);
  }
  return c;
}

Check check_index(const std::string& database) {
  Check c{"index", true, ""};
  const std::string path = memory::index_path_for(database);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    c.detail = fmt::format("{} will be built from the database when needed", path);
  } else if (const int fd = S_ISREG(st.st_mode) ? ::open(path.c_str(), O_RDONLY | O_CLOEXEC) : -1; fd < 0) {
    c.ok = false;
    c.detail = fmt::format("{} is not a readable file; remove it and it will be rebuilt from the database", path);
  } else {
    ::close(fd);
    c.detail = fmt::format("{} exists (a cache, rebuilt from the database when stale)", path);
  }
  return c;
}

int run_check(const GlobalOptions& g, const Target& t) {
  const std::vector<Check> checks = {check_binary(t.binary), check_database(t.database), check_index(t.database)};
  bool ok = true;
  for (const auto& c : checks) ok = ok && c.ok;
  if (g.json) {
    json arr = json::array();
    for (const auto& c : checks) arr.push_back({{"check", c.what}, {"ok", c.ok}, {"detail", c.detail}});
    std::cout << json{{"ok", ok}, {"binary", t.binary}, {"database", t.database}, {"checks", arr}}.dump(2) << '\n';
  } else {
    const Palette p = Palette::for_stdout(false);
    for (const auto& c : checks) {
      if (c.ok) std::cout << fmt::format("{}  {:8}  {}\n", p.good("ok"), c.what, c.detail);
    }
  }
  for (const auto& c : checks) {
    if (!c.ok) print_error(c.detail);
  }
  return ok ? kSuccess : kFailure;
}

struct ConfigOptions {
  std::string client;
  bool check = false;
};

int run_config(const GlobalOptions& g, const ConfigOptions& o) {
  const Target t = resolve_target(g);
  if (o.check) return run_check(g, t);
  if (t.binary.empty()) {
    throw std::runtime_error("cannot tell where this program is installed (no /proc/self/exe)");
  }
  if (!o.client.empty()) {
    // Exactly the snippet, so that `config --client X > file` or a paste works.
    std::cout << client_config(*find_client(o.client), t).dump(2) << '\n';
    return kSuccess;
  }
  if (g.json) {
    json clients = json::object();
    for (const auto& c : kClients) {
      clients[c.id] = {{"name", c.name}, {"file", c.where}, {"config", client_config(c, t)}};
    }
    std::cout << json{{"command", t.binary},
                      {"args", json::array({"--db", t.database, "serve"})},
                      {"database", t.database},
                      {"clients", clients}}
                     .dump(2)
              << '\n';
    return kSuccess;
  }
  const Palette p = Palette::for_stdout(false);
  bool first = true;
  for (const auto& c : kClients) {
    if (!first) std::cout << '\n';
    first = false;
    std::cout << fmt::format("{} {}\n{}\n{}\n", p.heading(fmt::format("# {}", c.name)),
                             p.muted(fmt::format("(--client {})", c.id)), p.muted(fmt::format("# in {}", c.where)),
                             client_config(c, t).dump(2));
  }
  return kSuccess;
}

}  // namespace

void add_config_command(CLI::App& root, GlobalOptions& g) {
  auto o = std::make_shared<ConfigOptions>();
  auto* c = root.add_subcommand("config", "Print MCP client configuration for this binary, or check the setup");
  auto* client = c->add_option("-c,--client", o->client, "Only this client's snippet: " + CLI::detail::join(client_ids(), ", "))
                     ->type_name("NAME")
                     ->check(CLI::IsMember(client_ids()));
  auto* check = c->add_flag("--check", o->check,
                            "Check that the binary is executable and the database location usable (exit 1 if not)");
  check->excludes(client);
  c->callback([&g, o] { g.exit_code = run_config(g, *o); });
}

}  // namespace sq::cli
