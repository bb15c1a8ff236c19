// Standing facts read from one answer: what the person says about themselves
// and the people in their life that holds beyond the conversation at hand —
// who they are (relation, name, age), allergies, conditions and medicines,
// diet, where they live, the languages they speak, the tools they use. Each
// fact is quoted in the person's own words, with a key naming what it is
// about, so that a newer answer about the same thing supersedes it. English
// answers only: other languages yield no facts rather than misread ones.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sq::questioning {

struct StandingFact {
  std::string kind;  // "person", "health", "diet", "home", "language", "tool"
  std::string key;   // "health:daughter:allergy:peanuts", "home:household", "person:partner:anna"
  std::string text;  // the clause it came from, or for a person "partner Anna, 34"
};

// The facts of `answer`, written in `language` ("en" ...), in order, one per key.
std::vector<StandingFact> read_standing_facts(std::string_view answer, std::string_view language);

}  // namespace sq::questioning
