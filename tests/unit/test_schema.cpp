// Tests for mcp/schema: argument validation and the wording of its errors.
#include <doctest/doctest.h>

#include "mcp/schema.hpp"

using sq::mcp::validate;
using json = nlohmann::json;

namespace {
const json kSchema = json::parse(R"({
  "type": "object",
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 5},
    "size": {"type": ["integer", "null"], "minimum": 1, "maximum": 10},
    "kind": {"type": "string", "enum": ["a", "b"]},
    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    "items": {"type": "array", "items": {"type": "object", "properties": {"role": {"type": "string"}},
              "required": ["role"], "additionalProperties": false}}
  },
  "required": ["name"],
  "additionalProperties": false
})");
}

TEST_CASE("valid arguments pass") {
  CHECK_FALSE(validate(kSchema, json{{"name", "ab"}}));
  CHECK_FALSE(validate(kSchema, json{{"name", "ab"}, {"size", nullptr}}));
  CHECK_FALSE(validate(kSchema, json{{"name", "ab"}, {"size", 3.0}}));  // integral number
  CHECK_FALSE(validate(kSchema, json{{"name", "äöü"}}));                // counted in characters
}

TEST_CASE("each violation names the field and the limit") {
  auto msg = [](const json& v) { return validate(kSchema, v).value_or(""); };
  CHECK(msg(json::object()) == "name is required");
  CHECK(msg(json{{"name", 5}}) == "name must be a string (got integer)");
  CHECK(msg(json{{"name", ""}}) == "name must not be empty");
  CHECK(msg(json{{"name", "toolong"}}) == "name is 7 characters long; the limit is 5");
  CHECK(msg(json{{"name", "a"}, {"size", 11}}) == "size must be at most 10 (got 11)");
  CHECK(msg(json{{"name", "a"}, {"size", 0}}) == "size must be at least 1 (got 0)");
  CHECK(msg(json{{"name", "a"}, {"size", 1.5}}) == "size must be an integer or a null (got number)");
  CHECK(msg(json{{"name", "a"}, {"kind", "c"}}) == R"(kind must be one of "a", "b" (got "c"))");
  CHECK(msg(json{{"name", "a"}, {"tags", {"x", "y", "z"}}}) == "tags has 3 items; the limit is 2");
  CHECK(msg(json{{"name", "a"}, {"tags", {"x", 1}}}) == "tags[1] must be a string (got integer)");
  CHECK(msg(json{{"name", "a"}, {"labels", {{"k", 1}}}}) == "labels.k must be a string (got integer)");
  CHECK(msg(json{{"name", "a"}, {"items", {{{"x", 1}}}}}) == "items[0].role is required");
  CHECK(msg(json{{"name", "a"}, {"nmae", 1}}).rfind("nmae is not a known field", 0) == 0);
  CHECK(msg(json::array()) == "the arguments must be an object (got array)");
}
