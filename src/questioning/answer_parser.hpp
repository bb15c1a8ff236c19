// Reading a person's reply: splitting one message into numbered answers, and
// noticing what an answer contains — concrete details (amounts, dates,
// places, names, tools) and its tone (tentative, declined) — so the planner
// can tell what is covered and build follow-ups on the person's own words.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "questioning/facet_catalogue.hpp"

namespace sq::questioning {

struct AnswerPart {
  std::optional<int> question_number;  // nullopt: not tied to one question
  std::string text;
};

// Splits one message from the person into answers. Markers at line starts:
// "1. ", "1) ", "1: ", "1 - ", "Q1:", "Q1.", "Q1)", "q1 -", "#1", "(1)",
// "Answer 1:", "A1:" (case-insensitive, optional **bold** around the marker).
// Text continues across lines until the next marker. Text before the first
// marker is an unnumbered part (if not blank). No markers -> one unnumbered
// part. If `known_numbers` is non-empty, only markers whose number is in that
// set count (so a person's own "1. book flights" list inside an answer does
// not split it); a number that already appeared is text, not a marker.
// Parts are trimmed; empty parts are dropped.
std::vector<AnswerPart> parse_answers(std::string_view message, const std::vector<int>& known_numbers = {});

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
