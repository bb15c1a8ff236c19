// The subject of a request as a noun phrase a question can name: "Plan a
// two-week trip to Japan in April" -> "your trip to Japan", "Our Postgres
// replica lags every night" -> "your Postgres replica", "I want to learn
// Spanish" -> "learning Spanish". English only: foreign_subject.hpp reads
// French, German and Spanish requests.
#pragma once

#include <string>
#include <string_view>

namespace sq::questioning {

// The subject phrase of `context`, in the second person; "this" when no
// sentence of it reads as having one.
std::string topic_phrase(std::string_view context);

// A shorter name for the same subject, for a second mention within a batch:
// "your Postgres replica" -> "the replica", "your trip to Japan" -> "the
// trip", "the REST API for your inventory system" -> "the API". A phrase of
// two words or fewer, or a gerund phrase ("learning Spanish"), is returned
// unchanged.
std::string short_subject(std::string_view phrase);

}  // namespace sq::questioning
