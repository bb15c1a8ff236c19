// Follow-ups in French, German and Spanish: see foreign_follow_ups.hpp.
#include "questioning/foreign_follow_ups.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <map>
#include <set>

#include "questioning/lexicon.hpp"
#include "questioning/people_words.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning::planning {

namespace {

using lexicon::is_digit;
using lexicon::one_of;

// ---- what each language marks ----------------------------------------------------------

struct Markers {
  std::string_view language;
  // A need: "il faut", "muss", "tiene que" ...
  std::vector<std::string_view> need;
  // A restriction: "au maximum", "höchstens", "solo puedo" ...
  std::vector<std::string_view> restriction;
  // A worry: "j'ai peur", "Sorge", "me preocupa" ...
  std::vector<std::string_view> worry;
  // The word that opens a reservation: "mais", "aber", "pero".
  std::vector<std::string_view> but;
  // Words that join a clause to the one before and are left out of a quote.
  std::vector<std::string_view> joiners;
  // Negations that turn a need word into its opposite ("n'est pas indispensable").
  std::vector<std::string_view> negations;
  // Possessives before a relation ("ma sœur", "unsere Tochter", "mi hermana").
  std::vector<std::string_view> possessives;
};

const std::vector<Markers>& markers() {
  static const std::vector<Markers> all = {
      {"fr",
       {"il faut", "faut", "doit", "doivent", "devra", "devront", "dois", "devons", "obligatoire", "impératif",
        "impérativement", "indispensable", "veux pouvoir", "voudrais pouvoir"},
       {"au maximum", "maximum", "au plus", "au moins", "pas plus de", "ne peux", "ne peut", "ne pouvons"},
       {"peur", "crains", "craint", "inquiet", "inquiète", "m'inquiète", "inquiètent", "angoisse", "redoute"},
       {"mais"},
       {"et", "oui", "donc", "alors"},
       {"pas", "plus", "jamais"},
       {"mon", "ma", "mes", "notre", "nos", "son", "sa", "ses"}},
      {"de",
       {"muss", "müssen", "musst", "soll", "sollen", "unbedingt", "zwingend"},
       {"darf", "dürfen", "höchstens", "spätestens", "mindestens", "maximal", "nicht mehr als"},
       {"sorge", "sorgen", "angst", "befürchte", "befürchten", "fürchte", "fürchten", "beunruhigt"},
       {"aber"},
       {"und", "ja", "also"},
       {"nicht", "kein", "keine", "nie"},
       {"mein", "meine", "meinem", "meiner", "meinen", "unser", "unsere", "unserem", "unserer", "unseren",
        "sein", "seine", "seinem", "seiner", "ihr", "ihre", "ihrem", "ihrer"}},
      {"es",
       {"tiene que", "tienen que", "tengo que", "tenemos que", "hay que", "debe", "deben", "debo", "debemos",
        "imprescindible", "obligatorio", "quiero poder", "necesito que", "necesitamos que"},
       {"como máximo", "como mucho", "no más de", "al menos", "como mínimo", "solo puedo", "sólo puedo"},
       {"miedo", "preocupa", "preocupado", "preocupada", "preocupan", "temo", "tememos", "angustia"},
       {"pero"},
       {"y", "sí", "así", "pues"},
       {"no", "nunca"},
       {"mi", "mis", "nuestro", "nuestra", "nuestros", "nuestras", "su", "sus"}},
  };
  return all;
}

const Markers* markers_for(std::string_view language) {
  for (const auto& m : markers()) {
    if (m.language == language) return &m;
  }
  return nullptr;
}

// " il faut prévoir un plan b " holds " il faut ": whole words only.
bool holds(const std::string& padded, std::string_view phrase) {
  return padded.find(" " + std::string(phrase) + " ") != std::string::npos;
}

template <typename List>
bool holds_any_of(const std::string& padded, const List& phrases) {
  return std::any_of(phrases.begin(), phrases.end(), [&](std::string_view p) { return holds(padded, p); });
}
bool holds_any(const std::string& padded, const std::vector<std::string_view>& phrases) {
  return holds_any_of(padded, phrases);
}
bool holds_any(const std::string& padded, std::initializer_list<std::string_view> phrases) {
  return holds_any_of(padded, phrases);
}

// ---- clauses -----------------------------------------------------------------------------

struct Clause {
  std::string text;    // as the person wrote it
  std::string padded;  // its words lower-cased, with a space either side: " il faut ... "
  std::size_t words = 0;
  bool reservation = false;  // opened by "mais", "aber", "pero"
  bool cut = false;          // ends before the thought does ("... mit unserem ERP, SAP Business One")
  bool verb_last = false;    // ends in a lower-case word (German puts the verb there)
};

// The clauses of an answer: a new one starts with a sentence, after , ; :
// or a dash, and at the language's "but"; a leading "et", "ja", "y" or
// "oui," is left out.
std::vector<Clause> clauses(std::string_view answer, const Markers& m) {
  const std::string text = util::plain_apostrophes(util::utf8_prefix(answer, 2000));
  const auto tokens = tokenize(text);
  std::vector<Clause> out;
  std::size_t first = 0;
  const auto close = [&](std::size_t end) {  // tokens [first, end)
    std::size_t from = first;
    while (from < end && one_of(std::string_view(tokens[from].lower), {"mais", "aber", "pero"})) ++from;
    const bool reservation = from > first;
    while (from < end && std::find(m.joiners.begin(), m.joiners.end(), tokens[from].lower) != m.joiners.end()) ++from;
    if (from >= end) return;
    Clause c;
    const char* begin = tokens[from].text.data();
    const char* last = tokens[end - 1].text.data() + tokens[end - 1].text.size();
    c.text = std::string(begin, last);
    c.padded = " ";
    for (std::size_t k = from; k < end; ++k) c.padded += tokens[k].lower + " ";
    c.words = end - from;
    c.reservation = reservation;
    const std::string_view last_word = tokens[end - 1].text;
    c.verb_last = !last_word.empty() && !lexicon::is_upper(last_word.front()) && !is_digit(last_word.front());
    // A comma followed by a capitalised word that starts no sentence opens
    // an apposition: the clause goes on after it.
    if (end < tokens.size() && !tokens[end].starts_sentence && lexicon::is_upper(tokens[end].text.front()) &&
        tokens[end - 1].clause_end) {
      const char after = *last;
      c.cut = after == ',';
    }
    // "bis spätestens 1. Juli": a number before a full stop is a date's day.
    if (is_digit(last_word.front()) && *last == '.') c.cut = true;
    // A clause ending on a preposition or an article was cut short.
    if (one_of(std::string_view(tokens[end - 1].lower),
               {"de", "à", "avec", "en", "le", "la", "les", "du", "des", "mit", "in", "der", "die", "das", "den",
                "dem", "von", "zu", "el", "los", "las", "con", "a", "para", "por", "un", "une", "ein", "eine"})) {
      c.cut = true;
    }
    out.push_back(std::move(c));
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool starts = i > 0 && (tokens[i].starts_sentence || tokens[i].after_colon || tokens[i].opens_quote ||
                                  tokens[i - 1].clause_end ||
                                  std::find(m.but.begin(), m.but.end(), tokens[i].lower) != m.but.end());
    if (starts) {
      close(i);
      first = i;
    }
  }
  if (!tokens.empty()) close(tokens.size());
  return out;
}

struct ClauseKind {
  ProbeKind kind;
  bool restriction = false;  // a limit that holds something back ("au maximum"), not a need to meet
};

// Words of money: an amount is followed up as an amount, not as a limit.
bool speaks_of_money(const std::string& padded) {
  return holds_any(padded, {"€", "euro", "euros", "eur", "$", "dollar", "dollars", "£", "franken", "chf"});
}

// The person's words are quoted here, in quotation marks, and a quotation
// stays short.
constexpr std::size_t kMaxQuotedClause = 60;

std::optional<ClauseKind> clause_kind(const Clause& c, const Markers& m, std::string_view language) {
  if (c.words < 3 || c.cut || c.text.size() > kMaxQuotedClause) return std::nullopt;
  // "Ce qui m'inquiète, c'est ...": the worry is named after the clause, so
  // a clause that ends on its worry word says nothing yet.
  if (holds_any(c.padded, m.worry)) {
    const bool ends_on_worry = std::any_of(m.worry.begin(), m.worry.end(), [&](std::string_view w) {
      return c.padded.ends_with(" " + std::string(w) + " ");
    });
    if (ends_on_worry) return std::nullopt;
    return ClauseKind{ProbeKind::worry};
  }
  if (speaks_of_money(c.padded)) return std::nullopt;
  std::vector<std::pair<std::string_view, bool>> limit;
  for (const auto w : m.need) limit.emplace_back(w, false);
  for (const auto w : m.restriction) limit.emplace_back(w, true);
  // German modals ("muss", "soll") are a need in a clause that
  // ends with its verb, as a whole German main clause does.
  for (const auto& [marker, restriction] : limit) {
    const auto at = c.padded.find(" " + std::string(marker) + " ");
    if (at == std::string::npos) continue;
    const std::string before = c.padded.substr(0, at + 1);
    const bool negated = std::any_of(m.negations.begin(), m.negations.end(), [&](std::string_view n) {
      const auto pos = before.rfind(" " + std::string(n) + " ");
      return pos != std::string::npos && pos + 12 >= before.size();
    });
    // "ne peux ... que": only the French restrictive form limits.
    if ((marker == "ne peux" || marker == "ne peut" || marker == "ne pouvons") && !holds(c.padded, "que")) continue;
    // Only a need said with an adjective turns over ("n'est pas indispensable");
    // "no debe pasar de una página" is still a limit.
    const bool adjective = one_of(marker, {"indispensable", "obligatoire", "impératif", "imprescindible",
                                           "obligatorio", "unbedingt", "zwingend"});
    if (negated && adjective) continue;
    if (language == "de" && !c.verb_last && marker.find(' ') == std::string_view::npos &&
        one_of(marker, {"muss", "müssen", "musst", "soll", "sollen", "darf", "dürfen"})) {
      continue;
    }
    return ClauseKind{ProbeKind::limit, restriction};
  }
  if (c.reservation && c.words >= 3) return ClauseKind{ProbeKind::reservation};
  return std::nullopt;
}

// ---- people ------------------------------------------------------------------------------

bool capitalised_word(std::string_view w) {
  if (w.empty()) return false;
  const auto c = static_cast<unsigned char>(w.front());
  return lexicon::is_upper(w.front()) || c == 0xC3;  // an accented capital ("Élodie", "Ángel")
}

// "ma sœur Claire et son fiancé Hugo" -> {"Claire", "Hugo"}; "mi mujer,
// Ana," -> {"Ana"}. Titles are left out ("Herr Brandt" is declined in German).
std::vector<std::string> named_relations(std::string_view answer, const Markers& m, bool skip_children) {
  const std::string text = util::plain_apostrophes(util::utf8_prefix(answer, 2000));
  const auto tokens = tokenize(text);
  std::vector<std::string> out;
  for (std::size_t i = 1; i + 1 < tokens.size(); ++i) {
    const auto& rel = tokens[i].lower;
    if (!people::shares_decisions(m.language, rel)) continue;
    if (std::find(m.possessives.begin(), m.possessives.end(), tokens[i - 1].lower) == m.possessives.end()) continue;
    if (skip_children && people::is(people::Kind::child, m.language, rel)) continue;
    const auto& name = tokens[i + 1];
    if (name.starts_sentence || !capitalised_word(name.text) || name.text.size() < 2) continue;
    if (one_of(std::string_view(name.lower), {"herr", "frau", "dr", "m", "mme", "sr", "sra", "don", "doña"})) continue;
    // In German a capitalised noun may follow ("meine Frau Sorgen ..."): a
    // name is followed by a verb, a comma or the end, not by another noun.
    if (m.language == "de" && i + 2 < tokens.size() && !name.clause_end && capitalised_word(tokens[i + 2].text)) {
      continue;
    }
    std::string n(name.text);
    while (!n.empty() && (n.back() == ',' || n.back() == '.')) n.pop_back();
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
  }
  return out;
}

// "Claire et Hugo", "Claire, Hugo und Jana".
std::string join_names(const std::vector<std::string>& names, std::string_view language) {
  const std::string_view conj = language == "fr" ? " et " : language == "de" ? " und " : " y ";
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? std::string(conj) : std::string(", ");
    out += names[i];
  }
  return out;
}

// ---- amounts -----------------------------------------------------------------------------

// "1 200 euros": a thousands group written with a space is part of the amount.
std::string whole_amount(std::string_view answer, const std::string& amount) {
  const auto at = answer.find(amount);
  if (at == std::string_view::npos || at < 2 || answer[at - 1] != ' ') return amount;
  std::size_t start = at - 1;
  while (start > 0 && is_digit(answer[start - 1])) --start;
  const std::size_t digits = at - 1 - start;
  if (digits == 0 || digits > 3 || (start > 0 && answer[start - 1] != ' ')) return amount;
  return std::string(answer.substr(start, at - start)) + amount;
}

// ---- wordings ----------------------------------------------------------------------------

struct Phrasing {
  std::string_view language;
  std::string_view question;
  std::string_view importance;
  std::string_view look_for;
  std::string_view alternative{};  // another way to ask it, for a second follow-up of the same kind
};

constexpr Phrasing kMoney[] = {
    {"fr", "À quoi correspondent exactement les {term} dont vous parlez ?",
     "Un montant n'est utile qu'une fois clair ce qu'il recouvre.", "Ce que couvre la somme, et d'où vient ce chiffre.",
     "Que couvrent les {term} exactement, et ce chiffre est-il sûr ou estimé ?"},
    {"de", "Wofür genau stehen die {term}, die Sie erwähnen?",
     "Ein Betrag hilft erst weiter, wenn klar ist, was er umfasst.", "Was der Betrag abdeckt und woher die Zahl stammt.",
     "Was umfassen die {term} genau, und ist die Zahl sicher oder geschätzt?"},
    {"es", "¿A qué corresponden exactamente los {term} que menciona?",
     "Una cantidad solo sirve cuando está claro qué incluye.", "Qué cubre la cantidad y de dónde sale la cifra.",
     "¿Qué incluyen exactamente los {term}, y es una cifra segura o una estimación?"},
};

// A need, weighed as it is in a plan, a purchase or a decision.
constexpr Phrasing kLimit[] = {
    {"fr", "Vous dites « {term} » : est-ce impératif, et qu'est-ce qui en dépend ?",
     "Une exigence posée par la personne façonne toutes les options ; sa fermeté décide de la marge.",
     "Si l'exigence est ferme, d'où elle vient, et ce qui se passerait sans elle.",
     "Vous dites « {term} » : que se passerait-il si ce n'était pas possible ?"},
    {"de", "Sie schreiben „{term}“ – wie fest steht das, und was hängt davon ab?",
     "Eine Vorgabe der Person prägt jede Möglichkeit; wie fest sie ist, entscheidet über den Spielraum.",
     "Ob die Vorgabe feststeht, woher sie kommt und was ohne sie geschähe.",
     "Sie schreiben „{term}“ – was wäre, wenn sich das nicht umsetzen ließe?"},
    {"es", "Usted dice: «{term}». ¿Hasta qué punto es fijo, y qué depende de ello?",
     "Un requisito que pone la persona condiciona todas las opciones; su firmeza decide el margen.",
     "Si el requisito es firme, de dónde viene y qué pasaría sin él.",
     "Usted dice: «{term}». ¿Qué pasaría si no fuera posible?"},
};

// A restriction, weighed by how firm it is.
constexpr Phrasing kRestriction[] = {
    {"fr", "Vous dites « {term} » : est-ce une limite ferme, ou y a-t-il un peu de marge ?",
     "Une limite posée par la personne borne toutes les options ; sa fermeté décide de la marge.",
     "Si la limite est ferme, d'où elle vient, et ce qui la ferait bouger.",
     "Vous dites « {term} » : d'où vient cette limite, et pourrait-elle changer ?"},
    {"de", "Sie schreiben „{term}“ – ist das eine feste Grenze, oder gibt es etwas Spielraum?",
     "Eine Grenze der Person steckt jede Möglichkeit ab; wie fest sie ist, entscheidet über den Spielraum.",
     "Ob die Grenze feststeht, woher sie kommt und was sie verschieben würde.",
     "Sie schreiben „{term}“ – woher kommt diese Grenze, und könnte sie sich ändern?"},
    {"es", "Usted dice: «{term}». ¿Es un límite firme, o hay algo de margen?",
     "Un límite que pone la persona acota todas las opciones; su firmeza decide el margen.",
     "Si el límite es firme, de dónde viene y qué lo haría cambiar.",
     "Usted dice: «{term}». ¿De dónde viene ese límite, y podría cambiar?"},
};

// In a plan, a need is something to arrange.
constexpr Phrasing kLimitPlan[] = {
    {"fr", "Vous dites « {term} » : qu'avez-vous déjà prévu ou envisagé pour cela ?",
     "Ce qui doit être prévu se règle d'autant mieux qu'on sait où l'on en est.",
     "Ce qui est déjà réservé ou envisagé, et ce qui reste à trouver.",
     "Vous dites « {term} » : qu'est-ce qui reste à organiser pour cela ?"},
    {"de", "Sie schreiben „{term}“ – was haben Sie dafür schon geplant oder ins Auge gefasst?",
     "Was eingeplant werden muss, lässt sich besser regeln, wenn der Stand bekannt ist.",
     "Was schon gebucht oder angedacht ist und was noch fehlt.",
     "Sie schreiben „{term}“ – was ist dafür noch zu organisieren?"},
    {"es", "Usted dice: «{term}». ¿Qué ha previsto o pensado ya para eso?",
     "Lo que hay que prever se resuelve mejor sabiendo en qué punto está.",
     "Qué está ya reservado o pensado, y qué falta por resolver.",
     "Usted dice: «{term}». ¿Qué queda por organizar para eso?"},
};

// In a diagnosis, a limit bounds the fix.
constexpr Phrasing kLimitFix[] = {
    {"fr", "Vous dites « {term} » : toute solution doit-elle en tenir compte, ou y a-t-il une marge ?",
     "Une contrainte posée par la personne écarte certaines solutions.",
     "Si la contrainte est ferme, et ce qu'elle exclut.",
     "Vous dites « {term} » : quelles solutions cela exclut-il, à votre avis ?"},
    {"de", "Sie schreiben „{term}“ – muss jede Lösung das einhalten, oder gibt es Spielraum?",
     "Eine Vorgabe der Person schließt manche Lösungen aus.", "Ob die Vorgabe feststeht und was sie ausschließt.",
     "Sie schreiben „{term}“ – welche Lösungen scheiden damit für Sie aus?"},
    {"es", "Usted dice: «{term}». ¿Cualquier solución tiene que respetarlo, o hay margen?",
     "Una condición que pone la persona descarta algunas soluciones.", "Si la condición es firme y qué descarta.",
     "Usted dice: «{term}». ¿Qué soluciones descarta eso, a su juicio?"},
};

// In a specification, a requirement to pin down.
constexpr Phrasing kLimitSpec[] = {
    {"fr", "Vous dites « {term} » : que faudrait-il exactement prévoir pour cela ?",
     "Une exigence vague devient un malentendu coûteux une fois le travail lancé.",
     "Ce que l'exigence couvre exactement, ses cas limites, et comment la vérifier.",
     "Vous dites « {term} » : comment vérifierez-vous que c'est bien respecté ?"},
    {"de", "Sie schreiben „{term}“ – was genau müsste dafür abgedeckt sein?",
     "Eine ungenaue Anforderung wird teuer, sobald die Arbeit läuft.",
     "Was die Anforderung genau umfasst, ihre Grenzfälle und wie sie sich prüfen lässt.",
     "Sie schreiben „{term}“ – woran würden Sie erkennen, dass das erfüllt ist?"},
    {"es", "Usted dice: «{term}». ¿Qué tendría que cubrir eso exactamente?",
     "Un requisito impreciso se convierte en un malentendido caro una vez empezado el trabajo.",
     "Qué cubre exactamente el requisito, sus casos límite y cómo comprobarlo.",
     "Usted dice: «{term}». ¿Cómo comprobaría que se cumple?"},
};

constexpr Phrasing kWorry[] = {
    {"fr", "Vous dites « {term} » : qu'est-ce qui vous aiderait le plus à ce sujet ?",
     "Une inquiétude exprimée est souvent ce à quoi la réponse doit s'attaquer d'abord.",
     "Ce qui inquiète exactement, et ce qui rassurerait.",
     "Vous dites « {term} » : qu'est-ce qui vous rassurerait ?"},
    {"de", "Sie schreiben „{term}“ – was würde Ihnen dabei am meisten helfen?",
     "Eine geäußerte Sorge ist oft das, worauf die Antwort zuerst eingehen muss.",
     "Was genau die Sorge ist und was beruhigen würde.",
     "Sie schreiben „{term}“ – was würde Sie beruhigen?"},
    {"es", "Usted dice: «{term}». ¿Qué le ayudaría más con eso?",
     "Una preocupación expresada suele ser lo primero que la respuesta debe atender.",
     "Qué preocupa exactamente y qué tranquilizaría.",
     "Usted dice: «{term}». ¿Qué le tranquilizaría?"},
};

constexpr Phrasing kReservation[] = {
    {"fr", "Vous dites « {term} » : quel poids cela a-t-il dans votre choix ?",
     "Un « mais » marque souvent ce dont la personne est le moins sûre.",
     "Combien la réserve pèse face au reste, et ce qui la lèverait.",
     "Vous dites « {term} » : qu'est-ce qui lèverait ce doute ?"},
    {"de", "Sie schreiben „{term}“ – wie stark fällt das für Sie ins Gewicht?",
     "Ein „aber“ zeigt oft, wo die Person am wenigsten sicher ist.",
     "Wie schwer der Vorbehalt gegenüber dem Rest wiegt und was ihn ausräumen würde.",
     "Sie schreiben „{term}“ – was würde diesen Vorbehalt ausräumen?"},
    {"es", "Usted dice: «{term}». ¿Cuánto pesa eso en su decisión?",
     "Un «pero» suele marcar aquello de lo que la persona está menos segura.",
     "Cuánto pesa la reserva frente al resto y qué la despejaría.",
     "Usted dice: «{term}». ¿Qué despejaría esa duda?"},
};

// A person named: what matters to them in a decision...
constexpr Phrasing kPersonDecide[] = {
    {"fr", "Qu'en {pense} {term}, et qu'est-ce qui compte le plus pour {term} dans ce choix ?",
     "Les personnes nommées sont touchées par le résultat ou l'influencent.",
     "Ce qu'elles en pensent, et ce que chaque option changerait pour elles."},
    {"de", "Wie {sieht} {term} das, und was ist {term} bei der Entscheidung am wichtigsten?",
     "Die genannten Menschen sind vom Ergebnis betroffen oder prägen es.",
     "Wie sie es sehen und was jede Möglichkeit für sie bedeuten würde."},
    {"es", "¿Qué {opina} {term} de esto, y qué es lo más importante para {term} en esta decisión?",
     "Las personas nombradas se ven afectadas por el resultado o influyen en él.",
     "Qué opinan y qué supondría cada opción para ellas."},
};

// ... in a plan ...
constexpr Phrasing kPersonPlan[] = {
    {"fr", "Qu'est-ce qui compte le plus pour {term} dans tout cela ?",
     "Les personnes nommées sont touchées par le résultat ou l'influencent.",
     "Leurs attentes, et ce qu'il faut prévoir pour elles."},
    {"de", "Was ist {term} dabei am wichtigsten?", "Die genannten Menschen sind vom Ergebnis betroffen oder prägen es.",
     "Ihre Erwartungen und was für sie eingeplant werden muss."},
    {"es", "¿Qué es lo más importante para {term} en todo esto?",
     "Las personas nombradas se ven afectadas por el resultado o influyen en él.",
     "Sus expectativas y qué hay que prever para ellas."},
};

// ... how a problem touches them ...
constexpr Phrasing kPersonAffected[] = {
    {"fr", "En quoi cela touche-t-il {term} ?", "Qui est touché, et comment, dit l'urgence et les précautions à prendre.",
     "Ce que la personne vit ou risque, et depuis quand."},
    {"de", "Inwiefern {ist} {term} davon betroffen?",
     "Wer wie betroffen ist, zeigt die Dringlichkeit und nötige Vorsicht.",
     "Was die Person erlebt oder riskiert, und seit wann."},
    {"es", "¿En qué medida afecta esto a {term}?", "Quién se ve afectado, y cómo, indica la urgencia y las precauciones.",
     "Qué vive o arriesga la persona, y desde cuándo."},
};

// ... and the part they play in a dispute.
constexpr Phrasing kPersonDispute[] = {
    {"fr", "Quel rôle joue {term} dans cette affaire ?", "Les personnes nommées peuvent être témoins ou parties.",
     "Ce que la personne a vu, dit ou fait, et si elle peut en témoigner."},
    {"de", "Welche Rolle spielt {term} in der Sache?", "Genannte Menschen können Zeugen oder Beteiligte sein.",
     "Was die Person gesehen, gesagt oder getan hat und ob sie es bezeugen kann."},
    {"es", "¿Qué papel tiene {term} en este asunto?", "Las personas nombradas pueden ser testigos o partes.",
     "Qué vio, dijo o hizo la persona, y si puede dar testimonio."},
};

template <std::size_t N>
const Phrasing* in_language(const Phrasing (&list)[N], std::string_view language) {
  for (const auto& w : list) {
    if (w.language == language) return &w;
  }
  return nullptr;
}

// The verb of a wording agrees with one name or several.
std::string agree(std::string text, bool plural) {
  static constexpr std::array<std::pair<std::string_view, std::pair<std::string_view, std::string_view>>, 4> verbs{{
      {"{pense}", {"pense", "pensent"}},
      {"{sieht}", {"sieht", "sehen"}},
      {"{opina}", {"opina", "opinan"}},
      {"{ist}", {"ist", "sind"}},
  }};
  for (const auto& [field, forms] : verbs) text = fill(text, field, plural ? forms.second : forms.first);
  return text;
}

}  // namespace

std::vector<FollowUp> foreign_follow_ups(const PlanRequest& request, const Conversation& c) {
  std::vector<FollowUp> out;
  const Markers* m = markers_for(c.language);
  std::map<int, const AskedQuestion*> by_number;
  for (const auto& q : request.asked) by_number[q.number] = &q;
  std::set<std::string> seen;
  const bool about_a_child =
      !c.domains.empty() && (c.domains.front().name == "parenting" || c.domains.front().name == "education");
  const TaskType task = c.request.task;
  const bool people_matter = task == TaskType::decide || task == TaskType::change || task == TaskType::plan ||
                             task == TaskType::diagnose || task == TaskType::health || task == TaskType::dispute;
  for (std::size_t i = request.answers.size(); i-- > 0 && out.size() < 3;) {
    if (c.readings[i].tone != AnswerTone::substantive) continue;
    const auto& a = request.answers[i];
    std::string facet_part = "answer";
    if (a.question_number) {
      if (const auto it = by_number.find(*a.question_number); it != by_number.end()) {
        // An answer to a follow-up is followed up on its own ("answer"): its
        // facet had its follow-up.
        const std::string_view id = it->second->facet_id;
        if (!is_follow_up_id(id)) facet_part = std::string(id);
      }
    }
    std::vector<FollowUp> mine;
    for (const auto& d : c.readings[i].details) {
      if (d.kind != TermKind::money && d.kind != TermKind::owed) continue;
      const std::string term = whole_amount(a.text, d.text);
      if (already_followed_up(c, term) || !seen.insert(term).second) continue;
      mine.push_back({"drill:" + facet_part, nullptr, TermKind::money, term, task});
      break;
    }
    if (m != nullptr && people_matter) {
      auto names = named_relations(a.text, *m, about_a_child);
      std::erase_if(names, [&](const std::string& n) { return already_followed_up(c, n) || seen.count(n) > 0; });
      if (names.size() > 2) names.resize(2);
      if (!names.empty()) {
        for (const auto& n : names) seen.insert(n);
        FollowUp f{"drill:" + facet_part, nullptr, TermKind::person, join_names(names, c.language), task};
        f.plural = names.size() > 1;
        mine.push_back(std::move(f));
      }
    }
    if (m != nullptr) {
      for (const auto& clause : clauses(a.text, *m)) {
        const auto kind = clause_kind(clause, *m, c.language);
        if (!kind || !probe_fits(kind->kind, task) || already_followed_up(c, clause.text)) continue;
        if (!seen.insert(clause.text).second) continue;
        FollowUp f{"probe:" + facet_part, nullptr, TermKind::none, clause.text, task};
        f.probe = kind->kind;
        f.restriction = kind->restriction;
        mine.push_back(std::move(f));
        break;
      }
    }
    // A need or a worry the person wrote first, then a person, then money.
    std::stable_partition(mine.begin(), mine.end(), [](const FollowUp& f) { return f.probe.has_value(); });
    for (auto& f : mine) {
      if (out.size() == 3) break;
      f.vary = std::any_of(out.begin(), out.end(), [&](const FollowUp& o) {
        return o.probe == f.probe && o.kind == f.kind && o.restriction == f.restriction;
      });
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::vector<PlannedQuestion> foreign_follow_up_questions(const FollowUp& f, std::string_view language) {
  const Phrasing* w = nullptr;
  if (f.probe) {
    switch (*f.probe) {
      case ProbeKind::limit:
        w = f.task == TaskType::diagnose  ? in_language(kLimitFix, language)
            : f.restriction               ? in_language(kRestriction, language)
            : f.task == TaskType::specify ? in_language(kLimitSpec, language)
            : f.task == TaskType::plan    ? in_language(kLimitPlan, language)
                                          : in_language(kLimit, language);
        break;
      case ProbeKind::worry: w = in_language(kWorry, language); break;
      case ProbeKind::reservation: w = in_language(kReservation, language); break;
      case ProbeKind::obstacle:
      case ProbeKind::unknown: break;
    }
  } else if (f.kind == TermKind::money) {
    w = in_language(kMoney, language);
  } else if (f.kind == TermKind::person) {
    switch (f.task) {
      case TaskType::decide:
      case TaskType::change: w = in_language(kPersonDecide, language); break;
      case TaskType::plan: w = in_language(kPersonPlan, language); break;
      case TaskType::diagnose:
      case TaskType::health: w = in_language(kPersonAffected, language); break;
      case TaskType::dispute: w = in_language(kPersonDispute, language); break;
      default: break;
    }
  }
  if (w == nullptr) return {};
  std::vector<PlannedQuestion> out;
  const auto first = f.vary && !w->alternative.empty() ? w->alternative : w->question;
  const auto second = first == w->question ? w->alternative : w->question;
  for (const auto question : {first, second}) {
    if (question.empty()) continue;
    out.push_back({finish_question(agree(fill(question, "{term}", f.term), f.plural)), f.facet_id,
                   std::string(w->importance), std::string(w->look_for)});
  }
  return out;
}

}  // namespace sq::questioning::planning
