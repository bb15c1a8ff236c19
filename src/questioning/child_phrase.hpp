// The child an English request is about, as its questions can name them:
// "My 15-year-old son has stopped talking to us" -> "your son", "Why does my
// 4-year-old wake up screaming?" -> "your 4-year-old", "our daughter's
// reading" -> "your daughter". Empty when the request names no child of the
// person's own ("my 11-year-old dog").
#pragma once

#include <string>
#include <string_view>

namespace sq::questioning {

std::string child_phrase(std::string_view request);

// `question` with the catalogue's neutral "your child" and "the learner"
// (any case, with "'s") replaced by `child`; unchanged when `child` is empty.
std::string name_the_child(std::string question, std::string_view child);

}  // namespace sq::questioning
