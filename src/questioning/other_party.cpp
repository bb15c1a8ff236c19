// The other side of a dispute: see other_party.hpp.
#include "questioning/other_party.hpp"

#include <algorithm>
#include <vector>

#include "questioning/lexicon.hpp"
#include "questioning/people_words.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

struct Determiners {
  std::string_view language;
  // Determiner as written -> as the questions say it ("my" -> "your").
  std::vector<std::pair<std::string_view, std::string_view>> as_said;
};

const std::vector<Determiners>& determiners() {
  static const std::vector<Determiners> all = {
      {"en", {{"my", "your"}, {"our", "your"}, {"the", "the"}, {"a", "the"}, {"an", "the"}}},
      {"fr", {{"mon", "votre"}, {"ma", "votre"}, {"notre", "votre"}, {"le", "le"}, {"la", "la"}, {"l'", "l'"}}},
      // Only nominative forms: the questions put the party in the nominative.
      {"de",
       {{"mein", "Ihr"}, {"meine", "Ihre"}, {"unser", "Ihr"}, {"unsere", "Ihre"}, {"der", "der"}, {"die", "die"},
        {"das", "das"}}},
      {"es", {{"mi", "su"}, {"nuestro", "su"}, {"nuestra", "su"}, {"el", "el"}, {"la", "la"}}},
  };
  return all;
}

}  // namespace

std::string other_party(std::string_view request, std::string_view language) {
  const auto it = std::find_if(determiners().begin(), determiners().end(),
                               [&](const Determiners& d) { return d.language == language; });
  if (it == determiners().end()) return {};
  const auto party = [&](std::string_view word) { return people::is(people::Kind::party, language, word); };
  const std::string text = util::plain_apostrophes(util::utf8_prefix(request, 500));
  const auto tokens = tokenize(text);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    // "A furniture shop delivered ...": one word naming the kind of party
    // may stand between the determiner and the noun.
    if (language == "en" && i + 2 < tokens.size() && !tokens[i + 1].clause_end && party(tokens[i + 2].lower) &&
        std::all_of(tokens[i + 1].lower.begin(), tokens[i + 1].lower.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }) &&
        !party(tokens[i + 1].lower)) {
      for (const auto& [as_written, as_said] : it->as_said) {
        if (tokens[i].lower == as_written && as_written != "my" && as_written != "our") {
          return std::string(as_said) + " " + std::string(tokens[i + 1].text) + " " + std::string(tokens[i + 2].text);
        }
      }
    }
    std::string noun = tokens[i + 1].lower;
    // "My neighbour's tree roots": the owner is the party.
    if (noun.ends_with("'s")) noun.resize(noun.size() - 2);
    if (!party(noun)) continue;
    for (const auto& [as_written, as_said] : it->as_said) {
      if (tokens[i].lower != as_written) continue;
      std::string word(tokens[i + 1].text);
      if (word.ends_with("'s")) word.resize(word.size() - 2);
      // German nouns keep their capital; elsewhere a capital only began the sentence.
      if (language != "de" && !word.empty() && lexicon::is_upper(word.front()) && tokens[i + 1].starts_sentence) {
        word.front() = static_cast<char>(word.front() - 'A' + 'a');
      }
      return std::string(as_said) + " " + word;
    }
  }
  // "L'agence ne répond plus": the elided article is part of the word.
  if (language == "fr") {
    for (const auto& t : tokens) {
      if (t.lower.starts_with("l'") && party(std::string_view(t.lower).substr(2))) {
        return "l'" + std::string(t.text.substr(2));
      }
    }
  }
  return {};
}

}  // namespace sq::questioning
