// The role a detail plays, read from the words around it: a medicine and its
// dose ("metformin 500 mg"), an amount someone owes ("he owes me 1200 EUR"),
// a rate ("300 requests per second"), a person named with their relation
// ("my partner Anna" -> "your partner Anna"). The role decides how a
// follow-up is worded: a medicine or a debt is never a preference to negotiate.
#pragma once

#include <string_view>
#include <vector>

#include "questioning/answer_parser.hpp"

namespace sq::questioning {

// `details` as extract_details() found them in `text`, with roles assigned:
// kinds changed, pieces of one medicine or rate joined, pieces a role
// absorbed removed. Order of appearance is kept.
std::vector<Detail> assign_roles(std::string_view text, std::vector<Detail> details);

}  // namespace sq::questioning
