// The nouns people are named by: see people_words.hpp.
#include "questioning/people_words.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace sq::questioning::people {

namespace {

using List = std::initializer_list<std::string_view>;

struct Words {
  std::string_view language;
  List relatives;
  List children;
  List circle;
  List professionals;
  List parties;
};

// Lower-case as written, accents kept. A word may be of several kinds: a
// neighbour is someone of one's circle and often whom a claim is against.
const std::array<Words, 4> kWords{{
    {"en",
     {"partner", "wife", "husband", "girlfriend", "boyfriend", "fiancé", "fiancée", "fiancee", "fiance", "spouse",
      "son", "daughter", "mother", "father", "mum", "mom", "dad", "parents", "sister", "brother", "siblings",
      "grandmother", "grandfather", "grandma", "grandpa", "aunt", "uncle", "cousin", "family", "stepson",
      "stepdaughter", "in-laws", "mother-in-law", "father-in-law"},
     {"son", "daughter", "child", "children", "kid", "kids", "boy", "girl", "toddler", "baby", "newborn",
      "preschooler", "teenager", "teen", "stepson", "stepdaughter", "twins"},
     {"boss", "manager", "colleague", "coworker", "co-worker", "friend", "neighbour", "neighbor", "landlord",
      "landlady", "flatmate", "roommate", "housemate", "cofounder", "co-founder", "team", "supervisor",
      "postdoc", "mentor", "line manager", "co-author", "coauthor"},
     {"teacher", "doctor", "gp", "dentist", "vet", "therapist", "consultant", "surgeon", "nurse", "midwife",
      "tutor", "professor", "lecturer", "instructor", "coach", "solicitor", "lawyer", "accountant"},
     {"landlord", "landlady", "neighbour", "neighbor", "neighbours", "neighbors", "builder", "contractor", "plumber",
      "electrician", "roofer", "mechanic", "garage", "employer", "boss", "client", "customer", "tenant", "airline",
      "shop", "store", "retailer", "seller", "buyer", "bank", "insurer", "council", "school", "agency", "agent",
      "company", "ex", "ex-husband", "ex-wife", "ex-partner", "gym", "hotel", "courier", "dealer", "dealership",
      "developer", "freelancer", "supplier", "vendor", "university"}},
    {"fr",
     {"mari", "femme", "épouse", "époux", "compagnon", "compagne", "conjoint", "conjointe", "partenaire", "fiancé",
      "fiancée", "fils", "fille", "frère", "sœur", "père", "mère", "parents", "beau-père", "belle-mère", "grand-mère", "grand-père", "cousin", "cousine", "oncle", "tante"},
     {"fils", "fille", "enfant", "enfants", "bébé", "ado", "adolescent", "adolescente"},
     {"ami", "amie", "copain", "copine", "collègue", "associé", "associée", "patron", "patronne", "chef", "voisin",
      "voisine", "propriétaire", "colocataire", "ex"},
     {"médecin", "docteur", "dentiste", "vétérinaire", "professeur", "prof", "maîtresse", "kiné"},
     {"propriétaire", "voisin", "voisine", "voisins", "employeur", "patron", "patronne", "locataire", "artisan",
      "plombier", "électricien", "garagiste", "banque", "assureur", "assurance", "magasin", "boutique", "vendeur",
      "vendeuse", "compagnie", "agence", "ex", "bailleur", "syndic", "entreprise", "client", "cliente", "école",
      "mutuelle", "salle"}},
    {"de",
     {"mann", "frau", "ehemann", "ehefrau", "partner", "partnerin", "freund", "freundin", "verlobter", "verlobte",
      "sohn", "tochter", "bruder", "schwester", "vater", "mutter", "eltern", "schwiegermutter",
      "schwiegervater", "oma", "opa", "cousin", "cousine", "onkel", "tante"},
     {"sohn", "tochter", "kind", "kinder", "baby"},
     {"kollege", "kollegin", "geschäftspartner", "geschäftspartnerin", "chef", "chefin", "nachbar", "nachbarin",
      "vermieter", "vermieterin", "mitbewohner", "mitbewohnerin"},
     {"arzt", "ärztin", "hausarzt", "hausärztin", "zahnarzt", "zahnärztin", "tierarzt", "tierärztin", "lehrer",
      "lehrerin"},
     {"vermieter", "vermieterin", "nachbar", "nachbarin", "nachbarn", "arbeitgeber", "arbeitgeberin", "chef", "chefin",
      "airline", "fluggesellschaft", "bank", "versicherung", "handwerker", "firma", "händler", "verkäufer",
      "verkäuferin", "werkstatt", "hausverwaltung", "ex", "fitnessstudio", "studio", "kunde", "kundin", "schule",
      "vermietung", "mieter", "mieterin", "shop", "laden"}},
    {"es",
     {"marido", "mujer", "esposo", "esposa", "pareja", "novio", "novia", "prometido", "prometida", "hijo", "hija",
      "hijos", "hermano", "hermana", "padre", "madre", "padres", "suegra", "suegro", "abuela", "abuelo", "primo",
      "prima", "tío", "tía"},
     {"hijo", "hija", "hijos", "bebé", "niño", "niña"},
     {"amigo", "amiga", "compañero", "compañera", "socio", "socia", "jefe", "jefa", "casero", "casera", "vecino",
      "vecina", "ex"},
     {"médico", "médica", "doctor", "doctora", "dentista", "veterinario", "veterinaria", "profesor", "profesora"},
     {"casero", "casera", "arrendador", "arrendadora", "propietario", "propietaria", "vecino", "vecina", "vecinos",
      "jefe", "jefa", "empresa", "tienda", "banco", "aseguradora", "compañía", "aerolínea", "vendedor", "vendedora",
      "ex", "constructor", "constructora", "fontanero", "taller", "inquilino", "inquilina", "cliente", "colegio",
      "gimnasio", "comunidad"}},
}};

bool in(List list, std::string_view word) { return std::find(list.begin(), list.end(), word) != list.end(); }

const Words* words_of(std::string_view language) {
  const auto it = std::find_if(kWords.begin(), kWords.end(), [&](const Words& w) { return w.language == language; });
  return it == kWords.end() ? nullptr : &*it;
}

}  // namespace

bool is(Kind kind, std::string_view language, std::string_view word) {
  const Words* w = words_of(language);
  if (w == nullptr) return false;
  switch (kind) {
    case Kind::relative: return in(w->relatives, word);
    case Kind::child: return in(w->children, word);
    case Kind::circle: return in(w->circle, word);
    case Kind::professional: return in(w->professionals, word);
    case Kind::party: return in(w->parties, word);
  }
  return false;
}

bool is_person(std::string_view language, std::string_view word) {
  return is(Kind::relative, language, word) || is(Kind::child, language, word) || is(Kind::circle, language, word) ||
         is(Kind::professional, language, word);
}

bool shares_decisions(std::string_view language, std::string_view word) {
  return is(Kind::relative, language, word) || is(Kind::circle, language, word);
}

}  // namespace sq::questioning::people
