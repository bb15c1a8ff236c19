// What the server fuzz targets share: a server over a throwaway database, with
// every real tool, prompt and resource. The database is replaced after a fixed
// number of inputs, so the cost of one input does not grow with everything the
// inputs before it stored (a search catching up the index with thousands of
// rows under the sanitizers once took longer than the fuzzer's timeout).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "mcp/conversation_resources.hpp"
#include "mcp/questioning_tools.hpp"
#include "mcp/server.hpp"
#include "memory/memory_store.hpp"
#include "questioning/flows.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace sq::fuzz {

struct FuzzServer {
  std::string dir;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<memory::MemoryStore> memory;
  std::unique_ptr<questioning::Service> service;
  std::unique_ptr<mcp::Server> server;

  FuzzServer() {
    char templ[] = "/tmp/sq-fuzz-XXXXXX";
    const char* made = ::mkdtemp(templ);
    if (made == nullptr) std::abort();
    dir = made;
    db = storage::Database::open(dir + "/fuzz.db");
    storage::migrate(*db);
    memory = std::make_unique<memory::MemoryStore>(*db, memory::index_path_for(dir + "/fuzz.db"),
                                                   memory::make_default_embedder());
    service = std::make_unique<questioning::Service>(*db, *memory);
    mcp::ToolRegistry tools;
    mcp::register_all_tools(tools, *service);
    server = std::make_unique<mcp::Server>(mcp::ServerInfo{"sequential-questioning", "fuzz", "0", "fuzz"},
                                           std::move(tools),
                                           std::vector<mcp::Prompt>{mcp::make_interview_prompt(*service)},
                                           mcp::make_conversation_resources(*service));
    // Handshake once, as a client would; later inputs may send their own.
    server->handle_line(
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"0"}}})");
  }
  ~FuzzServer() {
    server.reset();
    service.reset();
    memory.reset();
    db.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  FuzzServer(const FuzzServer&) = delete;
  FuzzServer& operator=(const FuzzServer&) = delete;
};

inline constexpr int kInputsPerDatabase = 100;

inline std::unique_ptr<FuzzServer>& current_fuzz_server() {
  static std::unique_ptr<FuzzServer> s;
  return s;
}

// The server for the next input: a fresh one every kInputsPerDatabase inputs.
inline FuzzServer& fuzz_server() {
  static int inputs = 0;
  auto& s = current_fuzz_server();
  if (!s || ++inputs % kInputsPerDatabase == 0) {
    s.reset();
    s = std::make_unique<FuzzServer>();
    static const bool registered = [] {
      std::atexit([] { current_fuzz_server().reset(); });
      return true;
    }();
    (void)registered;
  }
  return *s;
}

}  // namespace sq::fuzz
