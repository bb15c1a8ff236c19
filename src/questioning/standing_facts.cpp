// Standing facts: see standing_facts.hpp.
#include "questioning/standing_facts.hpp"

#include <algorithm>
#include <optional>

#include "questioning/answer_parser.hpp"
#include "questioning/lexicon.hpp"
#include "questioning/people_words.hpp"
#include "questioning/relation_phrase.hpp"
#include "questioning/sentence_words.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using lexicon::one_of;
using sentence_words::Sentence;

constexpr std::size_t kMaxFactChars = 160;

// Chronic conditions worth remembering; a passing symptom is not one.
constexpr std::string_view kConditions[] = {
    "asthma",      "diabetes",  "epilepsy",     "adhd",         "autism",    "dyslexia",     "coeliac",
    "celiac",      "eczema",    "hypertension", "arthritis",    "migraines", "crohn's",      "colitis",
    "depression",  "anxiety",   "hemophilia",   "haemophilia",  "lupus",     "psoriasis",    "copd",
    "osteoporosis", "fibromyalgia", "endometriosis", "hypothyroidism", "dyspraxia", "pku"};

constexpr std::string_view kDiets[] = {"vegetarian", "vegetarians", "vegan",   "vegans",     "pescatarian",
                                       "halal",      "kosher",      "gluten-free", "dairy-free", "lactose-free",
                                       "keto",       "teetotal"};

constexpr std::string_view kLanguages[] = {
    "english", "german",  "french",  "spanish",  "italian", "portuguese", "dutch",   "polish",    "chinese",
    "mandarin", "cantonese", "japanese", "korean", "arabic", "russian",  "hindi",   "turkish",   "greek",
    "swedish", "danish",  "norwegian", "finnish", "catalan", "ukrainian", "czech",  "hungarian", "romanian",
    "urdu",    "bengali", "punjabi", "tamil",    "vietnamese", "thai",   "hebrew",  "persian",   "farsi",
    "welsh",   "irish",   "swahili", "tagalog"};

// Words that end the name of a thing inside a clause: "allergic to peanuts and eggs" keeps both,
// "allergic to peanuts but fine with" stops at "but".
bool ends_phrase(std::string_view lower) {
  return one_of(lower, {"but", "so", "which", "who", "that", "since", "because", "when", "if", "though",
                        "although", "as", "for", "from", "at", "too", "also", "now", "anymore", "is", "are",
                        "was", "were", "has", "have", "and"});
}

bool capitalised(std::string_view w) { return !w.empty() && lexicon::is_upper(w[0]); }

// Who a clause is about, as far as its words say: "self", "household", or a
// relation with its name ("daughter mia"). `last` is the person named before,
// for a clause that says "she" or "he".
struct Holder {
  std::string key;   // "self", "household", "daughter", "partner:anna"
  bool known = false;
};

bool names_person(std::string_view lower) { return people::is_person("en", lower); }

Holder holder_of(const Sentence& words, std::size_t begin, std::size_t end, const Holder& last) {
  for (std::size_t i = begin; i < end; ++i) {
    const auto& w = words[i].lower;
    if (const auto p = relation_at(words, i, end, names_person)) {
      std::string key = words[p->relation].lower;
      if (p->name) key += ":" + words[*p->name].lower;
      return {key, true};
    }
    if (one_of(w, {"i", "i'm", "i've", "i'd", "me", "myself"})) return {"self", true};
    if (one_of(w, {"we", "we're", "we've", "us"})) return {"household", true};
    if (one_of(w, {"she", "he", "she's", "he's", "her", "him"})) return last.known ? last : Holder{w, true};
  }
  return last.known ? last : Holder{"self", true};
}

// The words after `at` that name a thing: up to four, up to a clause end or
// a word that ends the phrase; "peanuts and eggs" is kept whole.
std::string phrase_after(const Sentence& words, std::size_t at, std::size_t end) {
  std::string out;
  std::size_t taken = 0;
  for (std::size_t i = at; i < end && taken < 4; ++i) {
    const auto& w = words[i].lower;
    if (w == "and" && !out.empty() && i + 1 < end && !ends_phrase(words[i + 1].lower)) {
      out += " and";
      continue;
    }
    if (ends_phrase(w) || one_of(w, {"a", "an", "the", "some", "any", "all"})) {
      if (out.empty()) continue;
      break;
    }
    out += (out.empty() ? "" : " ") + w;
    ++taken;
    if (words[i].clause_end) break;
  }
  return out;
}

class Reader {
 public:
  Reader(std::string_view answer, std::vector<StandingFact>& out) : answer_(answer), out_(out) {}

  // A clause as the person wrote it, punctuation inside it kept: found in
  // the answer from where the previous clause ended.
  std::string clause_text(const Sentence& words, std::size_t begin, std::size_t end) {
    const auto first = answer_.find(words[begin].text, cursor_);
    const auto last = first == std::string_view::npos ? first : answer_.find(words[end - 1].text, first);
    if (last == std::string_view::npos) {
      std::string out;
      for (std::size_t i = begin; i < end; ++i) out += (out.empty() ? "" : " ") + words[i].text;
      return util::cut_at_word(out, kMaxFactChars);
    }
    cursor_ = last + words[end - 1].text.size();
    const auto piece = answer_.substr(first, cursor_ - first);
    if (std::count(piece.begin(), piece.end(), '(') > std::count(piece.begin(), piece.end(), ')')) {
      const auto close = answer_.find(')', cursor_);
      if (close != std::string_view::npos && close - cursor_ < 40) cursor_ = close + 1;
    }
    return util::cut_at_word(util::trim(answer_.substr(first, cursor_ - first)), kMaxFactChars);
  }

  // The people a clause names by relation ("our 7-year-old daughter Mia"),
  // with an age written beside them.
  void add_person(const Sentence& words, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i + 1 < end; ++i) {
      const auto p = relation_at(words, i, end, names_person);
      if (!p) continue;
      std::string key = words[p->relation].lower, text = words[p->relation].text;
      if (p->name) {
        key += ":" + words[*p->name].lower;
        text += " " + words[*p->name].text;
      }
      const bool known = std::any_of(out_.begin(), out_.end(), [&](const StandingFact& f) {
        return f.key == "person:" + key;
      });
      if (!known) add("person", "person:" + key, p->age.empty() ? text : text + ", " + p->age);
    }
  }

  void add(std::string kind, std::string key, std::string text) {
    if (text.empty()) return;
    for (auto& f : out_) {
      if (f.key == key) {
        f.text = std::move(text);  // the later statement in one answer wins
        return;
      }
    }
    out_.push_back({std::move(kind), std::move(key), std::move(text)});
  }

  void read_clause(const Sentence& words, std::size_t begin, std::size_t end) {
    const Holder who = holder_of(words, begin, end, last_);
    if (who.key != "self" && who.key != "household") last_ = who;
    const std::string text = clause_text(words, begin, end);
    add_person(words, begin, end);
    for (const auto& m : medicines_) {
      if (util::ascii_lower(text).find(util::ascii_lower(m)) == std::string::npos) continue;
      std::string name = util::ascii_lower(m.substr(0, m.find(' ')));
      add("health", "health:" + who.key + ":medicine:" + name, text);
    }
    const bool negated = has_any(words, begin, end, {"not", "no", "never", "n't", "doesn't", "don't", "isn't",
                                                     "aren't", "anymore", "longer"});
    for (std::size_t i = begin; i < end; ++i) {
      const auto& w = words[i].lower;
      // Allergies and intolerances: "allergic to peanuts", "a nut allergy", "lactose intolerant".
      if ((w == "allergic" || w == "intolerant") && i + 1 < end && words[i + 1].lower == "to") {
        const auto what = phrase_after(words, i + 2, end);
        if (!what.empty()) add("health", "health:" + who.key + ":allergy:" + what, text);
      } else if ((w == "allergy" || w == "allergies" || w == "intolerance") && i > begin &&
                 !one_of(words[i - 1].lower, {"an", "a", "no", "any", "the", "food", "severe", "mild", "her", "his",
                                              "my", "our", "their"})) {
        add("health", "health:" + who.key + ":allergy:" + words[i - 1].lower, text);
      } else if (w == "intolerant" && i > begin) {
        add("health", "health:" + who.key + ":allergy:" + words[i - 1].lower, text);
      } else if (one_of(w, kConditions)) {
        add("health", "health:" + who.key + ":" + w, text);
      } else if (w == "diagnosed" && i + 1 < end && words[i + 1].lower == "with") {
        const auto what = phrase_after(words, i + 2, end);
        if (!what.empty()) add("health", "health:" + who.key + ":" + what, text);
      } else if (one_of(w, kDiets) || (one_of(w, {"eat", "eats"}) && negated && i + 1 < end &&
                                       one_of(words[i + 1].lower, {"meat", "pork", "beef", "fish", "dairy",
                                                                   "eggs", "gluten", "shellfish", "nuts"}))) {
        // "vegetarian options" asks for something; "I'm vegetarian" says what someone is.
        if (i + 1 < end && one_of(words[i + 1].lower, {"options", "option", "menu", "restaurant", "restaurants",
                                                        "food", "dishes", "recipes", "recipe"})) continue;
        add("diet", "diet:" + who.key, text);
      } else if ((one_of(w, {"live", "lives", "living", "based"}) ||
                  (one_of(w, {"moved", "relocated"}) && i + 1 < end && words[i + 1].lower == "to")) &&
                 i + 1 < end && one_of(words[i + 1].lower, {"in", "to", "near", "outside"}) && i + 2 < end &&
                 (capitalised(words[i + 2].text) || one_of(words[i + 2].lower, {"central", "north", "south",
                                                                               "east", "west", "rural"}))) {
        // A plan ("we want to live in Spain") is not where someone lives.
        if (has_any(words, begin, i, {"want", "wants", "would", "could", "might", "planning", "plan", "hope",
                                      "thinking", "considering", "if", "should", "to"})) continue;
        const std::string home = who.key == "self" ? "household" : who.key;
        add("home", "home:" + home, text);
      } else if (one_of(w, {"speak", "speaks", "speaking"}) && !negated) {
        for (std::size_t j = i + 1; j < end && j < i + 6; ++j) {
          if (one_of(words[j].lower, kLanguages)) add("language", "language:" + who.key + ":" + words[j].lower, text);
        }
      } else if (one_of(w, {"native", "mother", "first"}) && i + 1 < end &&
                 one_of(words[i + 1].lower, {"language", "tongue"})) {
        for (std::size_t j = begin; j < end; ++j) {
          if (one_of(words[j].lower, kLanguages)) add("language", "language:" + who.key + ":" + words[j].lower, text);
        }
      }
    }
  }

  Holder last_;
  std::vector<std::string> medicines_;  // "metformin 500 mg", as the answer's reading found them

 private:
  static bool has_any(const Sentence& words, std::size_t begin, std::size_t end,
                      std::initializer_list<std::string_view> list) {
    for (std::size_t i = begin; i < end; ++i) {
      const auto& w = words[i].lower;
      if (one_of(w, list) || (w.ends_with("n't") && std::find(list.begin(), list.end(), "n't") != list.end())) {
        return true;
      }
    }
    return false;
  }

  std::string_view answer_;
  std::size_t cursor_ = 0;
  std::vector<StandingFact>& out_;
};

// "your partner Anna" -> "partner Anna", with an age written next to it in
// the answer ("Anna (34)", "Anna, 34,", "our 7-year-old daughter").
std::string person_text(std::string_view detail, std::string_view answer) {
  std::string text(detail.starts_with("your ") ? detail.substr(5) : detail);
  const std::string lower = util::ascii_lower(std::string(answer));
  const std::string needle = util::ascii_lower(text);
  const auto at = lower.find(needle);
  if (at == std::string::npos) return text;
  // After: " (7)", ", 7,", " is 7", " aged 7"
  std::string_view rest = std::string_view(lower).substr(at + needle.size());
  for (const auto lead : {" (", ", ", " is ", " aged ", ", aged ", " who is "}) {
    if (!rest.starts_with(lead)) continue;
    auto num = rest.substr(std::string_view(lead).size());
    std::size_t n = 0;
    while (n < num.size() && n < 3 && lexicon::is_digit(num[n])) ++n;
    const bool ends = n == num.size() || !lexicon::is_alpha(num[n]) || num.substr(n).starts_with(" year");
    if (n > 0 && ends && (n == num.size() || num[n] != '.' ) && !num.substr(n).starts_with(" %") &&
        !num.substr(n).starts_with(" mg") && !num.substr(n).starts_with(" eur")) {
      return text + ", " + std::string(num.substr(0, n));
    }
  }
  // Before: "7-year-old daughter"
  const std::string_view before = std::string_view(lower).substr(0, at);
  const auto yo = before.rfind("-year-old ");
  if (yo != std::string_view::npos && yo + 10 == before.size() - 0) {
    std::size_t s = yo;
    while (s > 0 && lexicon::is_digit(before[s - 1])) --s;
    if (s < yo) return text + ", " + std::string(before.substr(s, yo - s));
  }
  return text;
}

}  // namespace

std::vector<StandingFact> read_standing_facts(std::string_view answer, std::string_view language) {
  std::vector<StandingFact> out;
  if (language != "en") return out;
  Reader reader(answer, out);
  // The people the answer introduces and its medicines, from the same
  // reading the follow-ups use.
  const AnswerReading reading = read_answer(answer);
  if (reading.tone != AnswerTone::substantive) return out;
  for (const auto& d : reading.details) {
    if (d.kind == TermKind::medication) reader.medicines_.push_back(d.text);
    if (d.kind != TermKind::person) continue;
    const std::string text = person_text(d.text, answer);
    std::string key = util::ascii_lower(d.text.starts_with("your ") ? d.text.substr(5) : d.text);
    std::replace(key.begin(), key.end(), ' ', ':');
    reader.add("person", "person:" + key, text);
  }
  for (const auto& sentence : sentence_words::split_sentences(answer, 40)) {
    std::size_t begin = 0;
    for (std::size_t i = 0; i < sentence.size(); ++i) {
      // Clauses end at punctuation, and before "and"/"but" when a new subject follows.
      const bool last = i + 1 == sentence.size();
      const bool conj = i + 2 < sentence.size() && one_of(sentence[i + 1].lower, {"and", "but", "while"}) &&
                        one_of(sentence[i + 2].lower, {"i", "we", "my", "our", "she", "he", "i'm", "we're"});
      // "our daughter Mia (7) is allergic": a bracketed age does not end the clause.
      const auto age_at = [&](std::size_t j) {
        return j < sentence.size() && sentence[j].clause_end && sentence[j].lower.size() <= 3 &&
               std::all_of(sentence[j].lower.begin(), sentence[j].lower.end(),
                           [](char c) { return lexicon::is_digit(c); });
      };
      const bool aside = !last && (age_at(i + 1) || (age_at(i) && i > 0 &&
                                             (sentence[i - 1].clause_end || capitalised(sentence[i - 1].text) ||
                                              people::is_person("en", sentence[i - 1].lower))));
      if ((sentence[i].clause_end && !aside) || last || conj) {
        reader.read_clause(sentence, begin, i + 1);
        begin = conj ? i + 2 : i + 1;
        if (conj) ++i;
      }
    }
  }
  // Tools and devices the person says they use or own: "We use Xero", "I have an iPhone 12".
  const std::string lower = util::ascii_lower(std::string(answer));
  for (const auto& d : reading.details) {
    if (d.kind != TermKind::tool) continue;
    const std::string tool = util::ascii_lower(d.text);
    const auto at = lower.find(tool);
    if (at == std::string::npos) continue;
    const std::string_view before = std::string_view(lower).substr(at > 40 ? at - 40 : 0, at > 40 ? 40 : at);
    bool owns = false;
    for (const auto verb : {"i use ", "we use ", "i'm using ", "we're using ", "i have a ", "i have an ",
                            "we have a ", "we have an ", "i own a ", "i own an ", "we run ", "we're on ", "i'm on ",
                            "my ", "our "}) {
      const auto v = before.rfind(verb);
      if (v != std::string_view::npos && before.substr(v + std::string_view(verb).size()).find_first_of(".;:!?") ==
                                             std::string_view::npos) {
        owns = true;
        break;
      }
    }
    if (owns) reader.add("tool", "tool:" + tool, d.text);
  }
  return out;
}

}  // namespace sq::questioning
