// The built-in question planner: see planner.hpp.
//
// Reading order: wording similarity, domain detection, what the
// conversation already holds (asked, covered), follow-ups on answers, and
// finally the assembly of one batch.
#include "questioning/planner.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iterator>
#include <map>
#include <set>

#include "questioning/answer_parser.hpp"
#include "questioning/answer_probes.hpp"
#include "questioning/facet_catalogue.hpp"
#include "questioning/lexicon.hpp"
#include "questioning/noun_domains.hpp"
#include "questioning/request_reading.hpp"
#include "questioning/subject_phrase.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using lexicon::is_digit;
using lexicon::is_lower;
using lexicon::is_upper;
using lexicon::one_of;

// ============================================================ wording similarity

constexpr std::string_view kSimilarityStopwords[] = {
    "a", "an", "the", "and", "or", "but", "if", "so", "to", "of", "in", "on", "at", "by", "for", "from", "with",
    "about", "into", "over", "than", "then", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do",
    "does", "did", "have", "has", "had", "will", "would", "could", "should", "can", "may", "might", "must", "i",
    "me", "my", "we", "us", "our", "you", "your", "yours", "you're", "you've", "you'd", "you'll", "it", "its",
    "it's", "this", "that", "these", "those", "there", "here", "they", "them", "their", "he", "she", "his", "her",
    "what", "what's", "which", "who", "whom", "how", "when", "where", "why", "any", "anything", "some",
    "something", "all", "each", "every", "just", "also", "still", "only", "more", "most", "much", "many", "very",
    "too", "not", "no", "yes", "up", "out", "else", "like", "mentioned", "i'd", "i'm", "let", "that's", "there's",
    "don't", "isn't", "haven't", "or", "such", "one", "there", "already", "now", "so", "far"};

// Questions are compared as sorted sets of hashed content words: cheap to
// build and to intersect, which keeps a 50-question conversation fast.
using Wording = std::vector<std::uint64_t>;

std::uint64_t word_hash(std::string_view w) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (const char ch : w) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ull;
  }
  return h;
}

bool is_word_byte(char ch) { return is_lower(ch) || is_upper(ch) || is_digit(ch) || static_cast<unsigned char>(ch) >= 0x80; }

// Calls `emit` with each lower-cased word of `text`, split as util::words does.
template <typename Emit>
void for_each_word(std::string_view text, Emit emit) {
  std::string word;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char ch = i < text.size() ? text[i] : ' ';
    if (is_word_byte(ch)) {
      word += is_upper(ch) ? static_cast<char>(ch - 'A' + 'a') : ch;
    } else if (ch == '\'' && !word.empty() && i + 1 < text.size() && is_word_byte(text[i + 1])) {
      word += ch;
    } else if (!word.empty()) {
      emit(word);
      word.clear();
    }
  }
}

// "cities" -> "city", "flights" -> "flight", "sister's" -> "sister"
void fold_plural(std::string& w) {
  if (w.ends_with("'s")) w.resize(w.size() - 2);
  if (w.size() > 4 && w.ends_with("ies")) {
    w.resize(w.size() - 3);
    w += 'y';
  } else if (w.size() > 3 && w.back() == 's' && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")) {
    w.pop_back();
  }
}

const Wording& stopword_hashes() {
  static const Wording hashes = [] {
    Wording out;
    for (const auto w : kSimilarityStopwords) out.push_back(word_hash(w));
    std::sort(out.begin(), out.end());
    return out;
  }();
  return hashes;
}

// The content words of `text`, leaving out any in `excluded`.
Wording content_words(std::string_view text, const Wording& excluded = {}) {
  Wording out;
  const auto& stop = stopword_hashes();
  for_each_word(text, [&](std::string& w) {
    if (std::binary_search(stop.begin(), stop.end(), word_hash(w))) return;
    fold_plural(w);
    const auto h = word_hash(w);
    if (!std::binary_search(excluded.begin(), excluded.end(), h)) out.push_back(h);
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double jaccard(const Wording& a, const Wording& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

// ============================================================ domains

struct DomainScore {
  std::size_t index = 0;  // into domain_catalogue()
  int score = 0;
  std::size_t first = 0;  // position of the first keyword
};

// How many words a keyword of domain `d` covers at words[i] and its weight.
std::pair<std::size_t, int> keyword_at(std::size_t d, const std::vector<std::string>& words, std::size_t i) {
  if (const auto n = domain_strong(d).match_at(words, i)) return {n, 4};
  if (const auto n = domain_weak(d).match_at(words, i)) return {n, 2};
  return {0, 0};
}

// A keyword right before another domain's keyword only modifies it:
// in "travel insurance" the subject is insurance, so "travel" counts a quarter.
bool modifies_other_domain(std::size_t d, const std::vector<std::string>& words, std::size_t i) {
  for (std::size_t other = 0; other < domain_catalogue().size(); ++other) {
    if (other != d && keyword_at(other, words, i).first != 0) return true;
  }
  return false;
}

// Scores each domain by its keywords in `words`. The first strong keyword that
// is not a modifier names what the text is about and earns a bonus.
std::vector<DomainScore> score_domains(const std::vector<std::string>& words) {
  std::vector<DomainScore> scores;
  const std::size_t limit = std::min<std::size_t>(words.size(), 300);
  std::size_t head_at = limit;
  std::size_t head_domain = 0;
  for (std::size_t d = 0; d < domain_catalogue().size(); ++d) {
    DomainScore s{d, 0, limit};
    for (std::size_t i = 0; i < limit; ++i) {
      const auto [length, weight] = keyword_at(d, words, i);
      if (length == 0) continue;
      const bool modifier = modifies_other_domain(d, words, i + length);
      s.score += modifier ? weight / 4 : weight;
      s.first = std::min(s.first, i);
      if (!modifier && weight == 4 && i < head_at) {
        head_at = i;
        head_domain = d;
      }
    }
    if (s.score > 0) scores.push_back(s);
  }
  for (auto& s : scores) {
    if (head_at < limit && s.index == head_domain) s.score += 2;
  }
  return scores;
}

std::vector<DomainScore> domains_of_asked(const std::vector<AskedQuestion>& asked) {
  std::vector<DomainScore> scores;
  const auto& domains = domain_catalogue();
  for (std::size_t q = 0; q < asked.size(); ++q) {
    const Facet* f = find_facet(asked[q].facet_id);
    if (f == nullptr) continue;
    for (std::size_t d = 0; d < domains.size(); ++d) {
      if (domains[d].name != f->domain) continue;
      auto it = std::find_if(scores.begin(), scores.end(), [&](const DomainScore& s) { return s.index == d; });
      if (it == scores.end()) {
        scores.push_back({d, 4, q});
      } else {
        it->score += 4;
      }
    }
  }
  return scores;
}

struct DomainWeight {
  std::string_view name;
  double weight = 0;
};

// The domains a conversation is about, most relevant first (at most three).
// A domain needs at least one strong keyword, or two weak ones.
constexpr int kMinDomainEvidence = 4;

// Domains the person said the conversation is not about: "it's not about
// software", "this isn't software, it's my garden". Returns the domain indexes
// rejected, and the words that came with the correction (they name the real
// subject).
std::set<std::size_t> rejected_domains(const PlanRequest& request, std::vector<std::string>& correction) {
  std::set<std::size_t> rejected;
  for (const auto& a : request.answers) {
    const auto words = util::words(a.text);
    for (std::size_t i = 0; i < words.size(); ++i) {
      const bool negation = words[i] == "not" || words[i] == "isn't" || words[i] == "isnt" || words[i] == "nothing";
      if (!negation) continue;
      std::size_t at = i + 1;
      if (at < words.size() && (words[at] == "about" || words[at] == "to" || words[at] == "a" || words[at] == "my")) ++at;
      if (at < words.size() && words[at] == "do" && at + 1 < words.size() && words[at + 1] == "with") at += 2;
      for (std::size_t d = 0; d < domain_catalogue().size(); ++d) {
        if (at < words.size() && keyword_at(d, words, at).first != 0) {
          rejected.insert(d);
          correction = words;
        }
      }
    }
  }
  return rejected;
}

// Domains the nouns of `words` lead to through WordNet, one noun counting as
// enough evidence: used only when no keyword of the catalogue matched.
std::vector<DomainScore> noun_scores(const std::vector<std::string>& words) {
  std::vector<DomainScore> scores;
  for (std::size_t i = 0; i < words.size() && i < 60; ++i) {
    const auto domain = noun_domain(words[i]);
    if (domain.empty()) continue;
    const auto& domains = domain_catalogue();
    const auto d = static_cast<std::size_t>(std::distance(
        domains.begin(), std::find_if(domains.begin(), domains.end(), [&](const Domain& x) { return x.name == domain; })));
    if (d == domains.size()) continue;
    auto it = std::find_if(scores.begin(), scores.end(), [&](const DomainScore& ds) { return ds.index == d; });
    if (it == scores.end()) {
      scores.push_back({d, kMinDomainEvidence, i});
    } else {
      it->score += kMinDomainEvidence;
    }
  }
  return scores;
}

std::vector<DomainWeight> choose_domains(const PlanRequest& request, bool english) {
  auto scores = score_domains(util::words(request.context));
  std::vector<std::string> correction;
  if (const auto rejected = rejected_domains(request, correction); !rejected.empty()) {
    const auto drop = [&](std::vector<DomainScore>& list) {
      std::erase_if(list, [&](const DomainScore& ds) { return rejected.count(ds.index) != 0; });
    };
    // The correction itself usually names the real subject ("it's my garden").
    for (const auto& extra : score_domains(correction)) {
      auto it = std::find_if(scores.begin(), scores.end(), [&](const DomainScore& ds) { return ds.index == extra.index; });
      if (it == scores.end()) {
        scores.push_back(extra);
      } else {
        it->score += extra.score;
      }
    }
    drop(scores);
    if (scores.empty()) return {};
  }
  // "I'm going to Japan" has no keyword, but its topic ("your trip to Japan") has.
  if (scores.empty()) scores = score_domains(util::words(topic_phrase(request.context)));
  // "My greyhound is limping": no keyword, but WordNet knows a greyhound is
  // a dog. The subject's nouns first, then the request's.
  if (scores.empty() && english) scores = noun_scores(util::words(topic_phrase(request.context)));
  if (scores.empty() && english) scores = noun_scores(util::words(request.context));
  // The domain is chosen from the request (and, for a vague one, from what it
  // turned out to be about); later answers never move it.
  if (scores.empty()) scores = domains_of_asked(request.asked);
  std::sort(scores.begin(), scores.end(), [](const DomainScore& a, const DomainScore& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.first != b.first) return a.first < b.first;
    return a.index < b.index;
  });
  static constexpr double weights[] = {1.0, 0.8, 0.65};
  std::vector<DomainWeight> chosen;
  // One weak word is no evidence: the task type leads then.
  if (!scores.empty() && scores.front().score < kMinDomainEvidence) return chosen;
  for (const auto& s : scores) {
    if (chosen.size() == std::size(weights)) break;
    const bool strong_enough = chosen.empty() || (s.score >= 3 && 2 * s.score >= scores.front().score);
    if (strong_enough) chosen.push_back({domain_catalogue()[s.index].name, weights[chosen.size()]});
  }
  return chosen;
}

// ============================================================ the conversation so far

bool is_follow_up_id(std::string_view id) {
  return id.starts_with("drill:") || id.starts_with("clarify:") || id.starts_with("probe:") ||
         id.starts_with("reword:");
}

// What a request tells the planner, read once.
struct Conversation {
  RequestReading request;
  std::string language;                  // "en", "fr", ...
  std::string topic;
  std::string subject_short;             // the topic's second mention: "the replica"
  std::set<std::string_view> subject_domains;  // domains the subject phrase itself names
  Wording topic_words;                   // left out when comparing wording
  std::vector<DomainWeight> domains;
  std::set<std::string, std::less<>> asked_ids;
  std::vector<Wording> asked_wording;
  std::vector<std::string> asked_follow_ups;  // lower-cased texts of earlier follow-ups
  TokenIndex context_words;
  TokenIndex evidence;                        // context plus every usable answer
  std::set<TermKind> details_seen;            // kinds of detail in the evidence
  std::vector<AnswerReading> readings;        // one per answer, in order
};

Conversation read_conversation(const PlanRequest& request) {
  Conversation c;
  c.request = read_request(request.context);
  c.language = std::string(language_code(c.request.language));
  // Only English requests have a subject phrase; other languages' questions are worded without one.
  // In other languages the possessive read is what the request is about,
  // which for a piece of writing is seldom the piece ("Ich muss meinen
  // Vertrag kündigen und brauche ein Schreiben").
  if (c.request.language == Language::en) {
    c.topic = topic_phrase(request.context);
  } else {
    const TaskType t = c.request.task;
    const bool objects = t == TaskType::buy || t == TaskType::decide || t == TaskType::plan ||
                         t == TaskType::specify || t == TaskType::dispute;
    c.topic = t == TaskType::write ? std::string("this") : foreign_subject(request.context, c.language, objects);
  }
  c.subject_short = short_subject(c.topic);
  if (c.topic != "this") {
    const auto words = util::words(c.topic);
    for (const auto& ds : score_domains(words)) c.subject_domains.insert(domain_catalogue()[ds.index].name);
    if (c.request.language == Language::en) {
      for (const auto& ds : noun_scores(words)) c.subject_domains.insert(domain_catalogue()[ds.index].name);
    }
  }
  c.topic_words = content_words(c.topic);
  c.domains = choose_domains(request, c.request.language == Language::en);
  for (const auto& q : request.asked) {
    if (!q.facet_id.empty()) c.asked_ids.insert(q.facet_id);
    c.asked_wording.push_back(content_words(q.text, c.topic_words));
    if (is_follow_up_id(q.facet_id)) c.asked_follow_ups.push_back(util::ascii_lower(q.text));
  }
  std::vector<std::string_view> evidence{request.context};
  for (const auto& d : extract_details(request.context)) c.details_seen.insert(d.kind);
  for (const auto& a : request.answers) {
    c.readings.push_back(read_answer(a.text));
    if (c.readings.back().tone != AnswerTone::substantive) continue;
    evidence.push_back(a.text);
    for (const auto& d : c.readings.back().details) c.details_seen.insert(d.kind);
  }
  c.context_words = TokenIndex({request.context});
  c.evidence = TokenIndex(evidence);
  return c;
}

bool covered(const Conversation& c, std::size_t facet_index) {
  const Facet& f = facet_catalogue()[facet_index];
  if (f.signal != TermKind::none && c.details_seen.count(f.signal) != 0) return true;
  return facet_covered_by(facet_index).found_in(c.evidence);
}

double domain_weight(const Conversation& c, std::string_view domain) {
  if (domain.starts_with("task:")) {
    if (c.request.task == TaskType::none || domain.substr(5) != task_name(c.request.task)) return 0.0;
    // Planning, buying, building and learning are better asked in the words of
    // their subject (a trip, a laptop, an app) once one is known; a fault, a
    // choice, a dispute or a piece of writing first needs its own questions.
    const bool subject_led = c.request.task == TaskType::plan || c.request.task == TaskType::buy ||
                             c.request.task == TaskType::specify || c.request.task == TaskType::learn;
    return subject_led && !c.domains.empty() ? 0.6 : 1.1;
  }
  if (domain == "generic") {
    if (!c.domains.empty()) return 0.35;
    return c.request.task == TaskType::none ? 1.0 : 0.5;
  }
  for (const auto& d : c.domains) {
    if (d.name == domain) return d.weight;
  }
  return 0.0;
}

// True when one of the conversation's domains is among the facet's `not_for`.
bool excluded_here(const Conversation& c, std::size_t facet_index) {
  const auto& excluded = facet_not_for(facet_index);
  return std::any_of(c.domains.begin(), c.domains.end(), [&](const DomainWeight& d) {
    return std::find(excluded.begin(), excluded.end(), d.name) != excluded.end();
  });
}

struct RankedFacet {
  std::size_t index = 0;
  double score = 0;
};

// Facets of the chosen domains and the generic set, most relevant first.
std::vector<RankedFacet> rank_facets(const Conversation& c) {
  std::vector<RankedFacet> ranked;
  const auto& facets = facet_catalogue();
  for (std::size_t i = 0; i < facets.size(); ++i) {
    const double weight = domain_weight(c, facets[i].domain);
    if (weight <= 0) continue;
    if (excluded_here(c, i)) continue;
    // Another language: only facets worded in it.
    if (c.language != "en" && find_translation(facets[i].id, c.language) == nullptr) continue;
    double score = weight * (11 - facets[i].priority);
    if (!facet_triggers(i).empty() && facet_triggers(i).found_in(c.context_words)) score += 2;
    ranked.push_back({i, score});
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const RankedFacet& a, const RankedFacet& b) { return a.score > b.score; });
  return ranked;
}

std::string finish_question(std::string text) {
  const auto trimmed = util::trim(text);
  text = std::string(trimmed);
  if (!text.empty() && is_lower(text.front())) text.front() = static_cast<char>(text.front() - 'a' + 'A');
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  if (!text.ends_with('?')) text += '?';
  return text;
}

std::string fill(std::string_view pattern, std::string_view field, std::string_view value) {
  std::string out(pattern);
  for (auto at = out.find(field); at != std::string::npos; at = out.find(field, at + value.size())) {
    out.replace(at, field.size(), value);
  }
  return out;
}

// A facet's question; with `name_subject`, its wording that names the
// request's subject, when it has one and the subject is known.
PlannedQuestion facet_question(const Facet& f, const Conversation& c, bool name_subject = false) {
  // A domain's questions were written for its own subjects: they name the
  // subject only when it belongs to the domain ("the party" to events, not
  // "losing 10 kg"), and never a gerund phrase ("Who will use moving ...").
  const bool domain_facet = !f.domain.starts_with("task:") && f.domain != "generic";
  const bool fits = !domain_facet || (c.subject_domains.count(f.domain) != 0 &&
                                      !util::ascii_lower(c.topic.substr(0, c.topic.find(' '))).ends_with("ing"));
  const bool subject = name_subject && c.topic != "this" && fits;
  if (c.language != "en") {
    if (const FacetTranslation* t = find_translation(f.id, c.language)) {
      const bool named = subject && !t->with_subject.empty();
      return {finish_question(named ? fill(t->with_subject, "{subject}", c.topic) : std::string(t->question)),
              std::string(f.id), std::string(t->importance), std::string(t->look_for)};
    }
    // A language the catalogue lacks is asked in English, never with
    // another language's words filled in.
    return {finish_question(fill(f.question, "{topic}", "this")), std::string(f.id), std::string(f.importance),
            std::string(f.look_for)};
  }
  if (subject && !f.with_subject.empty()) {
    return {finish_question(fill(f.with_subject, "{subject}", c.topic)), std::string(f.id),
            std::string(f.importance), std::string(f.look_for)};
  }
  return {finish_question(fill(f.question, "{topic}", c.topic)), std::string(f.id), std::string(f.importance),
          std::string(f.look_for)};
}

// ============================================================ follow-ups

// A follow-up waiting to be asked: on a detail of an answer, or on a tentative answer.
struct FollowUp {
  std::string facet_id;          // "drill:..." or "clarify:..."
  const Facet* facet = nullptr;  // the facet the answer belonged to, if any
  TermKind kind = TermKind::none;  // none: a clarification
  std::string term;              // the person's own words
  TaskType task = TaskType::none;  // of the conversation: some details are followed up differently per task
  bool deadline = false;         // a date the person must act by ("by Friday"), not one something happens on
  std::optional<ProbeKind> probe = std::nullopt;  // a clause reflected back: `term` holds it, in the second person
  bool reword = false;           // the person did not follow the facet's question: ask it more simply
};

// Follow-up wording that depends on the task as well as on the detail: a tool
// named while diagnosing a fault is part of the evidence, not a preference.
struct TaskDrill {
  TaskType task;
  TermKind kind;
  std::vector<std::string_view> templates;
};

const std::vector<TaskDrill>& task_drills() {
  static const std::vector<TaskDrill> drills = {
      {TaskType::diagnose, TermKind::tool,
       {"Did anything change in {term} — an upgrade, a setting, a new release — around the time this started?",
        "Does the problem show up only with {term}, or elsewhere too?"}},
      {TaskType::diagnose, TermKind::quantity, {"Does it affect all {term}, or only some of them?"}},
      {TaskType::diagnose, TermKind::date,
       {"What else was going on around {term} — a change of routine, of use, or of surroundings?"}},
      {TaskType::diagnose, TermKind::place, {"Does it happen only in {term}, or in other places too?"}},
      {TaskType::diagnose, TermKind::name, {"What part does {term} play when the problem appears?"}},
      {TaskType::decide, TermKind::money,
       {"How does {term} compare once taxes, housing and the other costs of each option are counted?"}},
      {TaskType::change, TermKind::money,
       {"How does {term} compare once taxes, housing and the other costs of the change are counted?"}},
      {TaskType::decide, TermKind::place, {"What draws you to {term}, and what do you still need to find out about it?"}},
      {TaskType::change, TermKind::place,
       {"What would day-to-day life in {term} look like for you, and what do you know about it so far?"}},
      {TaskType::decide, TermKind::person,
       {"How does {term} see this, and what would each option mean for them?", "What part will {term} play in deciding?"}},
      {TaskType::change, TermKind::person,
       {"How does {term} feel about the change, and what would it mean for them?"}},
      {TaskType::decide, TermKind::date, {"What is expected to happen around {term}, and how sure is it?"}},
      {TaskType::dispute, TermKind::date,
       {"What exactly happened around {term}, and is there anything in writing from then?"}},
      {TaskType::dispute, TermKind::person, {"What has {term} said or done about it so far?"}},
      {TaskType::dispute, TermKind::money,
       {"What does the {term} correspond to, and what backs it up — an invoice, a quote, receipts?"}},
      {TaskType::dispute, TermKind::duration,
       {"What does {term} refer to here — a deadline, a notice period, or how long something went on?"}},
      {TaskType::health, TermKind::duration, {"Over {term}, has it been getting better, worse, or staying the same?"}},
      {TaskType::health, TermKind::date, {"Has it changed since {term} — better, worse, or about the same?"}},
  };
  return drills;
}

struct DrillWording {
  TermKind kind;
  std::string_view importance;
  std::string_view look_for;
  std::vector<std::string_view> templates;
};

const std::vector<DrillWording>& drill_wordings() {
  static const std::vector<DrillWording> wordings = {
      {TermKind::money, "An amount is only useful once it is clear what it includes and how firm it is.",
       "Whether the figure is a hard limit, what it covers, and any room to move.",
       {"Is the {term} you mentioned a firm limit, or is there some flexibility?",
        "What does the {term} need to cover, and is anything paid for separately?",
        "How confident are you in the {term} figure — is it a quote, an estimate, or a guess?"}},
      {TermKind::date, "A date mentioned in passing may be a wish or a hard deadline, and the plan differs for each.",
       "How fixed the date is, what depends on it, and what happens if it moves.",
       {"How fixed is {term} — what would happen if it moved?",
        "Is there a particular reason for {term}, or is it a preference?",
        "What needs to be in place before {term} for this to work?"}},
      {TermKind::duration, "A length of time shapes the plan only once it is clear how firm it is.",
       "Whether the duration is fixed, what it includes, and what would change it.",
       {"Is {term} a firm figure, or could it be shorter or longer if needed?",
        "How did you settle on {term}, and what would change with more or less time?"}},
      {TermKind::quantity, "Numbers drive size and cost, so it helps to know how firm they are.",
       "Whether the number is firm or an estimate, and how it might change.",
       {"Is {term} a firm number, or a rough estimate that could change?",
        "How might {term} change over time, and what would that mean for the plan?"}},
      {TermKind::place, "Places the person names are the clearest signal of what they want.",
       "Why the place matters, how settled it is, and what it means for the plan.",
       {"You mentioned {term} — what draws you there, and would you consider alternatives?",
        "How settled is the choice of {term}, or are you still comparing options?",
        "What do you already know about {term}, and what would you like to find out?"}},
      {TermKind::tool, "Tools and products already in the picture constrain the options and carry habits with them.",
       "Whether it is a requirement or a preference, and what depends on it.",
       {"You mentioned {term} — is that a firm requirement, or open to alternatives?",
        "What do you rely on {term} for today, and what would you change about it?"}},
      {TermKind::name, "Names the person mentions usually point to something that matters to them.",
       "Who or what it is, and the part it plays.",
       {"You mentioned {term} — what part does {term} play in this?",
        "Could you tell me a little more about {term} and why it matters here?"}},
      {TermKind::medication,
       "A medicine and its dose can explain what is happening or rule options out, so a clinician will want the details.",
       "How long it has been taken, any recent change of dose or timing, and who prescribed it.",
       {"Does the clinician who prescribed {term} know about what you're experiencing now?",
        "How long have you been taking {term}, and has the dose or timing changed recently?",
        "Did this begin before or after you started taking {term}?"}},
      {TermKind::owed, "An amount someone owes is a claim to document and pursue, not a figure to negotiate.",
       "When it was due, the records that show it is owed, and what has been asked for so far.",
       {"When was the {term} due, and have you asked for it in writing yet?",
        "What records show the {term} is owed — a contract, an invoice, bank transfers or messages?",
        "What has the other side said about the {term} so far?"}},
      {TermKind::rate, "A rate shows the load a solution must carry, and whether it is typical or a peak changes the answer.",
       "Whether the figure is the usual load or a peak, how it varies over time, and where it is expected to go.",
       {"Is {term} the usual load or the peak, and how does it vary over the day?",
        "What happens when the load goes above {term}?"}},
      {TermKind::person, "The people the person names are affected by the outcome or shape it.",
       "How they see it, what it would mean for them, and what part they play in the decision.",
       {"How is {term} affected by this, and what part do they play in it?",
        "Is there anything about {term} that I should know to help with this?"}},
      {TermKind::none, "The earlier answer was tentative, and even a rough answer is enough to keep planning.",
       "A best guess, a range, or what the decision depends on.",
       {"No problem if you're unsure about {term} — what's your best guess for now?",
        "Even a rough answer helps: what would you say about {term} at this point?",
        "What would help you get clearer on {term}?"}},
  };
  return wordings;
}

const DrillWording& wording_for(TermKind kind) {
  for (const auto& w : drill_wordings()) {
    if (w.kind == kind) return w;
  }
  return drill_wordings().back();
}

// A person's words inside a question stay short: at most about 60 characters,
// cut at a word boundary.
constexpr std::size_t kMaxQuoted = 60;

std::string quotable(const std::string& term) {
  if (term.size() <= kMaxQuoted) return term;
  std::size_t cut = term.rfind(' ', kMaxQuoted);
  if (cut == std::string::npos || cut < kMaxQuoted / 2) cut = std::string(util::utf8_prefix(term, kMaxQuoted)).size();
  std::string out = term.substr(0, cut);
  while (!out.empty() && (out.back() == ',' || out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

// The ways a follow-up could be worded, best first.
// The wording of a follow-up on an amount in the other languages.
struct ForeignDrill {
  std::string_view language;
  std::string_view question;
  std::string_view importance;
  std::string_view look_for;
};

constexpr ForeignDrill kForeignMoney[] = {
    {"fr", "À quoi correspondent exactement les {term} dont vous parlez ?",
     "Un montant n'est utile qu'une fois clair ce qu'il recouvre.", "Ce que couvre la somme, et d'où vient ce chiffre."},
    {"de", "Wofür genau stehen die {term}, die Sie erwähnen?",
     "Ein Betrag hilft erst weiter, wenn klar ist, was er umfasst.", "Was der Betrag abdeckt und woher die Zahl stammt."},
    {"es", "¿A qué corresponden exactamente los {term} que menciona?",
     "Una cantidad solo sirve cuando está claro qué incluye.", "Qué cubre la cantidad y de dónde sale la cifra."},
};

// A clause of the person's answer said back to them, with what to ask of it.
std::vector<PlannedQuestion> probe_questions(const FollowUp& f) {
  struct Wording {
    ProbeKind kind;
    std::string_view question;
    std::string_view importance;
    std::string_view look_for;
  };
  static constexpr Wording wordings[] = {
      {ProbeKind::limit, "You said {term} — how firm is that, and what depends on it?",
       "A limit the person sets shapes every option, and how firm it is decides how much room there is.",
       "Whether the limit is fixed, who or what sets it, and what would follow if it were missed."},
      {ProbeKind::worry, "You said {term} — what would help most with that?",
       "A worry the person names is often what the answer has to address first.",
       "What exactly the worry is, how likely they think it is, and what would reassure them."},
      {ProbeKind::reservation, "You said {term} — how much does that weigh for you?",
       "A 'but' usually marks what the person is least sure of.",
       "How much the reservation counts against the rest, and what would settle it."},
  };
  for (const auto& w : wordings) {
    if (w.kind != *f.probe) continue;
    // A diagnosis weighs a limit as a constraint on the fix.
    std::string_view question = w.question;
    if (w.kind == ProbeKind::limit && f.task == TaskType::diagnose) {
      question = "You said {term} — does any fix have to keep to that, or is there some room?";
    }
    // A specification weighs it as a requirement to pin down.
    if (w.kind == ProbeKind::limit && f.task == TaskType::specify) {
      question = "You said {term} — what exactly would that need to cover?";
    }
    return {{finish_question(fill(question, "{term}", f.term)), f.facet_id, std::string(w.importance),
             std::string(w.look_for)}};
  }
  return {};
}

std::vector<PlannedQuestion> follow_up_questions(const FollowUp& f, std::string_view language) {
  if (language != "en") {
    for (const auto& d : kForeignMoney) {
      if (d.language == language && f.kind == TermKind::money) {
        return {{finish_question(fill(d.question, "{term}", quotable(f.term))), f.facet_id, std::string(d.importance),
                 std::string(d.look_for)}};
      }
    }
    return {};
  }
  if (f.probe) return probe_questions(f);
  if (f.reword) {
    // The facet's short subject and why it matters, in plain words.
    constexpr std::string_view simpler = "Let me put that another way: what can you tell me about {term}?";
    return {{finish_question(fill(simpler, std::string_view("{term}"), f.facet->subject)),
             f.facet_id, std::string(f.facet->importance), std::string(f.facet->look_for)}};
  }
  const DrillWording& w = wording_for(f.kind);
  std::vector<std::string_view> templates;
  if (f.kind != TermKind::none && f.facet != nullptr && f.facet->drill_on == f.kind && !f.facet->drill.empty()) {
    templates.push_back(f.facet->drill);
  }
  // A task's own wording replaces the generic one, which may read as a
  // preference ("is that a firm requirement?") where it is evidence.
  bool task_worded = false;
  // A decision's own deadline: what happens if it passes.
  if (f.deadline && f.task == TaskType::decide) {
    templates.insert(templates.begin(), "What happens if you have not decided by {term} — could it be extended?");
    task_worded = true;
  }
  for (const auto& d : task_drills()) {
    if (task_worded || d.task != f.task || d.kind != f.kind) continue;
    templates.insert(templates.begin(), d.templates.begin(), d.templates.end());
    task_worded = true;
  }
  // The generic wordings of amounts, dates, numbers and tools ask how firm they
  // are: right for a plan or a purchase, wrong for a fault, a dispute, a
  // health concern, an explanation or a piece of writing, where such a detail
  // is a fact to understand. There only the facet's own follow-up is used.
  const bool firmness = f.task == TaskType::none || f.task == TaskType::plan || f.task == TaskType::buy ||
                        f.task == TaskType::specify || f.task == TaskType::learn || f.task == TaskType::decide ||
                        f.task == TaskType::change;
  const bool factual_kind = f.kind == TermKind::money || f.kind == TermKind::date || f.kind == TermKind::duration ||
                            f.kind == TermKind::quantity || f.kind == TermKind::tool || f.kind == TermKind::place;
  // A detail of the request itself is picked up only where the task has a
  // wording for it: "Japan" in "plan a trip to Japan" is settled, not a doubt.
  if (f.facet_id == "drill:request" && !task_worded) return {};
  // "What draws you to Glasgow, would you consider alternatives?" fits a trip
  // or a move, not where someone simply lives.
  const bool place_is_choice = f.task == TaskType::plan || f.task == TaskType::decide || f.task == TaskType::change ||
                               f.task == TaskType::buy;
  const bool place_as_preference = f.kind == TermKind::place && !place_is_choice && !task_worded;
  if (!task_worded && !place_as_preference && (firmness || !factual_kind)) {
    templates.insert(templates.end(), w.templates.begin(), w.templates.end());
  }
  std::string term = f.kind == TermKind::none ? std::string(f.facet->subject) : quotable(f.term);
  // An amount that began the person's sentence ("Two adults") is not a name:
  // inside a question it reads "the two adults".
  const bool amount = f.kind == TermKind::quantity || f.kind == TermKind::money || f.kind == TermKind::duration;
  if (amount && term.size() > 1 && term[0] >= 'A' && term[0] <= 'Z' && term[1] >= 'a' && term[1] <= 'z') {
    term[0] = static_cast<char>(term[0] - 'A' + 'a');
  }
  std::vector<PlannedQuestion> out;
  for (const auto t : templates) {
    std::string text = fill(t, "{term}", term);
    // "all two machines" reads "both machines".
    for (const std::string_view two : {"all two ", "all 2 "}) {
      if (const auto at = text.find(two); at != std::string::npos) {
        text.replace(at, two.size(), "both ");
        if (const auto some = text.find("only some of them"); some != std::string::npos) {
          text.replace(some, std::string_view("only some of them").size(), "only one of them");
        }
      }
    }
    out.push_back({finish_question(std::move(text)), f.facet_id, std::string(w.importance), std::string(w.look_for)});
  }
  return out;
}

// "Kyoto", "Kyoto and Osaka", "Kyoto, Osaka and Nara"
std::string join_terms(const std::vector<std::string>& terms) {
  std::string out;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) out += i + 1 == terms.size() ? " and " : ", ";
    out += terms[i];
  }
  return out;
}

// A plain name in an answer about a place or a tool is most likely one of those.
TermKind read_kind(const Detail& d, const Facet* facet) {
  if (d.kind != TermKind::name || facet == nullptr) return d.kind;
  if (facet->drill_on == TermKind::place || facet->drill_on == TermKind::tool) return facet->drill_on;
  if (facet->domain == "travel" || facet->domain == "events") return TermKind::place;
  if (facet->domain == "software") return TermKind::tool;
  return d.kind;
}

// True when `lower_text` holds `lower_term` as whole words ("aws" is not in "draws").
bool mentions(std::string_view lower_text, std::string_view lower_term) {
  const auto word_char = [](char ch) { return is_lower(ch) || is_digit(ch); };
  for (auto at = lower_text.find(lower_term); at != std::string_view::npos;
       at = lower_text.find(lower_term, at + 1)) {
    const std::size_t end = at + lower_term.size();
    const bool starts_word = at == 0 || !word_char(lower_text[at - 1]);
    const bool ends_word = end == lower_text.size() || !word_char(lower_text[end]);
    if (starts_word && ends_word) return true;
  }
  return false;
}

bool already_followed_up(const Conversation& c, std::string_view term) {
  const auto lower = util::ascii_lower(term);
  return std::any_of(c.asked_follow_ups.begin(), c.asked_follow_ups.end(),
                     [&](const std::string& text) { return mentions(text, lower); });
}

// "2019", "last March", "two years ago": a date already behind the person.
bool past_date(std::string_view term) {
  const auto lower = util::ascii_lower(term);
  if (mentions(lower, "last") || mentions(lower, "ago") || mentions(lower, "yesterday")) return true;
  if (lower.size() != 4 || !std::all_of(lower.begin(), lower.end(), is_digit)) return false;
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const int year = static_cast<int>(std::chrono::year_month_day(today).year());
  return std::stoi(lower) < year;
}

// Tasks where a past date is an event worth asking about, not a deadline.
bool dates_are_events(TaskType task) {
  return task == TaskType::diagnose || task == TaskType::dispute || task == TaskType::health;
}

// Up to two drill-downs on one answer, the facet's own kind of detail first.
// "by Friday", "before 1 June", "the deadline is March": a date to act by.
bool deadline_in(std::string_view text, std::string_view term) {
  const auto lower = util::ascii_lower(text);
  const auto at = lower.find(util::ascii_lower(term));
  if (at == std::string::npos) return false;
  const auto before = std::string_view(lower).substr(at >= 24 ? at - 24 : 0, at >= 24 ? 24 : at);
  for (const std::string_view marker : {"by ", "before ", "until ", "deadline", "due ", "no later than "}) {
    if (before.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

// "switched me from ramipril 5 mg to amlodipine": the medicine left behind.
bool previous_medicine(std::string_view text, std::string_view term) {
  const auto lower = util::ascii_lower(text);
  const auto at = lower.find(util::ascii_lower(term));
  if (at == std::string::npos || at < 5) return false;
  const auto before = std::string_view(lower).substr(at >= 12 ? at - 12 : 0, at >= 12 ? 12 : at);
  return before.ends_with("from ") || before.ends_with("stopped ") || before.ends_with("stopped taking ") ||
         before.ends_with("off ") || before.ends_with("instead of ");
}

std::vector<FollowUp> drills_for_answer(const Conversation& c, const AnswerReading& reading, const Facet* facet,
                                        std::string_view text) {
  std::map<TermKind, std::vector<std::string>> by_kind;
  for (const auto& d : reading.details) by_kind[read_kind(d, facet)].push_back(d.text);
  std::vector<TermKind> order = {TermKind::medication, TermKind::owed,     TermKind::person, TermKind::rate,
                                 TermKind::money,      TermKind::place,    TermKind::tool,   TermKind::date,
                                 TermKind::duration,   TermKind::quantity, TermKind::name};
  // The facet's own kind of detail next, after the roles that must never wait
  // (a medicine, a debt, a person named).
  if (facet != nullptr && facet->drill_on != TermKind::none) {
    std::erase(order, facet->drill_on);
    order.insert(order.begin() + 3, facet->drill_on);
  }
  std::vector<FollowUp> out;
  for (const auto kind : order) {
    const auto it = by_kind.find(kind);
    if (it == by_kind.end() || out.size() == 2) continue;
    auto terms = it->second;
    terms.erase(std::remove_if(terms.begin(), terms.end(),
                               [&](const std::string& t) {
                                 if (kind == TermKind::date && !dates_are_events(c.request.task) && past_date(t)) {
                                   return true;  // "How fixed is 2019?" asks about the past as if a deadline
                                 }
                                 if (kind == TermKind::medication && previous_medicine(text, t)) return true;
                                 return already_followed_up(c, t);
                               }),
                terms.end());
    if (terms.empty()) continue;
    if (kind != TermKind::place) terms.resize(1);  // places read well as a list; other details do not
    if (terms.size() > 3) terms.resize(3);
    const std::string id = facet != nullptr ? "drill:" + std::string(facet->id) : "drill:answer";
    out.push_back({id, facet, kind, join_terms(terms), c.request.task,
                   kind == TermKind::date && deadline_in(text, terms.front())});
  }
  return out;
}

// Which probes a task's conversation takes: a limit is weighed in plans,
// purchases, specifications, learning, decisions and changes (and as a
// constraint on a fix); a reservation in choices; a worry everywhere.
bool probe_fits(ProbeKind kind, TaskType task) {
  const bool weighs = task == TaskType::none || task == TaskType::plan || task == TaskType::buy ||
                      task == TaskType::specify || task == TaskType::learn || task == TaskType::decide ||
                      task == TaskType::change;
  switch (kind) {
    case ProbeKind::worry: return true;
    case ProbeKind::limit: return weighs || task == TaskType::diagnose;
    case ProbeKind::reservation: return task == TaskType::decide || task == TaskType::change;
  }
  return false;
}

std::vector<FollowUp> probes_for_answer(const Conversation& c, std::string_view text, const Facet* facet) {
  std::vector<FollowUp> out;
  if (c.language != "en") return out;
  for (auto& p : answer_probes(text)) {
    if (!probe_fits(p.kind, c.request.task) || already_followed_up(c, p.clause)) continue;
    const std::string id = "probe:" + std::string(facet != nullptr ? facet->id : std::string_view("answer"));
    FollowUp f{id, facet, TermKind::none, std::move(p.clause), c.request.task};
    f.probe = p.kind;
    out.push_back(std::move(f));
  }
  return out;
}

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

// Follow-ups for French, German and Spanish conversations: on amounts of money only.
std::vector<FollowUp> foreign_follow_ups(const PlanRequest& request, const Conversation& c) {
  std::vector<FollowUp> out;
  std::set<std::string> seen;
  for (std::size_t i = request.answers.size(); i-- > 0 && out.size() < 3;) {
    if (c.readings[i].tone != AnswerTone::substantive) continue;
    for (const auto& d : c.readings[i].details) {
      if (d.kind != TermKind::money && d.kind != TermKind::owed) continue;
      const std::string term = whole_amount(request.answers[i].text, d.text);
      if (already_followed_up(c, term) || !seen.insert(term).second) continue;
      out.push_back({"drill:answer", nullptr, TermKind::money, term, c.request.task});
    }
  }
  return out;
}

// Only this many of the latest answers are followed up; older ones had their turn.
constexpr std::size_t kAnswersFollowedUp = 12;

// Clarifications first, then drill-downs taking turns across answers, newest answer first.
std::vector<FollowUp> follow_ups(const PlanRequest& request, const Conversation& c) {
  // Other languages: words are never taken for names, places or dates; only
  // amounts of money, which digits and currencies make safe to read.
  if (c.language != "en") return foreign_follow_ups(request, c);
  std::map<int, const AskedQuestion*> by_number;
  for (const auto& q : request.asked) by_number[q.number] = &q;
  std::vector<FollowUp> clarifications;
  std::vector<std::vector<FollowUp>> drills;
  const std::size_t oldest = request.answers.size() > kAnswersFollowedUp ? request.answers.size() - kAnswersFollowedUp : 0;
  for (std::size_t i = request.answers.size(); i-- > oldest;) {
    const auto& a = request.answers[i];
    const AskedQuestion* q = nullptr;
    if (a.question_number) {
      const auto it = by_number.find(*a.question_number);
      if (it != by_number.end()) q = it->second;
    }
    // An answer to a follow-up is followed up too, by the details it adds
    // (a detail already asked about is not asked again), but a vague answer
    // to a follow-up is not pressed a second time.
    const bool answers_follow_up = q != nullptr && is_follow_up_id(q->facet_id);
    const Facet* facet = nullptr;
    if (q != nullptr) {
      const std::string_view id = q->facet_id;
      facet = find_facet(answers_follow_up ? id.substr(id.find(':') + 1) : id);
    }
    const auto tone = c.readings[i].tone;
    // The closing catch-all (priority 10) has nothing to clarify.
    if (tone == AnswerTone::tentative && !answers_follow_up && facet != nullptr && facet->priority < 10) {
      const std::string id = "clarify:" + std::string(facet->id);
      const bool pending = std::any_of(clarifications.begin(), clarifications.end(),
                                       [&](const FollowUp& f) { return f.facet_id == id; });
      if (c.asked_ids.count(id) == 0 && !pending) {
        clarifications.push_back({id, facet, TermKind::none, "", c.request.task});
      }
    } else if (tone == AnswerTone::confused && !answers_follow_up && facet != nullptr && facet->priority < 10 &&
               c.language == "en") {
      // "I don't understand this question": asked once more, more simply;
      // not understood again, it is dropped (never asked a third time).
      const std::string id = "reword:" + std::string(facet->id);
      const bool pending = std::any_of(clarifications.begin(), clarifications.end(),
                                       [&](const FollowUp& f) { return f.facet_id == id; });
      if (c.asked_ids.count(id) == 0 && !pending) {
        FollowUp f{id, facet, TermKind::none, "", c.request.task};
        f.reword = true;
        clarifications.push_back(std::move(f));
      }
    } else if (tone == AnswerTone::substantive) {
      drills.push_back(drills_for_answer(c, c.readings[i], facet, a.text));
      // After the answer's first detail, what the person set as a limit,
      // worried about or said "but" to is reflected back.
      auto& list = drills.back();
      for (auto& p : probes_for_answer(c, a.text, facet)) {
        list.insert(list.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(list.size(), 1)), std::move(p));
      }
    }
  }
  // Before any answer, the request's own details are worth picking up: "every
  // night around 2am" leads to what else runs then.
  if (request.answers.empty() && !util::trim(request.context).empty()) {
    auto from_request = drills_for_answer(c, read_answer(request.context), nullptr, request.context);
    for (auto& f : from_request) f.facet_id = "drill:request";
    drills.push_back(std::move(from_request));
  }
  // The newest answers first (the loop above went from newest to oldest).
  std::vector<FollowUp> out = std::move(clarifications);
  std::set<std::string> terms_taken;
  for (std::size_t round = 0; round < 3; ++round) {
    for (const auto& list : drills) {
      if (round >= list.size()) continue;
      if (terms_taken.insert(util::ascii_lower(list[round].term)).second) out.push_back(list[round]);
    }
  }
  return out;
}

// ============================================================ one batch

// The questions chosen so far, refusing anything that repeats the conversation.
class BatchBuilder {
 public:
  BatchBuilder(const Conversation& c, const PlanRequest& r, std::size_t capacity)
      : c_(c), r_(r), capacity_(capacity) {}

  bool full() const { return chosen_.size() >= capacity_; }
  void set_capacity(std::size_t capacity) { capacity_ = capacity; }
  const std::vector<PlannedQuestion>& chosen() const { return chosen_; }
  bool has(std::string_view facet_id) const { return ids_.count(std::string(facet_id)) != 0; }

  // True when a chosen catalogue facet follows up this kind of detail itself.
  bool asks_about(TermKind kind) const {
    return std::any_of(chosen_.begin(), chosen_.end(), [&](const PlannedQuestion& q) {
      const Facet* f = find_facet(q.facet_id);
      return f != nullptr && f->drill_on == kind;
    });
  }
  std::size_t size() const { return chosen_.size(); }

  // True when the question nearly repeats one asked before or chosen now.
  bool repeats(const PlannedQuestion& q) const {
    if (!is_follow_up_id(q.facet_id) && (c_.asked_ids.count(q.facet_id) != 0 || ids_.count(q.facet_id) != 0)) {
      return true;
    }
    const auto words = content_words(q.text, c_.topic_words);
    const auto close = [&](const Wording& other) {
      return jaccard(words, other) >= kNearDuplicateWording;
    };
    return std::any_of(c_.asked_wording.begin(), c_.asked_wording.end(), close) ||
           std::any_of(wording_.begin(), wording_.end(), close);
  }

  // Adds the first wording that neither repeats nor is vetoed; false if none.
  bool add_first(const std::vector<PlannedQuestion>& options) {
    for (const auto& q : options) {
      if (full() || repeats(q) || vetoed(q)) continue;
      wording_.push_back(content_words(q.text, c_.topic_words));
      ids_.insert(q.facet_id);
      chosen_.push_back(q);
      return true;
    }
    return false;
  }

  bool any_fresh(const std::vector<PlannedQuestion>& options) const {
    return std::any_of(options.begin(), options.end(), [&](const PlannedQuestion& q) { return !repeats(q); });
  }

  std::vector<PlannedQuestion> take() { return std::move(chosen_); }

 private:
  bool vetoed(const PlannedQuestion& q) const { return r_.too_similar && r_.too_similar(q.text); }

  const Conversation& c_;
  const PlanRequest& r_;
  std::size_t capacity_;
  std::vector<PlannedQuestion> chosen_;
  std::vector<Wording> wording_;
  std::set<std::string> ids_;
};

constexpr std::size_t kSubjectMentionsFirst = 4;
constexpr std::size_t kSubjectMentionsLater = 1;

bool names_subject(const Conversation& c, std::string_view text) {
  if (c.topic == "this") return false;
  return text.find(c.topic) != std::string_view::npos ||
         (c.subject_short != c.topic && text.find(c.subject_short) != std::string_view::npos);
}

// After its first mention in a batch the subject goes by its shorter name:
// "your Postgres replica", then "the replica".
void shorten_repeated_subject(const Conversation& c, std::vector<PlannedQuestion>& questions) {
  if (c.topic == "this" || c.subject_short == c.topic) return;
  bool seen = false;
  for (auto& q : questions) {
    const auto at = q.text.find(c.topic);
    if (at == std::string::npos) continue;
    if (seen) q.text.replace(at, c.topic.size(), c.subject_short);
    seen = true;
  }
}

// Themes already dealt with: those of every catalogue facet asked so far.
std::set<std::string_view> asked_themes(const Conversation& c) {
  std::set<std::string_view> themes;
  for (const auto& id : c.asked_ids) {
    const Facet* f = find_facet(id);
    if (f != nullptr && !f->theme.empty()) themes.insert(f->theme);
  }
  return themes;
}

// Adds facets in order of relevance while there is room; returns how many
// relevant facets are left for later batches, the first of them in `open`.
int add_facets(const Conversation& c, BatchBuilder& batch, std::vector<OpenFacet>& open) {
  auto themes = asked_themes(c);
  // Facets of a domain and of a task sometimes ask the same thing ("the time
  // you have each week"): one subject is asked once.
  std::set<std::string_view> subjects;
  const auto note = [&](std::string_view id) {
    if (const Facet* f = find_facet(id)) {
      if (!f->theme.empty()) themes.insert(f->theme);
      subjects.insert(f->subject);
    }
  };
  for (const auto& id : c.asked_ids) note(id);
  for (const auto& q : batch.chosen()) note(q.facet_id);
  // A first batch names the subject in up to four questions, a later one in
  // one: enough to show the request was read, not so often that it drones.
  // Other languages have no shorter second name ("votre appartement" stays
  // whole), so one mention fewer.
  const std::size_t first_limit = c.language == "en" ? kSubjectMentionsFirst : kSubjectMentionsFirst - 1;
  const std::size_t subject_limit = c.asked_ids.empty() ? first_limit : kSubjectMentionsLater;
  std::size_t subject_named = 0;
  for (const auto& q : batch.chosen()) subject_named += names_subject(c, q.text) ? 1 : 0;
  int remaining = 0;
  for (const auto& ranked : rank_facets(c)) {
    const Facet& f = facet_catalogue()[ranked.index];
    if (c.asked_ids.count(f.id) != 0 || batch.has(f.id)) continue;
    if (!f.theme.empty() && themes.count(f.theme) != 0) continue;
    if (subjects.count(f.subject) != 0) continue;
    const bool is_covered = covered(c, ranked.index);
    // A covered generic facet leaves its theme to a more specific facet.
    if (!f.theme.empty() && (!is_covered || f.domain != "generic")) themes.insert(f.theme);
    if (is_covered) continue;
    // Whether a facet is asked again is decided on its plain wording, so that
    // naming the subject never changes which facets a conversation gets.
    auto q = facet_question(f, c);
    if (batch.repeats(q)) continue;
    if (!batch.full() && subject_named < subject_limit) {
      if (auto named = facet_question(f, c, true); named.text != q.text && !batch.repeats(named)) q = std::move(named);
    }
    if (!batch.full()) {
      if (batch.add_first({q})) {
        subjects.insert(f.subject);  // a veto drops the facet for good
        subject_named += names_subject(c, q.text) ? 1 : 0;
      }
      continue;
    }
    subjects.insert(f.subject);
    ++remaining;
    if (open.size() < kMaxOpenFacets) open.push_back({q.facet_id, std::string(f.subject), q.importance});
  }
  return remaining;
}

// ============================================================ vague requests

// The open questions a request that says too little gets first, per language.
struct VagueWording {
  std::string_view language;
  std::string_view about;          // when nothing names a subject
  std::string_view about_subject;  // with {topic}
  std::string_view outcome;
};

constexpr VagueWording kVague[] = {
    {"en", "What is this about — could you describe the situation in a sentence or two?",
     "What about {topic} would you like help with — what is the situation at the moment?",
     "What would you like to come out of this — a decision, a plan, a piece of writing, an explanation, or something else?"},
    {"fr", "De quoi s'agit-il — pourriez-vous décrire la situation en une ou deux phrases ?", "",
     "Qu'aimeriez-vous obtenir — une décision, un plan, un texte, une explication, ou autre chose ?"},
    {"de", "Worum geht es — könnten Sie die Lage in ein, zwei Sätzen beschreiben?", "",
     "Was soll am Ende herauskommen — eine Entscheidung, ein Plan, ein Text, eine Erklärung oder etwas anderes?"},
    {"es", "¿De qué se trata? ¿Podría describir la situación en una o dos frases?", "",
     "¿Qué le gustaría obtener: una decisión, un plan, un texto, una explicación u otra cosa?"},
};

bool is_vague_id(std::string_view id) { return id.starts_with("vague."); }

std::vector<PlannedQuestion> vague_questions(const Conversation& c, std::size_t capacity) {
  const VagueWording* w = &kVague[0];
  for (const auto& v : kVague) {
    if (v.language == c.language) w = &v;
  }
  const bool subject = c.topic != "this" && !w->about_subject.empty();
  std::vector<PlannedQuestion> out;
  out.push_back({std::string(subject ? fill(w->about_subject, "{topic}", c.topic) : std::string(w->about)),
                 "vague.about", "Nothing can be planned well until it is clear what this is about.",
                 "The situation in the person's own words: what is going on and what they want help with."});
  if (capacity > 1) {
    out.push_back({std::string(w->outcome), "vague.outcome",
                   "Knowing the kind of result wanted decides which questions matter next.",
                   "Whether they need a decision, a plan, a text, an explanation or something else."});
  }
  return out;
}

// A vague request's answers about what it is about read as part of the
// request: the next batch is planned from them.
PlanRequest with_vague_answers(const PlanRequest& request) {
  std::set<int> vague_numbers;
  for (const auto& q : request.asked) {
    if (is_vague_id(q.facet_id)) vague_numbers.insert(q.number);
  }
  if (vague_numbers.empty()) return request;
  const bool only_vague = vague_numbers.size() == request.asked.size();
  PlanRequest out = request;
  for (const auto& a : request.answers) {
    const bool about = a.question_number ? vague_numbers.count(*a.question_number) != 0 : only_vague;
    if (about && !util::trim(a.text).empty()) {
      if (!out.context.empty()) out.context += ". ";
      out.context += a.text;
    }
  }
  return out;
}

}  // namespace

double wording_similarity(std::string_view a, std::string_view b) {
  return jaccard(content_words(a), content_words(b));
}

Plan plan_batch(const PlanRequest& original) {
  const PlanRequest request = with_vague_answers(original);
  const auto capacity = static_cast<std::size_t>(std::clamp(request.batch_size, 1, 10));
  const Conversation c = read_conversation(request);

  Plan plan;
  plan.language = c.language;
  plan.task = std::string(task_name(c.request.task));
  plan.subject = c.topic == "this" ? std::string() : c.topic;
  for (const auto& d : c.domains) plan.domains.emplace_back(d.name);
  if (plan.domains.empty()) plan.domains.emplace_back("generic");
  const bool vague = c.request.vague || (c.request.content_words <= 2 && c.request.task == TaskType::none &&
                                         c.domains.empty());
  if (vague && request.asked.empty()) {
    // First find out what it is about; budget and timeline can wait.
    plan.questions = vague_questions(c, capacity);
    plan.next_batch_needed = true;
    plan.total_questions_estimated = static_cast<int>(plan.questions.size()) + 5;
    return plan;
  }
  const auto waiting = follow_ups(request, c);

  BatchBuilder batch(c, request, capacity);
  // A follow-up batch mixes follow-ups (about half) with new facets.
  // Most of a later batch builds on what the person said: two in three.
  std::size_t follow_up_share = waiting.empty() ? 0 : std::max<std::size_t>(1, (capacity * 2 + 2) / 3);
  // A first batch is mostly about what has not been said: the request's own
  // details get the last place, after the facets.
  if (request.asked.empty()) {
    follow_up_share = 0;
    if (!waiting.empty() && capacity > 2) batch.set_capacity(capacity - 1);
  }
  std::size_t next = 0;
  for (; next < waiting.size() && batch.size() < follow_up_share; ++next) {
    batch.add_first(follow_up_questions(waiting[next], c.language));
  }
  std::vector<OpenFacet> open;
  int remaining = add_facets(c, batch, open);
  batch.set_capacity(capacity);
  for (; next < waiting.size() && !batch.full(); ++next) {
    // A chosen facet that already asks about this kind of detail makes the follow-up redundant.
    if (waiting[next].facet_id == "drill:request" && batch.asks_about(waiting[next].kind)) continue;
    batch.add_first(follow_up_questions(waiting[next], c.language));
  }
  if (!batch.full()) {
    open.clear();
    remaining = add_facets(c, batch, open);
  }
  int follow_ups_left = 0;
  for (; next < waiting.size(); ++next) follow_ups_left += batch.any_fresh(follow_up_questions(waiting[next], c.language)) ? 1 : 0;

  plan.questions = batch.take();
  shorten_repeated_subject(c, plan.questions);
  plan.open_facets = std::move(open);
  plan.remaining_relevant = remaining;
  plan.next_batch_needed = remaining > 0 || follow_ups_left > 0;
  plan.total_questions_estimated =
      static_cast<int>(request.asked.size() + plan.questions.size()) + plan.remaining_relevant;
  return plan;
}

}  // namespace sq::questioning
