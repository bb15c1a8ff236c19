// The MCP server: both protocol eras on one stream. A request whose _meta
// names a protocol version is served statelessly (2026-07-28); otherwise the
// `initialize` handshake's negotiated version applies. Dispatches to the
// tool, prompt and resource registries; handle_line() serves one message.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mcp/jsonrpc.hpp"
#include "mcp/registry.hpp"
#include "mcp/transport.hpp"

namespace sq::mcp {

// Protocol versions of the handshake era, oldest first.
const std::vector<std::string>& handshake_versions();
// The version offered to a client that asks for one we do not know.
const std::string& latest_handshake_version();
// Protocol versions served statelessly, with per-request _meta.
const std::vector<std::string>& stateless_versions();

// What handling one incoming message came to (for metrics). Requests and
// messages that were not valid requests are reported; notifications are not.
struct RequestOutcome {
  std::string method;       // empty for a message that was not a valid request
  std::string tool;         // tools/call of a registered tool: its name; else empty
  double millis = 0;
  int error_code = 0;       // the reply's JSON-RPC error code; 0 when it succeeded
  bool tool_error = false;  // a tools/call result with isError: true
  bool replied = true;      // false when no reply was sent (the client cancelled)
};

struct ServerInfo {
  std::string name;
  std::string title;
  std::string version;
  std::string instructions;
};

class Server {
 public:
  Server(ServerInfo info, ToolRegistry tools, std::vector<Prompt> prompts = {},
         std::optional<ResourceProvider> resources = std::nullopt);

  // Serves until end of input. Returns the process exit status.
  int run(LineReader& in, LineWriter& out);

  // Handles one line and returns the reply, if any (for tests; with no
  // connection, requests to the client fail).
  std::optional<json> handle_line(const std::string& line);

  // Called after each handled request (metrics); may be empty.
  std::function<void(const std::string& method, double millis, bool error)> on_request;
  // Called after each handled request or invalid message, with the details
  // of its reply; may be empty.
  std::function<void(const RequestOutcome& outcome)> on_outcome;

 private:
  // How one request is to be answered.
  struct Envelope {
    bool stateless = false;
    std::string version;
    json client_capabilities = json::object();
  };

  std::optional<json> dispatch(const Incoming& msg);
  Envelope envelope_for(const Incoming& msg) const;
  json finish(const Envelope& env, const std::string& method, json result) const;
  json capabilities() const;

  json handle_initialize(const json& params);
  json handle_discover() const;
  json handle_tools_list(const Envelope& env) const;
  std::optional<json> handle_tools_call(const Incoming& msg, const Envelope& env);
  json handle_resources_list(const json& params) const;
  json handle_resources_read(const json& params, const Envelope& env) const;
  json handle_prompts_list() const;
  json handle_prompts_get(const json& params) const;
  json handle_complete(const json& params) const;
  void handle_notification(const Incoming& msg);

  json tool_descriptor(const Tool& tool, const std::string& version) const;
  // Handshake era: sends a request to the client and waits for its reply,
  // queueing whatever else arrives meanwhile.
  json request_client(const std::string& method, const json& params);
  // Reads whatever is waiting on stdin without blocking; queues requests and
  // applies cancellations. Used between steps of long tool calls.
  void drain_input();
  void reject_oversized(std::size_t size);
  void send(const json& message);

  ServerInfo info_;
  ToolRegistry tools_;
  std::vector<Prompt> prompts_;
  std::optional<ResourceProvider> resources_;

  std::string protocol_version_;  // negotiated by initialize; empty before
  json client_capabilities_ = json::object();
  json client_info_ = json::object();

  LineReader* in_ = nullptr;
  LineWriter* out_ = nullptr;
  std::deque<std::string> pending_;  // lines read while a call was running
  std::set<std::string> cancelled_;  // dumped ids of requests the client cancelled
  bool input_closed_ = false;
  int next_request_id_ = 0;
};

}  // namespace sq::mcp
