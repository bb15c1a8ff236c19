// Identifiers and secrets: random UUIDs for conversations and sessions, random
// bytes for keys. Randomness comes from the kernel (getrandom).
#pragma once

#include <string>

namespace sq::util {

// A random version-4 UUID in canonical lower-case form.
std::string new_uuid();

// `n` random bytes, hex encoded (2n characters).
std::string random_hex(std::size_t n);

// True when `s` looks like a canonical UUID (8-4-4-4-12 hex digits).
bool looks_like_uuid(std::string_view s);

}  // namespace sq::util
