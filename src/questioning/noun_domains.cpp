// The generated noun table and its look-up: see noun_domains.hpp.
#include "questioning/noun_domains.hpp"

#include <algorithm>
#include <iterator>
#include <string>

namespace sq::questioning {

namespace {

struct NounDomain {
  std::string_view noun;
  std::string_view domain;
};

constexpr NounDomain kNouns[] = {
#include "noun_domains.inc"
};

std::string_view look_up(std::string_view noun) {
  const auto it = std::lower_bound(std::begin(kNouns), std::end(kNouns), noun,
                                   [](const NounDomain& n, std::string_view w) { return n.noun < w; });
  return it != std::end(kNouns) && it->noun == noun ? it->domain : std::string_view{};
}

}  // namespace

std::string_view noun_domain(std::string_view w) {
  if (w.size() < 3) return {};
  if (const auto d = look_up(w); !d.empty()) return d;
  // Regular plurals: "greyhounds", "boxes", "puppies".
  if (w.size() > 4 && w.ends_with("ies")) {
    if (const auto d = look_up(std::string(w.substr(0, w.size() - 3)) + "y"); !d.empty()) return d;
  }
  if (w.size() > 4 && w.ends_with("es")) {
    if (const auto d = look_up(w.substr(0, w.size() - 2)); !d.empty()) return d;
  }
  if (w.size() > 3 && w.ends_with('s') && !w.ends_with("ss")) return look_up(w.substr(0, w.size() - 1));
  return {};
}

std::size_t noun_domain_count() { return std::size(kNouns); }

}  // namespace sq::questioning
