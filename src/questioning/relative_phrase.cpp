// The relative a health request is about: see relative_phrase.hpp.
#include "questioning/relative_phrase.hpp"

#include "questioning/lexicon.hpp"
#include "questioning/people_words.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using lexicon::one_of;

// Words after "my dad" that make him the one it is happening to: "my dad is
// 74", "my mum keeps falling", "my husband hasn't slept".
bool states_their_condition(std::string_view w) {
  return one_of(w, {"is", "has", "had", "was", "keeps", "kept", "seems", "seemed", "gets", "got", "can't", "cannot",
                    "won't", "hasn't", "isn't", "doesn't", "didn't", "wasn't", "started", "fell", "falls", "been",
                    "lately", "recently", "suddenly", "now", "often", "sometimes", "always", "still"});
}

}  // namespace

std::string relative_phrase(std::string_view request) {
  const std::string text = util::plain_apostrophes(util::utf8_prefix(request, 500));
  const auto tokens = tokenize(text);
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (tokens[i].lower != "my" && tokens[i].lower != "our") continue;
    std::size_t k = i + 1;
    // "my late father had ...": someone who has died is family history, not the concern.
    if (tokens[k].lower == "late") continue;
    if (one_of(std::string_view(tokens[k].lower), {"elderly", "old", "ageing", "aging", "older"}) ||
        tokens[k].lower.ends_with("-year-old")) {
      ++k;
    }
    if (k + 1 >= tokens.size()) break;
    std::string noun = tokens[k].lower;
    if (noun.ends_with("'s")) continue;  // "my dad's car": something of theirs, not them
    if (!people::is(people::Kind::relative, "en", noun) || people::is(people::Kind::child, "en", noun)) continue;
    // The relative opens the request or a sentence, or is said to be in some state.
    const bool opens = i == 0 || tokens[i].starts_sentence;
    std::size_t next = k + 1;
    if (next < tokens.size() && tokens[next].lower == "(") next += 3;  // "my dad (74) has ..."
    const bool condition = next < tokens.size() && states_their_condition(tokens[next].lower);
    const bool with_someone = next < tokens.size() && one_of(std::string_view(tokens[next].lower), {"and", "&"});
    if (condition || (opens && !with_someone)) return "your " + noun;
  }
  return {};
}

namespace {

// "he" for "your dad", "she" for "your wife", empty for "your partner".
std::string_view pronoun_of(std::string_view relative) {
  const auto noun = relative.substr(relative.find(' ') + 1);
  if (one_of(noun, {"dad", "father", "husband", "grandad", "granddad", "grandpa", "grandfather", "brother", "uncle",
                    "boyfriend", "stepfather", "stepdad", "father-in-law", "fiance"})) {
    return "he";
  }
  if (one_of(noun, {"mum", "mom", "mother", "wife", "grandma", "granny", "nan", "nana", "grandmother", "sister",
                    "aunt", "auntie", "girlfriend", "stepmother", "stepmum", "mother-in-law", "fiancee"})) {
    return "she";
  }
  return {};
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size()) {
    text.replace(pos, from.size(), to);
  }
}

}  // namespace

std::string name_the_relative(std::string question, std::string_view relative) {
  if (relative.empty()) return question;
  // In the relative's own questions, "they" is the relative.
  const std::string_view he = pronoun_of(relative);
  if (!he.empty() && (question.find("your relative") != std::string::npos ||
                      question.find("Your relative") != std::string::npos)) {
    const bool male = he == "he";
    replace_all(question, " do they ", male ? " does he " : " does she ");
    replace_all(question, " would they ", male ? " would he " : " would she ");
    replace_all(question, " themselves", male ? " himself" : " herself");
  }
  std::string capital(relative);
  capital.front() = static_cast<char>(capital.front() - 'a' + 'A');
  for (const auto& [from, to] : {std::pair<std::string_view, std::string_view>{"your relative", relative},
                                 {"Your relative", capital}}) {
    std::size_t pos = 0;
    while ((pos = question.find(from, pos)) != std::string::npos) {
      question.replace(pos, from.size(), to);
      pos += to.size();
    }
  }
  return question;
}

}  // namespace sq::questioning
