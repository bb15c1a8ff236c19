// Tests for util/text: UTF-8 validation and repair, tokenisation, trimming.
#include <doctest/doctest.h>

#include "util/clock.hpp"
#include "util/ids.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

using namespace sq::util;

TEST_CASE("UTF-8 validation accepts well-formed text and rejects the rest") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("Zürich 東京 🎉"));
  CHECK_FALSE(is_valid_utf8("\xC3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xFF"));
}

TEST_CASE("sanitize_utf8 replaces each bad byte and keeps good text") {
  CHECK(sanitize_utf8("ok") == "ok");
  CHECK(sanitize_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(is_valid_utf8(sanitize_utf8("\xC3\x28\xE2\x82")));
  CHECK(sanitize_utf8("Zürich") == "Zürich");
}

TEST_CASE("words lower-cases ASCII, keeps non-ASCII words and inner apostrophes") {
  CHECK(words("Plan a TRIP to Kyoto, 2026!") == std::vector<std::string>{"plan", "a", "trip", "to", "kyoto", "2026"});
  CHECK(words("we'd like Zürich") == std::vector<std::string>{"we'd", "like", "zürich"});
  CHECK(words("'quoted' dogs'") == std::vector<std::string>{"quoted", "dogs"});
  CHECK(words("").empty());
  CHECK(words("  \t\n ").empty());
  CHECK(words("a\xFF" "b") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("trim and utf8_prefix") {
  CHECK(trim("  x y \n") == "x y");
  CHECK(trim("") == "");
  CHECK(utf8_prefix("abc", 10) == "abc");
  CHECK(utf8_prefix("aü", 2) == "a");  // never cuts inside ü
  CHECK(utf8_prefix("aü", 3) == "aü");
}

TEST_CASE("uuids are well-formed version-4 and distinct") {
  const auto a = new_uuid();
  const auto b = new_uuid();
  CHECK(looks_like_uuid(a));
  CHECK(a != b);
  CHECK(a[14] == '4');
  CHECK(random_hex(16).size() == 32);
  CHECK_FALSE(looks_like_uuid("not-a-uuid"));
}

TEST_CASE("durations parse with units and reject junk") {
  CHECK(parse_duration_seconds("30d") == 30 * 86400);
  CHECK(parse_duration_seconds("12h") == 12 * 3600);
  CHECK(parse_duration_seconds("2w") == 14 * 86400);
  CHECK_FALSE(parse_duration_seconds("d"));
  CHECK_FALSE(parse_duration_seconds("10"));
  CHECK_FALSE(parse_duration_seconds("10y"));
  CHECK(now_rfc3339().size() == 24);
}

TEST_CASE("DATABASE_URL accepts sqlite URLs and refuses other schemes") {
  CHECK(path_from_database_url("sqlite:///rel.db") == "rel.db");
  CHECK(path_from_database_url("sqlite:////abs/x.db") == "/abs/x.db");
  CHECK(path_from_database_url("sqlite+aiosqlite:////abs/x.db?mode=rw") == "/abs/x.db");
  CHECK_THROWS_WITH_AS(path_from_database_url("postgresql://u@h/db"), doctest::Contains("postgresql"),
                       std::runtime_error);
  CHECK_THROWS(path_from_database_url("sqlite://host/x.db"));
  CHECK_THROWS(path_from_database_url("sqlite:///:memory:"));
  CHECK_THROWS(path_from_database_url("not a url"));
}

TEST_CASE("cut_at_word keeps short text, cuts long text at a word and counts characters, not bytes") {
  using sq::util::cut_at_word;
  CHECK(cut_at_word("we live in Leeds", 60) == "we live in Leeds");
  CHECK(cut_at_word("allergic to peanuts, tree nuts and sesame", 30) == "allergic to peanuts, tree…");
  CHECK(cut_at_word("Zürich, Genève et Lausanne", 16) == "Zürich, Genève…");
  CHECK(cut_at_word("Donaudampfschifffahrt", 8) == "Donauda…");
}
