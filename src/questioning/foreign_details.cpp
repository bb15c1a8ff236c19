// Kinds of detail in French, German and Spanish: see foreign_details.hpp.
#include "questioning/foreign_details.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "questioning/lexicon.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using List = std::initializer_list<std::string_view>;

struct Words {
  std::string_view language;
  List numbers;      // number words that count a length of time
  List time_units;   // lower-case, singular and plural
  List months;
  List weekdays;
  List to_a_place;   // prepositions before a destination
  List money;        // currency words after an amount
};

const std::array<Words, 3> kWords{{
    {"fr",
     {"un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "quinze", "quelques"},
     {"jour", "jours", "semaine", "semaines", "mois", "an", "ans", "année", "années", "nuit", "nuits", "heure",
      "heures"},
     {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
      "décembre"},
     {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
     {"à", "au", "aux", "en", "vers"},
     {"€", "euro", "euros", "eur"}},
    {"de",
     {"ein", "eine", "einen", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "vierzehn",
      "paar", "einige"},
     {"tag", "tage", "tagen", "woche", "wochen", "monat", "monate", "monaten", "jahr", "jahre", "jahren", "nacht",
      "nächte", "stunde", "stunden"},
     {"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
      "dezember"},
     {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"},
     {"nach"},
     {"€", "euro", "eur"}},
    {"es",
     {"un", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "quince", "unos",
      "unas"},
     {"día", "días", "semana", "semanas", "mes", "meses", "año", "años", "noche", "noches", "hora", "horas"},
     {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre",
      "noviembre", "diciembre"},
     {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"},
     {"a", "en", "hacia"},
     {"€", "euro", "euros", "eur"}},
}};

bool in(List list, std::string_view word) { return std::find(list.begin(), list.end(), word) != list.end(); }

// The token lower-cased beyond ASCII for the letters these lists use.
std::string folded(std::string_view lower) {
  std::string out(lower);
  static constexpr std::pair<std::string_view, std::string_view> capitals[] = {
      {"É", "é"}, {"À", "à"}, {"Ä", "ä"}, {"Ö", "ö"}, {"Ü", "ü"}, {"Á", "á"}, {"Í", "í"}, {"Ó", "ó"}, {"Ú", "ú"}};
  for (const auto& [upper, lower_form] : capitals) {
    for (auto at = out.find(upper); at != std::string::npos; at = out.find(upper, at + lower_form.size())) {
      out.replace(at, upper.size(), lower_form);
    }
  }
  return out;
}

bool has_digit(std::string_view w) { return std::any_of(w.begin(), w.end(), lexicon::is_digit); }

bool capitalised(std::string_view w) {
  return !w.empty() && (lexicon::is_upper(w.front()) || (w.size() > 1 && static_cast<unsigned char>(w[0]) == 0xC3 &&
                                                         static_cast<unsigned char>(w[1]) >= 0x80 &&
                                                         static_cast<unsigned char>(w[1]) <= 0x9E));
}

}  // namespace

std::set<TermKind> foreign_detail_kinds(std::string_view text, std::string_view language) {
  std::set<TermKind> kinds;
  const auto it = std::find_if(kWords.begin(), kWords.end(), [&](const Words& w) { return w.language == language; });
  if (it == kWords.end()) return kinds;
  const Words& w = *it;
  const std::string plain = util::plain_apostrophes(util::utf8_prefix(text, 2000));
  const auto tokens = tokenize(plain);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string word = folded(tokens[i].lower);
    const std::string next = i + 1 < tokens.size() ? folded(tokens[i + 1].lower) : std::string();
    if ((has_digit(word) || in(w.numbers, word)) && in(w.time_units, next)) kinds.insert(TermKind::duration);
    if (in(w.months, word) || in(w.weekdays, word)) kinds.insert(TermKind::date);
    if (has_digit(word) && (in(w.money, next) || word.find("€") != std::string::npos)) kinds.insert(TermKind::money);
    // "ir a Japón", "nach Kopenhagen", "au Japon": a capitalised word after a
    // preposition of direction, not at the start of a sentence.
    if (in(w.to_a_place, word) && i + 1 < tokens.size() && !tokens[i + 1].starts_sentence &&
        capitalised(tokens[i + 1].text) && !in(w.months, next) && !in(w.weekdays, next)) {
      kinds.insert(TermKind::place);
    }
  }
  return kinds;
}

}  // namespace sq::questioning
