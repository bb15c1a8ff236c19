// Character classes and word-list membership shared by the planner's readers
// (request, subject phrase, answers, detail roles), so each reads text by the
// same rules. ASCII only: bytes of other scripts are never letters here, and
// the readers treat them as parts of words.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <string_view>

namespace sq::questioning::lexicon {

inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Does a UTF-8 byte start a Latin letter beyond ASCII (à, é, ñ, ü, œ, ł ...)?
inline bool starts_latin_letter(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0xC3 && b <= 0xC5;
}
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

template <std::size_t N>
bool one_of(std::string_view word, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

inline bool one_of(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Words that open a subordinate clause in the four languages: what follows
// them describes the circumstances of a request, not its task or domain.
inline constexpr std::string_view kSubordinators[] = {"before", "after", "when", "while", "because", "until",
                                                      "unless", "without", "avant", "après", "quand", "parce",
                                                      "sans", "bevor", "nachdem", "wenn", "weil", "ohne", "antes",
                                                      "después", "cuando", "porque", "sin"};

// The index of the first word after the first that opens a subordinate
// clause, searching `words[1, search_end)`; `words.size()` when none does.
template <typename Words>
std::size_t subordinate_clause_at(const Words& words, std::size_t search_end) {
  for (std::size_t i = 1; i < words.size() && i < search_end; ++i) {
    if (one_of(std::string_view(words[i]), kSubordinators)) return i;
  }
  return words.size();
}

// English weekday names, lower-case, in order; and their usual abbreviations.
inline constexpr std::string_view kWeekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                                 "friday", "saturday", "sunday"};
inline constexpr std::string_view kWeekdayAbbreviations[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

}  // namespace sq::questioning::lexicon
