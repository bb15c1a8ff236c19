// Tests for questioning/flows: the behaviour of the questioning tools over a
// real database, memory and planner — numbering, answer matching, resent
// history, errors that change nothing, automatic rounds and elicitation.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "memory/memory_store.hpp"
#include "questioning/conversation_markdown.hpp"
#include "questioning/flows.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/repository.hpp"

using namespace sq;
using questioning::BatchRequest;
using questioning::HistoryMessage;
using questioning::UserError;

namespace {

struct Fixture {
  std::string dir;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<memory::MemoryStore> mem;
  std::unique_ptr<questioning::Service> service;

  Fixture() {
    char tmpl[] = "/tmp/sq-flows-XXXXXX";
    dir = mkdtemp(tmpl);
    const std::string path = dir + "/t.db";
    db = storage::Database::open(path);
    storage::migrate(*db);
    mem = std::make_unique<memory::MemoryStore>(*db, memory::index_path_for(path), memory::make_default_embedder());
    service = std::make_unique<questioning::Service>(*db, *mem);
  }
  ~Fixture() {
    service.reset();
    mem.reset();
    db.reset();
    std::filesystem::remove_all(dir);
  }

  storage::RowCounts counts() { return storage::Repository(*db).counts(); }
};

std::vector<int> numbers(const questioning::Batch& b) {
  std::vector<int> out;
  for (const auto& q : b.questions) out.push_back(q.number);
  return out;
}

BatchRequest start(const std::string& context, std::optional<std::string> user = std::nullopt) {
  BatchRequest r;
  r.context = context;
  r.user_id = std::move(user);
  return r;
}

}  // namespace

TEST_CASE("a new conversation gets five numbered questions and is stored") {
  Fixture f;
  const auto b = f.service->next_batch(start("Plan a two-week trip to Japan in April", "u1"));
  CHECK(numbers(b) == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(b.initial);
  CHECK(b.new_conversation);
  CHECK(b.batch_number == 1);
  CHECK(b.total_questions_estimated >= 5);
  CHECK(b.numbered_list().rfind("1. ", 0) == 0);
  const auto c = f.counts();
  CHECK(c.questions == 5);
  CHECK(c.contexts == 1);
  CHECK(c.embeddings == 6);  // every message is embedded in the same transaction

  // The same user keeps one session across conversations.
  const auto b2 = f.service->next_batch(start("Buy a new laptop for video editing", "u1"));
  CHECK(b2.session_id == b.session_id);
  CHECK(b2.conversation_id != b.conversation_id);
  CHECK(numbers(b2).front() == 1);
}

TEST_CASE("numbered answers are matched, resent history is stored once, numbering continues") {
  Fixture f;
  const auto b1 = f.service->next_batch(start("Plan a two-week trip to Japan in April"));
  BatchRequest r;
  r.conversation_id = b1.conversation_id;
  r.previous_messages = {{"user", "Help me plan a trip to Japan", std::nullopt},
                         {"assistant", b1.numbered_list(), std::nullopt},
                         {"user", "1. About $4,000\n2. Kyoto and Tokyo", std::nullopt}};
  const auto b2 = f.service->follow_up(r);
  CHECK(b2.answers_recorded == 2);
  CHECK(numbers(b2) == std::vector<int>{6, 7, 8});
  CHECK_FALSE(b2.initial);

  const auto view = f.service->conversation(b1.conversation_id);
  REQUIRE(view.answers.size() == 2);
  CHECK(view.answers[0].question_number == 1);
  CHECK(view.answers[1].question_number == 2);
  CHECK(view.answers[1].text == "Kyoto and Tokyo");
  // The user's first message came before any question: it is context.
  CHECK(view.contexts.size() == 2);

  // Resending the same history stores nothing new.
  r.previous_messages.push_back({"assistant", b2.numbered_list(), std::nullopt});
  r.previous_messages.push_back({"user", "We like small hotels", std::nullopt});
  const auto b3 = f.service->follow_up(r);
  CHECK(b3.answers_recorded == 1);
  CHECK(numbers(b3) == std::vector<int>{9, 10, 11});
  const auto after = f.service->conversation(b1.conversation_id);
  CHECK(after.answers.size() == 3);
  // The unnumbered answer belongs to the batch that was latest when it came.
  CHECK_FALSE(after.answers[2].question_number.has_value());
  CHECK(after.answers[2].batch == 2);
}

TEST_CASE("follow-ups honour batch_size and stop numbering nowhere") {
  Fixture f;
  auto b = f.service->next_batch(start("Hire a senior backend engineer"));
  BatchRequest r;
  r.conversation_id = b.conversation_id;
  r.batch_size = 2;
  r.previous_messages = {{"user", "1. Go and Postgres", std::nullopt}};
  b = f.service->follow_up(r);
  CHECK(numbers(b) == std::vector<int>{6, 7});
}

TEST_CASE("errors name the problem and change nothing") {
  Fixture f;
  const auto before = f.counts();
  BatchRequest unknown;
  unknown.conversation_id = "no-such-id";
  CHECK_THROWS_WITH_AS(f.service->next_batch(unknown), doctest::Contains("no-such-id"), UserError);

  BatchRequest no_answers;
  no_answers.conversation_id = "whatever";
  CHECK_THROWS_WITH_AS(f.service->follow_up(no_answers), doctest::Contains("previous_messages"), UserError);
  BatchRequest no_conv;
  no_conv.previous_messages = {{"user", "hi", std::nullopt}};
  CHECK_THROWS_WITH_AS(f.service->follow_up(no_conv), doctest::Contains("conversation_id"), UserError);

  BatchRequest bad_session;
  bad_session.session_id = "nope";
  CHECK_THROWS_AS(f.service->next_batch(bad_session), UserError);
  const auto after = f.counts();
  CHECK(after.sessions == before.sessions);
  CHECK(after.conversations == before.conversations);

  const auto b = f.service->next_batch(start("Plan a wedding for 80 guests"));
  const auto mid = f.counts();
  CHECK_THROWS_WITH_AS(f.service->record_answers(b.conversation_id, {{1, "yes"}, {99, "nope"}}),
                       doctest::Contains("no question 99"), UserError);
  CHECK(f.counts().answers == mid.answers);  // the valid answer was rolled back too

  BatchRequest other_user;
  other_user.conversation_id = b.conversation_id;
  other_user.user_id = "someone-else";
  CHECK(f.service->close(b.conversation_id));
  CHECK_FALSE(f.service->close(b.conversation_id));
  BatchRequest closed;
  closed.conversation_id = b.conversation_id;
  CHECK_THROWS_WITH_AS(f.service->next_batch(closed), doctest::Contains("closed"), UserError);
}

TEST_CASE("a conversation belongs to its user") {
  Fixture f;
  const auto b = f.service->next_batch(start("Choose health insurance", "alice"));
  BatchRequest r;
  r.conversation_id = b.conversation_id;
  r.user_id = "mallory";
  CHECK_THROWS_WITH_AS(f.service->next_batch(r), doctest::Contains("different user"), UserError);
}

TEST_CASE("automatic rounds number consecutively; cancelling saves nothing") {
  Fixture f;
  questioning::AutomaticRequest a;
  a.base = start("Requirements for an inventory web app");
  a.base.previous_messages = {{"user", "We have three shops", std::nullopt}};
  a.max_rounds = 3;
  const auto r = f.service->automatic(a);
  REQUIRE_FALSE(r.cancelled);
  CHECK(r.rounds == 1 + static_cast<int>(r.follow_ups.size()));
  CHECK(r.follow_ups.size() >= 1);
  int expect = 1;
  for (const auto& q : r.initial.questions) CHECK(q.number == expect++);
  for (const auto& b : r.follow_ups) {
    for (const auto& q : b.questions) CHECK(q.number == expect++);
  }

  const auto before = f.counts();
  const auto cancelled = f.service->automatic(a, [](int, int) { return false; });
  CHECK(cancelled.cancelled);
  const auto after = f.counts();
  CHECK(after.conversations == before.conversations);
  CHECK(after.questions == before.questions);
}

TEST_CASE("elicited answers are stored once and decline is recorded") {
  Fixture f;
  const auto b = f.service->next_batch(start("Plan a birthday party"));
  const auto next = f.service->elicited(b.conversation_id, {1, 2}, "accept", {{1, "Saturday"}, {2, "20 people"}},
                                        std::string("nonce-1"), std::nullopt);
  CHECK(next.answers_recorded == 2);
  CHECK(numbers(next) == std::vector<int>{6, 7, 8});
  CHECK_THROWS_WITH_AS(f.service->elicited(b.conversation_id, {1, 2}, "accept", {{1, "again"}},
                                           std::string("nonce-1"), std::nullopt),
                       doctest::Contains("already"), UserError);
  const auto declined = f.service->elicited(b.conversation_id, {3}, "decline", {}, std::nullopt, std::nullopt);
  CHECK(declined.answers_recorded == 0);
  CHECK(declined.questions.empty());
  CHECK(f.counts().answers == 2);
  auto st = f.db->prepare("SELECT action FROM elicitations ORDER BY id");
  REQUIRE(st.step());
  CHECK(st.text(0) == "accept");
  REQUIRE(st.step());
  CHECK(st.text(0) == "decline");
}

TEST_CASE("the conversation view knows what is unanswered, and renders as Markdown") {
  Fixture f;
  const auto b = f.service->next_batch(start("Plan a trip to Lisbon"));
  f.service->record_answers(b.conversation_id, {{2, "May"}});
  const auto v = f.service->conversation(b.conversation_id);
  CHECK(v.unanswered == std::vector<int>{1, 3, 4, 5});
  const std::string md = questioning::conversation_markdown(v);
  CHECK(md.find("# Plan a trip to Lisbon") == 0);
  CHECK(md.find("> May") != std::string::npos);
  CHECK(md.find("Still unanswered") != std::string::npos);
  // An unnumbered answer covers its whole batch.
  f.service->record_answers(b.conversation_id, {{std::nullopt, "Everything is flexible."}});
  CHECK(f.service->conversation(b.conversation_id).unanswered.empty());
}

TEST_CASE("a known user's earlier answers come back in a related new conversation") {
  Fixture f;
  const auto b = f.service->next_batch(start("Plan a family trip to Italy", "carol"));
  f.service->record_answers(b.conversation_id, {{1, "Our budget is about 5000 euros for the family trip"}});
  const auto later = f.service->next_batch(start("Plan a family trip to Spain on a budget", "carol"));
  REQUIRE_FALSE(later.related_answers.empty());
  CHECK(later.related_answers.front().text.find("5000 euros") != std::string::npos);
  CHECK(later.related_answers.front().conversation_id == b.conversation_id);
  // Another user sees none of it.
  const auto stranger = f.service->next_batch(start("Plan a family trip to Spain on a budget", "dave"));
  CHECK(stranger.related_answers.empty());
}

TEST_CASE("a follow-up is enriched by similar stored items") {
  Fixture f;
  const auto b = f.service->next_batch(start("Plan a trip to Japan", "erin"));
  f.service->record_answers(b.conversation_id, {{1, "We want to visit Kyoto temples and gardens"}});
  BatchRequest r;
  r.conversation_id = b.conversation_id;
  r.previous_messages = {{"user", "2. Kyoto temples matter most to us", std::nullopt}};
  const auto fu = f.service->follow_up(r);
  CHECK(fu.context_enhanced);
  REQUIRE_FALSE(fu.similar_contexts.empty());
  CHECK(fu.similar_contexts.front().text.find("Kyoto") != std::string::npos);
}

// ---- the assistant's own questions ---------------------------------------------

namespace {

questioning::ProposedQuestion proposal(std::string text, std::optional<std::string> importance = std::nullopt) {
  return {std::move(text), std::move(importance), std::nullopt};
}

BatchRequest continuing(const questioning::Batch& b, std::vector<questioning::ProposedQuestion> proposals,
                        std::optional<int> batch_size = std::nullopt) {
  BatchRequest r;
  r.conversation_id = b.conversation_id;
  r.proposed_questions = std::move(proposals);
  r.batch_size = batch_size;
  return r;
}

}  // namespace

TEST_CASE("proposed questions are numbered after those asked, stored, and the planner fills the batch") {
  Fixture f;
  const auto b1 = f.service->next_batch(start("Plan a two-week trip to Japan in April"));
  const std::vector<std::string> texts = {"Have you been to Japan before?",
                                          "Would you rather see cities or countryside?",
                                          "Are there any festivals you hope to catch?"};
  const auto b2 = f.service->next_batch(continuing(
      b1, {proposal(texts[0], "First visits need more guidance."), proposal("  " + texts[1] + "  "), proposal(texts[2])},
      5));
  REQUIRE(numbers(b2) == std::vector<int>{6, 7, 8, 9, 10});
  CHECK(b2.generator == "mixed");
  CHECK(b2.batch_number == 2);
  CHECK(b2.dropped_proposals.empty());
  for (int i = 0; i < 3; ++i) {
    CHECK(b2.questions[i].text == texts[i]);  // trimmed, otherwise as proposed
    CHECK(b2.questions[i].source == "assistant");
    CHECK(b2.questions[i].facet == "assistant");
    CHECK_FALSE(b2.questions[i].look_for.empty());
  }
  CHECK(b2.questions[0].importance == "First visits need more guidance.");
  CHECK_FALSE(b2.questions[1].importance.empty());  // a short default
  for (int i = 3; i < 5; ++i) {
    CHECK(b2.questions[i].source == "builtin");
    for (const auto& t : texts) CHECK(questioning::wording_similarity(b2.questions[i].text, t) < questioning::kNearDuplicateWording);
  }
  CHECK(f.counts().questions == 10);

  // Stored like the planner's own: the view shows them, answers match them by number.
  auto view = f.service->conversation(b1.conversation_id);
  REQUIRE(view.questions.size() == 10);
  CHECK(view.questions[5].text == texts[0]);
  CHECK(view.questions[5].source == "assistant");
  CHECK(view.questions[5].batch == 2);
  BatchRequest answers;
  answers.conversation_id = b1.conversation_id;
  answers.previous_messages = {{"user", "6. Never, this is our first time\n8. The cherry blossom festivals", std::nullopt}};
  const auto b3 = f.service->follow_up(answers);
  CHECK(b3.answers_recorded == 2);
  view = f.service->conversation(b1.conversation_id);
  REQUIRE(view.answers.size() == 2);
  CHECK(view.answers[0].question_number == 6);
  CHECK(view.answers[1].question_number == 8);
  CHECK(view.answers[1].batch == 2);

  // The next batch reports what is answered and what is still open.
  REQUIRE(b3.coverage.answered.size() == 2);
  CHECK(b3.coverage.answered[0].question_number == 6);
  CHECK(b3.coverage.answered[0].facet == "assistant");
  CHECK(b3.coverage.answered[0].question_text == texts[0]);
  CHECK(b3.coverage.answered[0].answer_summary == "Never, this is our first time");
  CHECK(b3.coverage.open.size() <= questioning::kMaxOpenFacets);
  for (const auto& o : b3.coverage.open) {
    CHECK_FALSE(o.subject.empty());
    CHECK_FALSE(o.why.empty());
    for (const auto& q : view.questions) CHECK(q.facet != o.facet_id);  // open means not asked
  }
}

TEST_CASE("proposals that repeat a question or each other are dropped and reported") {
  Fixture f;
  const auto b1 = f.service->next_batch(start("Plan a two-week trip to Japan in April"));
  const std::string near = b1.questions[1].text + " exactly";
  const auto b2 = f.service->next_batch(continuing(b1,
                                                   {proposal(b1.questions[0].text), proposal(near),
                                                    proposal("Which temples in Kyoto would you like to visit?"),
                                                    proposal("Which Kyoto temples would you like to visit?")},
                                                   2));
  REQUIRE(b2.dropped_proposals.size() == 3);
  CHECK(b2.dropped_proposals[0].question_text == b1.questions[0].text);
  CHECK(b2.dropped_proposals[0].reason == "already asked as question 1");
  CHECK(b2.dropped_proposals[1].question_text == near);
  CHECK(b2.dropped_proposals[1].reason == "repeats question 2");
  CHECK(b2.dropped_proposals[2].reason == "repeats another proposal");
  REQUIRE(numbers(b2) == std::vector<int>{6, 7});
  CHECK(b2.questions[0].text == "Which temples in Kyoto would you like to visit?");
  CHECK(b2.questions[0].source == "assistant");
  CHECK(b2.questions[1].source == "builtin");
  CHECK(b2.generator == "mixed");
  CHECK(f.counts().questions == 7);
}

TEST_CASE("a batch made only of proposals, and one without any") {
  Fixture f;
  BatchRequest r = start("Plan a two-week trip to Japan in April");
  r.proposed_questions = {proposal("Have you been to Japan before?"), proposal("Who is coming with you?")};
  r.batch_size = 2;
  const auto b = f.service->next_batch(r);
  REQUIRE(numbers(b) == std::vector<int>{1, 2});
  CHECK(b.generator == "assistant");
  CHECK(b.initial);
  CHECK(b.next_batch_needed);  // the planner still has facets to ask
  CHECK_FALSE(b.coverage.open.empty());
  CHECK(b.coverage.answered.empty());
  const auto plain = f.service->next_batch(continuing(b, {}));
  CHECK(plain.generator == "builtin");
  CHECK(plain.dropped_proposals.empty());
  for (const auto& q : plain.questions) CHECK(q.source == "builtin");
}

TEST_CASE("resending a call with the same proposals stores nothing twice") {
  Fixture f;
  const auto b1 = f.service->next_batch(start("Plan a two-week trip to Japan in April"));
  BatchRequest r = continuing(b1, {proposal("Have you been to Japan before?"),
                                   proposal("Would you rather see cities or countryside?")}, 4);
  r.previous_messages = {{"user", "1. Tokyo and Kyoto", std::nullopt}};
  const auto first = f.service->next_batch(r);
  REQUIRE(numbers(first) == std::vector<int>{6, 7, 8, 9});
  CHECK(first.answers_recorded == 1);
  const auto before = f.counts();

  const auto again = f.service->next_batch(r);
  CHECK(again.resent);
  CHECK(again.answers_recorded == 0);
  CHECK(numbers(again) == numbers(first));
  CHECK(again.questions[0].text == first.questions[0].text);
  CHECK(again.questions[3].text == first.questions[3].text);
  CHECK(again.generator == "mixed");
  CHECK(again.batch_number == first.batch_number);
  CHECK(again.dropped_proposals.empty());
  const auto after = f.counts();
  CHECK(after.questions == before.questions);
  CHECK(after.answers == before.answers);
  CHECK(after.embeddings == before.embeddings);

  // With a new answer it is a new call: the old proposals are reported as asked.
  r.previous_messages.push_back({"user", "6. No, never", std::nullopt});
  const auto later = f.service->next_batch(r);
  CHECK_FALSE(later.resent);
  CHECK(later.answers_recorded == 1);
  REQUIRE(later.dropped_proposals.size() == 2);
  CHECK(later.dropped_proposals[0].reason == "already asked as question 6");
  CHECK(later.dropped_proposals[1].reason == "already asked as question 7");
  CHECK(numbers(later).front() == 10);
  for (const auto& q : later.questions) CHECK(q.source == "builtin");
}

TEST_CASE("invalid proposals are refused with the field named, and nothing is stored") {
  Fixture f;
  const auto b1 = f.service->next_batch(start("Plan a wedding for 80 guests"));
  const auto before = f.counts();
  BatchRequest r = continuing(b1, {proposal("Where will it be?"), proposal("   ")});
  r.previous_messages = {{"user", "1. In June", std::nullopt}};
  CHECK_THROWS_WITH_AS(f.service->next_batch(r), doctest::Contains("proposed_questions[1].question_text is empty"),
                       UserError);
  r.proposed_questions = {proposal(std::string(600, 'x') + "?")};
  CHECK_THROWS_WITH_AS(f.service->next_batch(r),
                       doctest::Contains("proposed_questions[0].question_text is 601 characters long; the limit is 500"),
                       UserError);
  r.proposed_questions = {proposal("Who pays?", std::string(501, 'y'))};
  CHECK_THROWS_WITH_AS(f.service->next_batch(r), doctest::Contains("proposed_questions[0].importance"), UserError);
  r.proposed_questions = {proposal("Who pays?", std::string("bad \xff text"))};
  CHECK_THROWS_WITH_AS(f.service->next_batch(r), doctest::Contains("importance is not valid UTF-8"), UserError);
  r.proposed_questions.assign(11, proposal("Who pays?"));
  CHECK_THROWS_WITH_AS(f.service->next_batch(r), doctest::Contains("proposed_questions has 11 items; the limit is 10"),
                       UserError);
  CHECK_THROWS_AS(f.service->follow_up(r), UserError);
  questioning::AutomaticRequest a;
  a.base = r;
  CHECK_THROWS_AS(f.service->automatic(a), UserError);
  BatchRequest fresh = start("Plan a retirement party");
  fresh.proposed_questions = {proposal("")};
  CHECK_THROWS_AS(f.service->next_batch(fresh), UserError);

  const auto after = f.counts();
  CHECK(after.conversations == before.conversations);
  CHECK(after.questions == before.questions);
  CHECK(after.answers == before.answers);
  CHECK(after.contexts == before.contexts);
}

TEST_CASE("the automatic tool asks the proposals in its first round only") {
  Fixture f;
  questioning::AutomaticRequest a;
  a.base = start("Requirements for an inventory web app");
  a.base.previous_messages = {{"user", "We have three shops", std::nullopt}};
  a.base.proposed_questions = {proposal("Which spreadsheets do you use today?")};
  a.max_rounds = 3;
  const auto r = f.service->automatic(a);
  REQUIRE_FALSE(r.cancelled);
  REQUIRE_FALSE(r.initial.questions.empty());
  CHECK(r.initial.questions[0].number == 1);
  CHECK(r.initial.questions[0].source == "assistant");
  CHECK(r.initial.generator == "mixed");
  REQUIRE_FALSE(r.follow_ups.empty());
  for (const auto& b : r.follow_ups) {
    CHECK(b.generator == "builtin");
    for (const auto& q : b.questions) CHECK(q.source == "builtin");
  }
}

TEST_CASE("each batch reports what is answered and what is still open") {
  Fixture f;
  const auto b1 = f.service->next_batch(start("Plan a two-week trip to Japan in April"));
  CHECK(b1.coverage.answered.empty());
  REQUIRE_FALSE(b1.coverage.open.empty());
  CHECK(b1.coverage.open.size() <= questioning::kMaxOpenFacets);
  BatchRequest r;
  r.conversation_id = b1.conversation_id;
  r.previous_messages = {{"user", "2.   About $4,000\n for two people", std::nullopt}};
  const auto b2 = f.service->follow_up(r);
  REQUIRE(b2.coverage.answered.size() == 1);
  CHECK(b2.coverage.answered[0].question_number == 2);
  CHECK(b2.coverage.answered[0].facet == b1.questions[1].facet);
  CHECK(b2.coverage.answered[0].question_text == b1.questions[1].text);
  CHECK(b2.coverage.answered[0].answer_summary == "About $4,000 for two people");
  const auto view = f.service->conversation(b1.conversation_id);
  for (const auto& o : b2.coverage.open) {
    CHECK_FALSE(o.subject.empty());
    CHECK_FALSE(o.why.empty());
    for (const auto& q : view.questions) CHECK(q.facet != o.facet_id);  // open means not asked
  }
  // An answer to the whole batch covers each of its questions.
  f.service->record_answers(b1.conversation_id, {{std::nullopt, "Everything else is flexible."}});
  const auto b3 = f.service->next_batch(r);
  CHECK(b3.coverage.answered.size() == 1 + b2.questions.size());
}

TEST_CASE("an answer summary is one line cut at a word boundary") {
  using questioning::answer_summary;
  CHECK(answer_summary("  About $4,000\n for   two  ") == "About $4,000 for two");
  const std::string words = "We would like to spend most of the time in Kyoto, with a few days in Tokyo at the start and "
                            "a night in Hakone on the way between them if it fits";
  const std::string s = answer_summary(words);
  CHECK(s.size() <= 120 + 2);  // "…" is three bytes, one character
  CHECK(s.ends_with("\u2026"));
  CHECK(words.starts_with(s.substr(0, s.size() - 3)));
  CHECK(words[s.size() - 3] == ' ');  // cut before a space, never inside a word
  CHECK(answer_summary(std::string(130, 'z')).size() == 119 + 3);  // one long word is cut inside
  CHECK(answer_summary(std::string(120, 'z')) == std::string(120, 'z'));
}

TEST_CASE("standing facts are kept per user, superseded by a newer answer, and shown where they bear") {
  Fixture f;
  const auto trip = f.service->next_batch(start("Planning a family vacation to Europe next summer", "erin"));
  f.service->record_answers(trip.conversation_id,
                            {{1, "Our daughter Mia (7) is allergic to peanuts, and we live in Leeds."}});
  // A later answer about the same thing supersedes the earlier one.
  f.service->record_answers(trip.conversation_id, {{2, "We moved to York in May."}});
  auto count = [&](const char* sql) {
    auto st = f.db->prepare(sql);
    return st.step() ? st.integer(0) : -1;
  };
  CHECK(count("SELECT COUNT(*) FROM facts WHERE key = 'home:household'") == 2);
  CHECK(count("SELECT COUNT(*) FROM facts WHERE key = 'home:household' AND superseded_by IS NULL") == 1);
  // Saying the same again stores nothing new.
  f.service->record_answers(trip.conversation_id, {{3, "Our daughter Mia (7) is allergic to peanuts"}});
  CHECK(count("SELECT COUNT(*) FROM facts WHERE key = 'health:daughter:mia:allergy:peanuts'") == 1);

  const auto food = f.service->next_batch(start("Booking restaurants for our Portugal trip with the kids", "erin"));
  std::vector<std::string> texts;
  for (const auto& s : food.coverage.standing_facts) texts.push_back(s.fact.text);
  CHECK(std::find(texts.begin(), texts.end(), "Our daughter Mia (7) is allergic to peanuts") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), "We moved to York in May") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), "we live in Leeds") == texts.end());
  for (const auto& s : food.coverage.standing_facts) {
    CHECK(s.fact.conversation_id == trip.conversation_id);
    CHECK_FALSE(s.why.empty());
  }
  // Its first batch confirms the allergy instead of asking from scratch, and still has the planner's questions.
  REQUIRE(food.questions.size() == 5);
  CHECK(food.questions[0].text ==
        "Earlier you said your daughter Mia (7) is allergic to peanuts — is that still so, and should this take it "
        "into account?");
  CHECK(food.questions[0].facet == "known:health");
  CHECK(food.questions[1].facet == "known:home");
  CHECK(food.questions[2].facet.rfind("known:", 0) != 0);
  // A batch of one question is the planner's alone.
  BatchRequest one = start("Booking restaurants for our Portugal trip with the kids", "erin");
  one.batch_size = 1;
  CHECK(f.service->next_batch(one).questions[0].facet.rfind("known:", 0) != 0);
  // The conversation they came from does not repeat them, and another user sees none.
  const auto again = f.service->next_batch([&] {
    BatchRequest r;
    r.conversation_id = trip.conversation_id;
    return r;
  }());
  CHECK(again.coverage.standing_facts.empty());
  const auto stranger = f.service->next_batch(start("Booking restaurants for our Portugal trip with the kids", "fred"));
  CHECK(stranger.coverage.standing_facts.empty());
  for (const auto& q : stranger.questions) CHECK(q.facet.rfind("known:", 0) != 0);
  // A fact goes with the conversation it came from.
  storage::Repository(*f.db).delete_conversation(trip.conversation_id);
  CHECK(count("SELECT COUNT(*) FROM facts") == 0);
}
