// Tool registry: each tool is registered with its name, description, input
// and output schema and one handler. The server lists and dispatches from it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sq::mcp {

using json = nlohmann::json;

// What a running tool call may use besides its arguments.
struct CallContext {
  std::string protocol_version;
  bool stateless = false;  // 2026-07-28 era: no server-initiated requests
  json client_capabilities = json::object();
  // Stateless era, on a retry: the client's answers to our inputRequests and
  // the requestState we issued (empty when absent).
  json input_responses = nullptr;
  std::string request_state;
  // Handshake era: sends a request to the client (e.g. elicitation/create)
  // and waits for its result. Empty in the stateless era. Throws RpcError-like
  // std::runtime_error if the client answers with an error or goes away.
  std::function<json(const std::string& method, const json& params)> request_client;
  // Sends notifications/progress when the caller gave a progress token.
  std::function<void(double progress, std::optional<double> total, const std::string& message)> progress;
  // True once the caller has cancelled this request.
  std::function<bool()> cancelled;
};

// What a tool call produced. `structured` must satisfy the tool's output schema.
// A result with `input_requests` set asks the client for input first (the
// stateless era's InputRequiredResult); `request_state` travels with it.
struct ToolResult {
  json structured = nullptr;
  std::string text;
  bool is_error = false;
  json input_requests = nullptr;
  std::string request_state;

  static ToolResult ok(json structured, std::string text) {
    ToolResult r;
    r.structured = std::move(structured);
    r.text = std::move(text);
    return r;
  }
  static ToolResult error(std::string message) {
    ToolResult r;
    r.text = std::move(message);
    r.is_error = true;
    return r;
  }
};

struct Tool {
  std::string name;
  std::string title;
  std::string description;
  json input_schema;
  json output_schema = nullptr;  // null: the tool returns text only
  json annotations = json::object();
  std::function<ToolResult(const json& arguments, CallContext& context)> handler;
};

// A prompt template: its arguments and how to render it.
struct Prompt {
  std::string name;
  std::string title;
  std::string description;
  json arguments = json::array();  // [{name, description, required}]
  // Returns the prompts/get result body ({description?, messages}). Throws
  // std::invalid_argument with a sentence for bad arguments.
  std::function<json(const json& arguments)> render;
  // Completion values for one argument given its partial value.
  std::function<std::vector<std::string>(const std::string& argument, const std::string& value)> complete;
};

// The resources a server exposes: a paged list, templates, reading and completion.
struct ResourceProvider {
  // One page of resources starting at `offset`; sets `more` when another page follows.
  std::function<json(int offset, int page_size, bool& more)> list;
  json templates = json::array();
  // The `contents` array for `uri`, or null when no such resource exists.
  std::function<json(const std::string& uri)> read;
  // Completion for a template argument.
  std::function<std::vector<std::string>(const std::string& uri_template, const std::string& argument,
                                         const std::string& value)>
      complete;
};

class ToolRegistry {
 public:
  void add(Tool tool);
  const Tool* find(const std::string& name) const;
  const std::vector<Tool>& tools() const { return tools_; }

 private:
  std::vector<Tool> tools_;
};

}  // namespace sq::mcp
