// What a conversation has covered, as each batch reports it: the questions
// answered so far, each with a short summary of its answer, and the facets
// still open that matter most for the request (from the planner), and the
// person's standing facts from earlier conversations that bear on it. It lets the
// assistant see what is known and what is missing without rereading it all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "questioning/facts_bearing.hpp"
#include "questioning/planner.hpp"
#include "storage/repository.hpp"

namespace sq::questioning {

struct AnsweredQuestion {
  int question_number = 0;
  std::string facet;
  std::string question_text;
  std::string answer_summary;  // answer_summary() of its latest answer
};

struct Coverage {
  std::vector<AnsweredQuestion> answered;  // in question order
  std::vector<OpenFacet> open;             // most important first, at most kMaxOpenFacets
  std::vector<BearingFact> standing_facts; // what the person said elsewhere that bears on this request
};

// How long a summary may be, in characters, "…" included.
inline constexpr std::size_t kAnswerSummaryChars = 120;

// The answer on one line, cut at a word boundary to at most `max_chars`
// characters, ending in "…" when cut.
std::string answer_summary(std::string_view answer, std::size_t max_chars = kAnswerSummaryChars);

// Every question of `messages` (one conversation's, in order) that has an
// answer: its own latest one, or else the latest answer given to its whole batch.
std::vector<AnsweredQuestion> answered_questions(const std::vector<storage::MessageRow>& messages);

}  // namespace sq::questioning
