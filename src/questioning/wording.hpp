// How alike two questions are worded, for the planner's repeat checks:
// questions become sorted sets of hashed content words (lower-cased, light
// plural folding, common words left out), cheap to build and to intersect,
// which keeps a 50-question conversation fast.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sq::questioning::planning {

using Wording = std::vector<std::uint64_t>;

// The content words of `text`, less those in `excluded` (the subject's own
// words, which every question about it shares).
Wording content_words(std::string_view text, const Wording& excluded = {});

// Jaccard similarity of two word sets, 0..1.
double jaccard(const Wording& a, const Wording& b);

}  // namespace sq::questioning::planning
