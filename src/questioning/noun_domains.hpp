// The domain an English noun leads to through WordNet's hypernyms, for
// requests no keyword of the catalogue recognises: "greyhound" -> "pets"
// (a greyhound is a hound, a hound a dog), "aphids" -> "home", "lasagne" ->
// "cooking". The table is generated at build time from WordNet 3.0 and
// src/questioning/wordnet/anchors.txt, and compiled into the binary.
#pragma once

#include <cstddef>
#include <string_view>

namespace sq::questioning {

// The domain of a lower-case English noun (a regular plural is read as its
// singular); empty when WordNet leads nowhere the catalogue knows.
std::string_view noun_domain(std::string_view lower_word);

// How many nouns the table holds.
std::size_t noun_domain_count();

}  // namespace sq::questioning
