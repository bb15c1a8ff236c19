// Splitting one message from the person into the answers it holds, by the
// numbers they put before them ("1. ...", "Q2:", "(3)").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace sq::questioning
