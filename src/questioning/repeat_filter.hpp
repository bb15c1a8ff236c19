// The near-duplicate filter every question from outside the planner passes
// (a generator's, the assistant's own): a candidate is refused when its
// wording nearly repeats a question already asked in the conversation or one
// kept earlier for the same batch, or when the semantic check of the request
// finds it too close to a stored question. The verdict says which it repeats.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "questioning/planner.hpp"

namespace sq::questioning {

class RepeatFilter {
 public:
  // What a candidate repeats.
  struct Verdict {
    enum class Kind {
      fresh,      // nothing: it may be kept
      identical,  // the same words as an asked question (`question_number`)
      asked,      // nearly the wording of an asked question (`question_number`)
      kept,       // nearly the wording of a question kept for this batch (`kept_index`)
      similar,    // too close in meaning to a stored question (the request's semantic check)
    };
    Kind kind = Kind::fresh;
    int question_number = 0;
    std::size_t kept_index = 0;
    bool fresh() const { return kind == Kind::fresh; }
  };

  // Checks against `request.asked` and, last, `request.too_similar`.
  explicit RepeatFilter(const PlanRequest& request) : request_(request) {}

  Verdict check(std::string_view text) const;
  // Remembers a question kept for this batch, so later candidates are checked against it.
  void keep(std::string text) { kept_.push_back(std::move(text)); }
  // check(), then keep() when fresh.
  Verdict admit(std::string_view text);

 private:
  const PlanRequest& request_;
  std::vector<std::string> kept_;
};

// The text lower-cased, trimmed, white space runs made one space and final
// punctuation dropped: two questions with the same key are the same question.
std::string question_key(std::string_view text);

}  // namespace sq::questioning
