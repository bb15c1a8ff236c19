// Validation of tool arguments against the subset of JSON Schema the tools
// declare: type, properties, required, additionalProperties, items, enum,
// minimum/maximum, minLength/maxLength, minItems/maxItems. Errors name the
// field and the limit in a sentence a person can act on.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sq::mcp {

// Returns std::nullopt when `value` satisfies `schema`, otherwise the first
// problem found, e.g. "batch_size must be at most 10 (got 12)".
std::optional<std::string> validate(const nlohmann::json& schema, const nlohmann::json& value);

}  // namespace sq::mcp
