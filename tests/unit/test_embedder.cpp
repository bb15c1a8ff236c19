// Properties of the default (feature-hashing) embedder and of cosine().
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "memory/embedder.hpp"
#include "memory/hashing_embedder.hpp"

using sq::memory::cosine;
using sq::memory::HashingEmbedder;
using sq::memory::make_default_embedder;

namespace {

double norm(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

bool all_zero(const std::vector<float>& v) {
  for (float x : v) {
    if (x != 0.0f) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("the default embedder identifies itself with version and dimension") {
  auto e = make_default_embedder();
  CHECK(e->dimension() == 256);
  CHECK(e->identity() == "hash-v1/256");
  auto small = make_default_embedder(64);
  CHECK(small->dimension() == 64);
  CHECK(small->identity() == "hash-v1/64");
  CHECK(small->embed("some words here").size() == 64);
  CHECK(e->embed("some words here").size() == 256);
  CHECK_THROWS_AS(HashingEmbedder(0), std::invalid_argument);
  CHECK_THROWS_AS(HashingEmbedder(-5), std::invalid_argument);
  CHECK_THROWS_AS(HashingEmbedder(1 << 20), std::invalid_argument);
}

TEST_CASE("the same text always gives the same unit vector") {
  HashingEmbedder e;
  HashingEmbedder other;
  for (const char* text : {"What is the budget for the project?", "Deploy on Fridays, never.", "x",
                           "Numbers 2024 and v1.2.3 count too"}) {
    CAPTURE(text);
    const auto a = e.embed(text);
    const auto b = other.embed(text);
    CHECK(a == b);
    CHECK(cosine(a, b) == doctest::Approx(1.0).epsilon(1e-5));
    CHECK(norm(a) == doctest::Approx(1.0).epsilon(1e-5));
  }
}

TEST_CASE("case and punctuation do not change the words") {
  HashingEmbedder e;
  CHECK(cosine(e.embed("Project Budget!"), e.embed("project budget")) == doctest::Approx(1.0).epsilon(1e-5));
}

TEST_CASE("texts sharing content words score above unrelated texts") {
  HashingEmbedder e;
  struct Case {
    const char* anchor;
    const char* related;
    const char* unrelated;
  };
  const Case cases[] = {
      {"What is the budget for the project?", "How much money can we spend on the project budget?",
       "What is the timeline for the launch?"},
      {"Which database do you use in production?", "We run PostgreSQL as our production database",
       "My favourite colour is blue"},
      {"The office is in Zürich", "Our Zürich office has ten people", "We sell bicycles online"},
      {"Who are the main users of the mobile app?", "The mobile app users are mostly nurses",
       "Quarterly revenue grew by four percent"},
      {"How do customers pay invoices?", "Customers pay invoices by bank transfer", "The cat sleeps on the sofa"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.anchor);
    const auto a = e.embed(c.anchor);
    const float related = cosine(a, e.embed(c.related));
    const float unrelated = cosine(a, e.embed(c.unrelated));
    CHECK(related > unrelated + 0.2f);
    CHECK(related > 0.3f);
  }
}

TEST_CASE("stop words carry little weight") {
  HashingEmbedder e;
  CHECK(HashingEmbedder::is_stop_word("the"));
  CHECK(HashingEmbedder::is_stop_word("what"));
  CHECK_FALSE(HashingEmbedder::is_stop_word("budget"));
  const auto a = e.embed("What is the budget for the project?");
  // Same question words, different topic: nearly unrelated.
  CHECK(cosine(a, e.embed("What is the timeline for the launch?")) < 0.2f);
  // Same topic words, no question words: close.
  CHECK(cosine(a, e.embed("project budget")) > 0.8f);
  // Texts of stop words alone still embed (to a unit vector).
  CHECK(norm(e.embed("the of and to")) == doctest::Approx(1.0).epsilon(1e-5));
}

TEST_CASE("word inflections meet through character trigrams") {
  HashingEmbedder e;
  CHECK(cosine(e.embed("answer"), e.embed("answers")) > 0.1f);
  CHECK(cosine(e.embed("answer"), e.embed("answers")) > cosine(e.embed("answer"), e.embed("question")));
}

TEST_CASE("empty and featureless text gives a zero vector and cosine 0") {
  HashingEmbedder e;
  const auto reference = e.embed("something real");
  for (std::string text : {std::string(), std::string("   "), std::string("\t\n\r "), std::string("?!... ---"),
                           std::string("\x01\x02", 2)}) {
    CAPTURE(text);
    const auto v = e.embed(text);
    CHECK(v.size() == 256);
    CHECK(all_zero(v));
    CHECK(cosine(v, v) == 0.0f);
    CHECK(cosine(v, reference) == 0.0f);
  }
}

TEST_CASE("non-ASCII text is embedded deterministically") {
  HashingEmbedder e;
  for (const char* text : {"Zürich", "東京", "東京のオフィス", "🚀", "naïve café", "Ελληνικά κείμενα", "emoji 🎉 party"}) {
    CAPTURE(text);
    const auto a = e.embed(text);
    CHECK(a == HashingEmbedder().embed(text));
    CHECK_FALSE(all_zero(a));
    CHECK(norm(a) == doctest::Approx(1.0).epsilon(1e-5));
  }
  // ASCII case folding reaches letters around non-ASCII ones.
  CHECK(cosine(e.embed("ZÜRICH office"), e.embed("zÜrich office")) == doctest::Approx(1.0).epsilon(1e-5));
  CHECK(cosine(e.embed("東京のオフィス"), e.embed("東京の本社")) > cosine(e.embed("東京のオフィス"), e.embed("ロンドン")));
  CHECK(cosine(e.embed("🚀 launch plan"), e.embed("launch plan 🚀")) > 0.8f);
}

TEST_CASE("invalid UTF-8 does not crash and stays deterministic") {
  HashingEmbedder e;
  const std::string inputs[] = {
      std::string("\xff\xfe\xfd"),
      std::string("abc \xc3 def"),          // truncated two-byte sequence
      std::string("\xed\xa0\x80 surrogate"),  // encoded surrogate
      std::string("\xf4\x90\x80\x80 too high"),
      std::string("overlong \xc0\xaf slash"),
      std::string("tail cut \xe6\x9d"),
      std::string("\0zero\0bytes", 11),
  };
  for (const std::string& text : inputs) {
    CAPTURE(text);
    const auto a = e.embed(text);
    CHECK(a.size() == 256);
    CHECK(a == e.embed(text));
    CHECK((all_zero(a) || norm(a) == doctest::Approx(1.0).epsilon(1e-5)));
  }
  // The valid words around the bad bytes still count.
  CHECK(cosine(e.embed("abc \xc3 def"), e.embed("abc def")) > 0.9f);
}

TEST_CASE("long input is handled") {
  HashingEmbedder e;
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "word" + std::to_string(i % 997) + " ";
  const auto v = e.embed(text);
  CHECK(norm(v) == doctest::Approx(1.0).epsilon(1e-5));
}

TEST_CASE("repeating a word does not let it dominate linearly") {
  HashingEmbedder e;
  const auto once = e.embed("budget timeline");
  std::string many = "timeline";
  for (int i = 0; i < 50; ++i) many += " budget";
  // Linear weighting would leave "timeline" a cosine near 0.02; damped, it still shows.
  CHECK(cosine(e.embed(many), e.embed("timeline")) > 0.08f);
  CHECK(cosine(once, e.embed("budget")) > 0.3f);
}

TEST_CASE("the feature hash is fixed across builds") {
  // These values pin the hash function. If they change, every stored vector
  // changes too: bump HashingEmbedder::kVersion rather than edit the numbers.
  CHECK(sq::memory::feature_hash('w', "") == sq::memory::feature_hash('w', ""));
  CHECK(sq::memory::feature_hash('w', "budget") != sq::memory::feature_hash('c', "budget"));
  CHECK(sq::memory::feature_hash('w', "budget") == 0x663d93e920d08095ULL);
  CHECK(sq::memory::feature_hash('c', "<bu") == 0xa326a9f2df1c1aaeULL);
  const auto v = HashingEmbedder().embed("Project budget");
  CHECK(v[128] == doctest::Approx(-0.561435).epsilon(1e-4));
  CHECK(v[131] == doctest::Approx(-0.336861).epsilon(1e-4));
  CHECK(v[209] == doctest::Approx(-0.561435).epsilon(1e-4));
}

TEST_CASE("cosine handles zero, mismatched and known vectors") {
  CHECK(cosine({1, 0}, {0, 1}) == 0.0f);
  CHECK(cosine({1, 0}, {2, 0}) == doctest::Approx(1.0));
  CHECK(cosine({1, 0}, {-3, 0}) == doctest::Approx(-1.0));
  CHECK(cosine({3, 4}, {4, 3}) == doctest::Approx(24.0 / 25.0));
  CHECK(cosine({0, 0}, {1, 1}) == 0.0f);
  CHECK(cosine({1, 2, 3}, {1, 2}) == 0.0f);
  CHECK(cosine({}, {}) == 0.0f);
}
