// Metrics meet MCP: what a server's request outcome counts as, and the
// `sq://metrics` resource added in front of another resource provider (the
// server itself stays ignorant of both).
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "mcp/registry.hpp"
#include "mcp/server.hpp"
#include "ops/metrics.hpp"

namespace sq::ops {

inline constexpr const char* kMetricsUri = "sq://metrics";

// Records one outcome: under its method ("(invalid)" for a message that was
// no valid request, "(unknown)" for a method the server does not have, so
// clients cannot grow the table without bound) and, for a tools/call of a
// known tool, under the tool. Error kinds: the JSON-RPC code, or tool_error.
void record_outcome(Metrics& metrics, const mcp::RequestOutcome& outcome);

// `base` with sq://metrics listed first and readable; `snapshot` gives its
// JSON body. Everything else is passed to `base`.
mcp::ResourceProvider with_metrics_resource(mcp::ResourceProvider base, std::function<nlohmann::json()> snapshot);

}  // namespace sq::ops
