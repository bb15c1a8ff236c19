// Choosing a conversation's domains: see domain_choice.hpp.
#include "questioning/domain_choice.hpp"

#include <algorithm>
#include <iterator>
#include <set>

#include "questioning/facet_catalogue.hpp"
#include "questioning/lexicon.hpp"
#include "questioning/noun_domains.hpp"
#include "questioning/subject_phrase.hpp"
#include "util/text.hpp"

namespace sq::questioning::planning {

namespace {

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
      // A correction says what the conversation is about: "it's not about
      // software", "nothing to do with my garden", "this isn't a legal
      // matter". A thing described by what it is not ("a shower tray, not a
      // shower over the bath") rejects no domain.
      const bool about = i + 1 < words.size() && (words[i + 1] == "about" || words[i + 1] == "related" ||
                                                  (words[i + 1] == "to" && i + 2 < words.size() && words[i + 2] == "do"));
      const bool says_what_it_is =
          i == 0 || (i >= 1 && (words[i - 1] == "it's" || words[i - 1] == "its" || words[i - 1] == "this" ||
                                words[i - 1] == "that's" || words[i - 1] == "is" || words[i - 1] == "it" ||
                                words[i - 1] == "this's"));
      if (!about && !says_what_it_is) continue;
      std::size_t at = i + 1;
      if (at < words.size() && (words[at] == "about" || words[at] == "related" || words[at] == "to" ||
                                words[at] == "a" || words[at] == "my")) {
        ++at;
      }
      if (at < words.size() && (words[at] == "to" || words[at] == "a" || words[at] == "an" || words[at] == "my" ||
                                words[at] == "our" || words[at] == "the")) {
        ++at;
      }
      if (at < words.size() && words[at] == "do" && at + 1 < words.size() && words[at + 1] == "with") at += 2;
      for (std::size_t d = 0; d < domain_catalogue().size(); ++d) {
        if (at >= words.size()) break;
        const auto [length, weight] = keyword_at(d, words, at);
        // Without "about", only a word that names the domain outright counts.
        if (length != 0 && (about || weight == 4)) {
          rejected.insert(d);
          correction = words;
        }
      }
    }
  }
  return rejected;
}

}  // namespace

std::vector<DomainScore> score_domains(const std::vector<std::string>& words) {
  std::vector<DomainScore> scores;
  const std::size_t limit = std::min<std::size_t>(words.size(), 300);
  // As for the task, words after "before", "when", "because" ... in the
  // first sentence describe its circumstances: "lose 10 kg before my wedding"
  // is about losing weight, so "wedding" counts half.
  const std::size_t main_clause_end = std::min(limit, lexicon::subordinate_clause_at(words, 40));
  std::size_t head_at = limit;
  std::size_t head_domain = 0;
  for (std::size_t d = 0; d < domain_catalogue().size(); ++d) {
    DomainScore s{d, 0, limit};
    for (std::size_t i = 0; i < limit; ++i) {
      const auto [length, weight] = keyword_at(d, words, i);
      if (length == 0) continue;
      const bool modifier = modifies_other_domain(d, words, i + length);
      const bool circumstance = i >= main_clause_end;
      s.score += modifier ? weight / 4 : circumstance ? weight / 2 : weight;
      s.first = std::min(s.first, i);
      if (!modifier && !circumstance && weight == 4 && i < head_at) {
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

std::vector<DomainWeight> choose_domains(const PlanRequest& request, bool english, bool product_options) {
  // Named products weighed against each other: what they are for ("... for
  // long-haul flights?") is no domain of its own.
  std::string_view scored = request.context;
  if (product_options) {
    if (const auto purpose = scored.find(" for "); purpose != std::string_view::npos) scored = scored.substr(0, purpose);
  }
  auto scores = score_domains(util::words(scored));
  // ... and they are a purchase.
  if (product_options) {
    const auto& domains = domain_catalogue();
    for (std::size_t i = 0; i < domains.size(); ++i) {
      if (domains[i].name != "purchasing") continue;
      auto it = std::find_if(scores.begin(), scores.end(), [&](const DomainScore& ds) { return ds.index == i; });
      if (it == scores.end()) {
        scores.push_back({i, 4, 0});
      } else {
        it->score += 4;
        it->first = 0;
      }
    }
  }
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
    // Words of buying say what is done, not what it is about: after them a
    // single strong word names the thing bought ("buy my first horse").
    const bool after_purchase = chosen.size() == 1 && chosen.front().name == "purchasing";
    const bool strong_enough =
        chosen.empty() || (s.score >= (after_purchase ? 2 : 3) && (after_purchase || 2 * s.score >= scores.front().score));
    if (strong_enough) chosen.push_back({domain_catalogue()[s.index].name, weights[chosen.size()]});
  }
  return chosen;
}

}  // namespace sq::questioning::planning
