// The subject of a request as a noun phrase a question can name: "Plan a
// two-week trip to Japan in April" -> "your trip to Japan", "Our Postgres
// replica lags every night" -> "your Postgres replica", "I want to learn
// Spanish" -> "learning Spanish". English only; the planner words other
// languages' questions without one.
#pragma once

#include <string>
#include <string_view>

namespace sq::questioning {

// The subject phrase of `context`, in the second person; "this" when no
// sentence of it reads as having one.
std::string topic_phrase(std::string_view context);

// A shorter name for the same subject, for a second mention within a batch:
// "your Postgres replica" -> "the replica", "your trip to Japan" -> "the
// trip", "the REST API for your inventory system" -> "the API". A phrase of
// two words or fewer, or a gerund phrase ("learning Spanish"), is returned
// unchanged.
std::string short_subject(std::string_view phrase);

// The subject of a French, German or Spanish request when it is named with a
// possessive, in the polite second person: "Mon chat ne mange plus" ->
// "votre chat", "Mi ex no paga la pensión" -> nothing (a person), and in
// German in the dative that follows "bei" or "mit": "Unsere Spülmaschine
// pumpt nicht" -> "Ihrer Spülmaschine". With `objects` (for purchases,
// decisions, plans, specifications and disputes), a French or Spanish
// request's object counts too: "Busco una cámara" -> "su cámara". "this"
// when there is none.
std::string foreign_subject(std::string_view context, std::string_view language, bool objects = false);

// The piece a French, German or Spanish request for writing asks for, from
// the object of the request only ("brauche ein Schreiben" -> "Ihrem
// Schreiben", "escribir una carta de presentación" -> "su carta de
// presentación"); what the person owns is seldom the piece ("meinen Vertrag
// kündigen"). "this" when there is none.
std::string foreign_piece(std::string_view context, std::string_view language);

// What a French, German or Spanish request asks to learn, with the article
// the questions need ("apprendre à jouer du piano" -> "le piano", "aprender
// a tocar el piano" -> "el piano", "Gitarre lernen" -> "der Gitarre", a name
// such as "Python" as it is); "this" when there is none.
std::string foreign_learnt(std::string_view context, std::string_view language);

}  // namespace sq::questioning
