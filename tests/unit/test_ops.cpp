// Operations: the latency histogram and its percentiles, metrics across
// processes, the Prometheus text format, the server's outcome hook and the
// metrics resource, backup and restore, consistency checks and repair,
// pruning, the database lock, and doctor.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mcp/server.hpp"
#include "memory/memory_store.hpp"
#include "ops/backup.hpp"
#include "ops/consistency.hpp"
#include "ops/database_lock.hpp"
#include "ops/doctor.hpp"
#include "ops/latency_histogram.hpp"
#include "ops/mcp_metrics.hpp"
#include "ops/metrics.hpp"
#include "ops/metrics_recorder.hpp"
#include "ops/metrics_store.hpp"
#include "ops/prometheus.hpp"
#include "ops/prune.hpp"
#include "ops/repair.hpp"
#include "questioning/flows.hpp"
#include "storage/migrations.hpp"
#include "storage/repository.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using sq::ops::LatencyHistogram;

namespace {

struct TempDir {
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sq-ops-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  fs::path path;
};

// A migrated database with its memory and questioning service.
struct Fixture {
  explicit Fixture(const std::string& db_path) : path(db_path) {
    db = sq::storage::Database::open(path);
    sq::storage::migrate(*db);
    memory = std::make_unique<sq::memory::MemoryStore>(*db, sq::memory::index_path_for(path),
                                                       sq::memory::make_default_embedder());
    service = std::make_unique<sq::questioning::Service>(*db, *memory);
  }
  // Starts a conversation and answers its first batch; returns its id.
  std::string conversation(const std::string& topic, const std::string& answer) {
    sq::questioning::BatchRequest r;
    r.context = topic;
    const auto first = service->next_batch(r);
    sq::questioning::BatchRequest f;
    f.conversation_id = first.conversation_id;
    f.previous_messages.push_back({"user", "1. " + answer, std::nullopt});
    service->follow_up(f);
    return first.conversation_id;
  }
  std::string path;
  std::unique_ptr<sq::storage::Database> db;
  std::unique_ptr<sq::memory::MemoryStore> memory;
  std::unique_ptr<sq::questioning::Service> service;
};

std::int64_t scalar(sq::storage::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  return st.step() ? st.int64(0) : -1;
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

// The exact nearest-rank percentile of sorted values.
double exact_percentile(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(p * static_cast<double>(sorted.size()))));
  return sorted[rank - 1];
}

}  // namespace

// ---- histogram ----------------------------------------------------------------

TEST_CASE("histogram buckets cover the range in order and contain what they are given") {
  CHECK(LatencyHistogram::bucket_of(0) == 0);
  CHECK(LatencyHistogram::bucket_of(LatencyHistogram::kLowestMs / 2) == 0);
  CHECK(LatencyHistogram::bucket_of(1e12) == LatencyHistogram::kBuckets - 1);
  CHECK(LatencyHistogram::bucket_of(std::nan("")) == 0);
  for (std::size_t b = 1; b + 1 < LatencyHistogram::kBuckets; ++b) {
    const double lo = LatencyHistogram::bucket_lower_ms(b);
    const double hi = LatencyHistogram::bucket_upper_ms(b);
    CHECK(lo < hi);
    CHECK(hi / lo == doctest::Approx(std::exp2(1.0 / LatencyHistogram::kBucketsPerOctave)));
    CHECK(LatencyHistogram::bucket_of(std::sqrt(lo * hi)) == b);
    CHECK(LatencyHistogram::bucket_upper_ms(b) == LatencyHistogram::bucket_lower_ms(b + 1));
  }
}

TEST_CASE("an empty histogram reports zeros") {
  LatencyHistogram h;
  CHECK(h.count() == 0);
  CHECK(h.percentile(0.5) == 0);
  CHECK(h.mean_ms() == 0);
  CHECK(h.min_ms() == 0);
  CHECK(h.max_ms() == 0);
  CHECK(LatencyHistogram::from_json(h.to_json()) == h);
}

TEST_CASE("percentiles are within the bucket resolution of the exact values") {
  std::mt19937 rng(7);
  std::lognormal_distribution<double> dist(1.0, 1.5);  // a long tail, like real latencies
  std::vector<double> values;
  LatencyHistogram h;
  for (int i = 0; i < 20000; ++i) {
    const double v = dist(rng);
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  const double tolerance = std::exp2(0.5 / LatencyHistogram::kBucketsPerOctave) - 1 + 1e-9;  // half a bucket
  for (const double p : {0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999}) {
    const double exact = exact_percentile(values, p);
    CAPTURE(p);
    CHECK(std::fabs(h.percentile(p) - exact) / exact <= tolerance);
  }
  CHECK(h.percentile(1.0) == values.back());
  CHECK(h.percentile(0.0) == values.front());
  CHECK(h.min_ms() == values.front());
  CHECK(h.max_ms() == values.back());
  CHECK(h.count() == 20000);
  double sum = 0;
  for (double v : values) sum += v;
  CHECK(h.mean_ms() == doctest::Approx(sum / 20000));
}

TEST_CASE("a single value is reported exactly, thanks to min and max") {
  LatencyHistogram h;
  h.record(3.7);
  for (const double p : {0.0, 0.5, 0.99, 1.0}) CHECK(h.percentile(p) == 3.7);
  h.record(-1);  // a clock going backwards counts as zero
  CHECK(h.min_ms() == 0);
  CHECK(h.count() == 2);
}

TEST_CASE("merging histograms equals recording everything in one") {
  LatencyHistogram a, b, all;
  for (int i = 1; i <= 500; ++i) {
    const double v = 0.01 * i * i;
    (i % 3 == 0 ? a : b).record(v);
    all.record(v);
  }
  LatencyHistogram merged = a;
  merged.merge(b);
  CHECK(merged.count() == all.count());
  CHECK(merged.min_ms() == all.min_ms());
  CHECK(merged.max_ms() == all.max_ms());
  CHECK(merged.sum_ms() == doctest::Approx(all.sum_ms()));
  for (std::size_t i = 0; i < LatencyHistogram::kBuckets; ++i) CHECK(merged.bucket_count(i) == all.bucket_count(i));
  for (const double p : {0.5, 0.95, 0.99}) CHECK(merged.percentile(p) == all.percentile(p));
  LatencyHistogram empty;
  empty.merge(all);
  CHECK(empty == all);
}

TEST_CASE("histograms survive a JSON round trip and reject garbage") {
  LatencyHistogram h;
  for (double v : {0.001, 0.5, 2.0, 2.1, 40.0, 1e7}) h.record(v);
  const json j = h.to_json();
  CHECK(j["buckets"].size() == 5);  // 2.0 and 2.1 share a bucket
  CHECK(LatencyHistogram::from_json(json::parse(j.dump())) == h);
  CHECK_THROWS_AS(LatencyHistogram::from_json(json{{"buckets", "nope"}}), std::invalid_argument);
  CHECK_THROWS_AS(LatencyHistogram::from_json(json{{"buckets", json::array({json::array({1, 2})})}}),
                  std::invalid_argument);  // counts without sum/min/max
  // Buckets this build does not know are ignored, not trusted.
  const auto odd = LatencyHistogram::from_json(
      json{{"count", 1}, {"sum_ms", 1.0}, {"min_ms", 1.0}, {"max_ms", 1.0}, {"buckets", {{999999, 5}, {-1, 2}}}});
  CHECK(odd.count() == 0);
}

// ---- metrics ------------------------------------------------------------------

TEST_CASE("outcomes are counted per method and tool, with error kinds, and strangers are lumped") {
  sq::ops::Metrics m;
  sq::mcp::RequestOutcome o;
  o.method = "tools/call";
  o.tool = "search_memory";
  o.millis = 2;
  sq::ops::record_outcome(m, o);
  o.tool_error = true;
  sq::ops::record_outcome(m, o);
  o = {};
  o.method = "tools/call";
  o.error_code = -32602;  // unknown tool: no tool series
  sq::ops::record_outcome(m, o);
  o = {};
  o.method = "x/evil-" + std::string(50, 'a');
  o.error_code = -32601;
  sq::ops::record_outcome(m, o);
  o = {};
  o.error_code = -32700;  // not a request at all
  sq::ops::record_outcome(m, o);

  const auto s = m.since_start();
  const auto& calls = s.at({sq::ops::kMethodSeries, "tools/call"});
  CHECK(calls.requests == 3);
  CHECK(calls.errors.at("tool_error") == 1);
  CHECK(calls.errors.at("-32602") == 1);
  CHECK(calls.error_total() == 2);
  const auto& tool = s.at({sq::ops::kToolSeries, "search_memory"});
  CHECK(tool.requests == 2);
  CHECK(tool.errors.at("tool_error") == 1);
  CHECK(s.at({sq::ops::kMethodSeries, "(unknown)"}).errors.at("-32601") == 1);
  CHECK(s.at({sq::ops::kMethodSeries, "(invalid)"}).errors.at("-32700") == 1);
  CHECK(s.size() == 4);
  CHECK(sq::ops::total_requests(s) == 5);

  CHECK(m.pending_requests() == 5);
  const auto pending = m.take_pending();
  CHECK(pending == s);
  CHECK(m.pending_requests() == 0);
  CHECK(m.take_pending().empty());
  m.restore_pending(pending);
  CHECK(m.pending_requests() == 5);
  CHECK(m.since_start() == s);  // restoring does not count twice
}

TEST_CASE("stored metrics add up across processes and can be reset") {
  TempDir tmp;
  auto db = sq::storage::Database::open(tmp.file("m.db"));
  sq::storage::migrate(*db);
  sq::ops::Metrics first, second;
  for (int i = 0; i < 10; ++i) first.record({sq::ops::kMethodSeries, "ping"}, 1.0 + i);
  first.record({sq::ops::kMethodSeries, "tools/call"}, 5, "tool_error");
  for (int i = 0; i < 5; ++i) second.record({sq::ops::kMethodSeries, "ping"}, 100.0);
  second.record_vector_search(0.25);
  sq::ops::store_metrics(*db, first.take_pending());
  sq::ops::store_metrics(*db, second.take_pending());
  sq::ops::store_metrics(*db, first.take_pending());  // nothing new

  const auto stored = sq::ops::load_metrics(*db);
  const auto& ping = stored.at({sq::ops::kMethodSeries, "ping"});
  CHECK(ping.requests == 15);
  CHECK(ping.latency.count() == 15);
  CHECK(ping.latency.min_ms() == 1.0);
  CHECK(ping.latency.max_ms() == 100.0);
  CHECK(ping.latency.percentile(0.5) == doctest::Approx(8.0).epsilon(0.05));
  CHECK(ping.latency.percentile(0.99) == 100.0);
  CHECK(stored.at({sq::ops::kMethodSeries, "tools/call"}).errors.at("tool_error") == 1);
  CHECK(stored.at({sq::ops::kVectorSearchSeries, "search"}).requests == 1);

  const json j = sq::ops::series_map_to_json(stored);
  CHECK(j["requests"] == 16);
  CHECK(j["methods"]["ping"]["requests"] == 15);
  CHECK(j["methods"]["ping"]["latency_ms"]["max"] == 100.0);
  CHECK(j["vector_search"]["requests"] == 1);
  CHECK(j["tools"].empty());

  CHECK(sq::ops::reset_metrics(*db) == 3);
  CHECK(sq::ops::load_metrics(*db).empty());
}

// Polls `done` for up to five seconds.
template <typename F>
bool eventually(F done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

TEST_CASE("the recorder flushes in the background when due, on request and at exit") {
  TempDir tmp;
  auto db = sq::storage::Database::open(tmp.file("r.db"));
  sq::storage::migrate(*db);
  const std::string prom = tmp.file("sq.prom");
  auto stored_pings = [&] {
    const auto stored = sq::ops::load_metrics(*db);
    const auto it = stored.find({sq::ops::kMethodSeries, "ping"});
    return it == stored.end() ? 0 : it->second.requests;
  };
  {
    sq::ops::RecorderOptions o;
    o.prometheus_file = prom;
    o.interval = std::chrono::hours(1);
    o.max_pending_requests = 3;
    sq::ops::MetricsRecorder r(*db, o);
    CHECK(eventually([&] { return fs::exists(prom); }));  // written at start
    r.metrics().record({sq::ops::kMethodSeries, "ping"}, 1);
    r.maybe_flush();
    const json snap = r.snapshot();
    CHECK(snap["process"]["methods"]["ping"]["requests"] == 1);
    CHECK(snap["total"]["methods"]["ping"]["requests"] == 1);  // pending counts are included
    CHECK(snap["database"]["schema_version"] == sq::storage::latest_schema_version());
    CHECK(stored_pings() == 0);  // not due yet
    r.metrics().record({sq::ops::kMethodSeries, "ping"}, 1);
    r.metrics().record({sq::ops::kMethodSeries, "ping"}, 1);
    r.maybe_flush();
    CHECK(eventually([&] { return stored_pings() == 3; }));
    r.metrics().record({sq::ops::kMethodSeries, "tools/list"}, 1);
    CHECK(r.flush());
    CHECK(sq::ops::load_metrics(*db).count({sq::ops::kMethodSeries, "tools/list"}) == 1);
    r.metrics().record({sq::ops::kMethodSeries, "initialize"}, 1);
  }
  const auto stored = sq::ops::load_metrics(*db);
  CHECK(stored.at({sq::ops::kMethodSeries, "initialize"}).requests == 1);
  CHECK(stored.at({sq::ops::kMethodSeries, "ping"}).requests == 3);
  std::ifstream in(prom);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("sequential_questioning_requests_total{method=\"ping\"} 3\n") != std::string::npos);
  CHECK(text.find("sequential_questioning_requests_total{method=\"initialize\"} 1\n") != std::string::npos);
  CHECK(mode_of(prom) == 0644);
  for (const auto& e : fs::directory_iterator(tmp.path)) {
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);  // no temporary files left
  }
}

TEST_CASE("with a zero interval every request is stored, and snapshots never miss counts in flight") {
  TempDir tmp;
  auto db = sq::storage::Database::open(tmp.file("z.db"));
  sq::storage::migrate(*db);
  sq::ops::RecorderOptions o;
  o.interval = std::chrono::milliseconds(0);
  sq::ops::MetricsRecorder r(*db, o);
  for (int i = 1; i <= 50; ++i) {
    r.metrics().record({sq::ops::kMethodSeries, "ping"}, 1);
    r.maybe_flush();
    CHECK(r.snapshot()["total"]["methods"]["ping"]["requests"] == i);
  }
  CHECK(r.flush());
  CHECK(sq::ops::load_metrics(*db).at({sq::ops::kMethodSeries, "ping"}).requests == 50);
}

// ---- Prometheus ------------------------------------------------------------------

TEST_CASE("Prometheus label values and numbers are written as the format requires") {
  CHECK(sq::ops::prometheus_label_value("plain/name") == "plain/name");
  CHECK(sq::ops::prometheus_label_value("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  CHECK(sq::ops::prometheus_number(3) == "3");
  CHECK(sq::ops::prometheus_number(0) == "0");
  CHECK(sq::ops::prometheus_number(0.25) == "0.25");
  CHECK(sq::ops::prometheus_number(1e-05) == "1e-05");
  CHECK(sq::ops::prometheus_number(std::nan("")) == "NaN");
  CHECK(sq::ops::prometheus_number(INFINITY) == "+Inf");
  CHECK(sq::ops::prometheus_number(-INFINITY) == "-Inf");
}

TEST_CASE("the Prometheus exposition has one HELP and TYPE per family and well-formed samples") {
  sq::ops::Metrics m;
  m.record({sq::ops::kMethodSeries, "ping"}, 2);
  m.record({sq::ops::kMethodSeries, "tools/call"}, 4, "tool_error");
  m.record({sq::ops::kMethodSeries, "tools/call"}, 8);
  m.record({sq::ops::kToolSeries, "weird\"tool"}, 8);
  m.record_vector_search(0.5);
  sq::ops::DatabaseStats db;
  db.file_bytes = 4096;
  db.rows.answers = 7;
  db.schema_version = 3;
  const std::string text = sq::ops::prometheus_text(m.since_start(), db);

  CHECK(text.find("# TYPE sequential_questioning_requests_total counter\n"
                  "sequential_questioning_requests_total{method=\"ping\"} 1\n"
                  "sequential_questioning_requests_total{method=\"tools/call\"} 2\n") != std::string::npos);
  CHECK(text.find("sequential_questioning_request_errors_total{method=\"tools/call\",kind=\"tool_error\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("# TYPE sequential_questioning_request_duration_seconds summary\n") != std::string::npos);
  CHECK(text.find("sequential_questioning_request_duration_seconds{method=\"ping\",quantile=\"0.5\"} 0.002\n") !=
        std::string::npos);
  CHECK(text.find("sequential_questioning_request_duration_seconds_sum{method=\"tools/call\"} 0.012\n") !=
        std::string::npos);
  CHECK(text.find("sequential_questioning_request_duration_seconds_count{method=\"tools/call\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("sequential_questioning_tool_calls_total{tool=\"weird\\\"tool\"} 1\n") != std::string::npos);
  CHECK(text.find("sequential_questioning_vector_search_duration_seconds{quantile=\"0.99\"} 0.0005\n") !=
        std::string::npos);
  CHECK(text.find("sequential_questioning_database_bytes{file=\"database\"} 4096\n") != std::string::npos);
  CHECK(text.find("sequential_questioning_database_rows{kind=\"answers\"} 7\n") != std::string::npos);
  CHECK(text.find("sequential_questioning_schema_version 3\n") != std::string::npos);
  // No family without samples (no tool errors were recorded).
  CHECK(text.find("tool_call_errors_total") == std::string::npos);

  const std::regex sample(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? \S+$)");
  const std::regex comment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$)");
  std::istringstream lines(text);
  std::string line;
  std::vector<std::string> typed;
  while (std::getline(lines, line)) {
    CAPTURE(line);
    if (line.rfind("# TYPE ", 0) == 0) typed.push_back(line.substr(7, line.find(' ', 7) - 7));
    CHECK((std::regex_match(line, sample) || std::regex_match(line, comment)));
  }
  std::vector<std::string> unique = typed;
  std::sort(unique.begin(), unique.end());
  CHECK(std::unique(unique.begin(), unique.end()) == unique.end());
  CHECK(text.back() == '\n');
}

// ---- the server's outcome hook and the metrics resource --------------------------------

TEST_CASE("the server reports each outcome with its tool, error code and tool errors") {
  sq::mcp::ToolRegistry tools;
  sq::mcp::Tool echo;
  echo.name = "echo";
  echo.description = "Echoes";
  echo.input_schema = {{"type", "object"}, {"properties", {{"text", {{"type", "string"}}}}}};
  echo.handler = [](const json& args, sq::mcp::CallContext&) {
    const std::string t = args.value("text", "");
    return t == "fail" ? sq::mcp::ToolResult::error("failed") : sq::mcp::ToolResult::ok(nullptr, t);
  };
  tools.add(echo);
  sq::mcp::Server server({"t", "T", "1", ""}, std::move(tools));
  std::vector<sq::mcp::RequestOutcome> seen;
  server.on_outcome = [&](const sq::mcp::RequestOutcome& o) { seen.push_back(o); };
  auto send = [&](const json& j) { server.handle_line(j.dump()); };
  send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
        {"params", {{"protocolVersion", "2025-06-18"}, {"capabilities", json::object()}}}});
  send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  send({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/call"}, {"params", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}}}});
  send({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "tools/call"}, {"params", {{"name", "echo"}, {"arguments", {{"text", "fail"}}}}}});
  send({{"jsonrpc", "2.0"}, {"id", 4}, {"method", "tools/call"}, {"params", {{"name", "nope"}}}});
  send({{"jsonrpc", "2.0"}, {"id", 5}, {"method", "what/ever"}});
  server.handle_line("{not json");
  REQUIRE(seen.size() == 6);  // the notification is not a request
  CHECK(seen[0].method == "initialize");
  CHECK(seen[0].error_code == 0);
  CHECK(seen[1].tool == "echo");
  CHECK_FALSE(seen[1].tool_error);
  CHECK(seen[2].tool == "echo");
  CHECK(seen[2].tool_error);
  CHECK(seen[3].tool.empty());
  CHECK(seen[3].error_code == -32602);
  CHECK(seen[4].method == "what/ever");
  CHECK(seen[4].error_code == -32601);
  CHECK(seen[5].method.empty());
  CHECK(seen[5].error_code == -32700);
  for (const auto& o : seen) CHECK(o.millis >= 0);
}

TEST_CASE("sq://metrics is listed first and the other resources keep their paging") {
  sq::mcp::ResourceProvider base;
  base.list = [](int offset, int page_size, bool& more) {
    json out = json::array();
    for (int i = offset; i < std::min(offset + page_size, 7); ++i) out.push_back({{"uri", "x://" + std::to_string(i)}});
    more = offset + page_size < 7;
    return out;
  };
  base.read = [](const std::string& uri) -> json {
    if (uri == "x://1") return json::array({{{"uri", uri}, {"text", "one"}}});
    return nullptr;
  };
  int snapshots = 0;
  const auto p = sq::ops::with_metrics_resource(base, [&] {
    ++snapshots;
    return json{{"answer", 42}};
  });
  std::vector<std::string> uris;
  bool more = true;
  for (int offset = 0; more; offset += 3) {
    for (const auto& r : p.list(offset, 3, more)) uris.push_back(r["uri"]);
  }
  CHECK(uris == std::vector<std::string>{"sq://metrics", "x://0", "x://1", "x://2", "x://3", "x://4", "x://5", "x://6"});
  const json contents = p.read("sq://metrics");
  CHECK(json::parse(contents[0]["text"].get<std::string>())["answer"] == 42);
  CHECK(snapshots == 1);
  CHECK(p.read("x://1")[0]["text"] == "one");
  CHECK(p.read("x://9").is_null());
}

// ---- backup and restore -----------------------------------------------------------------

TEST_CASE("a backup is consistent, private, verified, and never overwrites by accident") {
  TempDir tmp;
  Fixture f(tmp.file("live.db"));
  f.conversation("planning a garden with vegetables", "mostly tomatoes and beans");
  f.conversation("moving to another city for work", "next spring");
  const auto counts = sq::storage::Repository(*f.db).counts();

  const std::string target = tmp.file("backup.db");
  int progress_calls = 0;
  sq::ops::BackupOptions o;
  o.pages_per_step = 2;  // many small steps
  o.progress = [&](std::int64_t done, std::int64_t total) {
    ++progress_calls;
    CHECK(done <= total);
  };
  const auto r = sq::ops::backup_database(f.path, target, o);
  CHECK(r.steps > 1);
  CHECK(progress_calls == r.steps);
  CHECK(r.rows.answers == counts.answers);
  CHECK(r.schema_version == sq::storage::latest_schema_version());
  CHECK(mode_of(target) == 0600);
  CHECK_FALSE(fs::exists(target + "-wal"));
  {
    auto copy = sq::storage::Database::open(target);
    CHECK(sq::storage::Repository(*copy).counts().questions == counts.questions);
  }
  CHECK_THROWS_AS(sq::ops::backup_database(f.path, target, {}), sq::ops::Refused);
  CHECK_THROWS_AS(sq::ops::backup_database(f.path, tmp.path.string(), {}), sq::ops::Refused);
  CHECK_THROWS_AS(sq::ops::backup_database(f.path, f.path, {}), sq::ops::Refused);
  CHECK_THROWS_AS(sq::ops::backup_database(tmp.file("absent.db"), tmp.file("x.db"), {}), sq::ops::Refused);
  sq::ops::BackupOptions force;
  force.force = true;
  CHECK_NOTHROW(sq::ops::backup_database(f.path, target, force));
  for (const auto& e : fs::directory_iterator(tmp.path)) {
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
  }
}

TEST_CASE("a backup taken during a long write transaction holds what was committed before it") {
  TempDir tmp;
  Fixture f(tmp.file("live.db"));
  f.conversation("learning to play the piano", "twenty minutes a day");
  const auto before = sq::storage::Repository(*f.db).counts();
  // Another connection writes and has not committed yet: WAL lets the backup through.
  auto writer = sq::storage::Database::open(f.path);
  writer->exec("BEGIN IMMEDIATE");
  writer->exec("INSERT INTO user_sessions (id, created_at, updated_at) VALUES ('s-extra', 'x', 'x')");
  const auto r = sq::ops::backup_database(f.path, tmp.file("b.db"), {});
  writer->exec("COMMIT");
  CHECK(r.rows.sessions == before.sessions);
  auto copy = sq::storage::Database::open(tmp.file("b.db"));
  CHECK(scalar(*copy, "SELECT count(*) FROM user_sessions WHERE id = 's-extra'") == 0);
}

TEST_CASE("restore swaps in a verified backup, keeps the old database, and respects a running server") {
  TempDir tmp;
  const std::string backup = tmp.file("backup.db");
  std::string kept_conversation;
  {
    Fixture f(tmp.file("live.db"));
    kept_conversation = f.conversation("writing a novel about the sea", "a lighthouse keeper");
    REQUIRE_NOTHROW(sq::ops::backup_database(f.path, backup, {}));
    f.conversation("a later conversation, not in the backup", "yes");
    f.memory->ensure_index();
    f.memory->save();
  }
  const std::string live = tmp.file("live.db");
  int rebuilt = 0;
  sq::ops::RestoreOptions o;
  o.rebuild_index = [&]() -> std::int64_t {
    ++rebuilt;
    Fixture after(live);
    return after.memory->reindex().vectors;
  };

  {
    // A server holds the database: refused unless forced.
    auto server = sq::ops::DatabaseLock::try_acquire(live, sq::ops::DatabaseLock::Mode::shared);
    REQUIRE(server);
    CHECK_THROWS_AS(sq::ops::restore_database(backup, live, o), sq::ops::Refused);
    CHECK(rebuilt == 0);
  }

  const auto r = sq::ops::restore_database(backup, live, o);
  CHECK(rebuilt == 1);
  CHECK(r.vectors > 0);
  CHECK_FALSE(r.server_was_running);
  REQUIRE_FALSE(r.previous.empty());
  CHECK(fs::exists(r.previous));
  CHECK(mode_of(live) == 0600);
  {
    Fixture restored(live);
    CHECK(sq::storage::Repository(*restored.db).counts().conversations == 1);
    CHECK(sq::storage::Repository(*restored.db).find_conversation(kept_conversation));
    sq::ops::Findings findings;
    sq::ops::check_database(*restored.db, findings);
    sq::ops::check_derived(*restored.db, restored.memory->embedder(), sq::memory::index_path_for(live), findings);
    CHECK(findings.healthy());
    auto previous = sq::storage::Database::open(r.previous);
    CHECK(sq::storage::Repository(*previous).counts().conversations == 2);
  }
  for (const auto& e : fs::directory_iterator(tmp.path)) {
    CHECK(e.path().filename().string().find(".restore-") == std::string::npos);
  }

  // Into a fresh path: nothing to keep.
  const auto fresh = sq::ops::restore_database(backup, tmp.file("sub/dir/fresh.db"), {});
  CHECK(fresh.previous.empty());
  CHECK(fresh.rows.conversations == 1);
}

TEST_CASE("restore refuses what is not a compatible database and changes nothing") {
  TempDir tmp;
  Fixture f(tmp.file("live.db"));
  f.conversation("baking sourdough bread", "rye flour");
  const auto before = sq::storage::Repository(*f.db).counts();
  {
    std::ofstream(tmp.file("text.db")) << "just some text, not a database at all";
  }
  CHECK_THROWS_AS(sq::ops::restore_database(tmp.file("text.db"), f.path, {}), sq::ops::Refused);
  CHECK_THROWS_AS(sq::ops::restore_database(tmp.file("missing.db"), f.path, {}), sq::ops::Refused);
  {
    auto other = sq::storage::Database::open(tmp.file("other.db"));
    other->exec("CREATE TABLE t (x)");
  }
  CHECK_THROWS_AS(sq::ops::restore_database(tmp.file("other.db"), f.path, {}), sq::ops::Refused);
  {
    auto newer = sq::storage::Database::open(tmp.file("newer.db"));
    sq::storage::migrate(*newer);
    newer->exec("PRAGMA user_version = 999");
  }
  CHECK_THROWS_AS(sq::ops::restore_database(tmp.file("newer.db"), f.path, {}), sq::ops::Refused);
  CHECK(sq::storage::Repository(*f.db).counts().answers == before.answers);
  for (const auto& e : fs::directory_iterator(tmp.path)) {
    CHECK(e.path().filename().string().find("before-restore") == std::string::npos);
  }
}

TEST_CASE("restore upgrades a backup made by an older version") {
  TempDir tmp;
  {
    auto old = sq::storage::Database::open(tmp.file("old.db"));
    sq::storage::migrate(*old);
    old->exec("DROP TABLE facts; DROP TABLE metrics; DROP INDEX embeddings_by_embedder; DROP INDEX embeddings_by_text_key; "
              "ALTER TABLE embeddings DROP COLUMN text_key; PRAGMA user_version = 2");
  }
  const auto r = sq::ops::restore_database(tmp.file("old.db"), tmp.file("live.db"), {});
  CHECK(r.source_version == 2);
  CHECK(r.schema_version == sq::storage::latest_schema_version());
  auto db = sq::storage::Database::open(tmp.file("live.db"));
  CHECK(scalar(*db, "SELECT count(*) FROM metrics") == 0);
}

// ---- consistency and repair -------------------------------------------------------------

TEST_CASE("check finds a deleted embedding and a corrupt index, and repair fixes both") {
  TempDir tmp;
  Fixture f(tmp.file("live.db"));
  f.conversation("renovating an old kitchen", "oak cabinets and a tiled floor");
  f.conversation("training for a marathon", "four runs a week");
  f.memory->ensure_index();
  f.memory->save();
  const std::string index = sq::memory::index_path_for(f.path);
  REQUIRE(fs::exists(index));

  auto check = [&] {
    sq::ops::Findings out;
    sq::ops::check_database(*f.db, out);
    sq::ops::check_derived(*f.db, f.memory->embedder(), index, out);
    return out;
  };
  auto problem_in = [](const sq::ops::Findings& fs_, const std::string& name) {
    for (const auto& i : fs_.items()) {
      if (i.check == name && i.severity == sq::ops::Severity::problem) return true;
    }
    return false;
  };
  CHECK(check().healthy());

  const std::int64_t victim = scalar(*f.db, "SELECT min(message_id) FROM embeddings");
  f.db->exec("DELETE FROM embeddings WHERE message_id = " + std::to_string(victim));
  CHECK(sq::ops::messages_missing_embeddings(*f.db, f.memory->embedder()) == std::vector<std::int64_t>{victim});
  auto found = check();
  CHECK(problem_in(found, "embeddings"));
  CHECK_FALSE(problem_in(found, "index"));  // a vector without a row is harmless
  CHECK(sq::ops::inspect_index(*f.db, index).extra == 1);

  {
    std::fstream io(index, std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(static_cast<std::streamoff>(fs::file_size(index) / 2));
    io.write("garbage!", 8);
  }
  found = check();
  CHECK(problem_in(found, "index"));
  CHECK(found.problems() == 2);
  for (const auto& i : found.items()) {
    if (i.severity == sq::ops::Severity::problem) CHECK(i.fix.find("check --repair") != std::string::npos);
  }

  const auto r = sq::ops::repair_derived(*f.db, *f.memory, true);
  CHECK(r.reembedded == 1);
  CHECK(r.index_rebuilt);
  CHECK(r.vectors == scalar(*f.db, "SELECT count(*) FROM embeddings"));
  CHECK(check().healthy());
  CHECK(sq::ops::inspect_index(*f.db, index).extra == 0);
}

TEST_CASE("check reports damage SQLite finds itself") {
  TempDir tmp;
  Fixture f(tmp.file("live.db"));
  f.conversation("organising a family reunion", "in August");
  f.db->exec("PRAGMA foreign_keys = OFF");
  f.db->exec("INSERT INTO messages (conversation_id, kind, content, created_at) VALUES ('ghost', 'answer', 'x', 'x')");
  sq::ops::Findings out;
  sq::ops::check_database(*f.db, out);
  CHECK(out.problems() == 1);
  CHECK(out.items()[1].check == "foreign-keys");
  CHECK(out.items()[1].severity == sq::ops::Severity::problem);
  const json j = out.to_json();
  CHECK(j["healthy"] == false);
  CHECK(j["problems"] == 1);
}

// ---- pruning ------------------------------------------------------------------------------

TEST_CASE("prune deletes only closed conversations older than the cutoff, with what belongs to them") {
  TempDir tmp;
  Fixture f(tmp.file("live.db"));
  const std::string old_closed = f.conversation("an old closed conversation about boats", "a sailing dinghy");
  const std::string old_open = f.conversation("an old open conversation about gardens", "roses");
  const std::string new_closed = f.conversation("a recent closed conversation about cats", "two cats");
  f.service->close(old_closed);
  f.service->close(new_closed);
  f.db->exec("UPDATE conversations SET updated_at = '2020-01-01T00:00:00.000Z' WHERE id IN ('" + old_closed + "', '" +
             old_open + "')");
  f.memory->ensure_index();
  f.memory->save();
  const std::string cutoff = "2024-01-01T00:00:00.000Z";

  const auto candidates = sq::ops::prune_candidates(*f.db, cutoff);
  REQUIRE(candidates.size() == 1);
  CHECK(candidates[0].id == old_closed);
  CHECK(candidates[0].answers >= 1);
  CHECK(candidates[0].questions >= 1);

  const auto messages_before = scalar(*f.db, "SELECT count(*) FROM messages WHERE conversation_id = '" + old_closed + "'");
  CHECK(messages_before > 0);
  // Reopened (updated) since it was listed: left alone.
  CHECK(sq::ops::prune_conversations(*f.db, {old_closed, old_open, new_closed}, "2019-01-01T00:00:00.000Z") == 0);
  CHECK(sq::ops::prune_conversations(*f.db, {old_closed, old_open, new_closed}, cutoff) == 1);
  CHECK_FALSE(sq::storage::Repository(*f.db).find_conversation(old_closed));
  CHECK(sq::storage::Repository(*f.db).find_conversation(old_open));
  CHECK(sq::storage::Repository(*f.db).find_conversation(new_closed));
  CHECK(scalar(*f.db, "SELECT count(*) FROM messages WHERE conversation_id = '" + old_closed + "'") == 0);
  CHECK(scalar(*f.db, "SELECT count(*) FROM embeddings e LEFT JOIN messages m ON m.id = e.message_id "
                      "WHERE m.id IS NULL") == 0);
  // The index drops their vectors once it is next checked.
  const std::string index = sq::memory::index_path_for(f.path);
  CHECK(sq::ops::inspect_index(*f.db, index).extra > 0);
  f.memory->ensure_index();
  f.memory->save();
  CHECK(sq::ops::inspect_index(*f.db, index).extra == 0);
}

// ---- the lock and doctor ------------------------------------------------------------------

TEST_CASE("servers share the database lock; a restore needs it alone") {
  TempDir tmp;
  const std::string db = tmp.file("x.db");
  CHECK_FALSE(sq::ops::DatabaseLock::held_by_another(db));
  auto a = sq::ops::DatabaseLock::try_acquire(db, sq::ops::DatabaseLock::Mode::shared);
  auto b = sq::ops::DatabaseLock::try_acquire(db, sq::ops::DatabaseLock::Mode::shared);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(mode_of(sq::ops::lock_path_for(db)) == 0600);
  CHECK(sq::ops::DatabaseLock::held_by_another(db));
  CHECK_FALSE(sq::ops::DatabaseLock::try_acquire(db, sq::ops::DatabaseLock::Mode::exclusive));
  CHECK_FALSE(sq::ops::DatabaseLock::acquire(db, sq::ops::DatabaseLock::Mode::exclusive, std::chrono::milliseconds(100)));
  a.reset();
  b.reset();
  auto c = sq::ops::DatabaseLock::try_acquire(db, sq::ops::DatabaseLock::Mode::exclusive);
  CHECK(c);
  CHECK_FALSE(sq::ops::DatabaseLock::try_acquire(db, sq::ops::DatabaseLock::Mode::shared));
}

TEST_CASE("doctor passes a healthy database and names the fix for loose permissions") {
  TempDir tmp;
  ::chmod(tmp.path.c_str(), 0700);
  const std::string path = tmp.file("d.db");
  const auto embedder = sq::memory::make_default_embedder();
  sq::ops::DoctorOptions o;
  o.database_path = path;
  o.source = "--db";
  o.min_free_bytes = 0;
  {
    const auto none = sq::ops::run_doctor(o, *embedder);
    CHECK(none.healthy());  // no database yet is fine
  }
  {
    Fixture f(path);
    f.conversation("choosing a new laptop", "mostly for programming");
  }
  auto found = sq::ops::run_doctor(o, *embedder);
  CAPTURE(found.to_text());
  CHECK(found.healthy());

  ::chmod(path.c_str(), 0644);
  found = sq::ops::run_doctor(o, *embedder);
  CHECK(found.problems() == 1);
  bool named = false;
  for (const auto& i : found.items()) {
    if (i.severity == sq::ops::Severity::problem) named = i.fix == "chmod 600 '" + path + "'";
  }
  CHECK(named);
  ::chmod(path.c_str(), 0600);

  o.min_free_bytes = std::numeric_limits<std::int64_t>::max();
  CHECK(sq::ops::run_doctor(o, *embedder).problems() == 1);  // not enough disk
}
