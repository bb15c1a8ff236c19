// Reading a request: see request_reading.hpp.
#include "questioning/request_reading.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <string>
#include <vector>

#include "questioning/facet_catalogue.hpp"
#include "questioning/lexicon.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

struct TaskCues {
  TaskType task;
  Language language;
  std::string_view cues;
};

const std::vector<TaskCues>& task_cues() {
  static const std::vector<TaskCues> cues = {
#include "questioning/task_cues.inc"
  };
  return cues;
}

const std::vector<KeywordList>& compiled_cues() {
  static const std::vector<KeywordList> lists = [] {
    std::vector<KeywordList> out;
    for (const auto& c : task_cues()) out.emplace_back(c.cues);
    return out;
  }();
  return lists;
}

// Function words that tell the four languages apart (a word may count for two).
struct LanguageWords {
  Language language;
  std::string_view words;
};

constexpr std::array<LanguageWords, 4> kLanguageWords = {{
    {Language::en, "the, and, is, are, my, our, i, we, to, of, it, in, for, with, should, how, what, a, an, "
                   "this, that, have, has, be, not, you, your, me, about, or, but, can, every, he, she, they"},
    {Language::fr, "le, la, les, un, une, des, du, est, et, je, j'ai, mon, ma, mes, nous, notre, nos, pour, "
                   "avec, dans, ne, pas, plus, depuis, il, elle, que, qui, sur, au, aux, c'est, quel, quelle, "
                   "comment, vous, ce, cette, mais, ou, être, avoir, très, jours, me, te, veux, voudrais, apprendre, "
                   "faire, aider, aidez, besoin, peux, suis, sommes, avons, mois, ans"},
    {Language::de, "der, die, das, und, ist, ich, wir, mein, meine, unser, unsere, nicht, mit, für, ein, "
                   "eine, einen, zu, auf, sich, es, im, den, dem, sollte, soll, wie, was, seit, oder, aber, "
                   "kann, möchte, habe, hat, sind, auch, bei, nach, tagen, lernen, brauche, helfen, hilfe, bin, "
                   "meinem, meinen, jahren, wochen"},
    {Language::es, "el, la, los, las, un, una, es, y, yo, mi, mis, nuestro, nuestra, para, con, en, no, que, "
                   "del, por, se, lo, hace, desde, cómo, qué, debería, pero, o, muy, tengo, quiero, mi, su, "
                   "días, está, son, al, me, te, le, nos, aprender, necesito, puedo, estoy, hay, cuál, dónde, ayuda, "
                   "ayudas, ayudarme, hacer, tiene, tenemos, este, esta, como, cuando, años, bien"},
}};

// Letters that belong to one language among the four.
int letter_votes(std::string_view text, Language language) {
  const auto count = [&](std::string_view letter) {
    int n = 0;
    for (auto at = text.find(letter); at != std::string_view::npos; at = text.find(letter, at + 1)) ++n;
    return n;
  };
  switch (language) {
    case Language::fr: return count("ç") + count("è") + count("ê") + count("à") + count("œ") + count("ù");
    case Language::de: return count("ß") + count("ä") + count("ö") + count("ü");
    case Language::es: return 2 * (count("ñ") + count("¿") + count("¡")) + count("á") + count("í") + count("ó");
    case Language::en: return 0;
  }
  return 0;
}

// Words that carry no subject of their own in a request ("I need help with my ...").
bool is_empty_word(std::string_view w) {
  static const KeywordList empty(
      "i, i'm, im, me, my, we, our, us, you, a, an, the, this, that, it, is, are, be, to, of, for, with, on, in, at, "
      "about, and, or, please, help, helping, need, needs, want, some, advice, idea*, question*, hi, hello, hey, "
      "can, could, would, should, do, does, thing*, stuff, something, anything, problem, issue, quick, "
      "aide, aider, besoin, conseil*, hilfe, brauche, rat, ayuda, ayudar, necesito, consejo*, mon, ma, mein, meine, mi");
  const std::vector<std::string> one{std::string(w)};
  return empty.match_at(one, 0) > 0;
}

}  // namespace

std::string_view language_code(Language language) {
  switch (language) {
    case Language::en: return "en";
    case Language::fr: return "fr";
    case Language::de: return "de";
    case Language::es: return "es";
  }
  return "en";
}

std::string_view task_name(TaskType task) {
  switch (task) {
    case TaskType::none: return "";
    case TaskType::diagnose: return "diagnose";
    case TaskType::decide: return "decide";
    case TaskType::dispute: return "dispute";
    case TaskType::write: return "write";
    case TaskType::plan: return "plan";
    case TaskType::specify: return "specify";
    case TaskType::learn: return "learn";
    case TaskType::buy: return "buy";
    case TaskType::understand: return "understand";
    case TaskType::health: return "health";
    case TaskType::change: return "change";
  }
  return "";
}

Language detect_language(std::string_view text) {
  static const std::array<KeywordList, 4> lists = [] {
    std::array<KeywordList, 4> out;
    for (std::size_t i = 0; i < kLanguageWords.size(); ++i) out[i] = KeywordList(kLanguageWords[i].words);
    return out;
  }();
  const std::string plain = util::plain_apostrophes(text);
  const auto words = util::words(plain);
  const std::string lower = util::ascii_lower(plain);
  // English wins ties: names and shared words ("a", "on") mislead the others.
  Language best = Language::en;
  int best_score = -1;
  for (std::size_t l = 0; l < kLanguageWords.size(); ++l) {
    int score = 2 * letter_votes(lower, kLanguageWords[l].language);
    for (std::size_t i = 0; i < words.size(); ++i) score += lists[l].match_at(words, i) > 0 ? 2 : 0;
    if (score > best_score) {
      best = kLanguageWords[l].language;
      best_score = score;
    }
  }
  return best;
}

// Spanish opening marks stick to the word they open ("¿Debería"): they go.
std::string without_opening_marks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    // ¿ and ¡ are C2 BF and C2 A1 in UTF-8.
    if (text[i] == '\xC2' && i + 1 < text.size() && (text[i + 1] == '\xBF' || text[i + 1] == '\xA1')) {
      out += ' ';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// "MacBook Air or a Chromebook?", "Faut-il louer ou acheter ?": a question
// between alternatives is a choice, whatever its words.
bool asks_between_alternatives(std::string_view plain, const std::vector<std::string>& words, Language language) {
  if (util::trim(plain).empty() || util::trim(plain).back() != '?') return false;
  const std::string_view joiner = language == Language::fr   ? "ou"
                                  : language == Language::de ? "oder"
                                  : language == Language::es ? "o"
                                                             : "or";
  return std::find(words.begin() + (words.empty() ? 0 : 1), words.end(), joiner) != words.end();
}

// "MacBook Air or a Chromebook for my daughter?", "Sennheiser Momentum 4 or
// Bose QuietComfort Ultra for long-haul flights?": in English, options that
// open the request and are proper names are products, whatever they are for
// ("Pay off my loan or invest?" opens with a verb, "or invest" is no name).
bool names_product_options(std::string_view plain) {
  const auto trimmed = util::trim(plain);
  const auto or_at = trimmed.find(" or ");
  if (or_at == std::string_view::npos || trimmed.empty() || !lexicon::is_upper(trimmed.front())) return false;
  auto rest = trimmed.substr(or_at + 4);
  for (const std::string_view article : {"a ", "an ", "the "}) {
    if (rest.starts_with(article)) rest.remove_prefix(article.size());
  }
  if (rest.empty() || !lexicon::is_upper(rest.front())) return false;
  // The first option is a name of two words or more ("MacBook Air"), or one with a capital inside.
  const auto first = trimmed.substr(0, or_at);
  const auto space = first.find(' ');
  const std::string_view head = first.substr(0, space);
  const bool inner_capital = std::any_of(head.begin() + 1, head.end(), [](char ch) { return lexicon::is_upper(ch); });
  const bool two_names = space != std::string_view::npos && space + 1 < first.size() &&
                         (lexicon::is_upper(first[space + 1]) || lexicon::is_digit(first[space + 1]));
  static constexpr std::string_view openers[] = {"Should", "Which", "What", "Is", "Are", "Do", "Does", "Can", "Would",
                                                 "Will", "I", "We", "My", "Our", "Pay", "Buy", "Go", "Stay", "Take"};
  if (std::find(std::begin(openers), std::end(openers), head) != std::end(openers)) return false;
  return inner_capital || two_names;
}

namespace {

// The request opens by asking for the best of something ("best rowing
// machine for ...", "what's the best ...", "which is the best ...") that is
// no way, time or place of doing.
bool asks_for_best_thing(const std::vector<std::string>& words) {
  std::size_t at = 0;
  if (words.size() > 2 && (words[0] == "what's" || words[0] == "whats") && words[1] == "the") at = 2;
  if (words.size() > 3 && (words[0] == "what" || words[0] == "which") && words[1] == "is" && words[2] == "the") at = 3;
  if (at + 1 >= words.size() || words[at] != "best") return false;
  return !lexicon::one_of(std::string_view(words[at + 1]),
                          {"way", "ways", "time", "place", "approach", "order", "thing", "option", "options",
                           "practice", "practices", "strategy", "route", "age", "to", "of", "for", "and", "in"});
}

}  // namespace

RequestReading read_request(std::string_view text) {
  RequestReading r;
  const std::string plain = without_opening_marks(util::plain_apostrophes(text));
  r.language = detect_language(plain);
  const auto words = util::words(plain);
  for (const auto& w : words) {
    if (!is_empty_word(w) && w.size() >= 2) {
      if (r.content_words++ == 0) r.content_word = w;
    }
  }
  const auto& cues = task_cues();
  const auto& lists = compiled_cues();
  // Cues after "before", "after", "when", "without"... describe the
  // circumstances or a constraint, not the task: "learn Spanish before moving
  // to Valencia" is learning, "without a fight every evening" no dispute. They
  // count half (scores are doubled to stay whole).
  const std::size_t main_clause_end = lexicon::subordinate_clause_at(words, words.size());
  // Where cues of several tasks start at the same word, the longest wins:
  // "should I get" (a purchase) is more than "should I" (a decision).
  std::vector<std::size_t> longest(words.size(), 0);
  for (std::size_t c = 0; c < cues.size(); ++c) {
    if (cues[c].language != r.language) continue;
    for (std::size_t i = 0; i < words.size(); ++i) longest[i] = std::max(longest[i], lists[c].match_at(words, i));
  }
  int best = 0;
  for (std::size_t c = 0; c < cues.size(); ++c) {
    if (cues[c].language != r.language) continue;
    int score = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::size_t n = lists[c].match_at(words, i);
      if (n == 0 || n < longest[i]) continue;
      const int weight = n > 1 ? 6 : 4;
      score += i < main_clause_end ? weight : weight / 2;
    }
    if (score > best) {
      best = score;
      r.task = cues[c].task;
    }
  }
  best /= 2;
  r.alternatives = asks_between_alternatives(plain, words, r.language);
  r.product_options = r.alternatives && r.language == Language::en && names_product_options(plain);
  if (r.product_options && (r.task == TaskType::none || r.task == TaskType::decide)) {
    r.task = TaskType::buy;
    best = std::max(best, 2);
  }
  if (r.task == TaskType::none && r.alternatives) {
    r.task = TaskType::decide;
    best = 2;
  }
  // "best rowing machine for a small flat?", "what's the best kettle under
  // £50": the best of a kind of thing is something to buy; the best way,
  // time or place to do something is not.
  if (r.task == TaskType::none && r.language == Language::en && asks_for_best_thing(words)) {
    r.task = TaskType::buy;
    best = 2;
  }
  r.task_evidence = best;
  // A word or two with nothing to go on: ask what it is about first.
  r.vague = r.content_words <= 1 && words.size() <= 6;
  return r;
}

}  // namespace sq::questioning
