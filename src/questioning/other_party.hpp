// The other side a dispute names in its request, as a noun phrase its
// questions can use: "The builder who did our extension ..." -> "the
// builder", "My landlord won't ..." -> "your landlord", "Mon propriétaire
// refuse ..." -> "votre propriétaire", "Die Airline hat ..." -> "die
// Airline" (German only in the nominative), "La tienda no quiere ..." -> "la
// tienda". Empty when the request names none.
#pragma once

#include <string>
#include <string_view>

namespace sq::questioning {

std::string other_party(std::string_view request, std::string_view language);

}  // namespace sq::questioning
