// Follow-ups on what the person said: drill-downs on the details of the
// newest answers (a medicine, an amount owed, a person, a date...), clauses
// said back (a limit, a worry, a reservation), gentle clarifications of
// tentative answers, and a simpler wording of a question not followed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "questioning/answer_probes.hpp"
#include "questioning/conversation.hpp"

namespace sq::questioning::planning {

// A follow-up waiting to be asked: on a detail of an answer, or on a tentative answer.
struct FollowUp {
  std::string facet_id;          // "drill:..." or "clarify:..."
  const Facet* facet = nullptr;  // the facet the answer belonged to, if any
  TermKind kind = TermKind::none;  // none: a clarification
  std::string term;              // the person's own words
  TaskType task = TaskType::none;  // of the conversation: some details are followed up differently per task
  bool deadline = false;         // a date the person must act by ("by Friday"), not one something happens on
  std::optional<ProbeKind> probe = std::nullopt;  // a clause reflected back: `term` holds it, in the second person
  bool reword = false;           // the person did not follow the facet's question: ask it more simply
  std::string_view domain{};     // the conversation's first domain, if any
  bool prescribed = false;       // the conversation mentions a prescriber (doctor, GP, prescription)
  bool plural = false;           // `term` names several people ("Claire et Hugo")
  bool restriction = false;      // a limit that holds back ("at most", "höchstens"), not a need to meet
  bool vary = false;             // one of the same kind comes first in the batch: worded the other way
  bool age_given = false;        // the answer the detail came from already gives an age
  bool charge = false;           // an amount written as a fee or a charge ("platform fee £83")
  bool budget = false;           // an amount the person can spend ("a budget of £900", "I can afford £450")
  bool price = false;            // what something costs or was quoted ("costs £180", "quoted £150")
  bool inclusion_given = false;  // the answer says what the amount includes ("£180 including a rehearsal")
  bool candidate = false;        // a product written as one being weighed ("I've looked at the Cube")
  bool firmness_given = false;   // the answer says how firm the figure is ("a hard limit", "£2,500 max")
  bool ends = false;             // a date something ends or is due on ("my deal ends in March")
  bool balance = false;          // an amount owed or earned ("£78,000 left on the mortgage", "we earn £78,000")
};

// True when an earlier follow-up already names `term` (as whole words).
bool already_followed_up(const Conversation& c, std::string_view term);

// Whether a task's conversation reflects a clause of this kind back: a limit
// in plans, purchases, specifications, learning, decisions and changes (and
// as a constraint on a fix), a reservation or an obstacle in choices, a
// worry everywhere.
bool probe_fits(ProbeKind kind, TaskType task);

// The follow-ups waiting in a conversation: clarifications and rewordings
// first, then drill-downs and probes taking turns across answers, newest
// answer first; other languages are read by foreign_follow_ups.hpp.
std::vector<FollowUp> follow_ups(const PlanRequest& request, const Conversation& c);

// The ways a follow-up could be worded, best first (empty: none fits).
std::vector<PlannedQuestion> follow_up_questions(const FollowUp& f, std::string_view language);

}  // namespace sq::questioning::planning
