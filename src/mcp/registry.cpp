// Tool registry: see registry.hpp.
#include "mcp/registry.hpp"

#include <stdexcept>

namespace sq::mcp {

void ToolRegistry::add(Tool tool) {
  if (find(tool.name) != nullptr) throw std::logic_error("tool registered twice: " + tool.name);
  tools_.push_back(std::move(tool));
}

const Tool* ToolRegistry::find(const std::string& name) const {
  for (const auto& t : tools_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace sq::mcp
