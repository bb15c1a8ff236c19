// Which of a person's standing facts bear on a request, and why: a fact the
// request's own words touch ("Portugal", "the kids"), or a kind of fact that
// matters to the request's domain (allergies for travel and cooking, where
// the person lives for a move or a legal matter). What the assistant is shown
// in `metadata.coverage.standing_facts`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/fact_rows.hpp"

namespace sq::questioning {

struct BearingFact {
  storage::FactRow fact;
  std::string why;  // "the request mentions Portugal"
};

inline constexpr std::size_t kMaxBearingFacts = 8;

// The facts among `facts` (newest first) that bear on the request `context`
// with detected `domains` (most relevant first), at most kMaxBearingFacts,
// newest first. Facts recorded in `conversation_id` itself are left out: the
// batch's answered questions already show them.
std::vector<BearingFact> facts_bearing_on(const std::vector<storage::FactRow>& facts, std::string_view context,
                                          const std::vector<std::string>& domains,
                                          std::string_view conversation_id);

}  // namespace sq::questioning
