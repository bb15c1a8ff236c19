// The catalogue of information facets the built-in planner can ask about.
// Each facet is reviewable data: the question's wording, why it matters, what
// to look for in the answer, and the keywords that make it relevant to a
// context or show that an answer already covered it. The domains' own
// keywords (used to recognise what a conversation is about) live here too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sq::questioning {

// Kinds of concrete detail a person's text can contain (the last four are
// roles read from the words around a detail: a medicine with its dose, an
// amount someone owes, a rate, a person named with their relation). Facets use them to
// recognise coverage ("$3,000" covers a budget) and to pick a follow-up.
enum class TermKind { none, money, date, duration, quantity, place, tool, name, medication, owed, rate, person, option };

// One thing worth knowing, phrased as a question a skilled interviewer would ask.
//
// Keyword lists (`triggers`, `covered_by`) are comma-separated; an entry may
// be several words ("out of pocket"), and a trailing '*' makes a word match
// any word it starts ("insur*" matches "insurance", "insurer").
struct Facet {
  std::string_view id{};          // "travel.budget"
  std::string_view domain{};      // "travel", ..., "generic"
  std::string_view question{};    // may contain {topic}
  // The same question naming the request's subject, "{subject}" (a noun
  // phrase with its determiner: "your Postgres replica", "the speech"), used
  // after a preposition or as an object so that it reads whether the subject
  // is singular or plural. Empty when the question reads better without it.
  std::string_view with_subject{};
  // The same question naming the other side of a dispute, "{party}" ("the
  // builder", "your landlord"), used when the request names one.
  std::string_view with_party{};
  std::string_view importance{};  // why it matters, one sentence
  std::string_view look_for{};    // what to look for in the answer, one sentence
  std::string_view subject{};     // short noun phrase for a gentle clarification: "the budget"
  std::string_view theme{};       // concern shared across domains ("budget"); one facet per theme is asked
  int priority = 5;               // 1 = ask first ... 10 = ask last
  std::string_view triggers{};    // context words that make this facet more relevant
  std::string_view covered_by{};  // words in the context or an answer that show it is covered
  TermKind signal = TermKind::none;    // a detail of this kind in the context or an answer also covers it
  TermKind drill_on = TermKind::none;  // the detail this facet's own follow-up digs into
  std::string_view drill{};       // follow-up template with {term}: "Does the {term} include flights?"
  // Domains, or tasks as "task:<type>", where the facet reads wrong (a
  // fault's "error message" for a toddler; "features for the first version"
  // in a choice of CI service); "about:child" when it speaks to the person
  // about themselves, which is wrong when the concern is their child's;
  // "about:relative" when it asks about the person's own body, wrong when the
  // health concern is a grown-up relative's, and "about:self" when it asks
  // about that relative; "about:animal" when it asks about a product, wrong when an animal is bought,
  // and "about:product" when it asks about an animal being bought.
  std::string_view not_for{};
  // Asked only when one of its `triggers` appears in the request or an
  // answer: a question about how a meeting runs belongs to requests about
  // meetings, not to every request about a team.
  bool needs_trigger = false;
};

// A subject area and the words that show a context is about it. Strong words
// count double; `strong` and `weak` use the keyword-list syntax above.
struct Domain {
  std::string_view name;
  std::string_view strong;
  std::string_view weak;
};

// Another language's wording of a facet (task and generic facets have them).
struct FacetTranslation {
  std::string_view id{};
  std::string_view language{};  // "fr", "de", "es"
  std::string_view question{};  // never holds {topic}
  // The question naming the request's subject, "{subject}": a possessive
  // noun phrase read from the request ("votre chat", "su tienda física", and
  // in German the dative "Ihrer Spülmaschine"), always after a preposition.
  std::string_view with_subject{};
  std::string_view importance{};
  std::string_view look_for{};
  std::string_view with_party{};  // naming the other side of a dispute, "{party}" in the nominative
};

// Domain facets, then task facets (domain "task:<type>"), then the generic set.
const std::vector<Facet>& facet_catalogue();
// nullptr when the facet has no wording in that language.
const FacetTranslation* find_translation(std::string_view id, std::string_view language);
// nullptr when no facet has that id.
const Facet* find_facet(std::string_view id);
// Every domain except "generic" (which has no keywords), in a fixed order.
const std::vector<Domain>& domain_catalogue();

// The words of one or more texts (lower-cased by util::words), kept both in
// order (for phrases) and sorted (for fast look-up).
class TokenIndex {
 public:
  TokenIndex() = default;
  explicit TokenIndex(const std::vector<std::string_view>& texts);
  TokenIndex(const TokenIndex&) = delete;  // sorted_ views sequence_
  TokenIndex& operator=(const TokenIndex&) = delete;
  TokenIndex(TokenIndex&&) = default;
  TokenIndex& operator=(TokenIndex&&) = default;

  bool contains(std::string_view word) const;
  bool contains_prefix(std::string_view prefix) const;
  // The words in order; texts are separated by an empty string.
  const std::vector<std::string>& sequence() const { return sequence_; }
  bool empty() const { return sorted_.empty(); }

 private:
  std::vector<std::string> sequence_;
  std::vector<std::string_view> sorted_;  // unique, viewing sequence_
};

// A keyword list compiled once for matching against tokenised text.
class KeywordList {
 public:
  KeywordList() = default;
  explicit KeywordList(std::string_view comma_separated);

  // True when any entry occurs in `index`.
  bool found_in(const TokenIndex& index) const;
  // How many words of the longest entry that matches at `words[i]` (0: none does).
  std::size_t match_at(const std::vector<std::string>& words, std::size_t i) const;
  bool empty() const { return entries_.empty(); }

 private:
  struct Word {
    std::string text;
    bool prefix = false;
  };
  static bool word_matches(const Word& w, std::string_view token);
  std::vector<std::vector<Word>> entries_;
  // Which entries can start at a word: exact first words sorted with their
  // entry's index, and the entries whose first word is a prefix. match_at
  // looks up only these instead of trying every entry.
  std::vector<std::pair<std::string, std::size_t>> by_first_;
  std::vector<std::size_t> prefix_first_;
};

// The compiled keyword lists of facet_catalogue()[i].
const KeywordList& facet_triggers(std::size_t facet_index);
const KeywordList& facet_covered_by(std::size_t facet_index);
// The domain names of facet_catalogue()[i].not_for, split once.
const std::vector<std::string_view>& facet_not_for(std::size_t facet_index);
const KeywordList& domain_strong(std::size_t domain_index);
const KeywordList& domain_weak(std::size_t domain_index);

// True when `lower_word` is part of the catalogue's vocabulary (question
// wording or keywords): a common word here, never a proper noun.
bool is_catalogue_word(std::string_view lower_word);

}  // namespace sq::questioning
