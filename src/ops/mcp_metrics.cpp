// Metrics and MCP: see mcp_metrics.hpp.
#include "ops/mcp_metrics.hpp"

#include <string>

#include "mcp/jsonrpc.hpp"

namespace sq::ops {

void record_outcome(Metrics& metrics, const mcp::RequestOutcome& o) {
  std::string kind;
  if (o.error_code != 0) {
    kind = std::to_string(o.error_code);
  } else if (o.tool_error) {
    kind = kToolErrorKind;
  }
  std::string method = o.method;
  if (method.empty()) {
    method = "(invalid)";
  } else if (o.error_code == mcp::error_code::method_not_found) {
    method = "(unknown)";
  }
  metrics.record({kMethodSeries, method}, o.millis, kind);
  if (!o.tool.empty()) metrics.record({kToolSeries, o.tool}, o.millis, kind);
}

mcp::ResourceProvider with_metrics_resource(mcp::ResourceProvider base, std::function<nlohmann::json()> snapshot) {
  const nlohmann::json listing = {
      {"uri", kMetricsUri},
      {"name", "metrics"},
      {"title", "Server metrics"},
      {"description", "Requests, errors and latency per method and per tool, vector search latency, and the "
                      "database's size and row counts, as JSON."},
      {"mimeType", "application/json"}};
  mcp::ResourceProvider p;
  p.templates = base.templates;
  p.complete = base.complete;
  // The metrics resource is item 0 of the listing; item i of `base` is item i + 1.
  p.list = [base_list = base.list, listing](int offset, int page_size, bool& more) {
    nlohmann::json out = nlohmann::json::array();
    more = false;
    if (offset == 0) {
      out.push_back(listing);
      if (base_list && page_size > 1) {
        for (auto& item : base_list(0, page_size - 1, more)) out.push_back(std::move(item));
      } else {
        more = static_cast<bool>(base_list);
      }
      return out;
    }
    if (base_list) out = base_list(offset - 1, page_size, more);
    return out;
  };
  p.read = [base_read = base.read, snapshot = std::move(snapshot)](const std::string& uri) -> nlohmann::json {
    if (uri == kMetricsUri) {
      return nlohmann::json::array(
          {{{"uri", uri}, {"mimeType", "application/json"}, {"text", snapshot().dump(2)}}});
    }
    return base_read ? base_read(uri) : nlohmann::json(nullptr);
  };
  return p;
}

}  // namespace sq::ops
