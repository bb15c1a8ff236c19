// Sentences of a request for the subject readers: see sentence_words.hpp.
#include "questioning/sentence_words.hpp"

#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning::sentence_words {

std::vector<Sentence> split_sentences(std::string_view context, std::size_t max_sentences) {
  const std::string text = util::plain_apostrophes(util::utf8_prefix(context, 2000));
  std::vector<Sentence> sentences;
  for (const auto& t : tokenize(text)) {
    if (t.starts_sentence || sentences.empty()) {
      if (sentences.size() == max_sentences) break;
      sentences.emplace_back();
    }
    TopicWord w;
    w.text = std::string(t.text);  // owned: the phrase is reworded in place ("my" -> "your")
    w.lower = t.lower;
    w.clause_end = t.clause_end;
    w.opens_sentence = sentences.back().empty();
    sentences.back().push_back(std::move(w));
  }
  return sentences;
}

}  // namespace sq::questioning::sentence_words
