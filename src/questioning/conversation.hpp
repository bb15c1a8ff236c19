// What a conversation already holds, read once per batch: the request's
// reading (language, task, subject), its domains, what was asked, what the
// answers said and which facets they cover. Shared by the planner's parts.
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "questioning/answer_parser.hpp"
#include "questioning/domain_choice.hpp"
#include "questioning/facet_catalogue.hpp"
#include "questioning/planner.hpp"
#include "questioning/request_reading.hpp"
#include "questioning/wording.hpp"

namespace sq::questioning::planning {

// "drill:...", "clarify:...", "probe:...", "reword:...": a follow-up, not a catalogue facet.
bool is_follow_up_id(std::string_view id);

// What a request tells the planner, read once.
struct Conversation {
  RequestReading request;
  std::string language;                  // "en", "fr", ...
  std::string topic;
  std::string subject_short;             // the topic's second mention: "the replica"
  std::string party;                     // a dispute's other side as its request names it: "the builder"
  std::string child;                     // the child a parenting or schooling request is about: "your son"
  bool buys_animal = false;              // what a purchase is for is an animal ("buy my first horse")
  bool about_child = false;              // the request is about the person's own child ("My 3-year-old has a fever")
  std::string relative;                  // the grown-up relative whose health it is: "your dad"
  std::set<std::string_view> subject_domains;  // domains the subject phrase itself names
  Wording topic_words;                   // left out when comparing wording
  std::vector<DomainWeight> domains;
  std::set<std::string, std::less<>> asked_ids;
  std::vector<Wording> asked_wording;
  std::vector<std::string> asked_follow_ups;  // lower-cased texts of earlier follow-ups
  TokenIndex context_words;
  TokenIndex evidence;                        // context plus every usable answer
  std::set<TermKind> details_seen;            // kinds of detail in the evidence
  std::vector<AnswerReading> readings;        // one per answer, in order
};

Conversation read_conversation(const PlanRequest& request);

// True when the request or an answer gives the facet's value.
bool covered(const Conversation& c, std::size_t facet_index);

// A question's final form: trimmed, capitalised, ending in one '?'.
std::string finish_question(std::string text);

// `pattern` with every `field` replaced by `value`.
std::string fill(std::string_view pattern, std::string_view field, std::string_view value);

// `pattern` with {subject} filled in, the articles it meets contracted as
// `language` requires ("de le mariage" -> "du mariage").
std::string fill_subject(std::string_view pattern, std::string_view subject, std::string_view language);

}  // namespace sq::questioning::planning
