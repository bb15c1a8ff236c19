// Tests for reading a person's reply: splitting into numbered answers,
// spotting concrete details, and telling tentative or declined answers apart.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "questioning/answer_parser.hpp"
#include "questioning/answer_split.hpp"

using sq::questioning::AnswerPart;
using sq::questioning::AnswerTone;
using sq::questioning::answer_tone;
using sq::questioning::Detail;
using sq::questioning::extract_details;
using sq::questioning::parse_answers;
using sq::questioning::TermKind;

namespace {

// "1:Kyoto|2:$3,000|-:preamble" — compact view of parts for assertions.
std::string summary(const std::vector<AnswerPart>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '|';
    out += p.question_number ? std::to_string(*p.question_number) : "-";
    out += ':';
    out += p.text;
  }
  return out;
}

std::vector<std::string> details_of(TermKind kind, const std::vector<Detail>& details) {
  std::vector<std::string> out;
  for (const auto& d : details) {
    if (d.kind == kind) out.push_back(d.text);
  }
  return out;
}

}  // namespace

TEST_CASE("parse_answers: every marker style is recognised") {
  const std::vector<std::pair<std::string, int>> cases = {
      {"1. Kyoto", 1},        {"2) Kyoto", 2},         {"3: Kyoto", 3},          {"4 - Kyoto", 4},
      {"Q5: Kyoto", 5},       {"Q6. Kyoto", 6},        {"Q7) Kyoto", 7},         {"q8 - Kyoto", 8},
      {"#9 Kyoto", 9},        {"(10) Kyoto", 10},      {"Answer 11: Kyoto", 11}, {"A12: Kyoto", 12},
      {"answer 13 - Kyoto", 13}, {"a14) Kyoto", 14},   {"**15.** Kyoto", 15},    {"**Q16:** Kyoto", 16},
      {"**17**. Kyoto", 17},  {"18 \xE2\x80\x93 Kyoto", 18}, {"  19. Kyoto", 19}, {"#20: Kyoto", 20},
      {"ANSWER 21: Kyoto", 21}, {"__22.__ Kyoto", 22},
  };
  for (const auto& [message, number] : cases) {
    CAPTURE(message);
    const auto parts = parse_answers(message);
    REQUIRE(parts.size() == 1);
    REQUIRE(parts[0].question_number.has_value());
    CHECK(*parts[0].question_number == number);
    CHECK(parts[0].text == "Kyoto");
  }
}

TEST_CASE("parse_answers: several answers, each running until the next marker") {
  const auto parts = parse_answers("1. Kyoto and Osaka\nmaybe Nara too\n2. About $3,000\n\n3) Two weeks\n");
  CHECK(summary(parts) == "1:Kyoto and Osaka\nmaybe Nara too|2:About $3,000|3:Two weeks");
}

TEST_CASE("parse_answers: a marker alone on its line starts an answer on the next line") {
  CHECK(summary(parse_answers("1.\nKyoto\n2.\nOsaka")) == "1:Kyoto|2:Osaka");
}

TEST_CASE("parse_answers: text before the first marker is an unnumbered part") {
  CHECK(summary(parse_answers("Sure, here you go:\n1. Kyoto\n2. $3,000")) == "-:Sure, here you go:|1:Kyoto|2:$3,000");
  CHECK(summary(parse_answers("\n\n   \n1. Kyoto")) == "1:Kyoto");
}

TEST_CASE("parse_answers: no markers gives one unnumbered, trimmed part") {
  CHECK(summary(parse_answers("  We'd like Kyoto for four nights.  \n")) == "-:We'd like Kyoto for four nights.");
}

TEST_CASE("parse_answers: numbers inside a sentence do not split it") {
  CHECK(summary(parse_answers("I think option 1. is fine and 2. too")) == "-:I think option 1. is fine and 2. too");
  CHECK(summary(parse_answers("1.5 million is the ceiling")) == "-:1.5 million is the ceiling");
  CHECK(summary(parse_answers("1:30 works for the call")) == "-:1:30 works for the call");
  CHECK(summary(parse_answers("2-3 weeks would be ideal")) == "-:2-3 weeks would be ideal");
  CHECK(summary(parse_answers("Q1 2025 is when we launch")) == "-:Q1 2025 is when we launch");
  CHECK(summary(parse_answers("0. nothing\n1000. nothing")) == "-:0. nothing\n1000. nothing");
}

TEST_CASE("parse_answers: known numbers keep a person's own list inside an answer") {
  const std::string message =
      "4. Here is my plan:\n"
      "1. book flights\n"
      "2. book hotels\n"
      "5. About $3,000";
  CHECK(summary(parse_answers(message, {4, 5, 6})) == "4:Here is my plan:\n1. book flights\n2. book hotels|5:About $3,000");
  // Without the known numbers every marker counts.
  CHECK(parse_answers(message).size() == 4);
}

TEST_CASE("parse_answers: a number that already appeared is text, not a new answer") {
  CHECK(summary(parse_answers("1. Kyoto\n1. Osaka\n2. $3,000")) == "1:Kyoto\n1. Osaka|2:$3,000");
}

TEST_CASE("parse_answers: CRLF and lone CR line endings") {
  CHECK(summary(parse_answers("1. Kyoto\r\n2. Osaka\r\n")) == "1:Kyoto|2:Osaka");
  CHECK(summary(parse_answers("1. Kyoto\r2. Osaka")) == "1:Kyoto|2:Osaka");
  CHECK(summary(parse_answers("1. Kyoto\r\nand Nara\r\n2. Osaka")) == "1:Kyoto\nand Nara|2:Osaka");
}

TEST_CASE("parse_answers: empty input and empty answers") {
  CHECK(parse_answers("").empty());
  CHECK(parse_answers(" \n\t\r\n").empty());
  CHECK(summary(parse_answers("1.\n2. Osaka")) == "2:Osaka");
}

TEST_CASE("parse_answers: markdown bold text after the marker is kept") {
  CHECK(summary(parse_answers("1. **Kyoto**, definitely")) == "1:**Kyoto**, definitely");
}

TEST_CASE("extract_details: money in common spellings") {
  const auto d = extract_details("About $3,000 total, or 500 euros, EUR 400, 3000\xE2\x82\xAC, \xC2\xA3" "2k or $1.5 million.");
  CHECK(details_of(TermKind::money, d) ==
        std::vector<std::string>{"$3,000", "500 euros", "EUR 400", "3000\xE2\x82\xAC", "\xC2\xA3" "2k", "$1.5 million"});
}

TEST_CASE("extract_details: dates and durations") {
  const auto d = extract_details("Probably mid-April 2025 for two weeks, or next month. A 10-day trip in the fall.");
  CHECK(details_of(TermKind::date, d) == std::vector<std::string>{"mid-April 2025", "next month", "fall"});
  CHECK(details_of(TermKind::duration, d) == std::vector<std::string>{"two weeks", "10 days"});
  CHECK(details_of(TermKind::date, extract_details("By the end of the year, Q3 2025 at the latest")) ==
        std::vector<std::string>{"end of the year", "Q3 2025"});
  // "may" as a verb is not a month.
  CHECK(details_of(TermKind::date, extract_details("we may go")).empty());
}

TEST_CASE("extract_details: quantities") {
  const auto d = extract_details("2 adults and 3 kids, around 200 guests, hiring 3 senior engineers, 20% off");
  CHECK(details_of(TermKind::quantity, d) ==
        std::vector<std::string>{"2 adults", "3 kids", "200 guests", "3 senior engineers"});
}

TEST_CASE("extract_details: a label's number, a unit and a rate mentioned twice") {
  // "type 2 diabetes" counts no diabetes; "Year 9 pupils" no pupils.
  CHECK(details_of(TermKind::quantity, extract_details("I was diagnosed with type 2 diabetes in March.")).empty());
  CHECK(details_of(TermKind::quantity, extract_details("She teaches Year 9 pupils.")).empty());
  // "1 TB" is a size, not a name.
  const auto disk = extract_details("The replica has a single 1 TB NVMe disk.");
  CHECK(details_of(TermKind::tool, disk) == std::vector<std::string>{"NVMe"});
  // The rate is read where "per second" follows, not at the first mention.
  const auto r = sq::questioning::read_answer("Roughly 1 in 300 requests fails, mostly at peaks of about 300 requests per second.");
  CHECK(details_of(TermKind::rate, r.details) == std::vector<std::string>{"300 requests per second"});
}

TEST_CASE("extract_details: places, tools and names") {
  const auto travel = extract_details("We'd like four nights in Kyoto and a few days in New York.");
  CHECK(details_of(TermKind::place, travel) == std::vector<std::string>{"Kyoto", "New York"});
  CHECK(details_of(TermKind::name, travel).empty());  // "We'd" is not a name

  const auto stack = extract_details("We use postgres and Django, hosted on AWS.");
  CHECK(details_of(TermKind::tool, stack) == std::vector<std::string>{"postgres", "Django", "AWS"});

  const auto people = extract_details("My sister Anna's friend Tom is organising it.");
  CHECK(details_of(TermKind::name, people) == std::vector<std::string>{"Anna", "Tom"});

  // Capitalised sentence openers are not names.
  CHECK(extract_details("Flights are expensive. Hotels too. Budget is tight.").empty());
  // A list of names at the start of a sentence still counts.
  CHECK(details_of(TermKind::name, extract_details("Kyoto, Osaka and Nara.")) ==
        std::vector<std::string>{"Kyoto", "Osaka", "Nara"});
}

TEST_CASE("answer_tone: tentative, declined and substantive answers") {
  CHECK(answer_tone("not sure") == AnswerTone::tentative);
  CHECK(answer_tone("Maybe, I don't know yet") == AnswerTone::tentative);
  CHECK(answer_tone("TBD") == AnswerTone::tentative);
  CHECK(answer_tone("") == AnswerTone::tentative);
  CHECK(answer_tone("I'd rather not say") == AnswerTone::declined);
  CHECK(answer_tone("n/a") == AnswerTone::declined);
  CHECK(answer_tone("Pass") == AnswerTone::declined);
  // Said first, "not relevant" sets the question aside; later it is part of the answer.
  CHECK(answer_tone("Not relevant, we don't use Redis Cluster.") == AnswerTone::declined);
  CHECK(answer_tone("Pas pertinent pour nous.") == AnswerTone::declined);
  CHECK(answer_tone("The colour is not important, but it must fit in a small car.") == AnswerTone::substantive);
  CHECK(answer_tone("Maybe $2,000") == AnswerTone::substantive);  // hedged but concrete
  CHECK(answer_tone("Not sure, perhaps mid-May") == AnswerTone::substantive);
  CHECK(answer_tone("Kyoto and Osaka") == AnswerTone::substantive);
  CHECK(answer_tone("I'll pass on the hiking but we love temples and food markets") == AnswerTone::substantive);
}
