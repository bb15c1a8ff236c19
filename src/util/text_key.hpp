// The key under which a text is found by its own words: the text with ASCII
// letters lower-cased and runs of white space made one space, trimmed, and a
// fixed 64-bit hash of that. Two texts with the same key are almost surely
// the same words; compare normalized_text() to be sure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sq::util {

// "  Two   Adults\n" -> "two adults".
std::string normalized_text(std::string_view text);

// FNV-1a over normalized_text(text), as a signed 64-bit integer (SQLite's).
std::int64_t text_key(std::string_view text);

}  // namespace sq::util
