// Facts that bear on a request: see facts_bearing.hpp.
#include "questioning/facts_bearing.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "questioning/lexicon.hpp"
#include "questioning/people_words.hpp"
#include "questioning/tokens.hpp"

namespace sq::questioning {

namespace {

using lexicon::one_of;

struct KindUse {
  std::string_view kind;
  std::string_view label;  // "where you live matters"
  std::initializer_list<std::string_view> domains;
};

// For each kind of fact, the domains whose requests it matters to.
const KindUse kKindUses[] = {
    {"health", "health, allergies and medicines matter",
     {"health", "fitness", "cooking", "travel", "events", "parenting", "insurance", "relocation", "education"}},
    {"diet", "what people eat matters", {"cooking", "travel", "events", "health", "fitness", "parenting"}},
    {"home", "where you live matters",
     {"relocation", "legal", "travel", "home", "career", "education", "events", "finance", "insurance", "purchasing",
      "business", "hiring"}},
    {"language", "the languages you speak matter",
     {"relocation", "career", "education", "travel", "learning", "writing", "parenting", "hiring"}},
    {"tool", "the tools you use matter",
     {"software", "operations", "business", "writing", "learning", "purchasing", "research", "science", "teamwork"}},
    {"person", "the people in your life matter",
     {"relocation", "travel", "events", "parenting", "career", "finance", "home", "health", "education", "legal",
      "cooking", "insurance"}},
};

// Words too common to show that a fact and a request are about the same thing.
bool is_plain_word(std::string_view w) {
  return w.size() < 4 ||
         one_of(w, {"with", "that", "this", "have", "from", "they", "them", "their", "there", "what", "when", "which",
                    "would", "could", "should", "about", "want", "need", "help", "like", "just", "also", "been",
                    "into", "more", "some", "very", "will", "your", "ours", "only", "does", "doesn't", "don't",
                    "isn't", "live", "lives", "uses", "used", "using", "speak", "speaks", "takes", "take", "next",
                    "year", "years", "week", "weeks", "month", "months", "every", "daily", "since", "still"});
}

std::set<std::string> content_words(std::string_view text) {
  std::set<std::string> out;
  for (const auto& t : tokenize(text)) {
    if (!is_plain_word(t.lower)) out.insert(t.lower);
  }
  return out;
}

// The relation a fact is held by: "daughter" in "health:daughter:mia:allergy:x", "partner" in "person:partner:anna".
std::string holder_relation(std::string_view key) {
  const auto colon = key.find(':');
  if (colon == std::string_view::npos) return {};
  const auto rest = key.substr(colon + 1);
  return std::string(rest.substr(0, rest.find(':')));
}

}  // namespace

std::vector<BearingFact> facts_bearing_on(const std::vector<storage::FactRow>& facts, std::string_view context,
                                          const std::vector<std::string>& domains,
                                          std::string_view conversation_id) {
  const auto request_words = content_words(context);
  bool names_child = false, names_family = false;
  for (const auto& t : tokenize(context)) {
    if (people::is(people::Kind::child, "en", t.lower)) names_child = true;
    if (people::is(people::Kind::relative, "en", t.lower) || one_of(t.lower, {"family", "families", "household"})) {
      names_family = true;
    }
  }
  // A person named only by relation is left out when the same relation is also known by name.
  std::set<std::string> named_relations;
  for (const auto& f : facts) {
    if (f.kind == "person" && std::count(f.key.begin(), f.key.end(), ':') >= 2) named_relations.insert(holder_relation(f.key));
  }

  std::vector<BearingFact> out;
  for (const auto& f : facts) {
    if (out.size() >= kMaxBearingFacts) break;
    if (f.conversation_id == conversation_id) continue;
    if (f.kind == "person" && std::count(f.key.begin(), f.key.end(), ':') == 1 &&
        named_relations.count(holder_relation(f.key))) {
      continue;
    }
    std::string why;
    for (const auto& w : content_words(f.text)) {
      if (request_words.count(w)) {
        why = fmt::format("the request mentions \"{}\"", w);
        break;
      }
    }
    const std::string relation = holder_relation(f.key);
    if (why.empty() && names_child && people::is(people::Kind::child, "en", relation)) {
      why = fmt::format("the request is about children, and this is about your {}", relation);
    }
    if (why.empty() && !domains.empty()) {
      for (const auto& use : kKindUses) {
        if (use.kind != f.kind) continue;
        for (const auto& d : domains) {
          if (std::find(use.domains.begin(), use.domains.end(), d) == use.domains.end()) continue;
          why = fmt::format("{} for a request about {}", use.label, d);
          break;
        }
      }
    }
    if (why.empty() && names_family && f.kind == "person") why = "the request speaks of your family";
    if (!why.empty()) out.push_back({f, std::move(why)});
  }
  return out;
}

}  // namespace sq::questioning
