// The built-in question planner. Given what a conversation is about, what has
// been asked and what has been answered, it chooses the next batch: the most
// relevant catalogue facets that are neither asked nor already covered, mixed
// with follow-ups that dig into the person's own answers. Offline, fast and
// deterministic: the same request always gives the same plan.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sq::questioning {

struct AskedQuestion {
  int number = 0;
  std::string text{};
  std::string facet_id{};  // catalogue id, "drill:...", "clarify:...", or empty
};

struct GivenAnswer {
  std::optional<int> question_number{};  // nullopt: not tied to one question
  std::string text{};
};

struct PlanRequest {
  std::string context{};               // what the conversation is about (may be empty)
  std::vector<AskedQuestion> asked{};  // every question already asked in this conversation
  std::vector<GivenAnswer> answers{};  // every answer given so far
  int batch_size = 5;                  // how many questions are wanted (clamped to 1-10)
  std::function<bool(std::string_view)> too_similar{};  // optional extra veto (semantic near-duplicate check)
};

struct PlannedQuestion {
  std::string text;
  // A catalogue id; "drill:<facet id>" for a follow-up on an answer to that
  // facet ("drill:answer" when the answer was not tied to a facet); or
  // "clarify:<facet id>" for a gentle follow-up on a tentative answer.
  std::string facet_id;
  std::string importance;               // why this matters
  std::string information_to_look_for;  // what a good answer contains
};

// A relevant facet neither asked nor covered that did not fit in a batch.
struct OpenFacet {
  std::string facet_id;
  std::string subject;  // the facet's short noun phrase: "the budget"
  std::string why;      // its importance sentence
};

// A plan lists at most this many open facets.
inline constexpr std::size_t kMaxOpenFacets = 5;

struct Plan {
  std::vector<PlannedQuestion> questions;  // at most batch_size; fewer only when nothing sensible is left
  std::vector<OpenFacet> open_facets;      // what is left, most relevant first (at most kMaxOpenFacets)
  std::vector<std::string> domains;        // detected domains, most relevant first ("generic" when none)
  std::string language;                    // of the request: "en", "fr", "de", "es"
  std::string task;                        // "diagnose", "decide", ...; empty when none is recognised
  std::string subject;                     // the noun phrase questions name ("your trip to Japan"); may be empty
  int remaining_relevant = 0;              // relevant facets still neither asked nor covered after this batch
  bool next_batch_needed = false;          // remaining_relevant > 0 or follow-ups still waiting
  int total_questions_estimated = 0;       // asked.size() + questions.size() + remaining_relevant
};

Plan plan_batch(const PlanRequest& request);

// How alike two questions are worded: Jaccard similarity of their content
// words (lower-cased, light plural folding, common words ignored), 0..1.
double wording_similarity(std::string_view a, std::string_view b);

// Two questions at or above this similarity count as near-duplicates.
inline constexpr double kNearDuplicateWording = 0.6;

}  // namespace sq::questioning
