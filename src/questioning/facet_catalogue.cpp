// The facet catalogue and its keyword matching: see facet_catalogue.hpp.
#include "questioning/facet_catalogue.hpp"

#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "util/text.hpp"

namespace sq::questioning {

// The catalogue's data are constant arrays, copied once into vectors: a
// braced list of a thousand entries given straight to a vector takes the
// compiler minutes to optimise; an array of literals takes seconds.
namespace {

constexpr Facet kFacets[] = {
#include "questioning/facet_data.inc"
#include "questioning/task_facet_data.inc"
};

constexpr FacetTranslation kTranslations[] = {
#include "questioning/facet_translations.inc"
};

constexpr Domain kDomains[] = {
#include "questioning/domain_data.inc"
};

}  // namespace

const std::vector<Facet>& facet_catalogue() {
  static const std::vector<Facet> facets(std::begin(kFacets), std::end(kFacets));
  return facets;
}

const FacetTranslation* find_translation(std::string_view id, std::string_view language) {
  static const std::vector<FacetTranslation> translations(std::begin(kTranslations), std::end(kTranslations));
  static const std::unordered_map<std::string, const FacetTranslation*> by_key = [] {
    std::unordered_map<std::string, const FacetTranslation*> map;
    for (const auto& t : translations) map.emplace(std::string(t.language) + ":" + std::string(t.id), &t);
    return map;
  }();
  const auto it = by_key.find(std::string(language) + ":" + std::string(id));
  return it == by_key.end() ? nullptr : it->second;
}

const std::vector<Domain>& domain_catalogue() {
  static const std::vector<Domain> domains(std::begin(kDomains), std::end(kDomains));
  return domains;
}

const Facet* find_facet(std::string_view id) {
  static const std::unordered_map<std::string_view, const Facet*> by_id = [] {
    std::unordered_map<std::string_view, const Facet*> map;
    for (const auto& f : facet_catalogue()) map.emplace(f.id, &f);
    return map;
  }();
  const auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : it->second;
}

// ------------------------------------------------------------ TokenIndex

TokenIndex::TokenIndex(const std::vector<std::string_view>& texts) {
  for (const auto text : texts) {
    auto ws = util::words(text);
    if (ws.empty()) continue;
    if (!sequence_.empty()) sequence_.emplace_back();
    for (auto& w : ws) sequence_.push_back(std::move(w));
  }
  sorted_.reserve(sequence_.size());
  for (const auto& w : sequence_) sorted_.emplace_back(w);
  std::sort(sorted_.begin(), sorted_.end());
  sorted_.erase(std::unique(sorted_.begin(), sorted_.end()), sorted_.end());
  if (!sorted_.empty() && sorted_.front().empty()) sorted_.erase(sorted_.begin());
}

bool TokenIndex::contains(std::string_view word) const {
  return std::binary_search(sorted_.begin(), sorted_.end(), word);
}

bool TokenIndex::contains_prefix(std::string_view prefix) const {
  const auto it = std::lower_bound(sorted_.begin(), sorted_.end(), prefix);
  return it != sorted_.end() && it->substr(0, prefix.size()) == prefix;
}

// ------------------------------------------------------------ KeywordList

KeywordList::KeywordList(std::string_view comma_separated) {
  while (!comma_separated.empty()) {
    const auto comma = comma_separated.find(',');
    const auto entry = comma_separated.substr(0, comma);
    comma_separated = comma == std::string_view::npos ? std::string_view{} : comma_separated.substr(comma + 1);
    const bool prefix = util::trim(entry).ends_with('*');
    auto ws = util::words(entry);
    if (ws.empty()) continue;
    std::vector<Word> words;
    for (auto& w : ws) words.push_back({std::move(w), false});
    words.back().prefix = prefix;
    entries_.push_back(std::move(words));
  }
  for (std::size_t e = 0; e < entries_.size(); ++e) {
    const Word& first = entries_[e].front();
    if (first.prefix) {
      prefix_first_.push_back(e);
    } else {
      by_first_.emplace_back(first.text, e);
    }
  }
  std::sort(by_first_.begin(), by_first_.end());
}

bool KeywordList::word_matches(const Word& w, std::string_view token) {
  return w.prefix ? token.substr(0, w.text.size()) == w.text : token == w.text;
}

bool KeywordList::found_in(const TokenIndex& index) const {
  const auto& seq = index.sequence();
  for (const auto& entry : entries_) {
    const auto& first = entry.front();
    const bool present = first.prefix ? index.contains_prefix(first.text) : index.contains(first.text);
    if (!present) continue;
    if (entry.size() == 1) return true;
    for (std::size_t i = 0; i + entry.size() <= seq.size(); ++i) {
      bool all = true;
      for (std::size_t k = 0; k < entry.size() && all; ++k) all = word_matches(entry[k], seq[i + k]);
      if (all) return true;
    }
  }
  return false;
}

std::size_t KeywordList::match_at(const std::vector<std::string>& words, std::size_t i) const {
  if (i >= words.size()) return 0;
  const std::string& word = words[i];
  auto exact = std::lower_bound(by_first_.begin(), by_first_.end(), word,
                                [](const std::pair<std::string, std::size_t>& p, const std::string& w) { return p.first < w; });
  auto prefix = prefix_first_.begin();
  const auto matches = [&](std::size_t e) {
    const auto& entry = entries_[e];
    if (i + entry.size() > words.size()) return false;
    for (std::size_t k = 0; k < entry.size(); ++k) {
      if (!word_matches(entry[k], words[i + k])) return false;
    }
    return true;
  };
  // Every candidate is tried and the longest match wins: "learn to" is
  // more than "learn", wherever the list names each.
  std::size_t longest = 0;
  for (; exact != by_first_.end() && exact->first == word; ++exact) {
    if (matches(exact->second)) longest = std::max(longest, entries_[exact->second].size());
  }
  for (; prefix != prefix_first_.end(); ++prefix) {
    if (word_matches(entries_[*prefix].front(), word) && matches(*prefix)) {
      longest = std::max(longest, entries_[*prefix].size());
    }
  }
  return longest;
}

// ------------------------------------------------------------ compiled lists

namespace {

struct CompiledCatalogue {
  std::vector<KeywordList> triggers, covered_by, strong, weak;
  std::vector<std::vector<std::string_view>> not_for;
  std::unordered_set<std::string> vocabulary;
  std::vector<std::string> vocabulary_prefixes;
};

void add_vocabulary(CompiledCatalogue& c, std::string_view text) {
  // Keyword lists mark prefixes with '*'; wording has none.
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto entry = util::trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto ws = util::words(entry);
    for (std::size_t k = 0; k < ws.size(); ++k) {
      if (k + 1 == ws.size() && entry.ends_with('*')) {
        c.vocabulary_prefixes.push_back(ws[k]);
      } else {
        c.vocabulary.insert(ws[k]);
      }
    }
  }
}

const CompiledCatalogue& compiled() {
  static const CompiledCatalogue c = [] {
    CompiledCatalogue out;
    for (const auto& f : facet_catalogue()) {
      out.triggers.emplace_back(f.triggers);
      out.covered_by.emplace_back(f.covered_by);
      auto& domains = out.not_for.emplace_back();
      for (std::string_view rest = f.not_for; !rest.empty();) {
        const auto comma = std::min(rest.find(','), rest.size());
        if (const auto name = util::trim(rest.substr(0, comma)); !name.empty()) domains.push_back(name);
        rest = comma < rest.size() ? rest.substr(comma + 1) : std::string_view{};
      }
      add_vocabulary(out, f.question);
      add_vocabulary(out, f.triggers);
      add_vocabulary(out, f.covered_by);
    }
    for (const auto& d : domain_catalogue()) {
      out.strong.emplace_back(d.strong);
      out.weak.emplace_back(d.weak);
      add_vocabulary(out, d.strong);
      add_vocabulary(out, d.weak);
    }
    // Prefixes shorter than four letters would swallow too many names.
    std::erase_if(out.vocabulary_prefixes, [](const std::string& p) { return p.size() < 4; });
    return out;
  }();
  return c;
}

}  // namespace

const KeywordList& facet_triggers(std::size_t facet_index) { return compiled().triggers.at(facet_index); }
const KeywordList& facet_covered_by(std::size_t facet_index) { return compiled().covered_by.at(facet_index); }
const std::vector<std::string_view>& facet_not_for(std::size_t facet_index) {
  return compiled().not_for.at(facet_index);
}
const KeywordList& domain_strong(std::size_t domain_index) { return compiled().strong.at(domain_index); }
const KeywordList& domain_weak(std::size_t domain_index) { return compiled().weak.at(domain_index); }

bool is_catalogue_word(std::string_view lower_word) {
  const auto& c = compiled();
  if (c.vocabulary.count(std::string(lower_word)) != 0) return true;
  return std::any_of(c.vocabulary_prefixes.begin(), c.vocabulary_prefixes.end(),
                     [&](const std::string& p) { return lower_word.substr(0, p.size()) == p; });
}

}  // namespace sq::questioning
