// Questions on standing facts: see fact_questions.hpp.
#include "questioning/fact_questions.hpp"

#include <algorithm>
#include <set>

#include "questioning/lexicon.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

constexpr std::size_t kMaxQuoted = 60;  // characters of the person's words said back

// The person's words turned to the second person: "our daughter" -> "your daughter".
std::string second_person(std::string_view text) {
  struct Swap {
    std::string_view from, to;
  };
  static constexpr Swap swaps[] = {{"i'm", "you're"}, {"i've", "you've"}, {"i'd", "you'd"}, {"we're", "you're"},
                                   {"we've", "you've"}, {"my", "your"},   {"our", "your"},   {"i", "you"},
                                   {"we", "you"},       {"me", "you"},    {"us", "you"},     {"mine", "yours"},
                                   {"am", "are"}};
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!lexicon::is_alpha(text[i]) && text[i] != '\'') {
      out += text[i++];
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && (lexicon::is_alpha(text[j]) || text[j] == '\'')) ++j;
    const std::string word(text.substr(i, j - i));
    const std::string lower = util::ascii_lower(word);
    std::string replaced = word;
    for (const auto& s : swaps) {
      if (lower == s.from) {
        replaced = std::string(s.to);
        break;
      }
    }
    out += replaced;
    i = j;
  }
  return out;
}

// At most kMaxQuoted characters, cut at a word, without a closing full stop.
std::string quoted(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  return util::cut_at_word(text, kMaxQuoted);
}

int rank(std::string_view kind) {
  if (kind == "health") return 0;
  if (kind == "diet") return 1;
  if (kind == "person") return 2;
  if (kind == "home") return 3;
  return 4;
}

PlannedQuestion question_on(const BearingFact& b) {
  const auto& f = b.fact.kind;
  const std::string said = quoted(second_person(b.fact.text));
  PlannedQuestion q;
  q.facet_id = known_fact_facet(f);
  q.importance = "The person said this in an earlier conversation; confirming it saves asking it again.";
  if (f == "health" || f == "diet") {
    q.text = "Earlier you said " + said + " — is that still so, and should this take it into account?";
    q.information_to_look_for = "Whether it still holds, and what it rules out or requires here.";
  } else if (f == "person") {
    q.text = "Earlier you mentioned your " + said + " — are they part of this too, and how?";
    q.information_to_look_for = "Whether this person is involved, and what they need or decide.";
  } else if (f == "home") {
    q.text = "Earlier you said " + said + " — is that still where you are?";
    q.information_to_look_for = "Where the person lives now, if it changed.";
  } else {
    q.text = "Earlier you said " + said + " — does that still hold here?";
    q.information_to_look_for = "Whether it still applies, and what it means here.";
  }
  return q;
}

}  // namespace

std::string known_fact_facet(std::string_view kind) { return "known:" + std::string(kind); }

std::vector<PlannedQuestion> fact_questions(const std::vector<BearingFact>& facts, std::size_t max) {
  std::vector<const BearingFact*> order;
  for (const auto& f : facts) order.push_back(&f);
  std::stable_sort(order.begin(), order.end(),
                   [](const BearingFact* a, const BearingFact* b) { return rank(a->fact.kind) < rank(b->fact.kind); });
  std::vector<PlannedQuestion> out;
  std::set<std::string> kinds;
  for (const auto* f : order) {
    if (out.size() >= max) break;
    if (kinds.count(f->fact.kind)) continue;
    // "your daughter Mia (7) is allergic to peanuts" already names her.
    if (f->fact.kind == "person") {
      const std::string who = util::ascii_lower(f->fact.text.substr(0, f->fact.text.find(',')));
      if (std::any_of(out.begin(), out.end(),
                      [&](const PlannedQuestion& q) { return util::ascii_lower(q.text).find(who) != std::string::npos; })) {
        continue;
      }
    }
    kinds.insert(f->fact.kind);
    out.push_back(question_on(*f));
  }
  return out;
}

}  // namespace sq::questioning
