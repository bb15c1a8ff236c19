// JSON-RPC 2.0 parsing and building: see jsonrpc.hpp.
#include "mcp/jsonrpc.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace sq::mcp {

namespace {

// JSON-RPC ids are strings or integers here (null only in error replies).
bool valid_id(const json& id) { return id.is_string() || id.is_number_integer(); }

Incoming invalid(json id, std::string message) {
  Incoming m;
  m.kind = Incoming::Kind::invalid;
  m.id = std::move(id);
  m.error = RpcError{error_code::invalid_request, std::move(message)};
  return m;
}

// Deepest array/object nesting in `text`, ignoring brackets inside strings.
// Checked before parsing so hostile input cannot exhaust the stack later.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Incoming parse_message(std::string_view line) {
  if (const auto depth = nesting_depth(line); depth > kMaxNesting) {
    Incoming m;
    m.error = RpcError{error_code::invalid_request,
                       fmt::format("Invalid Request: JSON nested {} levels deep; the limit is {}", depth, kMaxNesting)};
    return m;
  }
  json doc;
  try {
    doc = json::parse(line.begin(), line.end());
  } catch (const json::parse_error& e) {
    Incoming m;
    const bool utf8 = std::string_view(e.what()).find("UTF-8") != std::string_view::npos;
    m.error = RpcError{error_code::parse_error,
                       fmt::format("Parse error: the message is not valid {} (byte {})", utf8 ? "UTF-8" : "JSON", e.byte)};
    return m;
  } catch (const json::exception&) {
    // The only other failure while parsing: a number beyond a double's range.
    Incoming m;
    m.error = RpcError{error_code::parse_error,
                       "Parse error: a number in the message is out of range (the largest is about 1.8e308)"};
    return m;
  }
  if (doc.is_array()) return invalid(nullptr, "Invalid Request: JSON-RPC batches are not supported; send one message per line");
  if (!doc.is_object()) return invalid(nullptr, "Invalid Request: a JSON-RPC message must be a JSON object");

  json id = nullptr;
  const bool has_id = doc.contains("id");
  if (has_id) {
    id = doc["id"];
    if (!valid_id(id)) {
      return invalid(nullptr, "Invalid Request: \"id\" must be a string or an integer");
    }
  }
  const auto jv = doc.find("jsonrpc");
  if (jv == doc.end() || *jv != "2.0") return invalid(id, "Invalid Request: \"jsonrpc\" must be \"2.0\"");

  const auto method = doc.find("method");
  if (method == doc.end()) {
    // A response to one of our requests.
    if (!has_id) return invalid(nullptr, "Invalid Request: a message needs \"method\" or \"id\"");
    Incoming m;
    m.kind = Incoming::Kind::response;
    m.id = id;
    if (auto err = doc.find("error"); err != doc.end() && err->is_object()) {
      m.error = RpcError{err->value("code", 0), err->value("message", std::string()), err->value("data", json())};
    } else if (auto res = doc.find("result"); res != doc.end()) {
      m.result = *res;
    } else {
      return invalid(id, "Invalid Request: a response needs \"result\" or \"error\"");
    }
    return m;
  }
  if (!method->is_string()) return invalid(id, "Invalid Request: \"method\" must be a string");

  Incoming m;
  m.kind = has_id ? Incoming::Kind::request : Incoming::Kind::notification;
  m.id = id;
  m.method = method->get<std::string>();
  if (auto p = doc.find("params"); p != doc.end()) {
    if (p->is_null()) {
      m.params = json::object();
    } else if (!p->is_object()) {
      // MCP uses named parameters only.
      Incoming bad;
      bad.kind = Incoming::Kind::invalid;
      bad.id = id;
      bad.error = RpcError{error_code::invalid_params, "Invalid params: \"params\" must be an object"};
      return bad;
    } else {
      m.params = std::move(*p);
    }
  }
  return m;
}

json make_result(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const json& id, const RpcError& error) {
  json e = {{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) e["data"] = error.data;
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(e)}};
}

json make_notification(std::string_view method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

json make_request(const json& id, std::string_view method, json params) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

}  // namespace sq::mcp
