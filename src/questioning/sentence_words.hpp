// The words of a request's sentences as the subject readers see them (the
// English one in subject_phrase.cpp, the French, German and Spanish ones in
// foreign_subject.cpp): punctuation removed, owned so that a phrase can be
// reworded in place ("my" -> "your"), with where clauses end.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sq::questioning::sentence_words {

// One word of a context sentence, punctuation removed.
struct TopicWord {
  std::string text;
  std::string lower;
  bool clause_end = false;     // followed by , ; : or a dash
  bool opens_sentence = false;
};
using Sentence = std::vector<TopicWord>;

// The first `max_sentences` sentences of `context` (at most 2,000 bytes of it).
std::vector<Sentence> split_sentences(std::string_view context, std::size_t max_sentences);

}  // namespace sq::questioning::sentence_words
