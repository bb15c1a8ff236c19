// Which kinds of detail a French, German or Spanish text gives: a length of
// time ("dos semanas"), a date ("en abril", "am 3. Juni"), a destination
// ("nach Kopenhagen", "au Japon") or an amount of money ("6.000 euros").
// The English detail reader is never run over other languages' words; this
// one only says what kinds are there, so a facet the request or an answer
// already covers is not asked ("¿Adónde le gustaría ir?" of a trip to Japan).
#pragma once

#include <set>
#include <string_view>

#include "questioning/facet_catalogue.hpp"

namespace sq::questioning {

// The kinds found in `text` written in `language` ("fr", "de", "es"); empty
// for any other language.
std::set<TermKind> foreign_detail_kinds(std::string_view text, std::string_view language);

}  // namespace sq::questioning
