// Prometheus text exposition: see prometheus.hpp.
#include "ops/prometheus.hpp"

#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace sq::ops {

std::string prometheus_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string prometheus_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{}", static_cast<long long>(value));
  return fmt::format("{}", value);
}

namespace {

// One metric family being written: its HELP and TYPE lines come first, once.
class Family {
 public:
  Family(std::string& out, std::string name, std::string_view type, std::string help)
      : out_(out), name_(std::string(kPrometheusPrefix) + std::move(name)), type_(type), help_(std::move(help)) {}

  // `labels` are name/value pairs, already in order.
  void sample(const std::vector<std::pair<std::string, std::string>>& labels, double value,
              std::string_view suffix = {}) {
    if (!started_) {
      out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name_, help_, name_, type_);
      started_ = true;
    }
    out_ += name_;
    out_ += suffix;
    if (!labels.empty()) {
      out_ += '{';
      for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i) out_ += ',';
        out_ += fmt::format("{}=\"{}\"", labels[i].first, prometheus_label_value(labels[i].second));
      }
      out_ += '}';
    }
    out_ += ' ';
    out_ += prometheus_number(value);
    out_ += '\n';
  }

  // A summary of one latency histogram, in seconds.
  void summary(std::vector<std::pair<std::string, std::string>> labels, const LatencyHistogram& h) {
    for (const double q : {0.5, 0.95, 0.99}) {
      auto with_q = labels;
      with_q.emplace_back("quantile", prometheus_number(q));
      sample(with_q, h.percentile(q) / 1000.0);
    }
    sample(labels, h.sum_ms() / 1000.0, "_sum");
    sample(labels, static_cast<double>(h.count()), "_count");
  }

 private:
  std::string& out_;
  std::string name_;
  std::string_view type_;
  std::string help_;
  bool started_ = false;
};

// `count_name`_total, `stem`_errors_total and `stem`_duration_seconds.
void request_families(std::string& out, const SeriesMap& series, const char* family, const char* label,
                      const std::string& count_name, const std::string& stem, std::string_view what) {
  Family count(out, count_name + "_total", "counter", fmt::format("{} handled.", what));
  for (const auto& [key, s] : series) {
    if (key.family == family) count.sample({{label, key.name}}, static_cast<double>(s.requests));
  }
  Family errors(out, stem + "_errors_total", "counter",
                fmt::format("{} that failed, by kind (a JSON-RPC error code, or tool_error).", what));
  for (const auto& [key, s] : series) {
    if (key.family != family) continue;
    for (const auto& [kind, n] : s.errors) errors.sample({{label, key.name}, {"kind", kind}}, static_cast<double>(n));
  }
  Family latency(out, stem + "_duration_seconds", "summary", fmt::format("Time taken by {}, in seconds.", what));
  for (const auto& [key, s] : series) {
    if (key.family == family && s.latency.count() > 0) latency.summary({{label, key.name}}, s.latency);
  }
}

}  // namespace

std::string prometheus_text(const SeriesMap& series, const std::optional<DatabaseStats>& database) {
  std::string out;
  request_families(out, series, kMethodSeries, "method", "requests", "request", "MCP requests");
  request_families(out, series, kToolSeries, "tool", "tool_calls", "tool_call", "tool calls");
  Family search(out, "vector_search_duration_seconds", "summary", "Time taken by semantic memory searches, in seconds.");
  for (const auto& [key, s] : series) {
    if (key.family == kVectorSearchSeries && s.latency.count() > 0) search.summary({}, s.latency);
  }
  if (database) {
    Family bytes(out, "database_bytes", "gauge", "Size of the database files.");
    bytes.sample({{"file", "database"}}, static_cast<double>(database->file_bytes));
    bytes.sample({{"file", "wal"}}, static_cast<double>(database->wal_bytes));
    bytes.sample({{"file", "index"}}, static_cast<double>(database->index_bytes));
    Family rows(out, "database_rows", "gauge", "Rows in the database.");
    const auto& r = database->rows;
    rows.sample({{"kind", "sessions"}}, static_cast<double>(r.sessions));
    rows.sample({{"kind", "conversations"}}, static_cast<double>(r.conversations));
    rows.sample({{"kind", "questions"}}, static_cast<double>(r.questions));
    rows.sample({{"kind", "answers"}}, static_cast<double>(r.answers));
    rows.sample({{"kind", "contexts"}}, static_cast<double>(r.contexts));
    rows.sample({{"kind", "embeddings"}}, static_cast<double>(r.embeddings));
    Family version(out, "schema_version", "gauge", "Schema version of the database.");
    version.sample({}, database->schema_version);
  }
  return out;
}

}  // namespace sq::ops
