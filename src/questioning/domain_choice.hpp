// Which subject areas a request is about: the catalogue's domain keywords,
// a correction that rejects a domain, and for English the nouns WordNet
// leads to a domain. The choice is made from the request (and, for a vague
// one, from what it turned out to be about); later answers never move it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "questioning/planner.hpp"

namespace sq::questioning::planning {

struct DomainScore {
  std::size_t index = 0;  // into domain_catalogue()
  int score = 0;
  std::size_t first = 0;  // position of the first keyword
};

struct DomainWeight {
  std::string_view name;
  double weight = 0;
};

// The domains a conversation is about, most relevant first (at most three).
// A domain needs at least one strong keyword, or two weak ones.
inline constexpr int kMinDomainEvidence = 4;

// Scores each domain by its keywords in `words`. The first strong keyword that
// is not a modifier names what the text is about and earns a bonus.
std::vector<DomainScore> score_domains(const std::vector<std::string>& words);

// Domains the nouns of `words` lead to through WordNet, one noun counting as
// enough evidence: used only when no keyword of the catalogue matched.
std::vector<DomainScore> noun_scores(const std::vector<std::string>& words);

// The domains of a conversation, at most three, weighted 1, 0.8 and 0.65.
std::vector<DomainWeight> choose_domains(const PlanRequest& request, bool english, bool product_options = false);

}  // namespace sq::questioning::planning
