// Signed request state: see request_state.hpp.
#include "mcp/request_state.hpp"

#include "util/base64.hpp"
#include "util/sha256.hpp"

namespace sq::mcp {

namespace {
constexpr std::size_t kMaxToken = 64 * 1024;
}

std::string seal_state(const nlohmann::json& payload, std::string_view key) {
  const std::string body = util::base64url_encode(payload.dump());
  return body + "." + util::base64url_encode(util::hmac_sha256_hex(key, body));
}

std::optional<nlohmann::json> open_state(std::string_view token, std::string_view key) {
  if (token.size() > kMaxToken) return std::nullopt;
  const auto dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view body = token.substr(0, dot);
  const auto signature = util::base64url_decode(token.substr(dot + 1));
  if (!signature || !util::constant_time_equal(*signature, util::hmac_sha256_hex(key, body))) return std::nullopt;
  const auto text = util::base64url_decode(body);
  if (!text) return std::nullopt;
  auto payload = nlohmann::json::parse(*text, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) return std::nullopt;
  return payload;
}

}  // namespace sq::mcp
