// The assistant's own questions: see proposals.hpp.
#include "questioning/proposals.hpp"

#include <fmt/format.h>

#include "util/sha256.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

constexpr const char* kDefaultImportance = "The assistant asked for this to understand the request.";
constexpr const char* kDefaultLookFor = "A direct answer to the question, in the person's own words.";

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::optional<std::string> text_problem(const std::string& field, const std::string& text, bool required) {
  if (!util::is_valid_utf8(text)) return fmt::format("{} is not valid UTF-8", field);
  if (required && util::trim(text).empty()) return fmt::format("{} is empty", field);
  if (const auto n = code_points(text); n > static_cast<std::size_t>(kMaxProposalChars)) {
    return fmt::format("{} is {} characters long; the limit is {}", field, n, kMaxProposalChars);
  }
  return std::nullopt;
}

std::string or_default(const std::optional<std::string>& text, const char* fallback) {
  if (!text || util::trim(*text).empty()) return fallback;
  return std::string(util::trim(*text));
}

}  // namespace

std::optional<std::string> proposal_problem(const std::vector<ProposedQuestion>& proposals) {
  if (proposals.size() > static_cast<std::size_t>(kMaxProposals)) {
    return fmt::format("proposed_questions has {} items; the limit is {}", proposals.size(), kMaxProposals);
  }
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    const auto& p = proposals[i];
    const std::string at = fmt::format("proposed_questions[{}]", i);
    if (auto problem = text_problem(at + ".question_text", p.question_text, true)) return problem;
    if (p.importance) {
      if (auto problem = text_problem(at + ".importance", *p.importance, false)) return problem;
    }
    if (p.information_to_look_for) {
      if (auto problem = text_problem(at + ".information_to_look_for", *p.information_to_look_for, false)) {
        return problem;
      }
    }
  }
  return std::nullopt;
}

VettedProposals vet_proposals(const std::vector<ProposedQuestion>& proposals, RepeatFilter& filter) {
  using Kind = RepeatFilter::Verdict::Kind;
  VettedProposals out;
  for (const auto& p : proposals) {
    const std::string text(util::trim(p.question_text));
    const auto verdict = filter.admit(text);
    switch (verdict.kind) {
      case Kind::fresh:
        out.kept.push_back({text, kAssistantFacet, or_default(p.importance, kDefaultImportance),
                            or_default(p.information_to_look_for, kDefaultLookFor)});
        break;
      case Kind::identical:
        out.dropped.push_back({text, fmt::format("already asked as question {}", verdict.question_number)});
        break;
      case Kind::asked:
        out.dropped.push_back({text, fmt::format("repeats question {}", verdict.question_number)});
        break;
      case Kind::kept:
        out.dropped.push_back({text, "repeats another proposal"});
        break;
      case Kind::similar:
        out.dropped.push_back({text, "too close in meaning to a question already asked"});
        break;
    }
  }
  return out;
}

std::string proposals_key(const std::vector<ProposedQuestion>& proposals) {
  std::string all;
  for (const auto& p : proposals) (all += question_key(p.question_text)) += '\x1f';
  return util::sha256_hex(all).substr(0, 32);
}

}  // namespace sq::questioning
