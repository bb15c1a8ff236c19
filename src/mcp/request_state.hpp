// Tamper-evident request state for multi round-trip requests: a JSON payload
// carried by the client and signed with HMAC-SHA-256 under a key that never
// leaves the database.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sq::mcp {

// "<base64url(payload)>.<base64url(hmac)>"
std::string seal_state(const nlohmann::json& payload, std::string_view key);

// The payload if `token` was sealed with `key` and is well-formed; otherwise
// std::nullopt. Compares signatures in constant time.
std::optional<nlohmann::json> open_state(std::string_view token, std::string_view key);

}  // namespace sq::mcp
