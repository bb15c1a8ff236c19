// The nouns a request or an answer names people by, per language: one list
// of each kind that every reader consults (the subject phrase, the other
// side of a dispute, the child a request is about, the people an answer
// introduces), so a word added here is understood by all of them.
#pragma once

#include <string_view>

namespace sq::questioning::people {

enum class Kind {
  // Family and partners: "my wife", "ma belle-mère", "meine Tochter".
  relative,
  // Whom a conversation about a child is about: "my son", "notre fille".
  child,
  // People of one's working and daily life: "my boss", "mon collègue".
  circle,
  // Who is consulted: "my GP", "le médecin", "die Lehrerin".
  professional,
  // Whom a claim or a complaint is against: "my landlord", "the airline".
  party,
};

// Is `word`, lower-case as written (plural forms are listed where people use
// them), a noun of this kind in the language ("en", "fr", "de", "es")?
// Unknown languages have no words.
bool is(Kind kind, std::string_view language, std::string_view word);

// A person of any kind but a party: whom the request is about, who shares
// the decision or is consulted, never what the request is about.
bool is_person(std::string_view language, std::string_view word);

// A relative or someone of the circle: a person whose view of the decision
// is worth asking for ("How does Anna see it?"), unlike a child or a doctor.
bool shares_decisions(std::string_view language, std::string_view word);

}  // namespace sq::questioning::people
