// "my partner Anna", "our 7-year-old daughter Mia", "my boss": a person
// named by their relation to the speaker, read the same way by every reader
// of English answers (the standing facts, the details an answer introduces).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "questioning/lexicon.hpp"

namespace sq::questioning {

struct RelationPhrase {
  std::size_t relation = 0;          // index of the relation word ("daughter")
  std::optional<std::size_t> name;   // index of the name after it ("Mia")
  std::string age;                   // "7" from "7-year-old", or empty
};

// Words that follow a relation without naming anyone: "my partner and I",
// "my boss is", "my wife who".
inline bool follows_relation_unnamed(std::string_view lower) {
  for (std::string_view w : {"i", "and", "is", "has", "who", "will", "would", "was", "said", "thinks"}) {
    if (lower == w) return true;
  }
  return false;
}

// The relation phrase that starts at words[i] ("my" or "our"), within
// words[i, end): `is_relation` says which nouns count. A word that opens a
// sentence (`opens_sentence`) is never taken for the name.
template <class Words, class IsRelation>
std::optional<RelationPhrase> relation_at(const Words& words, std::size_t i, std::size_t end,
                                          IsRelation is_relation) {
  if (i + 1 >= end || (words[i].lower != "my" && words[i].lower != "our")) return std::nullopt;
  RelationPhrase p;
  std::size_t r = i + 1;
  const std::string_view aged = words[r].lower;
  if (r + 1 < end && aged.ends_with("-year-old")) {
    p.age = std::string(aged.substr(0, aged.size() - 9));
    ++r;
  }
  if (!is_relation(words[r].lower)) return std::nullopt;
  p.relation = r;
  const std::size_t n = r + 1;
  if (n < end && !words[n].opens_sentence && !words[n].text.empty() && lexicon::is_upper(words[n].text[0]) &&
      !follows_relation_unnamed(words[n].lower) && !is_relation(words[n].lower)) {
    p.name = n;
  }
  return p;
}

}  // namespace sq::questioning
