// Text keys for exact-text lookup: see text_key.hpp.
#include "util/text_key.hpp"

#include <bit>

namespace sq::util {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string normalized_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::int64_t text_key(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : normalized_text(text)) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return std::bit_cast<std::int64_t>(h);
}

}  // namespace sq::util
