// The subject of a French, German or Spanish request: see foreign_subject.hpp.
#include "questioning/foreign_subject.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "questioning/lexicon.hpp"
#include "questioning/people_words.hpp"
#include "questioning/sentence_words.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using lexicon::is_digit;
using lexicon::is_upper;
using lexicon::one_of;
using sentence_words::Sentence;
using sentence_words::split_sentences;
using sentence_words::TopicWord;

}  // namespace

namespace {

bool ends_with_any(std::string_view w, std::initializer_list<std::string_view> endings) {
  return std::any_of(endings.begin(), endings.end(), [&](std::string_view e) { return w.ends_with(e); });
}

bool plain_word_text(std::string_view w) {
  return !w.empty() && !is_digit(w.front()) && w.find_first_of("/@#%&=+") == std::string_view::npos;
}

// French and Spanish: a possessive, its noun, and what belongs to the noun
// ("mon bulletin de salaire", "mi tienda física"), in the polite second
// person; with `objects`, failing that, the object of the request ("acheter
// un appartement" -> "votre appartement").
// "J'ai mal au genou" -> "votre genou", "Me duele la rodilla" -> "su
// rodilla", "Tengo insomnio" -> "su insomnio": where it hurts, or what the
// person has.
std::string romance_complaint(const Sentence& s, bool french) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i].clause_end) continue;
    const std::string_view a = s[i].lower, b = s[i + 1].lower;
    if (french && a == "mal" && one_of(b, {"au", "aux", "à"})) {
      std::size_t at = i + 2;
      if (b == "à" && at + 1 < s.size() && one_of(std::string_view(s[at].lower), {"la", "l'"})) ++at;
      if (at < s.size() && plain_word_text(s[at].lower) && !is_upper(s[at].text.front())) {
        return (b == "aux" ? "vos " : "votre ") + s[at].lower;
      }
    }
    if (!french && one_of(a, {"duele", "duelen"}) && one_of(b, {"el", "la", "los", "las"}) &&
        plain_word_text(s[i + 2].lower) && !is_upper(s[i + 2].text.front())) {
      return (b == "los" || b == "las" ? "sus " : "su ") + s[i + 2].lower;
    }
  }
  if (!french) {
    // "Tengo insomnio desde ...": a bare noun, then the clause ends or "desde" follows.
    static constexpr std::string_view not_nouns[] = {"que", "un", "una", "el", "la", "los", "las", "mucho",
                                                     "mucha", "muchos", "muchas", "miedo", "ganas", "hambre",
                                                     "frío", "calor", "razón", "prisa", "suerte", "sueño"};
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      if (s[i].lower != "tengo" || s[i].clause_end) continue;
      const auto& w = s[i + 1];
      if (one_of(std::string_view(w.lower), not_nouns) || !plain_word_text(w.lower) || is_upper(w.text.front())) break;
      std::string out = "su " + w.lower;
      if (!w.clause_end && i + 3 < s.size() && s[i + 2].lower == "de" && plain_word_text(s[i + 3].lower)) {
        out += " de " + s[i + 3].lower;  // "dolor de espalda"
      }
      const bool ends = w.clause_end || i + 2 >= s.size() || one_of(std::string_view(s[i + 2].lower), {"desde", "de", "por", "y", "cuando"});
      if (ends) return out;
      break;
    }
  }
  return {};
}

std::string romance_subject(const Sentence& s, bool french, bool objects, bool possessives = true) {
  static constexpr std::string_view fr_possessives[] = {"mon", "ma", "mes", "notre", "nos"};
  static constexpr std::string_view es_possessives[] = {"mi", "mis", "nuestro", "nuestra", "nuestros", "nuestras"};
  static constexpr std::string_view fr_stops[] = {
      "ne", "n'", "qui", "que", "qu'", "et", "ou", "à", "au", "aux", "pour", "avec", "depuis", "en", "dans", "sur",
      "par", "est", "a", "me", "m'", "se", "s'", "quand", "refuse", "veut", "fait", "ont", "sont", "va", "n'est"};
  static constexpr std::string_view es_stops[] = {
      "no", "y", "o", "que", "a", "al", "en", "con", "desde", "para", "por", "se", "es", "está", "me", "le",
      "lo", "la", "ha", "tiene", "quiere", "sin", "cuando"};
  static constexpr std::string_view articles[] = {"le", "la", "les", "l'", "un", "une", "des", "el", "los",
                                                  "las", "un", "una", "unos", "unas"};
  // Adjectives that come before their noun: "votre premier appartement", "su primer piso".
  static constexpr std::string_view fr_before_noun[] = {"deuxième", "second", "seconde", "nouveau", "nouvelle",
                                                        "premier", "première", "petit", "petite", "grand", "grande",
                                                        "vieux", "vieille", "troisième"};
  static constexpr std::string_view es_before_noun[] = {"segundo", "segunda", "nuevo", "nueva", "primer", "primera",
                                                        "tercer", "tercera", "pequeño", "pequeña", "gran", "viejo",
                                                        "vieja"};
  // The noun at s[at] and what belongs to it, after `det` ("votre", "sus");
  // an adjective before it comes along ("mi primer piso" -> "su primer piso").
  const auto phrase_at = [&](std::size_t at, std::string det) -> std::string {
    if (at + 1 < s.size() && !s[at].clause_end &&
        (french ? one_of(std::string_view(s[at].lower), fr_before_noun)
                : one_of(std::string_view(s[at].lower), es_before_noun))) {
      det += ' ' + s[at].lower;
      ++at;
    }
    const std::string_view noun = s[at].lower;
    const bool person = people::is_person(french ? "fr" : "es", noun);
    const bool stop = french ? one_of(noun, fr_stops) : one_of(noun, es_stops);
    if (person || stop || one_of(noun, articles) || !plain_word_text(noun) || is_upper(s[at].text.front())) return {};
    std::string out = std::move(det) + ' ' + s[at].lower;
    const std::size_t k = at + 1;
    if (!s[at].clause_end && k + 1 < s.size() && s[k].lower == "de") {
      const std::string_view next = s[k + 1].lower;
      // "le mariage de ma sœur": someone else's, not the person's own; "un
      // segundo local de mi taller" is still the person's own.
      if (one_of(next, fr_possessives) || one_of(next, es_possessives)) {
        const std::string_view owner = k + 2 < s.size() ? std::string_view(s[k + 2].lower) : std::string_view();
        if (people::is_person(french ? "fr" : "es", owner)) return {};
        return out;
      }
      if (!one_of(next, articles) && plain_word_text(next) && !is_upper(s[k + 1].text.front())) {
        out += " de " + s[k + 1].lower;  // "bulletin de salaire"
      }
    } else if (!french && !s[at].clause_end && k < s.size() && !one_of(std::string_view(s[k].lower), es_stops) &&
               ends_with_any(s[k].lower,
                             {"ica", "ico", "icia", "icio", "al", "able", "ible", "ado", "ada", "ivo", "iva", "ana", "ano"})) {
      out += ' ' + s[k].lower;  // "tienda física", "hipoteca variable"
    }
    return out;
  };
  // "pour mon travail", "para mi restaurante": a purpose, not the subject;
  // "con nuestra perra": company.
  const auto after_preposition = [&](std::size_t i) {
    return i > 0 && one_of(std::string_view(s[i - 1].lower),
                           {"pour", "para", "avec", "con", "sans", "sin", "à", "a", "de", "en", "dans", "sur", "par",
                            "por", "sobre", "chez", "desde", "depuis"});
  };
  if (possessives) {
    if (auto complaint = romance_complaint(s, french); !complaint.empty()) return complaint;
  }
  // "¿Qué robot aspirador me recomiendas?", "Quel vélo électrique choisir ?":
  // the thing asked about, the person's once chosen.
  if (objects && s.size() >= 3 &&
      one_of(std::string_view(s[0].lower).substr(s[0].lower.starts_with("¿") ? std::string_view("¿").size() : 0),
             {"qué", "que", "cuál", "cual", "quel", "quelle", "quels", "quelles"})) {
    const bool several = s[1].lower.ends_with("s") && !s[1].lower.ends_with("ss");
    std::string out = phrase_at(1, french ? (several ? "vos" : "votre") : (several ? "sus" : "su"));
    if (!out.empty() && out.find(' ', out.find(' ') + 1) == std::string::npos && !s[1].clause_end) {
      // A second word that belongs to the noun ("robot aspirador"), not a verb.
      const std::string_view next = s[2].lower;
      const bool verb = ends_with_any(next, {"ar", "er", "ir", "re", "ez", "ons", "as", "es", "ais", "ait", "ía", "ían"}) ||
                        one_of(next, {"debo", "puedo", "conviene", "dois", "peux", "faut", "vaut"});
      const bool stop = french ? one_of(next, fr_stops) : one_of(next, es_stops);
      if (!verb && !stop && !one_of(next, articles) && plain_word_text(next) && !is_upper(s[2].text.front())) {
        out += ' ' + s[2].lower;
      }
    }
    if (!out.empty()) return out;
  }
  // "el dinero de una lavadora": the money is for the thing.
  for (std::size_t i = 0; objects && i + 3 < s.size(); ++i) {
    const std::string_view w = s[i].lower;
    if (!one_of(w, {"dinero", "argent", "remboursement", "reembolso"}) || s[i].clause_end) continue;
    if (!one_of(std::string_view(s[i + 1].lower), {"de", "d'", "du", "por"})) continue;
    const std::size_t at = one_of(std::string_view(s[i + 2].lower), articles) ? i + 3 : i + 2;
    if (auto out = phrase_at(at, french ? "votre" : "su"); !out.empty()) return out;
  }
  for (std::size_t i = 0; possessives && i + 1 < s.size(); ++i) {
    const std::string_view det = s[i].lower;
    const bool possessive = french ? one_of(det, fr_possessives) : one_of(det, es_possessives);
    if (!possessive || s[i].clause_end || after_preposition(i)) continue;
    const bool plural = det == "mes" || det == "nos" || det == "mis" || det == "nuestros" || det == "nuestras";
    if (auto out = phrase_at(i + 1, french ? (plural ? "vos" : "votre") : (plural ? "sus" : "su")); !out.empty()) {
      return out;
    }
  }
  if (!objects) return {};
  // "acheter un appartement", "Busco una cámara", "Quel aspirateur robot":
  // the object of the request, named as the person's own.
  static constexpr std::string_view fr_determiners[] = {"un", "une", "le", "la", "les", "des", "quel", "quelle",
                                                        "quels", "quelles"};
  static constexpr std::string_view es_determiners[] = {"un", "una", "el", "la", "los", "las", "unos", "unas"};
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const std::string_view det = s[i].lower;
    const bool question = det.starts_with("quel");
    const bool determiner = french ? one_of(det, fr_determiners) : one_of(det, es_determiners);
    if (!determiner || s[i].clause_end || (i == 0 && !question) || after_preposition(i)) continue;
    // "¿Vale la pena ...?", "Est-ce que ça vaut la peine ...?": "is it worth", no subject.
    if (one_of(std::string_view(s[i + 1].lower), {"pena", "peine"})) continue;
    const bool plural = det == "les" || det == "des" || det == "quels" || det == "quelles" || det == "los" ||
                        det == "las" || det == "unos" || det == "unas";
    std::string own = french ? (plural ? "vos" : "votre") : (plural ? "sus" : "su");
    std::size_t at = i + 1;
    // "J'organise le mariage de ma sœur": someone else's occasion, named as theirs.
    const bool definite = one_of(det, {"le", "la", "l'", "el"});
    if (definite && at + 3 < s.size() && !s[at].clause_end && s[at + 1].lower == "de" &&
        plain_word_text(s[at].lower) && !is_upper(s[at].text.front())) {
      const std::string_view whose = s[at + 2].lower;
      const std::string_view person = s[at + 3].lower;
      const bool mine = french ? one_of(whose, fr_possessives) : one_of(whose, es_possessives);
      if (mine && people::is_person(french ? "fr" : "es", person)) {
        const bool several = one_of(whose, {"mes", "nos", "mis", "nuestros", "nuestras"});
        const std::string_view yours = french ? (several ? "vos" : "votre") : (several ? "sus" : "su");
        return std::string(det) + (det == "l'" ? "" : " ") + s[at].lower + " de " + std::string(yours) + ' ' +
               std::string(person);
      }
    }
    // "un deuxième chien" -> "votre deuxième chien", "un segundo local" -> "su segundo local"
    std::string out = phrase_at(at, own);
    const bool before_noun = french ? one_of(std::string_view(s[at].lower), fr_before_noun)
                                    : one_of(std::string_view(s[at].lower), es_before_noun);
    if (before_noun && at + 1 < s.size() && !s[at].clause_end) ++at;
    // "aspirateur robot": a second noun right after, when nothing else follows.
    if (!out.empty() && at + 1 < s.size() && !s[at].clause_end && !out.ends_with(s[at + 1].lower) &&
        one_of(std::string_view(s[at + 1].lower), {"robot", "électrique", "portable", "d'occasion", "web"})) {
      out += ' ' + s[at + 1].lower;
    }
    if (!out.empty()) return out;
  }
  return {};
}

// German: a possessive, an optional adjective and its noun, in the dative
// the questions need after "bei" or "mit": "Unsere Spülmaschine" -> "Ihrer
// Spülmaschine", "meinen Koffer" -> "Ihrem Koffer". Forms whose case or
// number cannot be told apart safely are left alone.
std::string german_subject(const Sentence& s, bool objects, bool possessives = true) {
  static constexpr std::string_view masculine_or_neuter[] = {"mein", "meinen", "meinem", "unser", "unseren",
                                                             "unserem", "unsren", "unsrem"};
  static constexpr std::string_view feminine[] = {"meiner", "unserer", "unsrer"};
  static constexpr std::string_view feminine_or_plural[] = {"meine", "unsere", "unsre"};
  static constexpr std::string_view people[] = {
      "mann", "frau", "sohn", "tochter", "chef", "chefin", "vermieter", "vermieterin", "nachbar", "nachbarin",
      "kinder", "kind", "eltern", "mutter", "vater", "partner", "partnerin", "freund", "freundin", "arzt",
      "ärztin", "ex", "baby", "bruder", "schwester", "kollege", "kollegin", "oma", "opa", "großmutter", "großvater",
      "onkel", "tante", "schwiegermutter", "schwiegervater", "cousin", "cousine", "enkel", "enkelin"};
  // An adjective after a determiner, in the dative the questions need
  // ("alten" -> "alten", "neues" -> "neuen"); empty when s[k] is none.
  const auto adjective_at = [&](std::size_t k) -> std::string {
    if (is_upper(s[k].text.front()) || k + 1 >= s.size() || s[k].clause_end || s[k].lower.size() <= 3 ||
        !ends_with_any(s[k].lower, {"e", "en", "er", "es", "em"})) {
      return {};
    }
    std::string stem = s[k].lower;  // the dative ending is always -en
    for (const std::string_view e : {"en", "em", "er", "es", "e"}) {
      if (stem.ends_with(e)) {
        stem.resize(stem.size() - e.size());
        break;
      }
    }
    return stem + "en";
  };
  // "Wir suchen eine Wärmepumpe für unser Haus": what is for something is
  // its purpose; "mit unserem Hund" is company.
  const auto after_preposition = [&](std::size_t i) {
    return i > 0 && one_of(std::string_view(s[i - 1].lower),
                           {"mit", "ohne", "für", "um", "gegen", "durch", "von", "zu", "bei", "aus", "nach",
                            "auf", "über", "unter", "an", "in", "vor", "hinter", "neben", "zwischen", "seit"});
  };
  for (std::size_t i = 0; possessives && i + 1 < s.size(); ++i) {
    const std::string_view det = s[i].lower;
    const bool m = one_of(det, masculine_or_neuter);
    const bool f = one_of(det, feminine);
    const bool f_or_pl = one_of(det, feminine_or_plural);
    if ((!m && !f && !f_or_pl) || s[i].clause_end) continue;
    if (i > 0 && one_of(std::string_view(s[i - 1].lower), {"mit", "ohne", "für"})) continue;
    std::size_t k = i + 1;
    const std::string adjective = adjective_at(k);
    if (!adjective.empty()) ++k;
    const std::string& noun = s[k].text;
    const std::string& noun_lower = s[k].lower;
    if (noun.empty() || !is_upper(noun.front()) || one_of(std::string_view(noun_lower), people)) continue;
    const bool feminine_noun =
        ends_with_any(noun_lower, {"e", "ung", "heit", "keit", "ion", "schaft", "ei", "tät", "ik", "in"});
    std::string out;
    if (m) {
      out = "Ihrem";
    } else if (f || (f_or_pl && feminine_noun)) {
      out = "Ihrer";
    } else {
      continue;
    }
    if (!adjective.empty()) out += ' ' + adjective;
    out += ' ' + noun;
    return out;
  }
  // "Wir brauchen eine App", "brauche ein Schreiben": the object, named
  // with an indefinite article whose gender it shows.
  for (std::size_t i = 1; objects && i + 1 < s.size(); ++i) {
    const std::string_view det = s[i].lower;
    const bool masc_or_neut = one_of(det, {"ein", "einen", "einem"});
    const bool fem = one_of(det, {"eine", "einer"});
    if ((!masc_or_neut && !fem) || s[i].clause_end || after_preposition(i)) continue;
    std::size_t k = i + 1;
    const std::string adjective = adjective_at(k);
    if (!adjective.empty()) ++k;
    if (k >= s.size() || !is_upper(s[k].text.front()) || one_of(std::string_view(s[k].lower), people)) continue;
    std::string out = masc_or_neut ? "Ihrem" : "Ihrer";
    if (!adjective.empty()) out += ' ' + adjective;
    return out + ' ' + s[k].text;
  }
  // "Im Badezimmer bildet sich Schimmel": the place it happens, when
  // nothing else names the subject.
  static constexpr std::string_view not_places[] = {
      "winter", "sommer", "frühling", "herbst", "moment", "januar", "februar", "märz", "april", "mai", "juni",
      "juli", "august", "september", "oktober", "november", "dezember", "jahr", "monat", "alter", "grunde",
      "allgemeinen", "voraus", "prinzip", "augenblick", "laufe", "zuge", "ende", "anfang", "schnitt", "notfall"};
  for (std::size_t i = 0; possessives && i + 1 < s.size(); ++i) {
    if (!one_of(std::string_view(s[i].lower), {"im", "beim"}) || s[i].clause_end) continue;
    // "ein Pfeifen im linken Ohr" -> "Ihrem linken Ohr".
    const std::string adjective = adjective_at(i + 1);
    const std::size_t k = adjective.empty() ? i + 1 : i + 2;
    if (k >= s.size()) continue;
    const auto& noun = s[k];
    if (!is_upper(noun.text.front()) || one_of(std::string_view(noun.lower), not_places) ||
        one_of(std::string_view(noun.lower), people)) {
      continue;
    }
    return adjective.empty() ? "Ihrem " + noun.text : "Ihrem " + adjective + ' ' + noun.text;
  }
  return {};
}

// What a French, Spanish or German request asks to learn, as the questions
// can name it after "avec", "de", "à", "con", "para", "bei": "apprendre à
// jouer du piano" -> "le piano", "aprender a tocar el piano" -> "el piano",
// "Python" as it is, "Gitarre lernen" -> "der Gitarre".
std::string learnt_thing(const Sentence& s, std::string_view language) {
  static constexpr std::string_view fr_languages[] = {"anglais", "espagnol", "allemand", "italien", "chinois",
                                                      "japonais", "portugais", "arabe", "russe", "français"};
  static constexpr std::string_view es_languages[] = {"inglés", "francés", "alemán", "italiano", "chino",
                                                      "japonés", "portugués", "árabe", "ruso", "español"};
  const auto proper = [&](std::size_t k) { return is_upper(s[k].text.front()) && plain_word_text(s[k].lower); };
  if (language == "fr" || language == "es") {
    const bool french = language == "fr";
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      if (s[i].lower != (french ? "apprendre" : "aprender")) continue;
      for (std::size_t k = i + 1; k < s.size() && k <= i + 6; ++k) {
        const std::string_view w = s[k].lower;
        if (proper(k)) return s[k].text;  // "Python", "Excel"
        if (french ? one_of(w, fr_languages) : one_of(w, es_languages)) {
          if (french) return (std::string_view("aeiou").find(w.front()) != std::string_view::npos ? "l'" : "le ") + std::string(w);
          return "el " + std::string(w);
        }
        if (w.starts_with("l'") && w.size() > 2) return std::string(w);  // "l'espagnol", "l'aquarelle"
        // "faire mes propres fromages" -> "les fromages": the person's own, named by its article.
        if (french && one_of(w, {"mes", "mon", "ma"})) {
          std::size_t n = k + 1;
          if (n < s.size() && one_of(std::string_view(s[n].lower), {"propre", "propres", "premier", "premiers",
                                                                     "première", "premières"})) {
            ++n;
          }
          if (n < s.size() && plain_word_text(s[n].lower) && !is_upper(s[n].text.front())) {
            return std::string(w == "mes" ? "les " : w == "mon" ? "le " : "la ") + s[n].lower;
          }
        }
        const bool article = french ? one_of(w, {"le", "la", "les", "du", "des"}) : one_of(w, {"el", "la", "los", "las"});
        if (article && k + 1 < s.size() && plain_word_text(s[k + 1].lower) && !is_upper(s[k + 1].text.front())) {
          std::string det(w);
          if (det == "du") det = "le";   // "jouer du piano" -> "le piano"
          if (det == "des") det = "les";
          return det + ' ' + s[k + 1].lower;
        }
        if (s[k].clause_end) break;
      }
    }
    return {};
  }
  // German: the noun before "lernen"; its article only where the ending
  // shows the gender (-e feminine, a nominalised verb in -en neuter).
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i].lower != "lernen") continue;
    const std::size_t k = i - 1;
    if (!is_upper(s[k].text.front()) || k == 0) return {};
    const std::string_view w = s[k].lower;
    if (w.ends_with("isch")) return s[k].text;  // "Spanisch"
    if (w.ends_with("e")) return "der " + s[k].text;
    if (w.ends_with("en")) return "dem " + s[k].text;
    return {};
  }
  return {};
}

}  // namespace

namespace {

// The first reading `read` finds in the context's first three sentences; "this" when none does.
// Requests in French, German and Spanish that name their subject by a frame
// rather than by a possessive: "choisir entre deux nounous" (ces deux
// nounous: the questions speak of the choice themselves; German subjects are
// read in the dative, as the questions use them), "je ne comprends pas la
// clause de non-concurrence", "le cahier des charges d'une application".
// A move or a career change keeps no subject: the change questions would ask
// what it should become.
std::string phrased_foreign_subject(const Sentence& s, std::string_view language) {
  const auto plain = [&](std::size_t i) { return i < s.size() && plain_word_text(s[i].lower); };
  const auto capital = [&](std::size_t i) { return i < s.size() && !s[i].text.empty() && is_upper(s[i].text.front()); };
  const auto starts_vowel = [](std::string_view w) {
    return !w.empty() && (one_of(w.substr(0, 1), {"a", "e", "i", "o", "u", "h"}) || w.starts_with("é") ||
                          w.starts_with("è") || w.starts_with("ê"));
  };
  // "L'eau de mon bassin de jardin", "El motor de mi coche": a part of the
  // person's own thing, at the head of the sentence.
  if ((language == "fr" || language == "es") && s.size() >= 4) {
    const bool french = language == "fr";
    std::size_t at = 0;
    std::string head;
    if (french && s[0].lower.starts_with("l'") && s[0].lower.size() > 2 && plain(0)) {
      head = s[0].lower;
      at = 1;
    } else if (one_of(std::string_view(s[0].lower), {"le", "la", "les", "el", "los", "las"}) && plain(1)) {
      head = s[0].lower + " " + s[1].lower;
      at = 2;
    }
    if (at != 0 && at + 2 < s.size() && s[at].lower == "de" &&
        one_of(std::string_view(s[at + 1].lower), {"mon", "ma", "notre", "mi", "nuestro", "nuestra"}) && plain(at + 2) &&
        !people::is_person(language, s[at + 2].lower)) {
      std::string out = head + " de " + (french ? "votre " : "su ") + s[at + 2].lower;
      if (!s[at + 2].clause_end && at + 4 < s.size() && s[at + 3].lower == "de" && plain(at + 4)) {
        out += " de " + s[at + 4].lower;
      }
      return out;
    }
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::string_view w = s[i].lower;
    if (language == "fr") {
      if (w == "choisir" && i + 2 < s.size() && s[i + 1].lower == "entre" && s[i + 2].lower == "deux" && plain(i + 3)) {
        return "ces deux " + s[i + 3].lower;  // the questions already speak of "votre choix"
      }
      // "je ne comprends pas la clause de non-concurrence"
      if ((w == "comprends" || w == "comprendre" || w == "expliquer") && i + 2 < s.size()) {
        std::size_t at = i + 1;
        if (s[at].lower == "pas" || s[at].lower == "bien") ++at;
        if (at + 1 < s.size() && one_of(std::string_view(s[at].lower), {"la", "le", "les"}) && plain(at + 1)) {
          std::string out = s[at].lower + " " + s[at + 1].lower;
          if (!s[at + 1].clause_end && at + 3 < s.size() && s[at + 2].lower == "de" && plain(at + 3)) {
            out += " de " + s[at + 3].lower;
          }
          return out;
        }
      }
      // "le cahier des charges d'une application de réservation"
      if (w == "cahier" && i + 3 < s.size() && s[i + 1].lower == "des" && s[i + 2].lower == "charges") {
        const std::string_view of = s[i + 3].lower;
        std::string noun;
        std::string article;
        if (of.starts_with("d'une") || of.starts_with("d'un")) {
          if (i + 4 >= s.size() || !plain(i + 4)) return {};
          noun = s[i + 4].lower;
          article = starts_vowel(noun) ? "l'" : (of == "d'une" ? "la " : "le ");
          std::string out = article + noun;
          if (!s[i + 4].clause_end && i + 6 < s.size() && s[i + 5].lower == "de" && plain(i + 6)) {
            out += " de " + s[i + 6].lower;
          }
          return out;
        }
        return {};
      }
    } else if (language == "es") {
      if (w == "elegir" && i + 2 < s.size() && s[i + 1].lower == "entre" && s[i + 2].lower == "dos" && plain(i + 3)) {
        const bool feminine = s[i + 3].lower.ends_with("a") || s[i + 3].lower.ends_with("as");
        return std::string(feminine ? "estas dos " : "estos dos ") + s[i + 3].lower;
      }
    } else if (language == "de") {
      if (w == "zwischen" && i + 2 < s.size() && s[i + 1].lower == "zwei" && capital(i + 2)) {
        return "den zwei " + s[i + 2].text;
      }
    }
  }
  return {};
}

template <typename Read>
std::string first_reading(std::string_view context, Read read) {
  for (const auto& sentence : split_sentences(context, 3)) {
    if (auto out = read(sentence); !out.empty()) return out;
  }
  return "this";
}

}  // namespace

std::string foreign_learnt(std::string_view context, std::string_view language) {
  return first_reading(context, [&](const Sentence& s) { return learnt_thing(s, language); });
}

std::string foreign_subject(std::string_view context, std::string_view language, bool objects) {
  return first_reading(context, [&](const Sentence& s) {
    if (auto phrased = phrased_foreign_subject(s, language); !phrased.empty()) return phrased;
    if (language == "fr" || language == "es") return romance_subject(s, language == "fr", objects);
    return language == "de" ? german_subject(s, objects) : std::string();
  });
}

std::string foreign_piece(std::string_view context, std::string_view language) {
  return first_reading(context, [&](const Sentence& s) {
    if (language == "fr" || language == "es") return romance_subject(s, language == "fr", true, false);
    return language == "de" ? german_subject(s, true, false) : std::string();
  });
}

}  // namespace sq::questioning
