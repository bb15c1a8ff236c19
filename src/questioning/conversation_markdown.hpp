// Renders a conversation as Markdown for people: its context, each question
// with its answers, answers given to a whole batch, and what is unanswered.
#pragma once

#include <string>

#include "questioning/flows.hpp"

namespace sq::questioning {

std::string conversation_markdown(const ConversationView& view);

}  // namespace sq::questioning
