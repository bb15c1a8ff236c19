// The child a request is about: see child_phrase.hpp.
#include "questioning/child_phrase.hpp"

#include <algorithm>

#include "questioning/lexicon.hpp"
#include "questioning/people_words.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using lexicon::one_of;

bool age_word(std::string_view w) {
  // "4-year-old", "10-month-old", "15-year-old"
  const auto dash = w.find('-');
  return dash != std::string_view::npos && dash > 0 && lexicon::is_digit(w.front()) &&
         (w.ends_with("-year-old") || w.ends_with("-month-old") || w.ends_with("-week-old"));
}

}  // namespace

std::string child_phrase(std::string_view request) {
  const std::string text = util::plain_apostrophes(util::utf8_prefix(request, 500));
  const auto tokens = tokenize(text);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].lower != "my" && tokens[i].lower != "our") continue;
    std::size_t k = i + 1;
    std::string age;
    std::string first = tokens[k].lower;
    if (first.ends_with("'s")) first.resize(first.size() - 2);  // "my 10-year-old's screen time"
    if (age_word(first)) {
      age = first;
      ++k;
    } else if (one_of(std::string_view(tokens[k].lower), {"little", "teenage", "eldest", "youngest", "older", "younger"})) {
      ++k;
    }
    std::string noun = k < tokens.size() ? tokens[k].lower : std::string();
    if (noun.ends_with("'s")) noun.resize(noun.size() - 2);
    if (people::is(people::Kind::child, "en", noun)) {
      return "your " + noun;
    }
    // "my 11-year-old dog" or "our 15-year-old boiler" is no child.
    if (!age.empty() && !one_of(std::string_view(noun), {"dog", "cat", "puppy", "kitten", "rabbit", "horse", "pony",
                                                         "guinea", "hamster", "parrot", "tortoise", "car", "boiler",
                                                         "laptop", "house", "fridge"})) {
      return "your " + age;
    }
  }
  return {};
}

std::string name_the_child(std::string question, std::string_view child) {
  if (child.empty()) return question;
  const std::string capital = [&] {
    std::string c(child);
    c.front() = static_cast<char>(c.front() - 'a' + 'A');
    return c;
  }();
  for (const auto& [from, to] : {std::pair<std::string_view, std::string>{"your child", std::string(child)},
                                 {"Your child", capital},
                                 {"the learner", std::string(child)},
                                 {"The learner", capital}}) {
    std::size_t pos = 0;
    while ((pos = question.find(from, pos)) != std::string::npos) {
      const std::size_t end = pos + from.size();
      if (end < question.size() && lexicon::is_alpha(question[end])) {  // "your children" is not "your child"
        pos = end;
        continue;
      }
      question.replace(pos, from.size(), to);
      pos += to.size();
    }
  }
  return question;
}

}  // namespace sq::questioning
