// Questions from a chat model: the prompt that asks for a JSON batch, and the
// strict parser (with repair of the usual deviations) of what comes back.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "llm/client.hpp"
#include "questioning/generator.hpp"

namespace sq::llm {

// The chat messages that ask for the next batch of `request`.
nlohmann::json question_prompt(const questioning::PlanRequest& request, const std::vector<std::string>& recalled);

// Reads a model's reply as a batch of at most `max_questions` questions.
// Accepts a JSON object {"questions": [...], "next_batch_needed": ...,
// "total_questions_estimated": ...}, and repairs: code fences, prose around
// the JSON, an object wrapping that object, a bare array, questions given as
// plain strings or under common alternative field names, numbering left in
// the text, and booleans or numbers given as strings. Throws LlmError
// (malformed) when no usable question is left.
questioning::GeneratedBatch parse_question_batch(std::string_view reply, int max_questions);

class LlmQuestionGenerator : public questioning::QuestionGenerator {
 public:
  explicit LlmQuestionGenerator(std::shared_ptr<Client> client);
  std::string model() const override;
  questioning::GeneratedBatch generate(const questioning::PlanRequest& request, const std::vector<std::string>& recalled,
                                       const std::function<bool()>& cancelled) override;

 private:
  std::shared_ptr<Client> client_;
};

}  // namespace sq::llm
