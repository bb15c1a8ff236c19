// Tool handler support: see tool_support.hpp.
#include "mcp/tool_support.hpp"

#include <fmt/format.h>

#include "questioning/flows.hpp"
#include "storage/database.hpp"
#include "util/log.hpp"

namespace sq::mcp {

std::optional<std::string> opt_string(const json& args, const char* key) {
  auto it = args.find(key);
  if (it == args.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

json id_string_schema(const char* description) {
  return {{"type", {"string", "null"}}, {"maxLength", 256}, {"description", description}};
}

ToolResult guarded(const std::string& tool, const std::function<ToolResult()>& body) {
  try {
    return body();
  } catch (const questioning::UserError& e) {
    return ToolResult::error(e.what());
  } catch (const storage::Error& e) {
    util::log::error("{}: {}", tool, e.what());
    if (e.busy()) {
      return ToolResult::error("The database is busy with another process; nothing was saved. Try the call again.");
    }
    if (e.full()) {
      return ToolResult::error(
          "The disk holding the database is full; nothing was saved. Free some space and try again.");
    }
    return ToolResult::error(fmt::format("The database reported an error; nothing was saved: {}", e.what()));
  } catch (const RpcError&) {
    throw;  // a protocol error, answered as such
  } catch (const std::exception& e) {
    util::log::error("{}: {}", tool, e.what());
    return ToolResult::error(fmt::format("Internal error; nothing was saved: {}", e.what()));
  }
}

}  // namespace sq::mcp
