// Tests for questioning/standing_facts and facts_bearing: which facts an
// answer states about the person, in their own words and under a key that a
// later answer supersedes, and which facts bear on a new request.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "questioning/fact_questions.hpp"
#include "questioning/facts_bearing.hpp"
#include "questioning/standing_facts.hpp"

using sq::questioning::facts_bearing_on;
using sq::questioning::read_standing_facts;
using sq::questioning::StandingFact;

namespace {

const StandingFact* find(const std::vector<StandingFact>& facts, const std::string& key) {
  for (const auto& f : facts) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("an answer's people, allergies, diet and home are read in the person's words") {
  const auto facts = read_standing_facts(
      "I'm vegetarian; our daughter Mia (7) is allergic to peanuts, and we live in Leeds. My husband doesn't eat pork.",
      "en");
  const auto* mia = find(facts, "person:daughter:mia");
  REQUIRE(mia != nullptr);
  CHECK(mia->text == "daughter Mia, 7");
  const auto* allergy = find(facts, "health:daughter:mia:allergy:peanuts");
  REQUIRE(allergy != nullptr);
  CHECK(allergy->text == "our daughter Mia (7) is allergic to peanuts");
  REQUIRE(find(facts, "home:household") != nullptr);
  CHECK(find(facts, "home:household")->text == "we live in Leeds");
  REQUIRE(find(facts, "diet:self") != nullptr);
  CHECK(find(facts, "diet:self")->text == "I'm vegetarian");
  REQUIRE(find(facts, "diet:husband") != nullptr);
  CHECK(find(facts, "diet:husband")->kind == "diet");
}

TEST_CASE("medicines, conditions, languages and tools are facts; a pronoun keeps the person named before") {
  const auto facts = read_standing_facts(
      "My mum takes ramipril 5mg. She lives in Porto and speaks only Portuguese. I have asthma. We use Xero.", "en");
  CHECK(find(facts, "health:mum:medicine:ramipril") != nullptr);
  REQUIRE(find(facts, "home:mum") != nullptr);
  CHECK(find(facts, "home:mum")->text == "She lives in Porto and speaks only Portuguese");
  CHECK(find(facts, "language:mum:portuguese") != nullptr);
  CHECK(find(facts, "health:self:asthma") != nullptr);
  REQUIRE(find(facts, "tool:xero") != nullptr);
  CHECK(find(facts, "tool:xero")->text == "Xero");
}

TEST_CASE("wishes, plans, requests for options and evasions are not facts") {
  CHECK(read_standing_facts("We want to visit Lisbon and Porto in Portugal", "en").empty());
  CHECK(read_standing_facts("We are planning to live in Spain next year.", "en").empty());
  CHECK(read_standing_facts("We'd like vegetarian options, please.", "en").empty());
  CHECK(read_standing_facts("Not sure", "en").empty());
  // Other languages are not read with English rules.
  CHECK(read_standing_facts("Notre fille est allergique aux arachides et nous habitons à Lyon.", "fr").empty());
}

TEST_CASE("facts bear on a request through its words, its children, or its domain; this conversation's are left out") {
  auto row = [](std::string kind, std::string key, std::string text, std::string conv) {
    sq::storage::FactRow r;
    r.kind = std::move(kind);
    r.key = std::move(key);
    r.text = std::move(text);
    r.conversation_id = std::move(conv);
    r.created_at = "2026-01-01T00:00:00Z";
    return r;
  };
  const std::vector<sq::storage::FactRow> facts = {
      row("health", "health:daughter:mia:allergy:peanuts", "our daughter Mia is allergic to peanuts", "a"),
      row("home", "home:household", "we live in Leeds", "a"),
      row("tool", "tool:xero", "Xero", "a"),
      row("person", "person:daughter", "daughter", "a"),
      row("person", "person:daughter:mia", "daughter Mia, 7", "a"),
      row("diet", "diet:self", "I'm vegetarian", "b"),
  };
  const auto bearing = facts_bearing_on(facts, "Booking restaurants for our trip with the kids", {"travel"}, "b");
  std::vector<std::string> texts;
  for (const auto& f : bearing) texts.push_back(f.fact.text);
  CHECK(texts == std::vector<std::string>{"our daughter Mia is allergic to peanuts", "we live in Leeds",
                                          "daughter Mia, 7"});
  CHECK(bearing[0].why == "the request is about children, and this is about your daughter");
  CHECK(bearing[1].why == "where you live matters for a request about travel");
  // Words shared with the request say why.
  const auto leeds = facts_bearing_on(facts, "Selling our flat in Leeds", {"generic"}, "b");
  REQUIRE_FALSE(leeds.empty());
  CHECK(leeds[0].why == "the request mentions \"leeds\"");
  // A software request meets the tool, not the allergy.
  const auto software = facts_bearing_on(facts, "Our invoicing script fails at month end", {"software"}, "b");
  REQUIRE(software.size() == 1);
  CHECK(software[0].fact.text == "Xero");
}

TEST_CASE("questions on standing facts say the person's words back in the second person, briefly") {
  auto bearing = [](std::string kind, std::string text) {
    sq::questioning::BearingFact b;
    b.fact.kind = std::move(kind);
    b.fact.text = std::move(text);
    b.why = "test";
    return b;
  };
  const auto qs = sq::questioning::fact_questions(
      {bearing("home", "we live in Leeds"), bearing("person", "daughter Mia, 7"),
       bearing("health", "Our daughter Mia (7) is allergic to peanuts, tree nuts and sesame, and carries an EpiPen"),
       bearing("diet", "I'm vegetarian")},
      2);
  REQUIRE(qs.size() == 2);
  // Health first, then diet; Mia is already named, so her own question waits.
  CHECK(qs[0].text ==
        "Earlier you said your daughter Mia (7) is allergic to peanuts, tree nuts and… — is that still so, and "
        "should this take it into account?");
  CHECK(qs[1].text == "Earlier you said you're vegetarian — is that still so, and should this take it into account?");
  CHECK(qs[0].facet_id == "known:health");
  const auto home = sq::questioning::fact_questions({bearing("home", "We moved to York in May.")}, 2);
  REQUIRE(home.size() == 1);
  CHECK(home[0].text == "Earlier you said you moved to York in May — is that still where you are?");
}
