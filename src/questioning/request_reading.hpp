// Reading a request before any question is chosen: the language it is
// written in, the kind of task it brings (diagnose a fault, decide between
// options, resolve a dispute, write something, ...), and whether it says too
// little to plan from. The cue words for each are reviewable data in
// task_cues.inc.
#pragma once

#include <string>
#include <string_view>

namespace sq::questioning {

enum class Language { en, fr, de, es };

enum class TaskType { none, diagnose, decide, dispute, write, plan, specify, learn, buy, understand, health, change };

// "en", "fr", "de", "es".
std::string_view language_code(Language language);
// "diagnose", ..., "" for none.
std::string_view task_name(TaskType task);

struct RequestReading {
  Language language = Language::en;
  TaskType task = TaskType::none;
  int task_evidence = 0;  // weight of the cues that chose `task` (0: none matched)
  int content_words = 0;  // words that carry meaning (not function words or pleas for help)
  std::string content_word;  // the first of them, as written in lower case ("sleep" in "Sleep.")
  bool vague = false;     // too little said to plan from ("help", "marketing", "my essay"); the
                          // planner also treats two words with no task or domain as vague
  bool alternatives = false;  // the request names the options it weighs ("MacBook Air or a Chromebook?")
  bool product_options = false;  // ... and they are named products ("Sennheiser Momentum 4 or Bose QuietComfort Ultra?")
};

// The language with the most function words in `text` (and its letters: ß, ñ,
// ç...); English when nothing stands out.
Language detect_language(std::string_view text);

RequestReading read_request(std::string_view text);

}  // namespace sq::questioning
