// Drives one MCP server over its real stdin/stdout (newline-delimited
// JSON-RPC) and measures it: start-up time, per-call latency, pipelined
// throughput and resident memory. The same client measures every server, so
// its own overhead (a few microseconds per call) is the same for all of them.
//
//   mcp_bench cold   --server ours|thinking|memory [server options] --runs 20
//   mcp_bench growth --server ours|thinking|memory [server options] --size N
//   mcp_bench floor  --dir DIR   (what this machine costs before any server code runs)
//
// Server options:
//   ours:     --bin FILE --db FILE            (the database holds the seeded conversations)
//   thinking: --script FILE                   (run with `node`)
//   memory:   --script FILE --memory-file FILE [--db FILE]  (entity names are read from --db)
// Common:     --stderr FILE (server logs; default /dev/null), --seed S,
//             --budget-scale X (multiplies every phase's time budget)
//
// Prints one JSON object on stdout.
#include <fcntl.h>
#include <sys/mman.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// ---- a server process on pipes -----------------------------------------------------

// Reads "VmRSS" / "VmHWM" (kB) from /proc/<pid>/status; -1 if unavailable.
long proc_status_kb(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  const std::string key = std::string(field) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::strtol(line.c_str() + key.size(), nullptr, 10);
  }
  return -1;
}

class Server {
 public:
  Server(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
         const std::string& stderr_path) {
    int to_child[2], from_child[2];
    if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(from_child, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);

    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
      const std::string s = *e;
      const std::string name = s.substr(0, s.find('='));
      if (env.count(name) == 0) env_strings.push_back(s);
    }
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> envp, args;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_copy = argv;
    for (auto& s : argv_copy) args.push_back(s.data());
    args.push_back(nullptr);

    started_ = Clock::now();
    const int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(to_child[0]);
    close(from_child[1]);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    in_ = to_child[1];
    out_ = from_child[0];
  }

  ~Server() { stop(); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  pid_t pid() const { return pid_; }
  Clock::time_point started() const { return started_; }

  void send(const std::string& line) {
    std::string data = line + "\n";
    std::size_t off = 0;
    while (off < data.size()) {
      const ssize_t n = write(in_, data.data() + off, data.size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(std::string("write to server failed: ") + std::strerror(errno));
      }
      off += static_cast<std::size_t>(n);
    }
  }

  // The next line the server writes; throws after `timeout_s` without one.
  std::string read_line(double timeout_s = 180) {
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
    for (;;) {
      if (const auto nl = buffer_.find('\n', scanned_); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        scanned_ = 0;
        return line;
      }
      scanned_ = buffer_.size();
      const int wait_ms = static_cast<int>(std::max(0.0, ms_between(Clock::now(), deadline)));
      pollfd p{out_, POLLIN, 0};
      const int r = poll(&p, 1, wait_ms);
      if (r == 0) throw std::runtime_error("no reply from the server in time");
      if (r < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error("poll failed");
      }
      char chunk[1 << 16];
      const ssize_t n = read(out_, chunk, sizeof chunk);
      if (n == 0) throw std::runtime_error("the server closed its output");
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        throw std::runtime_error("read failed");
      }
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  // Closes stdin and waits for the process to exit (killing it after `grace_s`).
  int stop(double grace_s = 120) {
    if (pid_ <= 0) return exit_status_;
    if (in_ >= 0) close(in_);
    in_ = -1;
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(grace_s));
    int status = 0;
    for (;;) {
      const pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) break;
      if (Clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (out_ >= 0) close(out_);
    out_ = -1;
    pid_ = -1;
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_status_;
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buffer_;
  std::size_t scanned_ = 0;
  Clock::time_point started_;
  int exit_status_ = 0;
};

// ---- JSON-RPC over a Server ------------------------------------------------------------

// The id of a response line, or -1 (a notification or a request from the server).
// Huge lines (a whole knowledge graph) are not parsed: the id is found at
// either end, where serialisers put it.
long response_id(const std::string& line) {
  if (line.size() < (1u << 20)) {
    const json j = json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("id") || j.contains("method") || !j["id"].is_number_integer()) return -1;
    return j["id"].get<long>();
  }
  auto id_in = [](std::string_view s) -> long {
    const auto at = s.rfind("\"id\":");
    if (at == std::string_view::npos) return -1;
    return std::strtol(s.data() + at + 5, nullptr, 10);
  };
  const std::string_view all(line);
  if (long id = id_in(all.substr(all.size() - 64)); id >= 0) return id;
  return id_in(all.substr(0, 64));
}

// Whether a response reports a failure (a JSON-RPC error or a tool error).
bool response_failed(const std::string& line) {
  if (line.size() >= (1u << 20)) return line.find("\"isError\":true", line.size() - 256) != std::string::npos;
  const json j = json::parse(line, nullptr, false);
  if (!j.is_object() || j.contains("error")) return true;
  const auto r = j.find("result");
  return r == j.end() || (r->is_object() && r->value("isError", false));
}

class Client {
 public:
  explicit Client(Server& s) : s_(s) {}

  struct Reply {
    double ms = 0;
    std::string line;
    bool failed = false;
  };

  Reply call(const std::string& method, const json& params) {
    const long id = next_id_++;
    const auto t0 = Clock::now();
    s_.send(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump());
    for (;;) {
      std::string line = s_.read_line();
      const auto t1 = Clock::now();
      if (response_id(line) == id) return {ms_between(t0, t1), std::move(line), false};
    }
  }

  Reply tool(const std::string& name, const json& args) {
    Reply r = call("tools/call", {{"name", name}, {"arguments", args}});
    r.failed = response_failed(r.line);
    return r;
  }

  void notify(const std::string& method) { s_.send(json{{"jsonrpc", "2.0"}, {"method", method}}.dump()); }

  Reply initialize() {
    Reply r = call("initialize", {{"protocolVersion", "2025-06-18"},
                                  {"capabilities", json::object()},
                                  {"clientInfo", {{"name", "mcp-bench"}, {"version", "1"}}}});
    r.failed = response_failed(r.line);
    notify("notifications/initialized");
    return r;
  }

  // Sends `n` tool calls keeping up to `window` in flight; returns calls per
  // second and counts failures into `failed`.
  double pipelined(int n, int window, const std::function<json(int)>& make_call, int& failed) {
    std::unordered_map<long, bool> outstanding;
    int sent = 0, done = 0;
    const auto t0 = Clock::now();
    while (done < n) {
      while (sent < n && static_cast<int>(outstanding.size()) < window) {
        const long id = next_id_++;
        const json c = make_call(sent++);
        s_.send(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/call"}, {"params", c}}.dump());
        outstanding[id] = true;
      }
      const std::string line = s_.read_line();
      const long id = response_id(line);
      if (outstanding.erase(id) == 0) continue;
      if (response_failed(line)) ++failed;
      ++done;
    }
    return n / (ms_between(t0, Clock::now()) / 1000.0);
  }

 private:
  Server& s_;
  long next_id_ = 1;
};

// ---- statistics -------------------------------------------------------------------------

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  if (p == 50) {
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::min(v.size(), std::max<std::size_t>(rank, 1)) - 1];
}

json summary(const std::vector<double>& ms) {
  if (ms.empty()) return json{{"n", 0}};
  double sum = 0;
  for (double x : ms) sum += x;
  return {{"n", ms.size()},
          {"p50_ms", percentile(ms, 50)},
          {"p99_ms", percentile(ms, 99)},
          {"mean_ms", sum / static_cast<double>(ms.size())},
          {"min_ms", *std::min_element(ms.begin(), ms.end())},
          {"max_ms", *std::max_element(ms.begin(), ms.end())}};
}

// ---- workloads ----------------------------------------------------------------------

const std::vector<std::string> kNames = {"Maria", "Tom", "Aisha", "Kenji", "Lena", "Omar", "Priya", "Jonas"};
const std::vector<std::string> kCities = {"Lisbon", "Kyoto", "Oaxaca", "Bergen", "Hanoi", "Cusco", "Porto", "Galway"};
const std::vector<std::string> kMonths = {"March", "April", "May", "June", "September", "October"};
// Short queries, as an assistant would send them; the same for every server.
const std::vector<std::string> kQueries = {"Kyoto",     "budget",     "wedding venue", "retirement", "insurance",
                                           "Spanish",   "laptop",     "headaches",     "survey",     "itinerary",
                                           "job offer", "deadline",   "guests",        "Lisbon",     "loan",
                                           "back pain", "mobile app", "honeymoon",     "camera",     "evenings"};

// Two numbered answers, different for every sample so nothing is deduplicated.
std::pair<std::string, std::string> answers_for(int i) {
  return {"We could spend about " + std::to_string(10 + (i * 37) % 90) + "00 dollars, " + kNames[i % kNames.size()] +
              " decides (note " + std::to_string(i) + ")",
          "Preferably in " + kMonths[i % kMonths.size()] + ", staying near " + kCities[(i / 3) % kCities.size()] +
              " for " + std::to_string(2 + i % 9) + " nights"};
}

struct Op {
  Op(std::string name_, std::function<json(int)> make_, int max_samples_, double budget_s_, int min_samples_ = 5,
     int warmups_ = 2, bool throughput_ = true)
      : name(std::move(name_)), make(std::move(make_)), max_samples(max_samples_), budget_s(budget_s_),
        min_samples(min_samples_), warmups(warmups_), throughput(throughput_) {}

  std::string name;               // as reported
  std::function<json(int)> make;  // tools/call params for sample i
  int max_samples;                // latency samples at most
  double budget_s;                // time for latency samples (at least `min_samples` are taken)
  int min_samples;                // 3 when one call takes more than a second
  int warmups;                    // calls before sampling (1 when the first takes more than a second)
  bool throughput;                // also measure calls per second
  // For writes: after the pipelined burst of samples [base, base + n), how
  // many of the acknowledged writes can be read back.
  std::function<int(Client&, int base, int n)> kept;
};

// Calls slower than this are not pipelined: throughput is then 1 / mean latency.
constexpr double kSlowCallMs = 500;

struct Ids {
  std::vector<std::string> anonymous, person, all;
};

// Conversation ids from a seeded database, shuffled with a fixed seed.
Ids load_ids(const std::string& db_path, const std::string& person, unsigned seed) {
  Ids ids;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot open " + db_path);
  }
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT c.id, s.user_id FROM conversations c JOIN user_sessions s ON s.id = c.session_id "
                     "ORDER BY c.rowid",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string id = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    const auto* user = sqlite3_column_text(st, 1);
    if (user == nullptr) ids.anonymous.push_back(id);
    else if (person == reinterpret_cast<const char*>(user)) ids.person.push_back(id);
    ids.all.push_back(std::move(id));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  std::mt19937 rng(seed);
  std::shuffle(ids.anonymous.begin(), ids.anonymous.end(), rng);
  std::shuffle(ids.person.begin(), ids.person.end(), rng);
  std::shuffle(ids.all.begin(), ids.all.end(), rng);
  return ids;
}

const std::string& nth(const std::vector<std::string>& v, int i) {
  if (v.empty()) throw std::runtime_error("no seeded conversations to use");
  return v[static_cast<std::size_t>(i) % v.size()];
}

struct Options {
  std::string mode, server, bin, db, script, memory_file, dir, stderr_path = "/dev/null";
  std::string person = "person-1";
  int runs = 20, size = 0, window = 8;
  long thoughts = -1;  // thinking: thoughts recorded before measuring (default: --size)
  unsigned seed = 7;
  double budget_scale = 1;
};

std::vector<std::string> server_argv(const Options& o) {
  if (o.server == "ours") return {o.bin, "--db", o.db, "serve"};
  return {"node", o.script};
}

std::map<std::string, std::string> server_env(const Options& o) {
  if (o.server == "memory") return {{"MEMORY_FILE_PATH", o.memory_file}};
  return {};
}

json first_call_for(const Options& o, int i) {
  if (o.server == "ours") {
    return {{"name", "sequential_questioning"},
            {"arguments", {{"context", "Plan a two-week trip to " + kCities[i % kCities.size()] + " in April"}}}};
  }
  if (o.server == "thinking") {
    return {{"name", "sequentialthinking"},
            {"arguments",
             {{"thought", "First, list what the person already told us about the trip."},
              {"thoughtNumber", 1},
              {"totalThoughts", 5},
              {"nextThoughtNeeded", true}}}};
  }
  return {{"name", "create_entities"},
          {"arguments",
           {{"entities",
             {{{"name", "cold-start-" + std::to_string(i)},
               {"entityType", "conversation"},
               {"observations", {"Context: Plan a two-week trip to " + kCities[i % kCities.size()] + " in April"}}}}}}}};
}

// Process start to the initialize response and to the first tools/call
// result, repeated; idle RSS right after initialize.
json run_cold(const Options& o) {
  std::vector<double> init_ms, first_ms, rss_kb;
  int failures = 0;
  for (int i = -1; i < o.runs; ++i) {  // run -1 warms the page cache and is not counted
    Server s(server_argv(o), server_env(o), o.stderr_path);
    Client c(s);
    const auto init = c.initialize();
    const double t_init = ms_between(s.started(), Clock::now());
    const long rss = proc_status_kb(s.pid(), "VmRSS");
    const json call = first_call_for(o, i);
    const auto first = c.tool(call["name"], call["arguments"]);
    const double t_first = ms_between(s.started(), Clock::now());
    s.stop();
    if (i < 0) continue;
    failures += init.failed + first.failed;
    init_ms.push_back(t_init);
    first_ms.push_back(t_first);
    rss_kb.push_back(static_cast<double>(rss));
  }
  return {{"mode", "cold"},
          {"server", o.server},
          {"runs", o.runs},
          {"initialize", summary(init_ms)},
          {"first_call", summary(first_ms)},
          {"rss_after_initialize_kb", percentile(rss_kb, 50)},
          {"failures", failures}};
}

std::vector<Op> ops_for(const Options& o, const Ids& ids) {
  std::vector<Op> ops;
  if (o.server == "ours") {
    auto follow_up = [](const std::string& id, int i, bool with_user, const std::string& person) {
      const auto [a1, a2] = answers_for(i);
      json args = {{"conversation_id", id},
                   {"previous_messages", {{{"role", "user"}, {"content", "1. " + a1 + "\n2. " + a2}}}}};
      if (with_user) args["user_id"] = person;
      return json{{"name", "sequential_questioning_follow_up"}, {"arguments", args}};
    };
    // Follow-ups in conversations without a user_id: the write path alone.
    Op write{"write", [&ids, follow_up, o](int i) { return follow_up(nth(ids.anonymous, i), i, false, o.person); },
             200, 10};
    write.kept = [&ids](Client& c, int base, int n) {
      int kept = 0;
      for (int i = base; i < base + n; ++i) {
        const auto reply = c.tool("get_conversation", {{"conversation_id", nth(ids.anonymous, i)}});
        kept += reply.line.find(answers_for(i).first) != std::string::npos;
      }
      return kept;
    };
    ops.push_back(write);
    ops.push_back({"get_conversation",
                   [&ids](int i) { return json{{"name", "get_conversation"}, {"arguments", {{"conversation_id", nth(ids.all, i)}}}}; },
                   500, 5});
    ops.push_back({"search_memory",
                   [](int i) {
                     return json{{"name", "search_memory"}, {"arguments", {{"query", kQueries[i % kQueries.size()]}}}};
                   },
                   500, 8});
    // Follow-ups in the person's conversations: the server first recalls the
    // person's related items (search across their conversations).
    ops.push_back({"write_person",
                   [&ids, follow_up, o](int i) {
                     // Offset so these never reuse the anonymous phase's conversations.
                     return follow_up(nth(ids.person, i), i + 100000, true, o.person);
                   },
                   200, 15});
  } else if (o.server == "memory") {
    Op write{"write",
             [&ids](int i) {
               const auto [a1, a2] = answers_for(i);
               return json{{"name", "add_observations"},
                           {"arguments",
                            {{"observations",
                              {{{"entityName", nth(ids.anonymous, i)},
                                {"contents", {"Answer to question 1: " + a1, "Answer to question 2: " + a2}}}}}}}};
             },
             200, 10};
    write.kept = [&ids](Client& c, int base, int n) {
      json names = json::array();
      for (int i = base; i < base + n; ++i) names.push_back(nth(ids.anonymous, i));
      const auto reply = c.tool("open_nodes", {{"names", names}});
      int kept = 0;
      for (int i = base; i < base + n; ++i) {
        // As serialised inside the reply (the text content holds the same JSON again).
        const std::string needle = json("Answer to question 1: " + answers_for(i).first).dump();
        kept += reply.line.find(needle) != std::string::npos;
      }
      return kept;
    };
    ops.push_back(write);
    ops.push_back({"get_conversation",
                   [&ids](int i) { return json{{"name", "open_nodes"}, {"arguments", {{"names", {nth(ids.all, i)}}}}}; },
                   500, 5});
    ops.push_back({"search_memory",
                   [](int i) {
                     return json{{"name", "search_nodes"}, {"arguments", {{"query", kQueries[i % kQueries.size()]}}}};
                   },
                   500, 8});
    ops.push_back({"read_graph", [](int) { return json{{"name", "read_graph"}, {"arguments", json::object()}}; }, 50, 8,
                   3, 0, false});
  } else {
    ops.push_back({"write",
                   [](int i) {
                     return json{{"name", "sequentialthinking"},
                                 {"arguments",
                                  {{"thought", "Consider what the person said about " + kCities[i % kCities.size()] +
                                                   " and whether the budget of " + std::to_string(10 + i % 90) +
                                                   "00 dollars covers it."},
                                   {"thoughtNumber", 1 + i % 10},
                                   {"totalThoughts", 10},
                                   {"nextThoughtNeeded", true}}}};
                   },
                   500, 10});
  }
  return ops;
}

json run_growth(const Options& o) {
  Ids ids;
  if (!o.db.empty()) ids = load_ids(o.db, o.person, o.seed);
  Server s(server_argv(o), server_env(o), o.stderr_path);
  Client c(s);
  json out = {{"mode", "growth"}, {"server", o.server}, {"size", o.size}};
  const auto init = c.initialize();
  out["initialize_ms"] = ms_between(s.started(), Clock::now());
  if (init.failed) throw std::runtime_error("initialize failed: " + init.line.substr(0, 500));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  out["idle_rss_kb"] = proc_status_kb(s.pid(), "VmRSS");

  if (o.server == "thinking") {
    // Its only state is the in-memory thought history: record as many
    // thoughts as there are conversations elsewhere.
    const long n = o.thoughts >= 0 ? o.thoughts : o.size;
    int failed = 0;
    const auto t0 = Clock::now();
    if (n > 0) {
      c.pipelined(static_cast<int>(n), 64, ops_for(o, ids)[0].make, failed);
    }
    out["preload"] = {{"thoughts", n}, {"seconds", ms_between(t0, Clock::now()) / 1000}, {"failures", failed}};
    out["rss_after_preload_kb"] = proc_status_kb(s.pid(), "VmRSS");
  }

  json ops = json::object();
  int sample_base = 0;
  for (const Op& op : ops_for(o, ids)) {
    json r;
    int failures = 0;
    try {
      // Warm-up calls; the first call after start is reported on its own
      // (for ours it may load the vector index).
      for (int w = 0; w < op.warmups; ++w) {
        const json call = op.make(sample_base++);
        const auto reply = c.tool(call["name"], call["arguments"]);
        failures += reply.failed;
        if (reply.failed && !r.contains("first_error")) r["first_error"] = reply.line.substr(0, 400);
        if (w == 0) r["first_ms"] = reply.ms;
        if (reply.ms > 1000) break;
      }
      std::vector<double> ms;
      const double budget_ms = op.budget_s * o.budget_scale * 1000;
      const auto t0 = Clock::now();
      for (;;) {
        const int n = static_cast<int>(ms.size());
        const bool slow = n > 0 && ms[0] > 1000;
        const int min_n = slow ? std::min(op.min_samples, 3) : op.min_samples;
        if (n >= op.max_samples || (n >= min_n && ms_between(t0, Clock::now()) >= budget_ms)) break;
        const json call = op.make(sample_base++);
        const auto reply = c.tool(call["name"], call["arguments"]);
        failures += reply.failed;
        if (reply.failed && !r.contains("first_error")) r["first_error"] = reply.line.substr(0, 400);
        ms.push_back(reply.ms);
      }
      r["latency"] = summary(ms);
      if (op.throughput) {
        const double mean = r["latency"]["mean_ms"].get<double>();
        if (mean > kSlowCallMs) {
          r["throughput"] = {{"calls", 0}, {"window", 1}, {"per_second", 1000 / mean}, {"sequential", true}};
        } else {
          // About three seconds' worth of calls, 10 to 300.
          const int n = std::clamp(static_cast<int>(3000 * o.budget_scale / std::max(mean, 0.01)), 10, 300);
          int failed = 0;
          const int base = sample_base;
          const double per_s = c.pipelined(n, o.window, [&op, base](int i) { return op.make(base + i); }, failed);
          sample_base += n;
          failures += failed;
          r["throughput"] = {{"calls", n}, {"window", o.window}, {"per_second", per_s}};
          if (op.kept) r["throughput"]["kept"] = op.kept(c, base, n);
        }
      }
    } catch (const std::exception& e) {
      // The server died or stopped answering: report what was measured.
      r["error"] = e.what();
      r["failures"] = failures + 1;
      ops[op.name] = r;
      break;
    }
    r["failures"] = failures;
    ops[op.name] = r;
  }
  out["ops"] = ops;
  out["peak_rss_kb"] = proc_status_kb(s.pid(), "VmHWM");
  const auto t_exit = Clock::now();
  out["exit_status"] = s.stop();
  out["exit_ms"] = ms_between(t_exit, Clock::now());
  return out;
}


// ---- the machine's floors ---------------------------------------------------------------

// Spawn to exit of `argv`, median of `n`.
double spawn_to_exit_ms(const std::vector<std::string>& argv, int n) {
  std::vector<double> t;
  for (int i = 0; i < n; ++i) {
    Server s(argv, {}, "/dev/null");
    s.stop();
    t.push_back(ms_between(s.started(), Clock::now()));
  }
  return percentile(t, 50);
}

// What any server pays here before its own code runs: starting a process, a
// round trip through a pipe, an fsync, a page fault.
json run_floor(const std::string& dir, const std::string& self) {
  json out = {{"mode", "floor"}};
  out["spawn_c_true_ms"] = spawn_to_exit_ms({"true"}, 30);
  out["spawn_cxx_noop_ms"] = spawn_to_exit_ms({self, "noop"}, 30);
  {
    // A line echoed by `cat`: the transport and this client, no server work.
    Server cat({"cat"}, {}, "/dev/null");
    std::vector<double> t;
    const std::string line = json{{"jsonrpc", "2.0"}, {"id", 1}, {"result", {{"content", json::array()}}}}.dump();
    for (int i = 0; i < 2000; ++i) {
      const auto t0 = Clock::now();
      cat.send(line);
      cat.read_line();
      t.push_back(ms_between(t0, Clock::now()));
    }
    out["pipe_round_trip_ms"] = percentile(t, 50);
  }
  {
    const std::string path = dir + "/fsync-probe.tmp";
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot create " + path);
    std::vector<char> page(8192, 'x');
    std::vector<double> t;
    for (int i = 0; i < 300; ++i) {
      const auto t0 = Clock::now();
      if (pwrite(fd, page.data(), page.size(), static_cast<off_t>(i) * 8192) < 0 || fdatasync(fd) != 0) {
        throw std::runtime_error("write or fdatasync failed");
      }
      t.push_back(ms_between(t0, Clock::now()));
    }
    close(fd);
    unlink(path.c_str());
    out["append_fdatasync_ms"] = percentile(t, 50);
  }
  {
    const std::size_t pages = 4096, size = pages * 4096;
    auto* p = static_cast<char*>(mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (p == MAP_FAILED) throw std::runtime_error("mmap failed");
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < size; i += 4096) p[i] = 1;
    out["page_fault_us"] = ms_between(t0, Clock::now()) * 1000 / pages;
    munmap(p, size);
  }
  return out;
}

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr, "mcp_bench: %s\nsee the comment at the top of bench/mcp_bench.cpp for usage\n", why.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  if (argc < 2) usage("missing mode (cold or growth)");
  o.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value for " + a);
      return argv[++i];
    };
    if (a == "--server") o.server = value();
    else if (a == "--bin") o.bin = value();
    else if (a == "--db") o.db = value();
    else if (a == "--script") o.script = value();
    else if (a == "--memory-file") o.memory_file = value();
    else if (a == "--stderr") o.stderr_path = value();
    else if (a == "--person") o.person = value();
    else if (a == "--runs") o.runs = std::stoi(value());
    else if (a == "--size") o.size = std::stoi(value());
    else if (a == "--thoughts") o.thoughts = std::stol(value());
    else if (a == "--window") o.window = std::stoi(value());
    else if (a == "--seed") o.seed = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--budget-scale") o.budget_scale = std::stod(value());
    else if (a == "--dir") o.dir = value();
    else usage("unknown argument " + a);
  }
  if (o.mode == "noop") return o;
  if (o.mode == "floor") {
    if (o.dir.empty()) usage("floor needs --dir");
    return o;
  }
  if (o.server != "ours" && o.server != "thinking" && o.server != "memory") usage("--server must be ours, thinking or memory");
  if (o.server == "ours" && (o.bin.empty() || o.db.empty())) usage("ours needs --bin and --db");
  if (o.server != "ours" && o.script.empty()) usage("--script is required for " + o.server);
  if (o.server == "memory" && o.memory_file.empty()) usage("memory needs --memory-file");
  if (o.mode == "growth" && o.server != "thinking" && o.db.empty()) usage("growth needs --db (conversation ids)");
  return o;
}

std::string util_self_path(const char* argv0) {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string(argv0);
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  const Options o = parse(argc, argv);
  if (o.mode == "noop") return 0;  // the floor mode times starting a C++ program
  try {
    json result;
    if (o.mode == "floor") result = run_floor(o.dir, util_self_path(argv[0]));
    else if (o.mode == "cold") result = run_cold(o);
    else if (o.mode == "growth") result = run_growth(o);
    else usage("mode must be cold or growth");
    std::printf("%s\n", result.dump().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mcp_bench: %s (%s)\n", e.what(), o.server.c_str());
    return 1;
  }
}
