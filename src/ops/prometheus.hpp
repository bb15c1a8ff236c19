// Metrics in the Prometheus text exposition format (version 0.0.4), for the
// node_exporter textfile collector: request, error and latency series per
// method and per tool, vector search latency, and database size and rows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ops/database_stats.hpp"
#include "ops/metrics.hpp"

namespace sq::ops {

// Every metric name starts with this.
inline constexpr std::string_view kPrometheusPrefix = "sequential_questioning_";

// A label value with backslash, double quote and newline escaped.
std::string prometheus_label_value(std::string_view value);

// A sample value: integers without a fraction, others in the shortest form
// that reads back exactly; NaN and infinities as Prometheus spells them.
std::string prometheus_number(double value);

// The exposition text for `series` (normally the totals of every process)
// and, when given, the database.
std::string prometheus_text(const SeriesMap& series, const std::optional<DatabaseStats>& database);

}  // namespace sq::ops
