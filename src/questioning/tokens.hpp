// The one tokenizer the planner's readers share (subject phrase, answer
// details, probes): words with the punctuation around them removed, and
// where sentences, clauses and quotations begin and end.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sq::questioning {

struct Token {
  std::string_view text;        // view into the tokenised text
  std::string lower;            // ASCII lower case
  bool starts_sentence = false;  // first word of the text, of a line, or after . ! ?
  bool after_colon = false;      // first word after a colon
  bool opens_quote = false;      // right after an opening quotation mark or bracket
  bool clause_end = false;       // followed by , ; : . ! ? a closing bracket or quote, or a dash
};

// The words of `text`, which must outlive the tokens (they view into it).
std::vector<Token> tokenize(std::string_view text);

// True when `s` holds an ASCII letter or digit.
bool has_alnum(std::string_view s);

}  // namespace sq::questioning
