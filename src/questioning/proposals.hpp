// The assistant's own questions: a calling assistant may propose questions
// for the next batch. They are checked here (the limits a caller must keep),
// then vetted against the conversation with the same near-duplicate filter
// as every other question; what survives is numbered and stored like the
// planner's own, under the facet "assistant".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "questioning/planner.hpp"
#include "questioning/repeat_filter.hpp"

namespace sq::questioning {

// One question the assistant proposes.
struct ProposedQuestion {
  std::string question_text;
  std::optional<std::string> importance;
  std::optional<std::string> information_to_look_for;
};

// A proposal that was not asked, and why: "repeats question 3".
struct DroppedProposal {
  std::string question_text;
  std::string reason;
};

inline constexpr int kMaxProposals = 10;
inline constexpr int kMaxProposalChars = 500;  // for each text field, in characters
// The facet stored with an assistant's question.
inline constexpr const char* kAssistantFacet = "assistant";

// The first proposal that breaks a limit, as a sentence naming the field
// ("proposed_questions[2].question_text is empty"), or nullopt.
std::optional<std::string> proposal_problem(const std::vector<ProposedQuestion>& proposals);

// The proposals that survive `filter` (in order, texts trimmed, importance and
// what to look for defaulted) and the ones dropped with their reasons. Kept
// ones are remembered by the filter, so later candidates are checked against them.
struct VettedProposals {
  std::vector<PlannedQuestion> kept;
  std::vector<DroppedProposal> dropped;
};
VettedProposals vet_proposals(const std::vector<ProposedQuestion>& proposals, RepeatFilter& filter);

// A key for a set of proposals (their texts, in order): the same proposals
// sent again map to the same key.
std::string proposals_key(const std::vector<ProposedQuestion>& proposals);

}  // namespace sq::questioning
