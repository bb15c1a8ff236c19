// URL-safe Base64 without padding (RFC 4648 section 5), for opaque tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sq::util {

std::string base64url_encode(std::string_view bytes);
// Returns std::nullopt for any character outside the alphabet or a bad length.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace sq::util
