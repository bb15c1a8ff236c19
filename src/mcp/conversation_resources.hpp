// Conversations as MCP resources (sq://conversations and the template
// sq://conversations/{id}, as JSON and Markdown) and the `interview` prompt.
#pragma once

#include "mcp/registry.hpp"
#include "questioning/flows.hpp"

namespace sq::mcp {

ResourceProvider make_conversation_resources(questioning::Service& service);
Prompt make_interview_prompt(questioning::Service& service);

}  // namespace sq::mcp
