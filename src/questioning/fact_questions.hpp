// Questions that confirm what the person said in an earlier conversation
// instead of asking it from scratch: "Earlier you said your daughter Mia (7)
// is allergic to peanuts — is that still so, and should this take it into
// account?". A new conversation of a known user opens with them. English
// only, as the facts are.
#pragma once

#include <cstddef>
#include <vector>

#include "questioning/facts_bearing.hpp"
#include "questioning/planner.hpp"

namespace sq::questioning {

// A first batch holds at most this many, and always leaves room for the planner.
inline constexpr int kMaxFactQuestions = 2;

// The facet of a question built on a standing fact of `kind`: "known:health".
std::string known_fact_facet(std::string_view kind);

// At most `max` questions on `facts` (as facts_bearing_on ranks them), health
// and diet first, then the people, then the rest; one per kind.
std::vector<PlannedQuestion> fact_questions(const std::vector<BearingFact>& facts, std::size_t max);

}  // namespace sq::questioning
