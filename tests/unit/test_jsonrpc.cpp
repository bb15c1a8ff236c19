// Tests for mcp/jsonrpc: classification of messages and error codes.
#include <doctest/doctest.h>

#include <string>

#include "mcp/jsonrpc.hpp"

using namespace sq::mcp;
using Kind = Incoming::Kind;

TEST_CASE("requests, notifications and responses are told apart") {
  auto r = parse_message(R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
  CHECK(r.kind == Kind::request);
  CHECK(r.id == 1);
  CHECK(r.method == "ping");
  CHECK(r.params.is_object());

  auto n = parse_message(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  CHECK(n.kind == Kind::notification);

  auto s = parse_message(R"({"jsonrpc":"2.0","id":"a","result":{"x":1}})");
  CHECK(s.kind == Kind::response);
  CHECK(s.result["x"] == 1);

  auto e = parse_message(R"({"jsonrpc":"2.0","id":"a","error":{"code":-1,"message":"no"}})");
  CHECK(e.kind == Kind::response);
  REQUIRE(e.error);
  CHECK(e.error->message == "no");
}

TEST_CASE("malformed JSON is a parse error") {
  for (const char* bad : {"", "{", "{\"jsonrpc\":", "nope", "{\"a\":1}}"}) {
    auto m = parse_message(bad);
    CHECK(m.kind == Kind::invalid);
    REQUIRE(m.error);
    CHECK(m.error->code == error_code::parse_error);
  }
}

TEST_CASE("numbers beyond a double and invalid UTF-8 are parse errors that say so") {
  for (const char* bad : {R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"n":1e999}})",
                          R"({"jsonrpc":"2.0","id":-1e400,"method":"ping"})"}) {
    auto m = parse_message(bad);  // must not throw
    REQUIRE(m.error);
    CHECK(m.error->code == error_code::parse_error);
    CHECK(m.error->message.find("out of range") != std::string::npos);
  }
  auto u = parse_message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xff\xfe\"}");
  REQUIRE(u.error);
  CHECK(u.error->code == error_code::parse_error);
  CHECK(u.error->message.find("UTF-8") != std::string::npos);
}

TEST_CASE("well-formed JSON that is not JSON-RPC is an invalid request") {
  for (const char* bad : {R"([])", R"(42)", R"({"id":1,"method":"ping"})", R"({"jsonrpc":"1.0","id":1,"method":"x"})",
                          R"({"jsonrpc":"2.0","id":1,"method":5})", R"({"jsonrpc":"2.0","id":true,"method":"x"})",
                          R"({"jsonrpc":"2.0","id":1.5,"method":"x"})", R"({"jsonrpc":"2.0"})"}) {
    auto m = parse_message(bad);
    CHECK(m.kind == Kind::invalid);
    REQUIRE(m.error);
    CHECK(m.error->code == error_code::invalid_request);
  }
  // The id is kept when it could be read, so the reply can name it.
  CHECK(parse_message(R"({"jsonrpc":"1.0","id":7,"method":"x"})").id == 7);
}

TEST_CASE("positional params are invalid params") {
  auto m = parse_message(R"({"jsonrpc":"2.0","id":1,"method":"x","params":[1]})");
  CHECK(m.kind == Kind::invalid);
  CHECK(m.error->code == error_code::invalid_params);
}

TEST_CASE("nesting beyond the limit is refused before parsing") {
  std::string deep = R"({"jsonrpc":"2.0","id":1,"method":"x","params":{"a":)" + std::string(100, '[') +
                     std::string(100, ']') + "}}";
  auto m = parse_message(deep);
  CHECK(m.kind == Kind::invalid);
  CHECK(m.error->code == error_code::invalid_request);
  // Brackets inside strings do not count.
  std::string quoted = R"({"jsonrpc":"2.0","id":1,"method":"x","params":{"a":")" + std::string(100, '[') + "\"}}";
  CHECK(parse_message(quoted).kind == Kind::request);
}

TEST_CASE("builders produce JSON-RPC 2.0 envelopes") {
  CHECK(make_result(1, {{"a", 1}}) == json::parse(R"({"jsonrpc":"2.0","id":1,"result":{"a":1}})"));
  CHECK(make_error(nullptr, {error_code::parse_error, "bad"}) ==
        json::parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}})"));
  CHECK(make_notification("n", json::object())["method"] == "n");
}
