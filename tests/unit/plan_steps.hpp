// Steps the planner tests share: plan a batch and record it as asked, and
// read a plan's questions as one text.
#pragma once

#include <string>

#include "questioning/planner.hpp"

namespace sq::questioning::testing {

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Plans the next batch and records its questions as asked, numbered on.
inline Plan ask(PlanRequest& r) {
  Plan plan = plan_batch(r);
  int n = static_cast<int>(r.asked.size());
  for (const auto& q : plan.questions) r.asked.push_back({++n, q.text, q.facet_id});
  return plan;
}

// The plan's questions, one per line.
inline std::string all_text(const Plan& plan) {
  std::string out;
  for (const auto& q : plan.questions) (out += q.text) += '\n';
  return out;
}

}  // namespace sq::questioning::testing
