// Reading a conversation once per batch: see conversation.hpp.
#include "questioning/conversation.hpp"

#include <algorithm>

#include "questioning/child_phrase.hpp"
#include "questioning/relative_phrase.hpp"
#include "questioning/foreign_details.hpp"
#include "questioning/foreign_subject.hpp"
#include "questioning/lexicon.hpp"
#include "questioning/other_party.hpp"
#include "questioning/people_words.hpp"
#include "questioning/subject_phrase.hpp"
#include "util/text.hpp"

namespace sq::questioning::planning {

using lexicon::is_lower;

bool is_follow_up_id(std::string_view id) {
  return id.starts_with("drill:") || id.starts_with("clarify:") || id.starts_with("probe:") ||
         id.starts_with("reword:");
}

namespace {

TaskType task_of_domain(std::string_view domain) {
  if (domain == "health") return TaskType::health;
  if (domain == "purchasing") return TaskType::buy;
  if (domain == "operations") return TaskType::diagnose;
  if (domain == "relocation") return TaskType::change;
  if (domain == "events" || domain == "travel") return TaskType::plan;
  return TaskType::none;
}

// "My son has ...", "Mon fils a des plaques", "Meine Tochter (14) ...":
// the request names the person's own child (in English, as child_phrase
// reads it; elsewhere by a possessive before a child's noun early on).
bool names_own_child(std::string_view request, std::string_view language) {
  if (language == "en") return !child_phrase(request).empty();
  const std::string text = util::plain_apostrophes(util::utf8_prefix(request, 300));
  const auto words = util::words(text);
  for (std::size_t i = 0; i + 1 < words.size() && i < 8; ++i) {
    if (lexicon::one_of(words[i], {"mon", "ma", "notre", "mein", "meine", "unser", "unsere", "mi", "nuestro", "nuestra"}) &&
        people::is(people::Kind::child, language, words[i + 1])) {
      return true;
    }
  }
  return false;
}

// `name` (a view of a literal: DomainWeight keeps no copy) among the
// conversation's domains at `at`, with `weight`, unless it
// is there already; at most three domains are kept.
void add_domain(std::vector<DomainWeight>& domains, std::string_view name, std::size_t at, double weight) {
  if (std::any_of(domains.begin(), domains.end(), [&](const DomainWeight& d) { return d.name == name; })) return;
  domains.insert(domains.begin() + static_cast<std::ptrdiff_t>(std::min(at, domains.size())),
                 {name, weight});
  if (domains.size() > 3) domains.resize(3);
}

}  // namespace

namespace {

// The words an English request puts in quotation marks, as said back in
// curly quotes: "“exercising subrogation rights”"; empty unless there is one
// short quotation of two to six words.
std::string quoted_term(std::string_view context) {
  const std::string text = util::plain_apostrophes(std::string(util::utf8_prefix(context, 500)));
  for (const std::string_view mark : {"\"", "'"}) {
    std::size_t open = text.find(mark);
    // A single quote opens a quotation only before a word, after a space: not "they're".
    while (mark == "'" && open != std::string::npos && open > 0 && text[open - 1] != ' ' && text[open - 1] != '(') {
      open = text.find(mark, open + 1);
    }
    if (open == std::string::npos) continue;
    const std::size_t close = text.find(mark, open + 1);
    if (close == std::string::npos) continue;
    const std::string inside(util::trim(std::string_view(text).substr(open + 1, close - open - 1)));
    const auto words = util::words(inside);
    if (words.size() < 2 || words.size() > 6 || inside.size() > 50) continue;
    // More than one quotation names no single term.
    if (mark == "\"" && text.find(mark, close + 1) != std::string::npos) continue;
    return "\u201c" + inside + "\u201d";
  }
  return {};
}

}  // namespace

Conversation read_conversation(const PlanRequest& request) {
  Conversation c;
  c.request = read_request(request.context);
  c.language = std::string(language_code(c.request.language));
  c.domains = choose_domains(request, c.request.language == Language::en, c.request.product_options);
  // No cue named the task, but the domain leaves little doubt: a health
  // concern, a purchase, an incident, a move, an event or a trip.
  if (c.request.task == TaskType::none && !c.domains.empty()) c.request.task = task_of_domain(c.domains.front().name);
  // Whatever a purchase is for (a robot vacuum for a flat with cats), it is
  // a purchase: its questions join those of what it is for.
  // Second, so the domain the request is about still names the conversation.
  if (c.request.task == TaskType::buy && !c.domains.empty()) add_domain(c.domains, "purchasing", 1, 1.0);

  // A ringing ear since a concert, a rash after a holiday: the event or the
  // trip is when it began, not what the conversation is about.
  if (c.request.task == TaskType::health) {
    std::erase_if(c.domains, [](const DomainWeight& d) { return d.name == "events" || d.name == "travel"; });
  }
  // A health concern that names no domain ("lightheaded every time I stand
  // up") is still one: its questions are the health domain's.
  if (c.request.task == TaskType::health && c.domains.empty()) add_domain(c.domains, "health", 0, 1.0);
  // In other languages the possessive read is what the request is about,
  // which for a piece of writing is seldom the piece ("Ich muss meinen
  // Vertrag kündigen und brauche ein Schreiben").
  if (c.request.language == Language::en) {
    c.topic = topic_phrase(request.context);
  } else {
    const TaskType t = c.request.task;
    const bool objects = t == TaskType::buy || t == TaskType::decide || t == TaskType::plan ||
                         t == TaskType::specify || t == TaskType::dispute;
    c.topic = t == TaskType::write   ? foreign_piece(request.context, c.language)
              : t == TaskType::learn ? foreign_learnt(request.context, c.language)
                                     : foreign_subject(request.context, c.language, objects);
  }
  // "MacBook Air or a Chromebook?": the first option is not the subject.
  if (c.request.alternatives && c.topic != "this") {
    const auto space = c.topic.find(' ');
    const std::string head = space == std::string::npos ? c.topic : c.topic.substr(space + 1);
    const auto context = util::ascii_lower(util::trim(request.context));
    if (context.starts_with(util::ascii_lower(head))) c.topic = "this";
  }
  // Named products weighed against each other are the subject together:
  // "the MacBook Air or the Chromebook".
  if (c.request.product_options) {
    std::string_view text = util::trim(request.context);
    if (const auto purpose = text.find(" for "); purpose != std::string_view::npos) text = text.substr(0, purpose);
    while (!text.empty() && (text.back() == '?' || text.back() == ' ')) text.remove_suffix(1);
    const auto or_at = text.find(" or ");
    if (or_at != std::string_view::npos) {
      std::string_view second = text.substr(or_at + 4);
      for (const std::string_view article : {"a ", "an ", "the "}) {
        if (second.starts_with(article)) second.remove_prefix(article.size());
      }
      const std::string_view first = text.substr(0, or_at);
      if (!first.empty() && !second.empty() && first.size() + second.size() <= 60) {
        c.topic = "the " + std::string(first) + " or the " + std::string(second);
      }
    }
  }
  // "a letter saying they're 'exercising subrogation rights' — what does
  // that mean?": the words the person quotes are what is to be explained,
  // where the subject read names no more than a letter or a message (a
  // school report or a policy schedule stays the subject its words are in).
  if (c.request.task == TaskType::understand && c.request.language == Language::en) {
    const auto head = c.topic.substr(c.topic.rfind(' ') + 1);
    const bool bare = c.topic == "this" || lexicon::one_of(std::string_view(head), {"letter", "email", "e-mail", "message",
                                                                                   "note", "notice", "text"});
    if (auto quoted = quoted_term(request.context); bare && !quoted.empty()) c.topic = std::move(quoted);
  }
  c.subject_short = short_subject(c.topic);
  // What is bought is an animal ("buy my first horse"), not a product (a
  // robot vacuum for a flat with cats): the animal's domain names the
  // conversation, and its questions are a buyer's, not an owner's.
  if (c.request.task == TaskType::buy && c.language == "en" && c.topic != "this") {
    const auto& domains = domain_catalogue();
    const auto scores = score_domains(util::words(c.topic));
    const bool animal = !scores.empty() && domains[scores.front().index].name == "pets" &&
                        std::none_of(scores.begin(), scores.end(), [&](const DomainScore& d) {
                          return domains[d.index].name == "purchasing";
                        });
    const auto pets = std::find_if(c.domains.begin(), c.domains.end(), [](const DomainWeight& d) { return d.name == "pets"; });
    if (animal && pets != c.domains.end()) {
      std::rotate(c.domains.begin(), pets, pets + 1);
      c.domains.front().weight = 1.0;
      c.buys_animal = true;
    }
  }
  if (c.request.task == TaskType::dispute) c.party = other_party(request.context, c.language);
  const bool about_a_child =
      !c.domains.empty() && (c.domains.front().name == "parenting" || c.domains.front().name == "education");
  if (c.language == "en" && about_a_child) c.child = child_phrase(request.context);
  c.about_child = names_own_child(request.context, c.language);
  // A child's health is asked as a parent is asked about it: the parenting
  // questions join those of the health concern.
  const bool health_concern =
      c.request.task == TaskType::health || (!c.domains.empty() && c.domains.front().name == "health");
  // A grown-up relative's health is asked through the person who writes.
  if (health_concern && !c.about_child && c.language == "en") c.relative = relative_phrase(request.context);
  if (c.about_child && health_concern &&
      std::none_of(c.domains.begin(), c.domains.end(), [](const DomainWeight& d) { return d.name == "parenting"; })) {
    add_domain(c.domains, "parenting", 1, 1.0);
    if (c.language == "en") c.child = child_phrase(request.context);
  }
  if (c.topic != "this") {
    const auto words = util::words(c.topic);
    for (const auto& ds : score_domains(words)) c.subject_domains.insert(domain_catalogue()[ds.index].name);
    if (c.request.language == Language::en) {
      for (const auto& ds : noun_scores(words)) c.subject_domains.insert(domain_catalogue()[ds.index].name);
    }
    // What someone asks to learn is a subject of learning, whatever it is,
    // and what someone asks to buy is a purchase.
    if (c.request.task == TaskType::learn) c.subject_domains.insert("learning");
    if (c.request.product_options || c.request.task == TaskType::buy) c.subject_domains.insert("purchasing");
  }
  c.topic_words = content_words(c.topic);
  for (const auto& q : request.asked) {
    if (!q.facet_id.empty()) c.asked_ids.insert(q.facet_id);
    c.asked_wording.push_back(content_words(q.text, c.topic_words));
    if (is_follow_up_id(q.facet_id)) c.asked_follow_ups.push_back(util::ascii_lower(q.text));
  }
  std::vector<std::string_view> evidence{request.context};
  for (const auto& d : extract_details(request.context)) c.details_seen.insert(d.kind);
  const auto foreign_kinds = [&](std::string_view text) {
    for (const auto kind : foreign_detail_kinds(text, c.language)) c.details_seen.insert(kind);
  };
  foreign_kinds(request.context);
  if (c.request.alternatives) c.details_seen.insert(TermKind::option);  // the options are named already
  for (const auto& a : request.answers) {
    c.readings.push_back(read_answer(a.text));
    if (c.readings.back().tone != AnswerTone::substantive) continue;
    evidence.push_back(a.text);
    for (const auto& d : c.readings.back().details) c.details_seen.insert(d.kind);
    foreign_kinds(a.text);
  }
  c.context_words = TokenIndex({request.context});
  c.evidence = TokenIndex(evidence);
  return c;
}

bool covered(const Conversation& c, std::size_t facet_index) {
  const Facet& f = facet_catalogue()[facet_index];
  if (f.signal != TermKind::none && c.details_seen.count(f.signal) != 0) return true;
  // A move whose destination is named ("von Graz nach Kopenhagen") has
  // said where it starts and ends.
  if (f.id == "change.from_to" && !c.domains.empty() && c.domains.front().name == "relocation" &&
      c.details_seen.count(TermKind::place) != 0) {
    return true;
  }
  return facet_covered_by(facet_index).found_in(c.evidence);
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

std::string fill_subject(std::string_view pattern, std::string_view subject, std::string_view language) {
  std::string out = fill(pattern, "{subject}", subject);
  // A subject with its own article meets the preposition before it: "de le
  // mariage" -> "du mariage", "a el piano" -> "al piano", "bei dem" -> "beim".
  static constexpr std::pair<std::string_view, std::string_view> fr[] = {
      {" de le ", " du "}, {" à le ", " au "}, {" de les ", " des "}, {" à les ", " aux "}};
  static constexpr std::pair<std::string_view, std::string_view> es[] = {{" de el ", " del "}, {" a el ", " al "}};
  static constexpr std::pair<std::string_view, std::string_view> de[] = {
      {" bei dem ", " beim "}, {" zu dem ", " zum "}, {" zu der ", " zur "}, {" von dem ", " vom "},
      {" in dem ", " im "}};
  const auto contract = [&](const auto& pairs) {
    for (const auto& [from, to] : pairs) {
      for (auto at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size())) {
        out.replace(at, from.size(), to);
      }
    }
  };
  if (language == "fr") contract(fr);
  if (language == "es") contract(es);
  if (language == "de") contract(de);
  return out;
}

}  // namespace sq::questioning::planning
