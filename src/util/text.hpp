// Text helpers shared by the planner, the embedder and the protocol layer:
// UTF-8 validation, ASCII case folding and word tokenisation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sq::util {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Replaces every ill-formed sequence with U+FFFD so the result is valid UTF-8.
std::string sanitize_utf8(std::string_view s);

// Lower-cases ASCII letters; other bytes are copied unchanged.
std::string ascii_lower(std::string_view s);

// Trims ASCII white space from both ends.
std::string_view trim(std::string_view s);

// Splits text into lower-cased words. A word is a run of ASCII letters and
// digits, inner apostrophes, and any non-ASCII UTF-8 sequence (so "Zürich" is
// one word). Everything else separates words.
std::vector<std::string> words(std::string_view s);

// Typographic apostrophes (U+2019, U+2018) become ASCII ones, so "I’m" reads like "I'm".
std::string plain_apostrophes(std::string_view s);

// At most `max_chars` characters (code points) of `s`, cut at a word
// boundary when it is longer, trailing punctuation and spaces dropped, and
// ending in "…" (counted in `max_chars`). One long word is cut inside it.
std::string cut_at_word(std::string_view s, std::size_t max_chars);

// Truncates to at most `max_bytes` without cutting a UTF-8 sequence in half.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

}  // namespace sq::util
