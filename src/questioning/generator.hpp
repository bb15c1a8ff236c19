// Where a batch of questions can come from besides the built-in planner: an
// optional generator (an LLM provider). The flows ask it first and fall back
// to the planner, saying why, when it fails; they number the questions and
// drop near-duplicates whichever produced them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "questioning/planner.hpp"

namespace sq::questioning {

struct GeneratedBatch {
  std::vector<PlannedQuestion> questions;
  std::optional<bool> next_batch_needed;
  std::optional<int> total_questions_estimated;
};

class QuestionGenerator {
 public:
  virtual ~QuestionGenerator() = default;
  // What the response reports as metadata.generator_model, e.g. the model name.
  virtual std::string model() const = 0;
  // The next batch for `request` (its too_similar is not used). `recalled` are
  // related things the person said before (from memory). Throws
  // std::exception whose what() is a short reason when no usable batch
  // came back; returns early by throwing when `cancelled()` turns true.
  virtual GeneratedBatch generate(const PlanRequest& request, const std::vector<std::string>& recalled,
                                  const std::function<bool()>& cancelled) = 0;
};

}  // namespace sq::questioning
