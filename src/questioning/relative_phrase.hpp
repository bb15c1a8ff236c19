// The grown-up relative whose health an English request is about: "My dad is
// 74 and lately he's been forgetting things" -> "your dad". Their health is
// asked about through the person who writes ("What have you noticed in your
// dad?"), never as if it were the writer's own ("What symptoms are you
// having?"). A child's health is read by child_phrase.hpp instead.
#pragma once

#include <string>
#include <string_view>

namespace sq::questioning {

// "your dad", "your wife", or empty when the request's concern is the
// writer's own (or a child's).
std::string relative_phrase(std::string_view request);

// `question` with the catalogue's "your relative" (any case) replaced by
// `relative`; unchanged when `relative` is empty.
std::string name_the_relative(std::string question, std::string_view relative);

}  // namespace sq::questioning
