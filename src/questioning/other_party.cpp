// The other side of a dispute: see other_party.hpp.
#include "questioning/other_party.hpp"

#include <algorithm>
#include <vector>

#include "questioning/lexicon.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

bool in(const std::vector<std::string_view>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

struct Parties {
  std::string_view language;
  // Determiner as written -> as the questions say it ("my" -> "your").
  std::vector<std::pair<std::string_view, std::string_view>> determiners;
  std::vector<std::string_view> nouns;
};

const std::vector<Parties>& parties() {
  static const std::vector<Parties> all = {
      {"en",
       {{"my", "your"}, {"our", "your"}, {"the", "the"}, {"a", "the"}, {"an", "the"}},
       {"landlord", "landlady", "neighbour", "neighbor", "neighbours", "neighbors", "builder", "contractor",
        "plumber", "electrician", "roofer", "mechanic", "garage", "employer", "boss", "client", "customer",
        "tenant", "airline", "shop", "store", "retailer", "seller", "buyer", "bank", "insurer", "council",
        "school", "agency", "agent", "company", "ex", "ex-husband", "ex-wife", "ex-partner", "gym", "hotel",
        "courier", "dealer", "dealership", "developer", "freelancer", "supplier", "vendor", "university"}},
      {"fr",
       {{"mon", "votre"}, {"ma", "votre"}, {"notre", "votre"}, {"le", "le"}, {"la", "la"}, {"l'", "l'"}},
       {"propriétaire", "voisin", "voisine", "voisins", "employeur", "patron", "patronne", "locataire", "artisan",
        "plombier", "électricien", "garagiste", "banque", "assureur", "assurance", "magasin", "boutique",
        "vendeur", "vendeuse", "compagnie", "agence", "ex", "bailleur", "syndic", "entreprise", "client",
        "cliente", "école", "mutuelle", "salle"}},
      {"de",
       // Only nominative forms: the questions put the party in the nominative.
       {{"mein", "Ihr"}, {"meine", "Ihre"}, {"unser", "Ihr"}, {"unsere", "Ihre"}, {"der", "der"}, {"die", "die"},
        {"das", "das"}},
       {"vermieter", "vermieterin", "nachbar", "nachbarin", "nachbarn", "arbeitgeber", "arbeitgeberin", "chef",
        "chefin", "airline", "fluggesellschaft", "bank", "versicherung", "handwerker", "firma", "händler",
        "verkäufer", "verkäuferin", "werkstatt", "hausverwaltung", "ex", "fitnessstudio", "studio", "kunde",
        "kundin", "schule", "vermietung", "mieter", "mieterin", "shop", "laden"}},
      {"es",
       {{"mi", "su"}, {"nuestro", "su"}, {"nuestra", "su"}, {"el", "el"}, {"la", "la"}},
       {"casero", "casera", "arrendador", "arrendadora", "propietario", "propietaria", "vecino", "vecina",
        "vecinos", "jefe", "jefa", "empresa", "tienda", "banco", "aseguradora", "compañía", "aerolínea",
        "vendedor", "vendedora", "ex", "constructor", "constructora", "fontanero", "taller", "inquilino",
        "inquilina", "cliente", "colegio", "gimnasio", "comunidad"}},
  };
  return all;
}

}  // namespace

std::string other_party(std::string_view request, std::string_view language) {
  const auto it = std::find_if(parties().begin(), parties().end(), [&](const Parties& p) { return p.language == language; });
  if (it == parties().end()) return {};
  const std::string text = util::plain_apostrophes(util::utf8_prefix(request, 500));
  const auto tokens = tokenize(text);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    // "A furniture shop delivered ...": one word naming the kind of party
    // may stand between the determiner and the noun.
    if (language == "en" && i + 2 < tokens.size() && !tokens[i + 1].clause_end && in(it->nouns, tokens[i + 2].lower) &&
        std::all_of(tokens[i + 1].lower.begin(), tokens[i + 1].lower.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }) &&
        !in(it->nouns, tokens[i + 1].lower)) {
      for (const auto& [as_written, as_said] : it->determiners) {
        if (tokens[i].lower == as_written && as_written != "my" && as_written != "our") {
          return std::string(as_said) + " " + std::string(tokens[i + 1].text) + " " + std::string(tokens[i + 2].text);
        }
      }
    }
    std::string noun = tokens[i + 1].lower;
    // "My neighbour's tree roots": the owner is the party.
    if (noun.ends_with("'s")) noun.resize(noun.size() - 2);
    if (!in(it->nouns, noun)) continue;
    for (const auto& [as_written, as_said] : it->determiners) {
      if (tokens[i].lower != as_written) continue;
      std::string word(tokens[i + 1].text);
      if (word.ends_with("'s")) word.resize(word.size() - 2);
      // German nouns keep their capital; elsewhere a capital only began the sentence.
      if (language != "de" && !word.empty() && lexicon::is_upper(word.front()) && tokens[i + 1].starts_sentence) {
        word.front() = static_cast<char>(word.front() - 'A' + 'a');
      }
      return std::string(as_said) + " " + word;
    }
  }
  // "L'agence ne répond plus": the elided article is part of the word.
  if (language == "fr") {
    for (const auto& t : tokens) {
      if (t.lower.starts_with("l'") && in(it->nouns, std::string_view(t.lower).substr(2))) {
        return "l'" + std::string(t.text.substr(2));
      }
    }
  }
  return {};
}

}  // namespace sq::questioning
