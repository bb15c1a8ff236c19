// Tests for mcp/server: negotiation, listing and calling tools, and error
// replies, using a registry with one small tool.
#include <doctest/doctest.h>

#include <stdexcept>

#include "mcp/server.hpp"

using namespace sq::mcp;

namespace {

Server make_server() {
  ToolRegistry tools;
  tools.add(Tool{
      "echo",
      "Echo",
      "Repeats its text.",
      json::parse(R"({"type":"object","properties":{"text":{"type":"string","maxLength":10}},
                      "required":["text"],"additionalProperties":false})"),
      json::parse(R"({"type":"object","properties":{"text":{"type":"string"}},"required":["text"]})"),
      json{{"readOnlyHint", true}},
      [](const json& args, CallContext&) {
        const auto text = args.at("text").get<std::string>();
        if (text == "boom") throw std::runtime_error("exploded");
        return ToolResult::ok(json{{"text", text}}, text);
      }});
  return Server({"sq-test", "SQ Test", "9.9.9", "Use echo."}, std::move(tools));
}

json call(Server& s, const json& msg) {
  auto r = s.handle_line(msg.dump());
  REQUIRE(r.has_value());
  return *r;
}

json initialize(Server& s, const std::string& version) {
  return call(s, {{"jsonrpc", "2.0"}, {"id", 0}, {"method", "initialize"},
                  {"params", {{"protocolVersion", version}, {"capabilities", json::object()},
                              {"clientInfo", {{"name", "t"}, {"version", "1"}}}}}});
}

}  // namespace

TEST_CASE("initialize negotiates the protocol version") {
  for (const auto& v : handshake_versions()) {
    Server s = make_server();
    CHECK(initialize(s, v)["result"]["protocolVersion"] == v);
  }
  Server s = make_server();
  const json r = initialize(s, "2030-01-01");
  CHECK(r["result"]["protocolVersion"] == latest_handshake_version());
  CHECK(r["result"]["serverInfo"]["name"] == "sq-test");
  CHECK(r["result"]["serverInfo"]["version"] == "9.9.9");
  CHECK(r["result"]["instructions"] == "Use echo.");
  CHECK(r["result"]["capabilities"].contains("tools"));
}

TEST_CASE("initialize without a protocol version is invalid params") {
  Server s = make_server();
  const json r = call(s, {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", json::object()}});
  CHECK(r["error"]["code"] == error_code::invalid_params);
}

TEST_CASE("tools/list shows output schemas only to clients that understand them") {
  Server modern = make_server();
  initialize(modern, "2025-06-18");
  json tool = call(modern, {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/list"}})["result"]["tools"][0];
  CHECK(tool["name"] == "echo");
  CHECK(tool.contains("outputSchema"));
  CHECK(tool["title"] == "Echo");
  CHECK(tool["annotations"]["readOnlyHint"] == true);

  Server old = make_server();
  initialize(old, "2024-11-05");
  tool = call(old, {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/list"}})["result"]["tools"][0];
  CHECK_FALSE(tool.contains("outputSchema"));
  CHECK_FALSE(tool.contains("annotations"));
}

TEST_CASE("tools/call returns text and structured content") {
  Server s = make_server();
  initialize(s, "2025-11-25");
  const json r = call(s, {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/call"},
                          {"params", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}}}})["result"];
  CHECK(r["isError"] == false);
  CHECK(r["content"][0]["text"] == "hi");
  CHECK(r["structuredContent"]["text"] == "hi");
}

TEST_CASE("invalid arguments are tool errors that name the field") {
  Server s = make_server();
  initialize(s, "2025-11-25");
  json r = call(s, {{"jsonrpc", "2.0"}, {"id", 3}, {"method", "tools/call"},
                    {"params", {{"name", "echo"}, {"arguments", {{"text", "far too long"}}}}}})["result"];
  CHECK(r["isError"] == true);
  CHECK(r["content"][0]["text"].get<std::string>().find("text is 12 characters long; the limit is 10") !=
        std::string::npos);
  CHECK_FALSE(r.contains("structuredContent"));

  r = call(s, {{"jsonrpc", "2.0"}, {"id", 4}, {"method", "tools/call"}, {"params", {{"name", "echo"}}}})["result"];
  CHECK(r["isError"] == true);  // arguments absent: "text is required"
}

TEST_CASE("unknown tools, unknown methods and failures are JSON-RPC errors") {
  Server s = make_server();
  initialize(s, "2025-11-25");
  json r = call(s, {{"jsonrpc", "2.0"}, {"id", 5}, {"method", "tools/call"}, {"params", {{"name", "nope"}}}});
  CHECK(r["error"]["code"] == error_code::invalid_params);
  r = call(s, {{"jsonrpc", "2.0"}, {"id", 6}, {"method", "resources/whatever"}});
  CHECK(r["error"]["code"] == error_code::method_not_found);
  r = call(s, {{"jsonrpc", "2.0"}, {"id", 7}, {"method", "tools/call"},
               {"params", {{"name", "echo"}, {"arguments", {{"text", "boom"}}}}}});
  CHECK(r["error"]["code"] == error_code::internal_error);
  // And the server still answers.
  r = call(s, {{"jsonrpc", "2.0"}, {"id", 8}, {"method", "ping"}});
  CHECK(r["result"] == json::object());
}

TEST_CASE("notifications and stray responses get no reply") {
  Server s = make_server();
  CHECK_FALSE(s.handle_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
  CHECK_FALSE(s.handle_line(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}})"));
  CHECK_FALSE(s.handle_line(R"({"jsonrpc":"2.0","id":"x","result":{}})"));
}

TEST_CASE("the metrics hook sees each request") {
  Server s = make_server();
  int seen = 0, errors = 0;
  s.on_request = [&](const std::string&, double ms, bool error) {
    ++seen;
    errors += error;
    CHECK(ms >= 0);
  };
  initialize(s, "2025-11-25");
  call(s, {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "nope"}});
  CHECK(seen == 2);
  CHECK(errors == 1);
}
