// The subject phrase of a request: see subject_phrase.hpp.
#include "questioning/subject_phrase.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <vector>

#include "questioning/facet_catalogue.hpp"
#include "questioning/lexicon.hpp"
#include "questioning/people_words.hpp"
#include "questioning/sentence_words.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using sentence_words::Sentence;
using sentence_words::split_sentences;
using sentence_words::TopicWord;
using lexicon::is_digit;
using lexicon::is_lower;
using lexicon::is_upper;
using lexicon::one_of;

// Openings that say nothing about the topic ("Can you help me ...").
constexpr std::string_view kLeadIns[] = {
    "it's about", "it is about", "this is about", "it concerns",
    "hi", "hello", "hey", "please", "so", "okay", "ok", "well", "basically", "actually",
    "can you", "could you", "would you", "will you", "can u",
    "help me", "help us", "help", "i need help", "we need help", "need help", "i need some help",
    "with", "to", "some", "advice on", "advice about", "tips for", "tips on", "ideas for",
    "i want to", "i'd like to", "i would like to", "we want to", "we'd like to", "we would like to", "i wanna",
    "i'd love to", "we'd love to", "i need to", "we need to", "need to", "i have to", "we have to", "i must",
    "we must", "i should", "we should", "i'm trying to", "i am trying to", "we're trying to", "we are trying to",
    "trying to", "i'm looking to", "i am looking to", "we're looking to", "we are looking to", "looking to",
    "i'm looking for", "i am looking for", "we're looking for", "we are looking for", "looking for",
    "i'm thinking of", "i'm thinking about", "i am thinking of", "i am thinking about", "we're thinking of",
    "we're thinking about", "thinking about", "thinking of", "considering", "i plan to", "we plan to",
    "i'm planning to", "we're planning to", "planning to", "i", "we", "i'm", "i am", "we're", "we are", "let's",
    "lets", "let us", "me", "us", "i'll", "we'll", "i need", "we need", "need", "i want", "we want", "want",
    "i'd like", "we'd like", "i would like", "we would like", "how do i actually", "how can i actually",
    "how do i", "how can i", "how should i", "how to",
    "how do we", "how can we", "how should we", "what's the best way to", "what is the best way to",
    "the best way to", "best way to", "requirements for", "the requirements for", "requirements of",
    "gather requirements for", "gathering requirements for", "specification for", "a specification for",
    "spec for", "specs for", "a spec for", "should i", "should we", "is it worth", "is it a good idea to",
    "i've had", "i have had", "i've somehow ended up", "i've ended up", "i have ended up", "i somehow ended up",
    "i ended up", "we've ended up", "we ended up", "i've been asked to", "i have been asked to", "i was asked to",
    "i've been put in charge of", "i'm in charge of", "i've volunteered to", "i have volunteered to",
    "i volunteered to", "i've agreed to", "i have agreed to", "i agreed to", "i've offered to", "i offered to",
    "i've been tasked with", "i have been tasked with", "get properly good at", "get really good at",
    "get good at", "get better at", "become good at", "become better at", "i don't understand", "i do not understand", "i can't understand",
    "tell me about", "i'm struggling with", "i am struggling with", "we're struggling with",
    "should i worry about", "should we worry about", "do i need to worry about", "should i be worried about"};

// Openings of a question about a thing ("Which e-bike should I buy", "Why does
// bread dough need to rest"): the noun phrase after them is the subject, named
// with "the".
constexpr std::string_view kQuestionLeadIns[] = {
    "which", "what's the best", "what is the best", "which is the best", "what are the best", "why does",
    "why do", "why is", "why are", "why has", "why have", "what does", "what do", "explain how", "explain why",
    "explain what", "explain", "how does", "how do", "i've been offered", "i have been offered",
    "we've been offered", "i got offered", "what happens to", "what will happen to", "do i need", "do we need",
    "it's a", "it's an", "it is a", "it is an"};

// "going to" is a lead-in only before a verb ("I'm going to buy ..."), not a place.
constexpr std::string_view kGoingTo[] = {"i'm going to", "we're going to", "i am going to", "we are going to",
                                         "going to"};

// How a leading verb turns its object into a topic phrase.
enum class Shape {
  own,       // plan a trip -> your trip
  object,    // buy a laptop -> the laptop
  role,      // hire a designer -> the designer role
  gerund,    // learn Spanish -> learning Spanish
  research,  // research X -> your research into X
  trip,      // go to Japan -> your trip to Japan
  visit,     // visit Rome -> your visit to Rome
};

struct VerbForm {
  std::string_view word;
  std::string_view particle;  // a second word that belongs to the verb ("set up")
  Shape shape;
  std::string_view gerund;    // output for Shape::gerund
};

// Forms with a particle come before the bare form so they win.
constexpr VerbForm kVerbs[] = {
    {"put", "together", Shape::own, ""}, {"putting", "together", Shape::own, ""},
    {"go", "on", Shape::own, ""}, {"going", "on", Shape::own, ""},
    {"set", "up", Shape::object, ""}, {"setting", "up", Shape::object, ""},
    {"figure", "out", Shape::object, ""}, {"sort", "out", Shape::object, ""},
    {"spec", "out", Shape::object, ""}, {"get", "started", Shape::gerund, "getting started"},
    {"teach", "me", Shape::gerund, "learning"}, {"teach", "us", Shape::gerund, "learning"},
    {"getting", "started", Shape::gerund, "getting started"},
    {"pay", "off", Shape::gerund, "paying off"}, {"paying", "off", Shape::gerund, "paying off"},
    {"apply", "for", Shape::gerund, "applying for"}, {"applying", "for", Shape::gerund, "applying for"},
    {"prepare", "for", Shape::gerund, "preparing for"}, {"preparing", "for", Shape::gerund, "preparing for"},
    {"deal", "with", Shape::gerund, "dealing with"}, {"dealing", "with", Shape::gerund, "dealing with"},
    {"budget", "for", Shape::gerund, "budgeting for"}, {"recover", "from", Shape::gerund, "recovering from"},
    {"plan", "", Shape::own, ""}, {"planning", "", Shape::own, ""}, {"organise", "", Shape::own, ""},
    {"organize", "", Shape::own, ""}, {"organising", "", Shape::own, ""}, {"organizing", "", Shape::own, ""},
    {"arrange", "", Shape::own, ""}, {"arranging", "", Shape::own, ""}, {"host", "", Shape::own, ""},
    {"hosting", "", Shape::own, ""}, {"throw", "", Shape::own, ""}, {"throwing", "", Shape::own, ""},
    {"run", "", Shape::own, ""}, {"running", "", Shape::own, ""}, {"book", "", Shape::own, ""},
    {"booking", "", Shape::own, ""}, {"schedule", "", Shape::own, ""}, {"scheduling", "", Shape::own, ""},
    {"coordinate", "", Shape::own, ""}, {"coordinating", "", Shape::own, ""}, {"take", "", Shape::own, ""},
    {"taking", "", Shape::own, ""},
    {"buy", "", Shape::object, ""}, {"buying", "", Shape::object, ""}, {"purchase", "", Shape::object, ""},
    {"purchasing", "", Shape::object, ""}, {"choose", "", Shape::object, ""}, {"choosing", "", Shape::object, ""},
    {"pick", "", Shape::object, ""}, {"picking", "", Shape::object, ""}, {"select", "", Shape::object, ""},
    {"selecting", "", Shape::object, ""}, {"find", "", Shape::object, ""}, {"finding", "", Shape::object, ""},
    {"get", "", Shape::object, ""}, {"getting", "", Shape::object, ""}, {"compare", "", Shape::object, ""},
    {"comparing", "", Shape::object, ""}, {"build", "", Shape::object, ""}, {"building", "", Shape::object, ""},
    {"create", "", Shape::object, ""}, {"creating", "", Shape::object, ""}, {"design", "", Shape::object, ""},
    {"designing", "", Shape::object, ""}, {"develop", "", Shape::object, ""}, {"developing", "", Shape::object, ""},
    {"write", "", Shape::object, ""}, {"writing", "", Shape::object, ""}, {"make", "", Shape::object, ""},
    {"making", "", Shape::object, ""}, {"implement", "", Shape::object, ""},
    {"implementing", "", Shape::object, ""}, {"launch", "", Shape::object, ""}, {"launching", "", Shape::object, ""},
    {"adopt", "", Shape::object, ""}, {"adopting", "", Shape::object, ""},
    {"replace", "", Shape::object, ""}, {"replacing", "", Shape::object, ""}, {"rent", "", Shape::object, ""},
    {"renting", "", Shape::object, ""}, {"lease", "", Shape::object, ""}, {"upgrade", "", Shape::object, ""},
    {"upgrading", "", Shape::object, ""}, {"evaluate", "", Shape::object, ""},
    {"evaluating", "", Shape::object, ""}, {"review", "", Shape::object, ""}, {"reviewing", "", Shape::object, ""},
    {"give", "", Shape::object, ""}, {"giving", "", Shape::object, ""}, {"deliver", "", Shape::object, ""},
    {"delivering", "", Shape::object, ""}, {"prepare", "", Shape::object, ""},
    {"define", "", Shape::object, ""}, {"draft", "", Shape::object, ""}, {"fix", "", Shape::object, ""},
    {"specify", "", Shape::object, ""}, {"specifying", "", Shape::object, ""},
    {"redo", "", Shape::object, ""}, {"repair", "", Shape::object, ""}, {"paint", "", Shape::object, ""},
    {"refit", "", Shape::object, ""}, {"install", "", Shape::object, ""}, {"tile", "", Shape::object, ""},
    {"redesign", "", Shape::object, ""}, {"scope", "", Shape::object, ""}, {"accept", "", Shape::object, ""},
    {"accepting", "", Shape::object, ""}, {"do", "", Shape::object, ""}, {"doing", "", Shape::object, ""},
    {"change", "", Shape::gerund, "changing"}, {"changing", "", Shape::gerund, "changing"},
    {"hire", "", Shape::role, ""}, {"hiring", "", Shape::role, ""}, {"recruit", "", Shape::role, ""},
    {"recruiting", "", Shape::role, ""},
    {"learn", "", Shape::gerund, "learning"}, {"learning", "", Shape::gerund, "learning"},
    {"study", "", Shape::gerund, "studying"}, {"studying", "", Shape::gerund, "studying"},
    {"save", "", Shape::gerund, "saving"}, {"saving", "", Shape::gerund, "saving"},
    {"invest", "", Shape::gerund, "investing"}, {"investing", "", Shape::gerund, "investing"},
    {"start", "", Shape::gerund, "starting"}, {"starting", "", Shape::gerund, "starting"},
    {"move", "", Shape::gerund, "moving"}, {"moving", "", Shape::gerund, "moving"},
    {"relocate", "", Shape::gerund, "relocating"}, {"relocating", "", Shape::gerund, "relocating"},
    {"switch", "", Shape::gerund, "switching"}, {"switching", "", Shape::gerund, "switching"},
    {"retire", "", Shape::gerund, "retiring"}, {"retiring", "", Shape::gerund, "retiring"},
    {"lose", "", Shape::gerund, "losing"}, {"losing", "", Shape::gerund, "losing"},
    {"prepare", "", Shape::gerund, "preparing"}, {"practise", "", Shape::gerund, "practising"},
    {"practice", "", Shape::gerund, "practising"}, {"practising", "", Shape::gerund, "practising"},
    {"train", "", Shape::gerund, "training"}, {"training", "", Shape::gerund, "training"},
    {"improve", "", Shape::gerund, "improving"}, {"improving", "", Shape::gerund, "improving"},
    {"renovate", "", Shape::gerund, "renovating"}, {"renovating", "", Shape::gerund, "renovating"},
    {"refinance", "", Shape::gerund, "refinancing"}, {"refinancing", "", Shape::gerund, "refinancing"},
    {"reduce", "", Shape::gerund, "reducing"}, {"reducing", "", Shape::gerund, "reducing"},
    {"cut", "down", Shape::gerund, "cutting down"}, {"cut", "", Shape::gerund, "cutting"},
    {"limit", "", Shape::gerund, "limiting"}, {"stop", "", Shape::gerund, "stopping"},
    {"control", "", Shape::gerund, "controlling"}, {"handle", "", Shape::gerund, "handling"},
    {"manage", "", Shape::gerund, "managing"}, {"managing", "", Shape::gerund, "managing"},
    {"treat", "", Shape::gerund, "treating"}, {"quit", "", Shape::gerund, "quitting"},
    {"pass", "", Shape::gerund, "passing"}, {"passing", "", Shape::gerund, "passing"},
    {"research", "", Shape::research, ""}, {"researching", "", Shape::research, ""},
    {"investigate", "", Shape::research, ""}, {"investigating", "", Shape::research, ""},
    {"explore", "", Shape::research, ""}, {"exploring", "", Shape::research, ""},
    {"analyse", "", Shape::research, ""}, {"analyze", "", Shape::research, ""},
    {"analysing", "", Shape::research, ""}, {"analyzing", "", Shape::research, ""},
    {"go", "", Shape::trip, ""}, {"going", "", Shape::trip, ""}, {"travel", "", Shape::trip, ""},
    {"travelling", "", Shape::trip, ""}, {"traveling", "", Shape::trip, ""}, {"head", "", Shape::trip, ""},
    {"heading", "", Shape::trip, ""}, {"fly", "", Shape::trip, ""}, {"flying", "", Shape::trip, ""},
    {"visit", "", Shape::visit, ""}, {"visiting", "", Shape::visit, ""}};

// Words that end the topic's noun phrase: a new clause starts.
constexpr std::string_view kClauseBreakers[] = {
    "so", "because", "since", "as", "but", "while", "where", "when", "which", "that", "who", "whom", "whose", "if",
    "although", "though", "unless", "until", "before", "after", "once", "whether", "how", "why", "what", "i", "we",
    "they", "he", "she", "it", "you", "etc", "please", "asap", "soon", "now", "later", "today", "tonight",
    "tomorrow", "next", "without", "built"};
// Verbs after "to" that start a purpose clause ("... to get a job").
constexpr std::string_view kCommonVerbs[] = {"be", "get", "have", "make", "help", "use", "see", "keep", "do", "redo",
                                             "read", "understand", "know", "talk", "work", "go", "look", "speak",
                                             "sleep", "eat", "walk", "drive", "play", "sell", "cover", "handle",
                                             "support", "track", "interpret", "explain", "teach", "repair",
                                             "avoid", "stay", "become", "feel", "earn", "spend", "pay"};
// Words that show the phrase holds a clause, not a noun phrase.
constexpr std::string_view kVerbish[] = {"is", "are", "was", "were", "be", "been", "being", "am", "have", "has",
                                         "had", "do", "does", "did", "can", "will", "would", "should", "could",
                                         "need", "needs", "want", "wants", "get", "gets", "got", "going", "know",
                                         "think", "feel", "don't", "can't", "won't", "i'm", "i've", "i'd",
                                         "hasn't", "haven't", "didn't", "wasn't", "isn't", "aren't", "doesn't"};
constexpr std::string_view kTimeWords[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "spring", "summer", "autumn", "fall", "winter", "week", "weeks", "weekend", "weekends", "month",
    "months", "year", "years", "day", "days", "night", "nights", "morning", "evening", "christmas", "easter",
    "holidays", "quarter", "q1", "q2", "q3", "q4", "early", "late", "end", "beginning", "mid"};
constexpr std::string_view kTimePrepositions[] = {"in", "on", "at", "during", "by", "for", "from", "around",
                                                  "over", "within", "starting", "between", "this", "early", "late",
                                                  "mid", "the", "every", "each", "almost", "nearly", "most"};
constexpr std::string_view kTrailingFunctionWords[] = {"to", "for", "of", "in", "on", "at", "with", "a", "an",
                                                       "the", "your", "and", "or", "about", "from", "into", "&"};
constexpr std::string_view kFillerAdjectives[] = {"good", "best", "right", "perfect", "suitable", "decent", "nice",
                                                  "great", "ideal", "affordable", "cheap", "reliable", "proper", "simple"};
constexpr std::string_view kNumberWords[] = {"one", "two", "three", "four", "five", "six", "seven", "eight",
                                             "nine", "ten", "several", "few", "couple", "multiple", "some"};

// Words that follow a statement's subject: its verb, or what stands before it.
constexpr std::string_view kStatementVerbs[] = {
    "is", "are", "was", "were", "has", "have", "had", "keeps", "keep", "won't", "doesn't", "don't", "isn't",
    "aren't", "can't", "cannot", "will", "would", "does", "do", "did", "seems", "seem", "started", "stopped",
    "suddenly", "just", "always", "never", "still", "no", "not", "gets", "got", "needs", "need", "wants", "said",
    "says", "refuses", "refused", "and", "but", "who", "which", "that", "because", "since", "when", "after",
    "hasn't", "haven't", "didn't", "wasn't", "weren't", "shouldn't", "couldn't", "take", "takes", "took", "make",
    "makes", "cost", "costs", "last", "lasts", "look", "looks", "feel", "feels", "went", "goes", "came", "comes",
    "returns", "fails", "failed", "crashes", "crashed", "throws", "shows", "showed", "dropped", "drops", "lags",
    "broke", "leaks", "leaked", "smells", "sounds", "hurts", "hurt", "mean", "means", "work", "works", "should",
    "could", "can", "must", "might", "may", "rise", "rises", "grow", "grows", "happen", "happens", "or"};
constexpr std::string_view kAfterVerb[] = {"by", "at", "every", "for", "in", "on", "when", "after", "since",
                                           "around", "all", "up", "down", "out", "too", "again", "more",
                                           "less", "from", "to", "with", "badly", "constantly"};
// People hired to do something: "a contractor to redo my bathroom".
constexpr std::string_view kServiceRoles[] = {"contractor", "builder", "plumber", "electrician", "roofer",
                                              "decorator", "painter", "tiler", "carpenter", "handyman",
                                              "lawyer", "solicitor", "accountant", "tutor", "designer",
                                              "developer", "freelancer", "agency", "architect", "gardener"};

// The other side of a request ("A client hasn't paid", "The builder left
// cracks"): who it is against, not what it is about.
constexpr std::string_view kParties[] = {"client", "customer", "tenant", "employer", "airline", "shop", "store",
                                         "company", "bank", "insurer", "seller", "buyer", "agent", "council"};

// "My dad needs ...": a person is who the request is about, not its subject.
bool is_person_word(std::string_view w) {
  return people::is_person("en", w) || one_of(w, {"i", "we", "you", "he", "she", "they", "it"});
}

bool is_year_word(std::string_view w) {
  return w.size() == 4 && std::all_of(w.begin(), w.end(), is_digit) && (w.starts_with("19") || w.starts_with("20"));
}

bool is_time_word(std::string_view w) {
  if (one_of(w, kTimeWords) || is_year_word(w)) return true;
  const auto dash = w.find('-');  // "mid-april"
  return dash != std::string_view::npos && one_of(w.substr(dash + 1), kTimeWords);
}

// "two-week", "10-day", "week-long": length modifiers left out of a topic.
bool is_length_modifier(std::string_view w) {
  const auto dash = w.find('-');
  if (dash == std::string_view::npos) return false;
  const auto head = w.substr(0, dash);
  const auto tail = w.substr(dash + 1);
  if (tail == "long" && is_time_word(head)) return true;
  static constexpr std::string_view units[] = {"day", "days", "week", "weeks", "night", "nights", "month",
                                               "months", "year", "years", "hour", "hours"};
  return one_of(tail, units);
}

// Does a time phrase ("in April", "for two weeks", "this summer") start at i?
bool starts_time_phrase(const Sentence& s, std::size_t i) {
  if (!one_of(std::string_view(s[i].lower), kTimePrepositions)) return false;
  for (std::size_t k = i + 1; k < s.size() && k <= i + 3; ++k) {
    if (is_time_word(s[k].lower)) return true;
    if (s[k - 1].clause_end) break;
  }
  // "for a couple of years", "for the next few months"
  if (i + 4 < s.size() && is_time_word(s[i + 4].lower) &&
      std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i + 1), s.begin() + static_cast<std::ptrdiff_t>(i + 4),
                  [](const TopicWord& w) { return one_of(std::string_view(w.lower), {"a", "the", "couple", "of", "few", "next"}); })) {
    return true;
  }
  return false;
}

const VerbForm* verb_at(const Sentence& s, std::size_t i) {
  if (i >= s.size()) return nullptr;
  for (const auto& v : kVerbs) {
    if (s[i].lower != v.word) continue;
    if (v.particle.empty()) return &v;
    if (i + 1 < s.size() && s[i + 1].lower == v.particle) return &v;
  }
  return nullptr;
}

// Is s[i] a verb, one of the table's or a common one ("to do", "to get")?
bool verb_word_at(const Sentence& s, std::size_t i) {
  return i < s.size() && (verb_at(s, i) != nullptr || one_of(std::string_view(s[i].lower), kCommonVerbs));
}

bool matches_words(const Sentence& s, std::size_t at, const std::vector<std::string>& phrase) {
  if (at + phrase.size() > s.size()) return false;
  for (std::size_t k = 0; k < phrase.size(); ++k) {
    if (s[at + k].lower != phrase[k]) return false;
  }
  return true;
}

// Removes openings such as "Hi, could you help me" from the front.
void strip_lead_ins(Sentence& s) {
  static const auto phrases = [] {
    std::vector<std::vector<std::string>> out;
    for (const auto p : kLeadIns) out.push_back(util::words(p));
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return out;
  }();
  static const auto going_to = [] {
    std::vector<std::vector<std::string>> out;
    for (const auto p : kGoingTo) out.push_back(util::words(p));
    return out;
  }();
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    for (const auto& g : going_to) {
      if (matches_words(s, 0, g) && verb_at(s, g.size()) != nullptr) {
        s.erase(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(g.size()));
        changed = true;
        break;
      }
    }
    if (changed) continue;
    for (const auto& p : phrases) {
      if (p.size() >= s.size() || !matches_words(s, 0, p)) continue;
      // "going to Japan" keeps its "going": the trip shape needs it.
      if (p.back() == "to" && p.size() >= 2 && p[p.size() - 2] == "going") continue;
      s.erase(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(p.size()));
      changed = true;
      break;
    }
  }
}

// "for 40 people": a count is a detail of the topic, not part of its name.
bool starts_count_phrase(const Sentence& s, std::size_t i) {
  static constexpr std::string_view prepositions[] = {"for", "with", "of"};
  if (!one_of(std::string_view(s[i].lower), prepositions) || i + 1 >= s.size()) return false;
  const auto& next = s[i + 1].lower;
  if (one_of(std::string_view(next), kNumberWords) && next != "some") return true;  // "with two kids"
  return is_digit(next.front()) && next.find('-') == std::string::npos;
}

bool ends_phrase(const Sentence& s, std::size_t i) {
  const auto& w = s[i].lower;
  if (one_of(std::string_view(w), kClauseBreakers) || starts_time_phrase(s, i) || starts_count_phrase(s, i)) {
    return true;
  }
  if (w == "to" && verb_word_at(s, i + 1)) return true;
  if ((w == "and" || w == "or" || w == "&") && (i + 1 >= s.size() || !is_upper(s[i + 1].text.front()))) return true;
  return false;
}

void use_second_person(TopicWord& w) {
  static constexpr std::pair<std::string_view, std::string_view> swaps[] = {
      {"my", "your"}, {"our", "your"}, {"me", "you"}, {"us", "you"}, {"mine", "yours"}, {"ours", "yours"},
      {"myself", "yourself"}, {"ourselves", "yourselves"}};
  for (const auto& [from, to] : swaps) {
    if (w.lower == from) w.text = w.lower = std::string(to);
  }
}

// A phrase longer than `most` words keeps what comes before its last
// preposition that still fits; false when no preposition allows a cut.
bool fit_at_preposition(std::vector<TopicWord>& out, std::size_t most) {
  static constexpr std::string_view prepositions[] = {"for", "about", "with", "on", "in", "of", "from", "at"};
  while (out.size() > most) {
    std::size_t cut = 0;
    for (std::size_t i = 2; i < out.size() && i <= most; ++i) {
      if (one_of(std::string_view(out[i].lower), prepositions)) cut = i;
    }
    if (cut == 0) return false;
    out.resize(cut);
  }
  return true;
}

// The noun phrase that starts at `from`, cut at the first clause or time
// phrase, in the second person. Empty when it does not read as a noun phrase.
std::vector<TopicWord> noun_phrase(const Sentence& s, std::size_t from) {
  std::vector<TopicWord> out;
  for (std::size_t i = from; i < s.size(); ++i) {
    if (ends_phrase(s, i)) break;
    // "a nursing job I'm applying to": a clause about the thing ends it.
    // ("... and I'm thinking" is another clause, not a phrase to name.)
    if (out.size() >= 2 && !one_of(std::string_view(s[i - 1].lower), {"and", "but", "or", "so"}) &&
        one_of(std::string_view(s[i].lower), {"i", "i'm", "i've", "i'd", "we", "we're", "we've", "you", "they", "he",
                                               "she"})) {
      break;
    }
    if (!is_length_modifier(s[i].lower)) out.push_back(s[i]);
    if (s[i].clause_end) break;
  }
  for (auto& w : out) use_second_person(w);
  for (const auto& w : out) {
    if (one_of(std::string_view(w.lower), kVerbish)) return {};
  }
  if (out.size() > 1 && out.front().lower == "enough") out.erase(out.begin());  // "enough statistics"
  // "a short story about a lighthouse keeper for a competition".
  if (!fit_at_preposition(out, 8)) return {};
  while (!out.empty() && one_of(std::string_view(out.back().lower), kTrailingFunctionWords)) out.pop_back();
  return out;
}

TopicWord plain_word(std::string_view text) {
  TopicWord w;
  w.text = std::string(text);
  w.lower = util::ascii_lower(text);
  return w;
}

bool starts_with_determiner(const std::vector<TopicWord>& p, std::initializer_list<std::string_view> list) {
  return !p.empty() && std::find(list.begin(), list.end(), p.front().lower) != list.end();
}

// Puts `determiner` in front, replacing any article or possessive already there.
void set_determiner(std::vector<TopicWord>& p, std::string_view determiner) {
  if (starts_with_determiner(p, {"your"})) return;
  if (starts_with_determiner(p, {"a", "an", "the", "this", "that", "some"})) p.erase(p.begin());
  p.insert(p.begin(), plain_word(determiner));
}

std::vector<TopicWord> shape_own(std::vector<TopicWord> p) {
  if (starts_with_determiner(p, {"a", "an", "the", "this", "some"})) p.erase(p.begin());
  // "Plan our wedding budget": the wedding is planned, the budget is one of
  // its questions ("When would you like to hold your wedding budget?").
  if (p.size() >= 3 && one_of(std::string_view(p.back().lower), {"budget", "budgets", "itinerary", "guest"})) p.pop_back();
  if (starts_with_determiner(p, {"enough", "more", "better"}) && p.size() > 1) p.erase(p.begin());
  if (!starts_with_determiner(p, {"your"})) p.insert(p.begin(), plain_word("your"));
  return p;
}

std::vector<TopicWord> shape_object(std::vector<TopicWord> p) {
  set_determiner(p, "the");
  const bool best_man = p.size() > 2 && p[1].lower == "best" && p[2].lower == "man";
  if (p.size() > 2 && !best_man && one_of(std::string_view(p[1].lower), kFillerAdjectives)) p.erase(p.begin() + 1);
  return p;
}

std::vector<TopicWord> shape_role(std::vector<TopicWord> p) {
  if (starts_with_determiner(p, {"for"})) p.erase(p.begin());  // "hire for a data analyst role"
  if (starts_with_determiner(p, {"a", "an", "the", "your", "some", "new"})) p.erase(p.begin());
  if (p.empty() || (p.size() == 1 && p.front().lower == "role")) return {};  // "hire for a role" names none
  const auto& first = p.front().lower;
  if (is_digit(first.front()) || one_of(std::string_view(first), kNumberWords)) return {};
  const auto& last = p.back().lower;
  if (last.size() > 3 && last.back() == 's' && !last.ends_with("ss")) return {};  // several roles
  static constexpr std::string_view role_words[] = {"role", "position", "job", "opening", "vacancy", "hire"};
  if (!one_of(std::string_view(last), role_words)) p.push_back(plain_word("role"));
  p.insert(p.begin(), plain_word("the"));
  return p;
}

std::vector<TopicWord> with_lead(std::string_view lead, std::vector<TopicWord> p) {
  if (p.empty()) return {};
  std::vector<TopicWord> out;
  for (const auto& w : util::words(lead)) out.push_back(plain_word(w));
  out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::vector<TopicWord> shape_after_verb(const Sentence& s, const VerbForm& v) {
  const std::size_t from = v.particle.empty() ? 1 : 2;
  switch (v.shape) {
    case Shape::own: {
      auto p = noun_phrase(s, from);
      return p.empty() ? p : shape_own(std::move(p));
    }
    case Shape::object: {
      auto p = noun_phrase(s, from);
      return p.empty() ? p : shape_object(std::move(p));
    }
    case Shape::role:
      return shape_role(noun_phrase(s, from));
    case Shape::gerund: {
      // "learn how to read papers" -> "learning to read papers"
      if (from + 2 < s.size() && s[from].lower == "how" && s[from + 1].lower == "to") {
        return with_lead(std::string(v.gerund) + " to", noun_phrase(s, from + 2));
      }
      // "learn to read music" -> "learning to read music"
      if (v.word == "learn" && from + 1 < s.size() && s[from].lower == "to") {
        // "learn to do a muscle-up", "learn to make sourdough": the verb leads the skill.
        if (from + 2 < s.size() && verb_word_at(s, from + 1)) {
          auto skill = noun_phrase(s, from + 2);
          if (!skill.empty()) return with_lead(std::string(v.gerund) + " to " + std::string(s[from + 1].text), std::move(skill));
        }
        return with_lead(std::string(v.gerund) + " to", noun_phrase(s, from + 1));
      }
      auto p = noun_phrase(s, from);
      // "cut my son's screen time", "reduce our AWS bill": what is cut is
      // the person's own, and names the subject better than the act does.
      static constexpr std::string_view lessen[] = {"cut", "reduce", "reducing", "limit", "control", "lower"};
      if (v.particle.empty() && one_of(v.word, lessen) && starts_with_determiner(p, {"your"})) return p;
      return with_lead(v.gerund, std::move(p));
    }
    case Shape::research: {
      auto p = noun_phrase(s, from);
      if (starts_with_determiner(p, {"on", "into", "about"})) return with_lead("your research", std::move(p));
      return with_lead("your research into", std::move(p));
    }
    case Shape::trip:
      if (from >= s.size() || s[from].lower != "to") return {};
      return with_lead("your trip to", noun_phrase(s, from + 1));
    case Shape::visit:
      return with_lead("your visit to", noun_phrase(s, from));
  }
  return {};
}

// A bare noun phrase ("Travel insurance for my trip") counts only when it
// names something the catalogue knows about.
bool names_known_subject(const std::vector<TopicWord>& p) {
  std::vector<std::string> words;
  for (const auto& w : p) words.push_back(w.lower);
  for (std::size_t d = 0; d < domain_catalogue().size(); ++d) {
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (domain_strong(d).match_at(words, i) != 0 || domain_weak(d).match_at(words, i) != 0) return true;
    }
  }
  return false;
}

std::vector<TopicWord> shape_noun_phrase(const Sentence& s) {
  // "tidy my garage", "cut my son's screen time": a word right before a
  // possessive is a verb this table lacks, not part of a noun phrase.
  if (s.size() > 1 && (s[1].lower == "my" || s[1].lower == "our")) return {};
  // "His customers like him": someone else's, and a clause rather than a name.
  if (one_of(std::string_view(s[0].lower), {"his", "her", "their", "its"})) return {};
  // "adopt a second dog": a word before an article is a verb as well.
  if (s.size() > 1 && (s[1].lower == "a" || s[1].lower == "an" || s[1].lower == "the")) return {};
  // "go freelance", "learn how to ...": a verb whose object could not be
  // read is not a noun ("your go freelance"), unlike "travel" in "Travel
  // insurance for my trip".
  if (one_of(std::string_view(s[0].lower),
             {"go", "learn", "get", "take", "make", "do", "start", "stop", "keep", "hire", "recruit"})) {
    return {};
  }
  auto p = noun_phrase(s, 0);
  if (p.empty() || !names_known_subject(p)) return {};
  // "My daughter's teacher says she ...": a person and what they say, not a thing.
  // ("a plan for my family" is still a plan: a person after a preposition is who it is for.)
  for (const auto& w : p) {
    if (one_of(std::string_view(w.lower), {"for", "with", "of", "to", "about"})) break;
    if (is_person_word(w.lower) || one_of(std::string_view(w.lower), kParties)) return {};
  }
  if (p.size() > 1 && one_of(std::string_view(p.back().lower), kStatementVerbs)) return {};
  if (starts_with_determiner(p, {"a", "an", "the", "this"})) return shape_object(std::move(p));
  return shape_own(std::move(p));
}

// A capital at the start of a sentence says nothing; keep it only for names.
std::string join_topic(const std::vector<TopicWord>& p) {
  std::string out;
  for (const auto& w : p) {
    if (!out.empty()) out += ' ';
    const bool plain_capital = w.opens_sentence && w.text.size() > 1 && is_upper(w.text.front()) &&
                               std::none_of(w.text.begin() + 1, w.text.end(), is_upper);
    out += plain_capital && is_catalogue_word(w.lower) ? w.lower : w.text;
  }
  return out;
}


// "4-year-old", "8-month-old", "teenager": a child, who is who the request
// is about rather than its subject.
bool names_a_child(std::string_view w) {
  if (w.ends_with("-year-old") || w.ends_with("-month-old") || w.ends_with("-week-old")) return true;
  return people::is(people::Kind::child, "en", w);
}

// Does the verb of a statement start at s[i]? "lags by", "returns 502",
// "starts lagging": a word in -s followed by a preposition, a number or a
// word in -ing is one too.
bool statement_verb_at(const Sentence& s, std::size_t i, std::size_t words_before) {
  const std::string_view w = s[i].lower;
  if (one_of(w, kStatementVerbs)) return true;
  // "choir's spring concert": a possessive, never a verb.
  if (words_before < 2 || w.size() <= 3 || w.back() != 's' || w.ends_with("ss") || w.ends_with("'s") ||
      i + 1 >= s.size()) {
    return false;
  }
  const std::string_view next = s[i + 1].lower;
  return one_of(next, kAfterVerb) || is_digit(next.front()) || (next.size() > 5 && next.ends_with("ing"));
}

// The grammatical subject of a statement that starts at `at` with a
// possessive or an article, up to its verb: "Our Postgres replica lags by
// ..." -> "your Postgres replica", "A client hasn't paid ..." -> "the client".
// With `need_verb`, a phrase that runs on without reaching a verb is refused.
std::vector<TopicWord> statement_subject(const Sentence& s, std::size_t at, bool need_verb) {
  static constexpr std::string_view openers[] = {"my", "our", "the", "a", "an"};
  if (at + 2 >= s.size() || !one_of(std::string_view(s[at].lower), openers)) return {};
  std::vector<TopicWord> out{s[at]};
  bool verb = false;
  for (std::size_t i = at + 1; i < s.size() && out.size() <= 5; ++i) {
    if (statement_verb_at(s, i, out.size())) {
      verb = true;
      break;
    }
    out.push_back(s[i]);
    if (s[i].clause_end) break;
  }
  if (out.size() < 2 || out.size() > 5 || (need_verb && !verb)) return {};
  // "The airline lost my suitcase and ...": a party anywhere in it means the
  // phrase ran past its verb, or names who it is against.
  for (const auto& w : out) {
    if (one_of(std::string_view(w.lower), kServiceRoles) || one_of(std::string_view(w.lower), kParties)) return {};
  }
  const std::string_view last = out.back().lower;
  if (is_person_word(last) || names_a_child(last)) return {};
  for (auto& w : out) use_second_person(w);
  // "The sofa I bought started ..." -> "the sofa you bought".
  for (std::size_t i = 2; i < out.size(); ++i) {
    static constexpr std::pair<std::string_view, std::string_view> speakers[] = {
        {"i", "you"}, {"we", "you"}, {"i've", "you've"}, {"we've", "you've"}};
    for (const auto& [from, to] : speakers) {
      if (out[i].lower == from) out[i].text = out[i].lower = std::string(to);
    }
  }
  if (out.front().lower == "the" || out.front().lower == "a" || out.front().lower == "an") {
    if (!verb) return {};  // "A used car under 10000 EUR" is a noun phrase, read as one below
    out.front().text = out.front().lower = "the";
  }
  return out;
}

// "Sourdough starter won't rise": a subject with no article, when it names
// something the catalogue knows and a verb follows within three words.
std::vector<TopicWord> bare_statement_subject(const Sentence& s) {
  std::vector<TopicWord> out;
  for (std::size_t i = 0; i < s.size() && i < 4; ++i) {
    if (statement_verb_at(s, i, out.size())) break;
    if (one_of(std::string_view(s[i].lower), kVerbish) || is_person_word(s[i].lower)) return {};
    out.push_back(s[i]);
    if (s[i].clause_end) return {};
  }
  if (out.empty() || out.size() == s.size() || out.size() > 3 || !statement_verb_at(s, out.size(), out.size())) {
    return {};
  }
  // "sell the flat or rent it out": a word before an article is a verb.
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (one_of(std::string_view(out[i].lower), {"a", "an", "the"})) return {};
  }
  if (!names_known_subject(out)) return {};
  out.insert(out.begin(), plain_word("your"));
  return out;
}

// After "Which", "Why does", "What does", "Explain how": the noun phrase up
// to the verb, named with "the" ("Which e-bike should I buy" -> "the
// e-bike", "What does garden leave in my contract mean" -> "the garden leave
// in your contract").
std::vector<TopicWord> questioned_thing(Sentence s) {
  static const auto leads = [] {
    std::vector<std::vector<std::string>> out;
    for (const auto p : kQuestionLeadIns) out.push_back(util::words(p));
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return out;
  }();
  std::size_t from = 0;
  for (const auto& lead : leads) {
    if (matches_words(s, 0, lead)) {
      from = lead.size();
      break;
    }
  }
  // "Why is there a band in my control": the thing is what comes after "there".
  if (from > 0 && from < s.size() && s[from].lower == "there" &&
      one_of(std::string_view(s[from - 1].lower), {"is", "are", "was", "were"})) {
    ++from;
  }
  if (from == 0 || from >= s.size()) return {};
  std::vector<TopicWord> out;
  for (std::size_t i = from; i < s.size() && out.size() <= 12; ++i) {
    if (!out.empty() && statement_verb_at(s, i, out.size())) break;
    if (one_of(std::string_view(s[i].lower), kVerbish) || ends_phrase(s, i)) break;
    // "Why does a paper say ...": the verb after "does" ends the thing.
    if (out.size() >= 2 && (one_of(std::string_view(s[i].lower), kCommonVerbs) ||
                            one_of(std::string_view(s[i].lower), {"say", "mean", "show", "happen", "need", "take",
                                                                  "seem", "cause", "matter", "differ"}))) {
      break;
    }
    // "Which school for our son": who it is for is not part of the thing.
    if (!out.empty() && s[i].lower == "for" && i + 1 < s.size() &&
        one_of(std::string_view(s[i + 1].lower), {"my", "our", "me", "us"})) {
      break;
    }
    if (!is_length_modifier(s[i].lower)) out.push_back(s[i]);
    if (s[i].clause_end) break;
  }
  // "travel insurance for a trip to South America and ...".
  if (!fit_at_preposition(out, 7)) return {};
  // "what my son's school report actually means": an adverb before the verb is not part of the thing.
  while (!out.empty() && (one_of(std::string_view(out.back().lower), kTrailingFunctionWords) ||
                          one_of(std::string_view(out.back().lower), {"actually", "really", "exactly", "even", "ever",
                                                                      "still", "just", "now", "always", "never"}))) {
    out.pop_back();
  }
  if (out.empty() || is_person_word(out.front().lower)) return {};
  if (is_person_word(out.back().lower) || names_a_child(out.back().lower)) return {};
  for (auto& w : out) use_second_person(w);
  if (!starts_with_determiner(out, {"your"})) set_determiner(out, "the");
  return out;
}

// "two finalists for an engineering manager role": the role, named with "the".
std::vector<TopicWord> named_role(const Sentence& s) {
  for (std::size_t j = 2; j < s.size(); ++j) {
    if (!one_of(std::string_view(s[j].lower), {"role", "position", "vacancy", "post"})) continue;
    for (std::size_t k = j; k-- > 0 && j - k <= 4;) {
      if (!one_of(std::string_view(s[k].lower), {"a", "an", "the", "our", "my"})) {
        if (s[k].clause_end || one_of(std::string_view(s[k].lower), kVerbish)) break;
        continue;
      }
      if (k + 1 == j) break;  // "the role" alone names nothing
      std::vector<TopicWord> out{plain_word("the")};
      out.insert(out.end(), s.begin() + static_cast<std::ptrdiff_t>(k + 1), s.begin() + static_cast<std::ptrdiff_t>(j + 1));
      return out;
    }
    break;
  }
  return {};
}

// "My daughter needs a science fair project on ...": what the person needs
// is the subject, not the person.
std::vector<TopicWord> needed_thing(const Sentence& s) {
  for (std::size_t i = 1; i + 2 < s.size() && i < 4; ++i) {
    if (!one_of(std::string_view(s[i].lower), {"needs", "wants", "need", "want"})) continue;
    if (!is_person_word(s[i - 1].lower)) return {};
    // "My manager wants me to do a systematic review": what I am to do.
    std::size_t at = i + 1;
    if (at + 3 < s.size() && one_of(std::string_view(s[at].lower), {"me", "us"}) && s[at + 1].lower == "to" &&
        verb_word_at(s, at + 2)) {
      at += 3;
    }
    if (!one_of(std::string_view(s[at].lower), {"a", "an"})) return {};
    // "a systematic review and I've never done one": the person's own clause ends the thing.
    Sentence head = s;
    for (std::size_t k = at + 1; k + 1 < head.size(); ++k) {
      if (one_of(std::string_view(head[k].lower), {"and", "but"}) &&
          one_of(std::string_view(head[k + 1].lower), {"i", "i'm", "i've", "i'd", "we", "we're", "we've"})) {
        head.resize(k);
        break;
      }
    }
    auto p = noun_phrase(head, at);
    if (p.size() < 2) return {};
    return shape_object(std::move(p));
  }
  return {};
}

// "A recruitment agency is demanding a £9,600 placement fee", "My landlord
// is keeping my deposit": what the other side claims or holds back is what
// the dispute is about. The amount is a detail, not part of the name.
std::vector<TopicWord> claimed_thing(const Sentence& s) {
  static constexpr std::string_view claims[] = {"demanding", "demands", "demanded", "charging", "charged",
                                                "claiming", "withholding", "keeping", "kept"};
  for (std::size_t i = 2; i + 2 < s.size() && i < 8; ++i) {
    if (!one_of(std::string_view(s[i].lower), claims)) continue;
    if (!one_of(std::string_view(s[i + 1].lower), {"a", "an", "the", "my", "our"})) return {};
    auto p = noun_phrase(s, i + 1);
    std::erase_if(p, [](const TopicWord& w) {
      return is_digit(w.lower.front()) || w.text.starts_with("£") || w.text.starts_with("€") || w.text.starts_with("$");
    });
    if (p.size() < 2) return {};
    if (starts_with_determiner(p, {"your"})) return p;
    return shape_object(std::move(p));
  }
  return {};
}

// "she might have dyslexia", "I was diagnosed with coeliac disease": the
// condition, named as it is.
std::vector<TopicWord> suspected_condition(const Sentence& s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const std::string_view a = s[i].lower;
    const std::string_view b = s[i + 1].lower;
    const bool suspected = one_of(a, {"might", "may", "could"}) && b == "have";
    const bool diagnosed = a == "diagnosed" && b == "with";
    if (!suspected && !diagnosed) continue;
    std::vector<TopicWord> out;
    for (std::size_t k = i + 2; k < s.size() && out.size() < 2; ++k) {
      if (ends_phrase(s, k) || one_of(std::string_view(s[k].lower), kVerbish)) break;
      out.push_back(s[k]);
      if (s[k].clause_end) break;
    }
    if (out.empty() || one_of(std::string_view(out.front().lower), {"a", "an", "the", "to", "been", "some", "any"})) {
      return {};
    }
    return out;
  }
  return {};
}

// "I've been dizzy every afternoon": how the person feels, as a noun.
std::vector<TopicWord> felt_complaint(const Sentence& s) {
  static constexpr std::pair<std::string_view, std::string_view> complaints[] = {
      {"dizzy", "dizziness"}, {"nauseous", "nausea"}, {"breathless", "breathlessness"}, {"tired", "tiredness"},
      {"exhausted", "exhaustion"}, {"itchy", "itching"}, {"bloated", "bloating"}, {"lightheaded", "light-headedness"},
      {"light-headed", "light-headedness"}, {"sleepless", "sleeplessness"}};
  for (std::size_t i = 1; i < s.size() && i < 6; ++i) {
    const std::string_view before = s[i - 1].lower;
    if (!one_of(before, {"been", "feel", "feeling", "felt", "get", "getting", "am", "i'm", "always", "very", "so",
                         "really", "constantly", "often"})) {
      continue;
    }
    for (const auto& [adjective, noun] : complaints) {
      if (s[i].lower == adjective) return {plain_word("your"), plain_word(noun)};
    }
  }
  // "I keep getting migraines", "I've been having nosebleeds": a recurring complaint.
  static constexpr std::string_view recurring[] = {
      "migraines", "headaches", "nosebleeds", "cramps", "nightmares", "rashes", "hives", "palpitations",
      "panic attacks", "cold sores", "mouth ulcers", "ulcers", "infections", "chest pains", "back pains",
      "stomach aches", "dizzy spells", "fainting spells", "hot flushes", "night sweats", "styes", "boils"};
  for (std::size_t i = 1; i < s.size() && i < 6; ++i) {
    if (!one_of(std::string_view(s[i - 1].lower), {"getting", "having", "get", "have", "had"})) continue;
    if (i + 1 < s.size() && one_of(std::string_view(s[i].lower + " " + s[i + 1].lower), recurring)) {
      return {plain_word("your"), s[i], s[i + 1]};
    }
    if (one_of(std::string_view(s[i].lower), recurring)) return {plain_word("your"), s[i]};
  }
  return {};
}

// "I want to write down what a simple rota system needs to do": the thing
// whose behaviour is to be specified.
std::vector<TopicWord> thing_to_specify(const Sentence& s) {
  for (std::size_t i = 0; i + 4 < s.size(); ++i) {
    if (s[i].lower != "what" || !one_of(std::string_view(s[i + 1].lower), {"a", "an", "the", "our", "my"})) continue;
    std::size_t k = i + 2;
    while (k < s.size() && k < i + 6 && !one_of(std::string_view(s[k].lower), {"needs", "should", "must", "has", "would"})) {
      if (s[k].clause_end) return {};
      ++k;
    }
    if (k >= s.size() || k == i + 2 || k == i + 6) continue;
    // "what the app needs to do", "what our cyber insurance needs to cover".
    const bool does = k + 2 < s.size() &&
                      ((s[k + 1].lower == "to" && one_of(std::string_view(s[k + 2].lower),
                                                         {"do", "cover", "include", "handle", "support", "offer"})) ||
                       s[k + 1].lower == "do");
    if (!does) continue;
    std::vector<TopicWord> p(s.begin() + static_cast<std::ptrdiff_t>(i + 1), s.begin() + static_cast<std::ptrdiff_t>(k));
    for (auto& w : p) use_second_person(w);
    if (starts_with_determiner(p, {"your"})) return p;
    return shape_object(std::move(p));
  }
  return {};
}

// "go freelance or take the permanent contract my client offered me" ->
// "going freelance or the permanent contract": a choice named by both its
// options, a verb's object as a thing and any other verb as what doing it is.
std::vector<TopicWord> two_options(const Sentence& s) {
  std::size_t k = 0;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i].lower == "or") {
      k = i;
      break;
    }
    if (s[i].clause_end) return {};
  }
  if (k == 0) return {};
  static constexpr std::string_view takes[] = {"take", "accept", "join", "buy", "rent", "choose", "pick", "get"};
  static constexpr std::pair<std::string_view, std::string_view> doings[] = {
      {"go", "going"},     {"stay", "staying"}, {"keep", "keeping"},   {"quit", "quitting"},
      {"leave", "leaving"}, {"move", "moving"}, {"invest", "investing"}, {"sell", "selling"},
      {"start", "starting"}, {"work", "working"}, {"wait", "waiting"}, {"retire", "retiring"}};
  const auto option = [&](std::size_t from, std::size_t to) -> std::vector<TopicWord> {
    if (from >= to) return {};
    const std::string_view verb = s[from].lower;
    std::vector<TopicWord> rest;
    for (std::size_t i = from + 1; i < to && rest.size() < 4; ++i) {
      // "the permanent contract my client offered me": the object ends where its clause begins.
      if (!rest.empty() && one_of(std::string_view(s[i].lower), {"my", "our", "i", "we", "they", "that", "which"})) break;
      if (ends_phrase(s, i)) break;
      rest.push_back(s[i]);
      if (s[i].clause_end) break;
    }
    for (auto& w : rest) use_second_person(w);
    if (one_of(verb, takes)) {
      if (rest.empty() || !one_of(std::string_view(rest.front().lower), {"a", "an", "the", "your"})) return {};
      if (rest.front().lower != "your") rest.front().text = rest.front().lower = "the";
      return rest;
    }
    for (const auto& [base, ing] : doings) {
      if (verb != base) continue;
      if (rest.size() > 3) return {};
      std::vector<TopicWord> out{plain_word(ing)};
      out.insert(out.end(), rest.begin(), rest.end());
      return out;
    }
    return {};
  };
  std::size_t end = k + 1;
  while (end < s.size() && !s[end - 1].clause_end) ++end;
  auto a = option(0, k);
  auto b = option(k + 1, end);
  if (a.empty() || b.empty() || a.size() + b.size() > 9) return {};
  a.push_back(plain_word("or"));
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// "A client hasn't paid my invoice", "The builder who did our extension
// left cracks": the person's own thing that the other side acts on.
std::vector<TopicWord> acted_on(const Sentence& s) {
  if (s.size() <= 3 || !one_of(std::string_view(s[0].lower), {"a", "an", "the", "my", "our"})) return {};
  std::size_t party = 1;
  while (party <= 3 && party < s.size() && !one_of(std::string_view(s[party].lower), kServiceRoles) &&
         !one_of(std::string_view(s[party].lower), kParties)) {
    ++party;
  }
  if (party > 3 || party >= s.size()) return {};
  static constexpr std::string_view verbs[] = {"left", "made", "broke", "did", "built", "fitted", "installed",
                                               "damaged", "lost", "sold", "caused", "ruined", "cracked", "sent",
                                               "delivered", "supplied", "charged"};
  std::size_t at = party + 1;
  while (at + 1 < s.size() && s[at].lower != "my" && s[at].lower != "our") ++at;
  // "A furniture shop delivered the wrong sofa": what the other side did
  // something with, when no possessive names the person's own.
  if (at + 1 >= s.size() && party + 3 < s.size() && one_of(std::string_view(s[party + 1].lower), verbs) &&
      one_of(std::string_view(s[party + 2].lower), {"the", "a", "an"})) {
    auto thing = noun_phrase(s, party + 2);
    for (std::size_t k = 1; k < thing.size(); ++k) {
      if (one_of(std::string_view(thing[k].lower), {"and", "but", "which", "that", "who"})) {
        thing.resize(k);
        break;
      }
    }
    if (thing.size() >= 2 && thing.size() <= 4 && !is_person_word(thing.back().lower)) return shape_object(std::move(thing));
    return {};
  }
  if (at + 1 >= s.size()) return {};
  auto p = noun_phrase(s, at);
  // "our extension left cracks": the possessive and its noun, before the next verb.
  for (std::size_t k = 1; k < p.size(); ++k) {
    if (one_of(std::string_view(p[k].lower), verbs) || one_of(std::string_view(p[k].lower), kStatementVerbs)) {
      p.resize(k);
      break;
    }
  }
  // "my suitcase on a flight to Rome": the thing, not where it was.
  for (std::size_t k = 1; k < p.size(); ++k) {
    if (one_of(std::string_view(p[k].lower), {"on", "in", "at", "to", "for", "from", "with", "by", "during"})) {
      p.resize(k);
      break;
    }
  }
  if (p.size() > 3) p.resize(3);
  if (p.size() < 2 || is_person_word(p.back().lower) || names_a_child(p.back().lower)) return {};
  return p;
}

// "There's a brown stain spreading on our kitchen ceiling": what is there,
// and where when the sentence says so ("the brown stain on your kitchen
// ceiling").
std::vector<TopicWord> existing_thing(const Sentence& s) {
  std::size_t at = 0;
  if (s.size() > 2 && (s[0].lower == "there's" || s[0].lower == "theres")) {
    at = 1;
  } else if (s.size() > 3 && s[0].lower == "there" && one_of(std::string_view(s[1].lower), {"is", "are", "was"})) {
    at = 2;
  } else {
    return {};
  }
  // "There are ants in our kitchen": a bare plural names things too.
  const std::string_view first = s[at].lower;
  const bool bare_plural = first.size() > 3 && first.ends_with("s") && !first.ends_with("ss") &&
                           std::all_of(first.begin(), first.end(), [](char ch) { return is_lower(ch); }) &&
                           !one_of(first, {"lots", "loads", "tons", "various", "always", "sometimes", "times",
                                           "issues", "problems", "things"});
  if (!bare_plural && !one_of(first, {"a", "an", "some", "this", "that"})) return {};
  auto p = noun_phrase(s, at);
  // "a brown stain spreading on our ceiling": the participle goes, the place stays.
  for (std::size_t i = 1; i < p.size(); ++i) {
    if (p[i].lower.size() > 4 && p[i].lower.ends_with("ing")) {
      p.resize(i);
      break;
    }
  }
  if (p.size() < 2 || p.size() > 6) return {};
  std::size_t k = at + p.size();
  if (k < s.size() && s[k - 1].clause_end) return shape_object(std::move(p));
  if (k < s.size() && s[k].lower.size() > 4 && s[k].lower.ends_with("ing")) ++k;
  if (k + 2 < s.size() && one_of(std::string_view(s[k].lower), {"on", "in", "under", "behind", "around", "above"}) &&
      one_of(std::string_view(s[k + 1].lower), {"my", "our", "the"})) {
    std::vector<TopicWord> place{s[k]};
    for (std::size_t i = k + 1; i < s.size() && place.size() < 5; ++i) {
      if (i > k + 1 && (one_of(std::string_view(s[i].lower), {"right", "just", "and", "but", "which", "that"}) ||
                        one_of(std::string_view(s[i].lower), {"on", "in", "under", "behind", "near", "next", "by"}))) {
        break;
      }
      place.push_back(s[i]);
      if (s[i].clause_end) break;
    }
    if (place.size() >= 3) {
      for (auto& w : place) use_second_person(w);
      p.insert(p.end(), place.begin(), place.end());
    }
  }
  return shape_object(std::move(p));
}

// "I got a £100 parking charge notice", "We received a letter from the
// council": what arrived is what the request is about.
std::vector<TopicWord> received_thing(const Sentence& s) {
  if (s.size() < 3 || !one_of(std::string_view(s[0].lower), {"got", "received", "was", "were", "have", "'ve"})) {
    return {};
  }
  std::size_t at = 1;
  if (s[0].lower == "was" || s[0].lower == "were") {
    if (!one_of(std::string_view(s[1].lower), {"given", "sent", "issued", "served"})) return {};
    at = 2;
  } else if (s[0].lower == "have" || s[0].lower == "'ve") {
    if (!one_of(std::string_view(s[1].lower), {"received", "got", "been"})) return {};
    at = 2;
    if (s[1].lower == "been" && at < s.size() && one_of(std::string_view(s[at].lower), {"given", "sent", "issued", "served"})) ++at;
  }
  if (at >= s.size() || !one_of(std::string_view(s[at].lower), {"a", "an", "the", "this", "my", "our"})) return {};
  auto p = noun_phrase(s, at);
  // "got my blood test results back on the NHS app": the results.
  for (std::size_t k = 2; k < p.size(); ++k) {
    if (one_of(std::string_view(p[k].lower), {"back", "today", "yesterday", "on", "from", "in", "by"})) {
      p.resize(k);
      break;
    }
  }
  if (p.size() < 2) return {};
  if (starts_with_determiner(p, {"your"})) return p;
  return shape_object(std::move(p));
}

// "I run a small plant shop and want a proper spreadsheet to track stock":
// the first clause describes the person's situation, the second what they
// want, which is the subject.
std::vector<TopicWord> wanted_after_situation(const Sentence& s) {
  if (s.empty() || !one_of(std::string_view(s[0].lower), {"run", "own", "have", "manage", "work"})) return {};
  for (std::size_t i = 1; i + 2 < s.size(); ++i) {
    if (s[i].lower != "and" && s[i].lower != "but" && s[i].lower != "so") continue;
    std::size_t k = i + 1;
    if (one_of(std::string_view(s[k].lower), {"i", "we"})) ++k;
    if (k < s.size() && one_of(std::string_view(s[k].lower), {"would", "i'd", "we'd"}) && k + 1 < s.size() &&
        s[k + 1].lower == "like") {
      k += 2;
    } else if (k < s.size() && one_of(std::string_view(s[k].lower), {"want", "need", "wants", "needs"})) {
      ++k;
    } else {
      continue;
    }
    if (k < s.size() && s[k].lower == "to" && k + 1 < s.size()) {
      const Sentence rest(s.begin() + static_cast<std::ptrdiff_t>(k + 1), s.end());
      if (const VerbForm* v = verb_at(rest, 0); v != nullptr) return shape_after_verb(rest, *v);
      return {};
    }
    if (k >= s.size() || !one_of(std::string_view(s[k].lower), {"a", "an", "some"})) return {};
    auto p = noun_phrase(s, k);
    return p.size() < 2 ? std::vector<TopicWord>{} : shape_object(std::move(p));
  }
  return {};
}

// "How do I plan the handover so things don't fall apart?" -> "the
// handover": what the person asks to plan, wherever the sentence says it.
std::vector<TopicWord> thing_to_plan(const Sentence& s) {
  for (std::size_t i = 1; i + 2 < s.size(); ++i) {
    if (s[i].lower != "plan" || !one_of(std::string_view(s[i - 1].lower), {"i", "we", "to", "me", "us"})) continue;
    if (!one_of(std::string_view(s[i + 1].lower), {"the", "my", "our"})) continue;
    auto p = noun_phrase(s, i + 1);
    if (p.size() < 2) return {};
    return starts_with_determiner(p, {"your"}) ? p : shape_object(std::move(p));
  }
  return {};
}

// "I need to write to our customers to tell them ..." -> "your message to
// your customers": writing to someone names the message, not "the to ...".
std::vector<TopicWord> message_to(const Sentence& s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    if (!one_of(std::string_view(s[i].lower), {"write", "email", "e-mail"}) || s[i + 1].lower != "to") continue;
    auto p = noun_phrase(s, i + 2);
    // "... to our customers to tell them": what follows is why, not to whom.
    const auto why = std::find_if(p.begin() + std::min<std::ptrdiff_t>(1, std::ssize(p)), p.end(),
                                  [](const TopicWord& w) { return w.lower == "to" || w.lower == "about"; });
    p.erase(why, p.end());
    if (p.empty()) return {};
    return with_lead("your message to", std::move(p));
  }
  return {};
}

std::string topic_of_sentence(Sentence s) {
  strip_lead_ins(s);
  if (s.empty()) return {};
  // "my review", "our roof": a possessive and one word name a thing, even a
  // word that could be a verb.
  if (s.size() == 2 && (s[0].lower == "my" || s[0].lower == "our") && !is_person_word(s[1].lower) &&
      std::all_of(s[1].lower.begin(), s[1].lower.end(), [](char ch) { return is_lower(ch) || ch == '-'; })) {
    return "your " + std::string(s[1].text);
  }
  if (auto thing = message_to(s); !thing.empty()) return join_topic(thing);
  if (auto thing = questioned_thing(s); !thing.empty()) return join_topic(thing);
  if (auto thing = existing_thing(s); !thing.empty()) return join_topic(thing);
  if (auto thing = received_thing(s); !thing.empty()) return join_topic(thing);
  if (auto thing = wanted_after_situation(s); !thing.empty()) return join_topic(thing);
  if (auto subject = statement_subject(s, 0, false); !subject.empty() && verb_at(s, 0) == nullptr) {
    return join_topic(subject);
  }
  std::vector<TopicWord> phrase = claimed_thing(s);
  if (phrase.empty()) phrase = acted_on(s);
  const VerbForm* verb = verb_at(s, 0);
  if (phrase.empty() && verb != nullptr) phrase = shape_after_verb(s, *verb);
  if (phrase.empty() && verb == nullptr) phrase = bare_statement_subject(s);
  if (phrase.empty()) phrase = shape_noun_phrase(s);  // "Travel insurance ..." starts with a noun, not a verb
  // "Since we moved ... our checkout API returns 502 errors": a possessive
  // subject later in the sentence, when it is followed by its verb.
  for (std::size_t at = 1; phrase.empty() && at + 2 < s.size(); ++at) {
    if (s[at].lower == "my" || s[at].lower == "our") phrase = statement_subject(s, at, true);
  }
  if (phrase.empty()) phrase = needed_thing(s);
  if (phrase.empty()) phrase = named_role(s);
  if (phrase.empty()) phrase = felt_complaint(s);
  if (phrase.empty()) phrase = suspected_condition(s);
  // "a contractor to redo my bathroom": the work is the subject, not who does it.
  if (!phrase.empty() && one_of(std::string_view(phrase.back().lower), kServiceRoles)) {
    for (std::size_t i = 0; i + 2 < s.size(); ++i) {
      if (s[i].lower != "to" || s[i].lower == phrase.back().lower) continue;
      const Sentence rest(s.begin() + static_cast<std::ptrdiff_t>(i + 1), s.end());
      if (const VerbForm* v = verb_at(rest, 0); v != nullptr && v->shape == Shape::object) {
        if (auto work = shape_after_verb(rest, *v); !work.empty()) {
          phrase = std::move(work);
          for (auto& w : phrase) use_second_person(w);
          if (phrase.front().lower == "the" && phrase.size() > 1 && phrase[1].lower == "your") phrase.erase(phrase.begin());
        }
      }
      break;
    }
  }
  if (phrase.empty()) phrase = two_options(s);
  if (phrase.empty() || phrase.size() > 10) return {};
  return join_topic(phrase);
}

}  // namespace

namespace {

// A phrase the readers produced, checked once more as a whole: "your every
// batch of kimchi" loses its "every"; a verb after the determiner ("your
// resigned from ...", "your shutting down ...") or the person's own role
// ("I'm deputy head at a school" -> "your deputy head ...") is no subject.
std::string sound_subject(std::string topic, std::string_view context) {
  for (const auto det : {"your ", "the "}) {
    for (const auto q : {"every ", "each "}) {
      const std::string lead = std::string(det) + q;
      if (topic.starts_with(lead)) topic = std::string(det) + topic.substr(lead.size());
    }
  }
  // "your best rowing machine": the best one is what is sought, not one the
  // person has; the questions are about a rowing machine.
  // ("your best man speech" and "your best friend" are no such thing.)
  if (topic.starts_with("your best ") && topic.size() > 10) {
    const auto sought = topic.substr(10);
    const auto head = util::ascii_lower(sought.substr(0, sought.find(' ')));
    if (!one_of(std::string_view(head), {"man", "men", "woman", "friend", "friends", "mate", "mates", "part"})) {
      const char first = static_cast<char>(std::tolower(static_cast<unsigned char>(sought[0])));
      topic = (std::string_view("aeiou").find(first) != std::string_view::npos ? "an " : "a ") + sought;
    }
  }
  std::string rest;
  if (topic.starts_with("your ")) rest = topic.substr(5);
  else if (topic.starts_with("the ")) rest = topic.substr(4);
  else return topic;
  const std::string first = util::ascii_lower(rest.substr(0, rest.find(' ')));
  // "the there a band in ...", "the to your customers ...", "your him out of
  // school": a word that cannot begin a noun phrase.
  if (one_of(std::string_view(first), {"there", "to", "a", "an", "the", "your", "my", "our", "it", "him", "her",
                                        "them", "me", "us", "for", "of", "and", "or", "but", "if", "when", "what",
                                        "how", "why", "is", "are", "was", "were", "do", "does", "did"})) {
    return {};
  }
  // "your new hire's": a possessive whose thing was cut off.
  if (topic.ends_with("'s")) return {};
  // "your management expected the opposite": a clause, its verb before an article.
  const auto topic_words = util::words(util::ascii_lower(rest));
  for (std::size_t i = 1; i + 1 < topic_words.size(); ++i) {
    if (topic_words[i].size() > 4 && topic_words[i].ends_with("ed") &&
        one_of(std::string_view(topic_words[i + 1]), {"the", "a", "an", "my", "our", "your", "it", "that", "this"})) {
      return {};
    }
  }
  // "your upcoming trip" is a subject; a verb taking its object or particle is not.
  const auto second_at = rest.find(' ');
  if (topic.starts_with("your ") && first.size() >= 5 && (first.ends_with("ed") || first.ends_with("ing")) &&
      second_at != std::string::npos) {
    const std::string second = util::ascii_lower(rest.substr(second_at + 1, rest.find(' ', second_at + 1) - second_at - 1));
    if (one_of(std::string_view(second), {"down", "up", "out", "off", "from", "to", "your", "my", "a", "an", "the",
                                          "with", "on", "in", "at", "into", "over"})) {
      return {};
    }
  }
  const std::string lower_context = util::plain_apostrophes(util::ascii_lower(context));
  // "the LinkedIn post announcing it": a verb in -ing that takes an object ends the phrase before it.
  const auto last_space = topic.rfind(' ');
  if (std::count(topic.begin(), topic.end(), ' ') >= 3 && topic.ends_with("ing")) {
    const std::string last = util::ascii_lower(topic.substr(last_space + 1));
    for (const auto object : {" it", " that", " this", " the ", " our ", " my ", " a ", " an ", " we ", " them"}) {
      if (lower_context.find(last + object) != std::string::npos) {
        topic.resize(last_space);
        rest = topic.substr(topic.find(' ') + 1);
        break;
      }
    }
  }
  const std::string lower_rest = util::ascii_lower(rest);
  // The role as the questions would say it back: "I'm best man at my
  // brother's wedding" reads "best man at your brother's wedding" (the topic
  // is always in the second person).
  std::string spoken_to = lower_context;
  for (const auto& [from, to] : {std::pair<std::string, std::string>{" my ", " your "}, {" our ", " your "}}) {
    for (std::size_t at = spoken_to.find(from); at != std::string::npos; at = spoken_to.find(from, at + to.size())) {
      spoken_to.replace(at, from.size(), to);
    }
  }
  for (const auto role : {"i'm ", "i am ", "i'm a ", "i am a ", "i'm an ", "i am an ", "i'm the ", "i am the "}) {
    if (spoken_to.find(std::string(role) + lower_rest) != std::string::npos) return {};
  }
  return topic;
}

}  // namespace

std::string topic_phrase(std::string_view context) {
  // What is to be specified or planned names the subject wherever it is said.
  for (const auto& sentence : split_sentences(context, 3)) {
    for (auto thing : {thing_to_specify(sentence), thing_to_plan(sentence)}) {
      if (thing.empty()) continue;
      if (auto topic = sound_subject(join_topic(thing), context); !topic.empty()) return topic;
    }
  }
  for (auto& sentence : split_sentences(context, 3)) {
    // "I work remotely for a UK company and I'm thinking about moving to
    // Lisbon": when the sentence as a whole names nothing, a clause of its
    // own that the person starts again may.
    std::vector<Sentence> clauses;
    for (std::size_t i = 1; i + 2 < sentence.size(); ++i) {
      if (one_of(std::string_view(sentence[i].lower), {"and", "but", "so"}) &&
          one_of(std::string_view(sentence[i + 1].lower), {"i", "i'm", "we", "we're", "i've", "we've"})) {
        clauses.emplace_back(sentence.begin() + static_cast<std::ptrdiff_t>(i + 1), sentence.end());
        break;
      }
    }
    auto topic = sound_subject(topic_of_sentence(std::move(sentence)), context);
    if (!topic.empty()) return topic;
    for (auto& clause : clauses) {
      topic = sound_subject(topic_of_sentence(std::move(clause)), context);
      if (!topic.empty()) return topic;
    }
  }
  return "this";
}

std::string short_subject(std::string_view phrase) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < phrase.size();) {
    const std::size_t end = std::min(phrase.find(' ', i), phrase.size());
    if (end > i) words.emplace_back(phrase.substr(i, end - i));
    i = end + 1;
  }
  const auto lower = [&](std::size_t i) { return util::ascii_lower(words[i]); };
  if (words.size() <= 2) return std::string(phrase);
  // "going freelance or the permanent contract": both options, or the choice is lost.
  if (std::find(words.begin(), words.end(), "or") != words.end()) return std::string(phrase);
  // "switching your CI from Jenkins to GitHub Actions" -> "switching your CI".
  // "getting started with woodworking" -> "woodworking".
  if (phrase.starts_with("getting started with ") && words.size() > 3) {
    return std::string(phrase.substr(std::string_view("getting started with ").size()));
  }
  if (lower(0).ends_with("ing")) {
    static constexpr std::string_view gerund_cuts[] = {"from", "to", "for", "with", "without", "before", "after", "at", "in"};
    for (std::size_t i = 2; i < words.size(); ++i) {
      if (one_of(std::string_view(lower(i)), gerund_cuts)) {
        std::string out = words[0];
        for (std::size_t k = 1; k < i; ++k) out += ' ' + words[k];
        return out;
      }
    }
    return std::string(phrase);
  }
  // "a rowing machine for a small flat": mentioned again, it is "the rowing machine".
  if (lower(0) == "a" || lower(0) == "an") words[0] = "the";
  if (lower(0) != "your" && lower(0) != "the") return std::string(phrase);
  // The head noun is the last word before a preposition or a clause.
  static constexpr std::string_view cuts[] = {"to", "for", "with", "from", "in", "on", "at", "about", "under",
                                              "through", "by", "between", "into", "without", "and", "or", "along",
                                              "around", "across", "near", "over", "via", "towards", "during",
                                              "you", "you've", "that", "which"};
  std::size_t end = 1;
  while (end < words.size() && !one_of(std::string_view(lower(end)), cuts)) ++end;
  // "the garden leave", "the job offer": two words before the cut may be one
  // compound noun, so both stay; of three or more, the last is the head.
  std::size_t from = end <= 3 ? 1 : end - 1;
  // "your Postgres replica" -> "the replica": a name before a common noun.
  if (end == 3 && is_upper(words[1].front()) && is_lower(words[2].front())) from = 2;
  // "MacBook Air", "Google Sheets": two capitalised words name one thing.
  if (from >= 2 && is_upper(words[from].front()) && is_upper(words[from - 1].front())) --from;
  // "your neighbour's tree roots" -> "the tree roots": what follows a possessive.
  for (std::size_t i = 1; i + 1 < end; ++i) {
    if (lower(i).ends_with("'s") && end - (i + 1) <= 2) from = std::min(from, i + 1);
  }
  // "your trip to Japan" -> "your trip": a head right after the determiner keeps it.
  std::string out = from <= 1 ? words[0] : std::string("the");
  from = std::max<std::size_t>(from, 1);
  for (std::size_t i = from; i < end; ++i) out += ' ' + words[i];
  return out;
}

}  // namespace sq::questioning
