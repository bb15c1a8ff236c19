// Follow-ups in French, German and Spanish. No English name extraction runs
// over these languages: what is read is what each language marks plainly —
// amounts of money (digits and a currency), a person introduced by a family
// or working relation ("ma sœur Claire", "meine Kollegin Jana", "mi hermana
// Lucía"), and a clause the person set as a need, a worry or a reservation
// ("il faut prévoir un plan B s'il pleut", "die App muss auf Android-Handys
// laufen", "pero ..."). A clause is quoted as the person wrote it, whole or
// not at all, so nothing is conjugated or declined that could come out wrong.
#pragma once

#include <string_view>
#include <vector>

#include "questioning/follow_ups.hpp"

namespace sq::questioning::planning {

// The follow-ups waiting in a French, German or Spanish conversation, newest
// answer first.
std::vector<FollowUp> foreign_follow_ups(const PlanRequest& request, const Conversation& c);

// The wording of one of them in `language` (empty: none fits).
std::vector<PlannedQuestion> foreign_follow_up_questions(const FollowUp& f, std::string_view language);

}  // namespace sq::questioning::planning
