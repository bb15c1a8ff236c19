// The MCP tools of sequential-questioning: their schemas, descriptions and
// handlers, which translate between JSON and the questioning flows.
#pragma once

#include "mcp/registry.hpp"
#include "questioning/flows.hpp"

namespace sq::mcp {

// Registers every tool (questioning, conversations, ask_user); handlers keep a
// reference to `service`.
void register_all_tools(ToolRegistry& registry, questioning::Service& service);

// The groups registered by register_all_tools.
void register_questioning_tools(ToolRegistry& registry, questioning::Service& service);
void register_conversation_tools(ToolRegistry& registry, questioning::Service& service);
void register_ask_user_tool(ToolRegistry& registry, questioning::Service& service);

// The server's instructions for assistants (sent in initialize).
const std::string& questioning_instructions();

// JSON forms shared with the CLI's --json output.
json batch_to_json(const questioning::Batch& batch);
json conversation_to_json(const questioning::ConversationView& view);
json memory_item_to_json(const memory::MemoryItem& item);
json conversation_summary_to_json(const storage::ConversationRow& row);

// Output schemas shared between tools.
json batch_output_schema();
json conversation_output_schema();

}  // namespace sq::mcp
