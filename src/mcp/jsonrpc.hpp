// JSON-RPC 2.0 message classification and the error codes MCP uses. Knows
// nothing of MCP methods.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sq::mcp {

using json = nlohmann::json;

namespace error_code {
constexpr int parse_error = -32700;
constexpr int invalid_request = -32600;
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int internal_error = -32603;
constexpr int unsupported_protocol_version = -32022;
}  // namespace error_code

// Deepest JSON nesting accepted in a message.
constexpr std::size_t kMaxNesting = 64;

// A failure that becomes a JSON-RPC error response.
struct RpcError {
  int code;
  std::string message;
  json data = nullptr;
};

// One incoming message, classified.
struct Incoming {
  enum class Kind { request, notification, response, invalid };
  Kind kind = Kind::invalid;
  json id = nullptr;       // requests and responses
  std::string method;      // requests and notifications
  json params = json::object();
  json result = nullptr;   // responses
  std::optional<RpcError> error;  // invalid: why; response: the peer's error
};

// Parses one line. Malformed JSON gives kind invalid with a -32700 error;
// well-formed JSON that is not a JSON-RPC 2.0 message gives -32600 (with the
// id when one could be read).
Incoming parse_message(std::string_view line);

json make_result(const json& id, json result);
json make_error(const json& id, const RpcError& error);
json make_notification(std::string_view method, json params);
json make_request(const json& id, std::string_view method, json params);

}  // namespace sq::mcp
