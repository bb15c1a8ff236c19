// The MCP server: see server.hpp.
#include "mcp/server.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <fmt/format.h>

#include "mcp/schema.hpp"
#include "util/log.hpp"
#include "util/text.hpp"

namespace sq::mcp {

namespace {

constexpr const char* kMetaVersion = "io.modelcontextprotocol/protocolVersion";
constexpr const char* kMetaCapabilities = "io.modelcontextprotocol/clientCapabilities";
constexpr const char* kMetaServerInfo = "io.modelcontextprotocol/serverInfo";
constexpr int kPageSize = 50;
constexpr std::int64_t kStaticTtlMs = 3600 * 1000;  // tool, prompt and template lists never change in a process

// Structured tool output arrived in 2025-06-18; older clients get text only.
bool supports_structured_output(const std::string& version) { return version >= "2025-06-18"; }

RpcError invalid_params(std::string message) { return RpcError{error_code::invalid_params, std::move(message)}; }

std::string printable(const std::string& s) { return util::sanitize_utf8(util::utf8_prefix(s, 100)); }

std::string required_string(const json& params, const char* key, const char* method) {
  const auto it = params.find(key);
  if (it == params.end() || !it->is_string()) {
    throw invalid_params(fmt::format("Invalid params: {} needs \"{}\" (a string)", method, key));
  }
  return it->get<std::string>();
}

// Cursors are opaque to clients; here they carry an offset.
std::string make_cursor(int offset) { return fmt::format("o{}", offset); }

int parse_cursor(const json& params) {
  const auto it = params.find("cursor");
  if (it == params.end() || it->is_null()) return 0;
  if (!it->is_string()) throw invalid_params("Invalid params: \"cursor\" must be a string");
  const std::string c = it->get<std::string>();
  if (c.size() < 2 || c.size() > 12 || c[0] != 'o' ||
      !std::all_of(c.begin() + 1, c.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    throw invalid_params("Invalid params: unknown cursor; use the nextCursor of a previous page");
  }
  return std::stoi(c.substr(1));
}

bool cacheable(const std::string& method) {
  return method == "server/discover" || method == "tools/list" || method == "prompts/list" ||
         method == "resources/list" || method == "resources/templates/list" || method == "resources/read";
}

}  // namespace

const std::vector<std::string>& handshake_versions() {
  static const std::vector<std::string> versions = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"};
  return versions;
}

const std::string& latest_handshake_version() { return handshake_versions().back(); }

const std::vector<std::string>& stateless_versions() {
  static const std::vector<std::string> versions = {"2026-07-28"};
  return versions;
}

Server::Server(ServerInfo info, ToolRegistry tools, std::vector<Prompt> prompts,
               std::optional<ResourceProvider> resources)
    : info_(std::move(info)), tools_(std::move(tools)), prompts_(std::move(prompts)), resources_(std::move(resources)) {}

void Server::send(const json& message) {
  if (out_ == nullptr) return;
  // Invalid UTF-8 in stored text must never make a reply unserialisable.
  out_->write_line(message.dump(-1, ' ', false, json::error_handler_t::replace));
}

void Server::reject_oversized(std::size_t size) {
  send(make_error(nullptr, RpcError{error_code::invalid_request,
                                    fmt::format("Invalid Request: message of {} bytes exceeds the limit of {} bytes",
                                                size, in_ ? in_->max_line_bytes() : 0)}));
}

json Server::capabilities() const {
  json caps = {{"tools", {{"listChanged", false}}}};
  if (!prompts_.empty()) caps["prompts"] = {{"listChanged", false}};
  if (resources_) caps["resources"] = {{"listChanged", false}, {"subscribe", false}};
  if (!prompts_.empty() || resources_) caps["completions"] = json::object();
  return caps;
}

// ---- envelopes ---------------------------------------------------------------

Server::Envelope Server::envelope_for(const Incoming& msg) const {
  Envelope env;
  const auto meta = msg.params.find("_meta");
  if (meta != msg.params.end() && meta->is_object() && meta->contains(kMetaVersion)) {
    env.stateless = true;
    const json& v = (*meta)[kMetaVersion];
    const std::string asked = v.is_string() ? v.get<std::string>() : v.dump();
    const auto& modern = stateless_versions();
    const auto& legacy = handshake_versions();
    if (std::find(modern.begin(), modern.end(), asked) == modern.end()) {
      json supported = modern;
      for (auto it = legacy.rbegin(); it != legacy.rend(); ++it) supported.push_back(*it);
      throw RpcError{error_code::unsupported_protocol_version, "Unsupported protocol version",
                     json{{"supported", supported}, {"requested", asked}}};
    }
    env.version = asked;
    if (auto caps = meta->find(kMetaCapabilities); caps != meta->end() && caps->is_object()) {
      env.client_capabilities = *caps;
    }
    return env;
  }
  env.version = protocol_version_.empty() ? latest_handshake_version() : protocol_version_;
  env.client_capabilities = client_capabilities_;
  return env;
}

json Server::finish(const Envelope& env, const std::string& method, json result) const {
  if (!env.stateless) {
    result.erase("resultType");
    return result;
  }
  if (!result.contains("resultType")) result["resultType"] = "complete";
  result["_meta"][kMetaServerInfo] = {{"name", info_.name}, {"version", info_.version}};
  if (cacheable(method) && result["resultType"] == "complete" && !result.contains("ttlMs")) {
    // Conversations change with every call; lists of tools and prompts do not.
    const bool data = method == "resources/list" || method == "resources/read";
    result["ttlMs"] = data ? 0 : kStaticTtlMs;
    result["cacheScope"] = data ? "private" : "public";
  }
  return result;
}

// ---- handlers -----------------------------------------------------------------

json Server::handle_initialize(const json& params) {
  const std::string asked = required_string(params, "protocolVersion", "initialize");
  const auto& known = handshake_versions();
  protocol_version_ = std::find(known.begin(), known.end(), asked) != known.end() ? asked : latest_handshake_version();
  client_capabilities_ = json::object();
  if (auto caps = params.find("capabilities"); caps != params.end() && caps->is_object()) client_capabilities_ = *caps;
  if (auto ci = params.find("clientInfo"); ci != params.end() && ci->is_object()) client_info_ = *ci;
  util::log::info("client {} {} initialised with protocol {}", client_info_.value("name", "(unnamed)"),
                  client_info_.value("version", ""), protocol_version_);

  json server_info = {{"name", info_.name}, {"version", info_.version}};
  if (protocol_version_ >= "2025-06-18") server_info["title"] = info_.title;
  json caps = capabilities();
  if (protocol_version_ < "2025-03-26") caps.erase("completions");  // completions arrived in 2025-03-26
  return json{{"protocolVersion", protocol_version_},
              {"capabilities", caps},
              {"serverInfo", server_info},
              {"instructions", info_.instructions}};
}

json Server::handle_discover() const {
  json versions = stateless_versions();
  for (auto it = handshake_versions().rbegin(); it != handshake_versions().rend(); ++it) versions.push_back(*it);
  return json{{"supportedVersions", versions}, {"capabilities", capabilities()}, {"instructions", info_.instructions}};
}

json Server::tool_descriptor(const Tool& tool, const std::string& version) const {
  json d = {{"name", tool.name}, {"description", tool.description}, {"inputSchema", tool.input_schema}};
  if (version >= "2025-06-18") d["title"] = tool.title;
  if (supports_structured_output(version) && !tool.output_schema.is_null()) d["outputSchema"] = tool.output_schema;
  if (version >= "2025-03-26" && !tool.annotations.empty()) d["annotations"] = tool.annotations;
  return d;
}

json Server::handle_tools_list(const Envelope& env) const {
  json list = json::array();
  for (const auto& t : tools_.tools()) list.push_back(tool_descriptor(t, env.version));
  return json{{"tools", std::move(list)}};
}

std::optional<json> Server::handle_tools_call(const Incoming& msg, const Envelope& env) {
  const json& params = msg.params;
  const std::string name = required_string(params, "name", "tools/call");
  const Tool* tool = tools_.find(name);
  if (tool == nullptr) {
    std::string known;
    for (const auto& t : tools_.tools()) known += (known.empty() ? "" : ", ") + t.name;
    throw invalid_params(fmt::format("Unknown tool: '{}'. Available tools: {}", printable(name), known));
  }
  json arguments = json::object();
  if (auto a = params.find("arguments"); a != params.end() && !a->is_null()) {
    if (!a->is_object()) throw invalid_params("Invalid params: \"arguments\" must be an object");
    arguments = *a;
  }

  ToolResult result;
  if (auto problem = validate(tool->input_schema, arguments)) {
    result = ToolResult::error(fmt::format("Invalid arguments for {}: {}.", name, *problem));
  } else {
    CallContext ctx;
    ctx.protocol_version = env.version;
    ctx.stateless = env.stateless;
    ctx.client_capabilities = env.client_capabilities;
    if (env.stateless) {
      if (auto r = params.find("inputResponses"); r != params.end() && !r->is_null()) {
        if (!r->is_object()) throw invalid_params("Invalid params: \"inputResponses\" must be an object");
        ctx.input_responses = *r;
      }
      if (auto s = params.find("requestState"); s != params.end() && !s->is_null()) {
        if (!s->is_string()) throw invalid_params("Invalid params: \"requestState\" must be a string");
        ctx.request_state = s->get<std::string>();
      }
    } else {
      ctx.request_client = [this](const std::string& method, const json& p) { return request_client(method, p); };
    }
    json token = nullptr;
    if (auto meta = params.find("_meta"); meta != params.end() && meta->is_object()) {
      token = meta->value("progressToken", json());
    }
    const std::string request_key = msg.id.dump();
    ctx.progress = [this, token](double progress, std::optional<double> total, const std::string& message) {
      if (token.is_null()) return;
      json p = {{"progressToken", token}, {"progress", progress}};
      if (total) p["total"] = *total;
      if (!message.empty()) p["message"] = message;
      send(make_notification("notifications/progress", std::move(p)));
    };
    ctx.cancelled = [this, request_key] {
      drain_input();
      return cancelled_.count(request_key) > 0;
    };
    result = tool->handler(arguments, ctx);
    if (cancelled_.erase(request_key) > 0) {
      util::log::info("request {} was cancelled; no reply is sent", request_key);
      return std::nullopt;
    }
  }

  if (!result.input_requests.is_null()) {
    json reply = {{"resultType", "input_required"}, {"inputRequests", result.input_requests}};
    if (!result.request_state.empty()) reply["requestState"] = result.request_state;
    return reply;
  }
  json content = json::array();
  if (!result.text.empty() || result.structured.is_null()) {
    content.push_back({{"type", "text"}, {"text", result.text}});
  }
  json reply = {{"content", std::move(content)}, {"isError", result.is_error}};
  if (!result.is_error && !result.structured.is_null() && supports_structured_output(env.version)) {
    reply["structuredContent"] = std::move(result.structured);
  }
  return reply;
}

json Server::handle_resources_list(const json& params) const {
  const int offset = parse_cursor(params);
  bool more = false;
  json page = resources_->list(offset, kPageSize, more);
  json result = {{"resources", std::move(page)}};
  if (more) result["nextCursor"] = make_cursor(offset + kPageSize);
  return result;
}

json Server::handle_resources_read(const json& params, const Envelope& env) const {
  const std::string uri = required_string(params, "uri", "resources/read");
  json contents = resources_->read(uri);
  if (contents.is_null()) {
    // 2026-07-28 moved "resource not found" to invalid params; earlier versions used -32002.
    throw RpcError{env.stateless ? error_code::invalid_params : -32002,
                   fmt::format("Resource not found: {}", printable(uri)), json{{"uri", uri}}};
  }
  return json{{"contents", std::move(contents)}};
}

json Server::handle_prompts_list() const {
  json list = json::array();
  for (const auto& p : prompts_) {
    list.push_back({{"name", p.name}, {"title", p.title}, {"description", p.description}, {"arguments", p.arguments}});
  }
  return json{{"prompts", std::move(list)}};
}

json Server::handle_prompts_get(const json& params) const {
  const std::string name = required_string(params, "name", "prompts/get");
  const auto it = std::find_if(prompts_.begin(), prompts_.end(), [&](const Prompt& p) { return p.name == name; });
  if (it == prompts_.end()) throw invalid_params(fmt::format("Unknown prompt: '{}'", printable(name)));
  json args = json::object();
  if (auto a = params.find("arguments"); a != params.end() && !a->is_null()) {
    if (!a->is_object()) throw invalid_params("Invalid params: \"arguments\" must be an object");
    args = *a;
  }
  for (const auto& spec : it->arguments) {
    const std::string arg = spec.value("name", "");
    if (spec.value("required", false) && (!args.contains(arg) || !args[arg].is_string())) {
      throw invalid_params(fmt::format("Invalid params: prompt '{}' needs the argument \"{}\"", name, arg));
    }
  }
  for (const auto& [k, v] : args.items()) {
    if (!v.is_string()) throw invalid_params(fmt::format("Invalid params: prompt argument \"{}\" must be a string", k));
  }
  try {
    return it->render(args);
  } catch (const std::invalid_argument& e) {
    throw invalid_params(e.what());
  }
}

json Server::handle_complete(const json& params) const {
  const auto ref = params.find("ref");
  const auto arg = params.find("argument");
  if (ref == params.end() || !ref->is_object() || arg == params.end() || !arg->is_object()) {
    throw invalid_params("Invalid params: completion/complete needs \"ref\" and \"argument\" objects");
  }
  const std::string type = ref->value("type", "");
  const std::string arg_name = arg->value("name", "");
  const std::string value = arg->contains("value") && (*arg)["value"].is_string() ? (*arg)["value"].get<std::string>() : "";
  std::vector<std::string> values;
  if (type == "ref/prompt") {
    const std::string name = ref->value("name", "");
    const auto it = std::find_if(prompts_.begin(), prompts_.end(), [&](const Prompt& p) { return p.name == name; });
    if (it == prompts_.end()) throw invalid_params(fmt::format("Unknown prompt: '{}'", printable(name)));
    if (it->complete) values = it->complete(arg_name, value);
  } else if (type == "ref/resource") {
    if (resources_ && resources_->complete) values = resources_->complete(ref->value("uri", ""), arg_name, value);
  } else {
    throw invalid_params("Invalid params: ref.type must be \"ref/prompt\" or \"ref/resource\"");
  }
  const std::size_t total = values.size();
  if (values.size() > 100) values.resize(100);
  return json{{"completion", {{"values", values}, {"total", total}, {"hasMore", total > values.size()}}}};
}

void Server::handle_notification(const Incoming& msg) {
  if (msg.method == "notifications/cancelled") {
    if (auto id = msg.params.find("requestId"); id != msg.params.end()) cancelled_.insert(id->dump());
  }
  // notifications/initialized and others need no action.
}

std::optional<json> Server::dispatch(const Incoming& msg) {
  switch (msg.kind) {
    case Incoming::Kind::invalid:
      return make_error(msg.id, *msg.error);
    case Incoming::Kind::response:
      return std::nullopt;  // a late reply to a request we no longer wait for
    case Incoming::Kind::notification:
      handle_notification(msg);
      return std::nullopt;
    case Incoming::Kind::request:
      break;
  }
  const std::string& m = msg.method;
  try {
    if (m == "initialize") return make_result(msg.id, handle_initialize(msg.params));
    const Envelope env = envelope_for(msg);
    json result;
    if (m == "server/discover") {
      result = handle_discover();
    } else if (m == "ping") {
      result = json::object();
    } else if (m == "tools/list") {
      result = handle_tools_list(env);
    } else if (m == "tools/call") {
      auto r = handle_tools_call(msg, env);
      if (!r) return std::nullopt;
      result = std::move(*r);
    } else if (resources_ && m == "resources/list") {
      result = handle_resources_list(msg.params);
    } else if (resources_ && m == "resources/templates/list") {
      result = json{{"resourceTemplates", resources_->templates}};
    } else if (resources_ && m == "resources/read") {
      result = handle_resources_read(msg.params, env);
    } else if (!prompts_.empty() && m == "prompts/list") {
      result = handle_prompts_list();
    } else if (!prompts_.empty() && m == "prompts/get") {
      result = handle_prompts_get(msg.params);
    } else if ((resources_ || !prompts_.empty()) && m == "completion/complete") {
      result = handle_complete(msg.params);
    } else {
      return make_error(msg.id, RpcError{error_code::method_not_found, fmt::format("Method not found: '{}'", printable(m))});
    }
    return make_result(msg.id, finish(env, m, std::move(result)));
  } catch (const RpcError& e) {
    return make_error(msg.id, e);
  } catch (const std::exception& e) {
    util::log::error("internal error in {}: {}", m, e.what());
    return make_error(msg.id, RpcError{error_code::internal_error, fmt::format("Internal error: {}", e.what())});
  }
}

std::optional<json> Server::handle_line(const std::string& line) {
  const auto start = std::chrono::steady_clock::now();
  const Incoming msg = parse_message(line);
  auto reply = dispatch(msg);
  const bool observed = msg.kind == Incoming::Kind::request || msg.kind == Incoming::Kind::invalid;
  if ((on_request || on_outcome) && observed) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const bool error = reply && reply->contains("error");
    if (on_request && msg.kind == Incoming::Kind::request) on_request(msg.method, ms, error);
    if (on_outcome) {
      RequestOutcome o;
      o.millis = ms;
      o.replied = reply.has_value();
      if (msg.kind == Incoming::Kind::request) o.method = msg.method;
      if (error) {
        const json& code = (*reply)["error"]["code"];
        o.error_code = code.is_number_integer() ? code.get<int>() : error_code::internal_error;
      } else if (reply) {
        const json& result = (*reply)["result"];
        o.tool_error = result.is_object() && result.value("isError", false) == true;
      }
      if (o.method == "tools/call" && msg.params.is_object()) {
        const auto name = msg.params.find("name");
        if (name != msg.params.end() && name->is_string() && tools_.find(name->get<std::string>()) != nullptr) {
          o.tool = name->get<std::string>();
        }
      }
      on_outcome(o);
    }
  }
  return reply;
}

// ---- the connection ---------------------------------------------------------------

json Server::request_client(const std::string& method, const json& params) {
  if (in_ == nullptr || out_ == nullptr || input_closed_) {
    throw std::runtime_error("no client connection to send " + method + " to");
  }
  const std::string id = fmt::format("sq-{}", ++next_request_id_);
  send(make_request(id, method, params));
  for (;;) {
    auto ev = in_->next();
    if (ev.status == LineReader::Status::eof) {
      input_closed_ = true;
      throw std::runtime_error("the client closed the connection before answering " + method);
    }
    if (ev.status == LineReader::Status::oversized) {
      reject_oversized(ev.size);
      continue;
    }
    const Incoming msg = parse_message(ev.line);
    if (msg.kind == Incoming::Kind::response && msg.id == id) {
      if (msg.error) {
        throw std::runtime_error(fmt::format("the client answered {} with error {}: {}", method, msg.error->code,
                                             msg.error->message));
      }
      return msg.result;
    }
    if (msg.kind == Incoming::Kind::notification && msg.method == "notifications/cancelled") {
      handle_notification(msg);
    } else if (msg.kind != Incoming::Kind::response) {
      pending_.push_back(std::move(ev.line));  // served after the current call
    }
  }
}

void Server::drain_input() {
  if (in_ == nullptr || input_closed_) return;
  while (in_->ready(0)) {
    auto ev = in_->next();
    if (ev.status == LineReader::Status::eof) {
      input_closed_ = true;
      return;
    }
    if (ev.status == LineReader::Status::oversized) {
      reject_oversized(ev.size);
      continue;
    }
    // Cancellations act at once; everything else waits its turn.
    const Incoming msg = parse_message(ev.line);
    if (msg.kind == Incoming::Kind::notification && msg.method == "notifications/cancelled") {
      handle_notification(msg);
    } else {
      pending_.push_back(std::move(ev.line));
    }
  }
}

int Server::run(LineReader& in, LineWriter& out) {
  in_ = &in;
  out_ = &out;
  for (;;) {
    std::string line;
    if (!pending_.empty()) {
      line = std::move(pending_.front());
      pending_.pop_front();
    } else {
      if (input_closed_) break;
      auto ev = in.next();
      if (ev.status == LineReader::Status::eof) break;
      if (ev.status == LineReader::Status::oversized) {
        reject_oversized(ev.size);
        continue;
      }
      line = std::move(ev.line);
    }
    if (util::trim(line).empty()) continue;
    // Handlers turn their own failures into errors; this is the last guard,
    // so that one message can never end the server.
    try {
      if (auto reply = handle_line(line)) send(*reply);
    } catch (const std::exception& e) {
      util::log::error("internal error while handling a message: {}", e.what());
      send(json{{"jsonrpc", "2.0"}, {"id", nullptr},
                {"error", {{"code", error_code::internal_error}, {"message", "Internal error; the message was not processed"}}}});
    }
  }
  in_ = nullptr;
  out_ = nullptr;
  return 0;
}

}  // namespace sq::mcp
