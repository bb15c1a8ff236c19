// Reading one answer (answer_split.hpp splits a reply into answers): the
// concrete details it contains (amounts, dates, places, names, tools) and its
// tone (tentative, declined, confused), so the planner can tell what is
// covered and build follow-ups on the person's own words.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "questioning/facet_catalogue.hpp"

namespace sq::questioning {

// One concrete detail quoted from an answer, spelled as the person wrote it
// (durations in hyphenated form are spelled out: "10-day" -> "10 days").
struct Detail {
  TermKind kind = TermKind::none;
  std::string text;
};

// The details of an answer in order of appearance, without repeats.
// Money ("$3,000", "500 euros"), dates ("mid-April", "next month"), durations
// ("two weeks"), quantities ("200 guests"), places ("Kyoto" after "in"/"to"),
// tools and products ("Postgres", "Excel") and other proper names.
std::vector<Detail> extract_details(std::string_view answer);

enum class AnswerTone {
  substantive,  // says something usable
  tentative,    // "not sure", "maybe", "tbd" with nothing concrete
  declined,     // "rather not say", "skip", "n/a"
  confused,     // "I don't understand this question", "what do you mean?"
};
AnswerTone answer_tone(std::string_view answer);

// Both at once, reading the answer a single time.
struct AnswerReading {
  AnswerTone tone = AnswerTone::substantive;
  std::vector<Detail> details;
};
AnswerReading read_answer(std::string_view answer);

}  // namespace sq::questioning
