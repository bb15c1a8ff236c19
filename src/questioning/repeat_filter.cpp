// The near-duplicate filter: see repeat_filter.hpp.
#include "questioning/repeat_filter.hpp"

#include "util/text.hpp"

namespace sq::questioning {

std::string question_key(std::string_view text) {
  std::string key;
  for (const char c : util::ascii_lower(util::trim(text))) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (space) {
      if (!key.empty() && key.back() != ' ') key += ' ';
    } else {
      key += c;
    }
  }
  while (!key.empty() && (key.back() == '?' || key.back() == '.' || key.back() == '!' || key.back() == ' ')) {
    key.pop_back();
  }
  return key;
}

RepeatFilter::Verdict RepeatFilter::check(std::string_view text) const {
  Verdict v;
  const std::string key = question_key(text);
  for (const auto& a : request_.asked) {
    if (question_key(a.text) == key) {
      v.kind = Verdict::Kind::identical;
      v.question_number = a.number;
      return v;
    }
  }
  for (const auto& a : request_.asked) {
    if (wording_similarity(a.text, text) >= kNearDuplicateWording) {
      v.kind = Verdict::Kind::asked;
      v.question_number = a.number;
      return v;
    }
  }
  for (std::size_t i = 0; i < kept_.size(); ++i) {
    if (question_key(kept_[i]) == key || wording_similarity(kept_[i], text) >= kNearDuplicateWording) {
      v.kind = Verdict::Kind::kept;
      v.kept_index = i;
      return v;
    }
  }
  if (request_.too_similar && request_.too_similar(text)) v.kind = Verdict::Kind::similar;
  return v;
}

RepeatFilter::Verdict RepeatFilter::admit(std::string_view text) {
  const Verdict v = check(text);
  if (v.fresh()) keep(std::string(text));
  return v;
}

}  // namespace sq::questioning
