// The shared tokenizer: see tokens.hpp.
#include "questioning/tokens.hpp"

#include <algorithm>

#include "questioning/lexicon.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

bool strip_leading(char c) { return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' || c == '*' || c == '_'; }
bool strip_trailing(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == ']' || c == '}' ||
         c == '"' || c == '\'' || c == '*' || c == '_';
}
bool ends_sentence(char c) { return c == '.' || c == '!' || c == '?'; }
bool line_break(char c) { return c == '\n' || c == '\r'; }

}  // namespace

bool has_alnum(std::string_view s) {
  // "à", "é" are words; a dash or a quotation mark is not.
  return std::any_of(s.begin(), s.end(), [](char c) {
    return lexicon::is_alpha(c) || lexicon::is_digit(c) || lexicon::starts_latin_letter(c);
  });
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  bool next_starts_sentence = true;
  bool next_after_colon = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (line_break(text[i])) {
      next_starts_sentence = true;
      if (!tokens.empty()) tokens.back().clause_end = true;
      ++i;
      continue;
    }
    if (lexicon::is_space(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !lexicon::is_space(text[end]) && !line_break(text[end])) ++end;
    const std::string_view chunk = text.substr(i, end - i);
    i = end;
    std::string_view core = chunk;
    while (!core.empty() && strip_leading(core.front())) core.remove_prefix(1);
    while (!core.empty() && strip_trailing(core.back())) core.remove_suffix(1);
    const std::string_view tail = chunk.substr(core.data() - chunk.data() + core.size());
    if (!has_alnum(core)) {  // a dash, bullet or stray symbol separates clauses
      if (!tokens.empty()) tokens.back().clause_end = true;
      if (chunk.find_first_of(".!?") != std::string_view::npos) next_starts_sentence = true;
      continue;
    }
    Token t;
    t.text = core;
    t.lower = util::ascii_lower(core);
    t.starts_sentence = next_starts_sentence;
    t.after_colon = next_after_colon;
    t.opens_quote = chunk.substr(0, core.data() - chunk.data()).find_first_of("\"'([") != std::string_view::npos;
    t.clause_end = !tail.empty();
    next_starts_sentence = !tail.empty() && ends_sentence(tail.front());
    next_after_colon = !tail.empty() && tail.front() == ':';
    tokens.push_back(std::move(t));
  }
  return tokens;
}

}  // namespace sq::questioning
