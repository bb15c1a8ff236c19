// Fuzz target: arbitrary JSON as the arguments of a tool call. The first byte
// picks the tool; the rest, if it parses as JSON, becomes `arguments`. Every
// call must end in a result or a JSON-RPC error, never a crash, and a result
// must carry `content`.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_env.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const char* const kTools[] = {"sequential_questioning", "sequential_questioning_follow_up",
                                       "sequential_questioning_automatic", "search_memory", "list_conversations",
                                       "get_conversation", "close_conversation", "ask_user"};
  const std::string tool = kTools[data[0] % (sizeof kTools / sizeof kTools[0])];
  const auto args = nlohmann::json::parse(data + 1, data + size, nullptr, false);
  if (args.is_discarded()) return 0;
  const nlohmann::json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"},
                                  {"params", {{"name", tool}, {"arguments", args}}}};
  std::string line;
  try {
    line = request.dump();
  } catch (const nlohmann::json::exception&) {
    return 0;  // not representable as UTF-8 text
  }
  auto reply = sq::fuzz::fuzz_server().server->handle_line(line);
  if (!reply) std::abort();
  if (reply->contains("result")) {
    const auto& result = (*reply)["result"];
    if (!result.contains("content") && !result.contains("resultType")) std::abort();
  } else if (!reply->contains("error")) {
    std::abort();
  }
  return 0;
}
