// Small pieces every tool handler uses: reading optional arguments, schema
// fragments, and turning failures into tool errors a person can act on.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "mcp/jsonrpc.hpp"
#include "mcp/registry.hpp"

namespace sq::mcp {

// The string argument `key`, or nullopt when absent or null.
std::optional<std::string> opt_string(const json& args, const char* key);

// Schema of an optional identifier argument.
json id_string_schema(const char* description);

// Runs `body`; user errors, database errors and unexpected failures become
// ToolResult errors saying what happened and that nothing was saved.
ToolResult guarded(const std::string& tool, const std::function<ToolResult()>& body);

}  // namespace sq::mcp
