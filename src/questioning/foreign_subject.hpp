// The subject of a French, German or Spanish request as the questions in
// that language name it, in the polite second person ("votre chat", "Ihrer
// Spülmaschine", "su cámara"); the English reader is subject_phrase.hpp.
#pragma once

#include <string>
#include <string_view>

namespace sq::questioning {

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
