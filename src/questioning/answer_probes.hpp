// What in an answer is worth reflecting back: a limit the person set ("the
// dump must finish before 05:00"), a worry ("I'm worried the kids will be
// bored"), or a reservation after "but" ("but only verbally"). Each comes as
// a clause turned to the second person, short enough to say back in a
// question: "You said the dump must finish before 05:00 for your backup
// vendor — how firm is that, and what depends on it?". English only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sq::questioning {

// unknown: what the person says they do not know ("I don't know whether I'd
// still get the state pension"), often the very thing to find out.
enum class ProbeKind { limit, worry, reservation, obstacle, unknown };

struct Probe {
  ProbeKind kind = ProbeKind::limit;
  std::string clause;  // second person, at most kMaxProbeClause bytes: "the dump must finish ..."
};

// Said back unquoted ("You said you're worried about ..."), a clause may be
// longer than a quotation.
inline constexpr std::size_t kMaxProbeClause = 80;

// The probes of one answer, in order of appearance, at most one per kind.
std::vector<Probe> answer_probes(std::string_view answer);

}  // namespace sq::questioning
