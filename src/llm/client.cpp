// OpenAI-compatible client: see client.hpp.
#include "llm/client.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include <fmt/format.h>

#include "llm/http.hpp"
#include "util/log.hpp"

namespace sq::llm {
namespace {

using json = nlohmann::json;

// The host part of a URL, for messages ("127.0.0.1:11434").
std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find('/', start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (const auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);  // no credentials
  return host;
}

// The provider's own explanation from an error body, shortened.
std::string error_detail(const std::string& body) {
  const auto j = json::parse(body, nullptr, false);
  std::string detail;
  if (!j.is_discarded() && j.is_object()) {
    if (auto e = j.find("error"); e != j.end()) {
      if (e->is_object() && e->contains("message") && (*e)["message"].is_string()) detail = (*e)["message"];
      else if (e->is_string()) detail = *e;
    } else if (j.contains("message") && j["message"].is_string()) {
      detail = j["message"];
    }
  }
  if (detail.size() > 200) detail = detail.substr(0, 200) + "...";
  return detail;
}

bool retryable(long status) { return status == 429 || status >= 500; }

// Sleeps up to `seconds`, returning false early if cancelled.
bool pause(double seconds, const std::function<bool()>& cancelled) {
  using clock = std::chrono::steady_clock;
  const auto until = clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
  while (clock::now() < until) {
    if (cancelled && cancelled()) return false;
    const clock::duration left = until - clock::now();
    const clock::duration slice = std::chrono::milliseconds(50);
    std::this_thread::sleep_for(std::min(slice, left));
  }
  return !(cancelled && cancelled());
}

}  // namespace

Client::Client(Config config) : config_(std::move(config)) {}

json Client::post(const std::string& path, const json& body, double timeout_seconds,
                  const std::function<bool()>& cancelled) {
  const std::string url = config_.base_url + path;
  const std::string host = host_of(config_.base_url);
  HttpRequest req{url, body.dump(), config_.api_key, timeout_seconds, cancelled};
  const int attempts = 1 + std::max(0, config_.max_retries);
  std::string last_problem;
  long last_status = 0;  // 0: the last attempt failed before an HTTP answer
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (cancelled && cancelled()) throw LlmError(LlmError::Kind::cancelled, "the request was cancelled");
    std::optional<double> wait;
    try {
      ++requests_sent_;
      const HttpResponse r = post_json(req);
      if (r.status >= 200 && r.status < 300) {
        auto j = json::parse(r.body, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
          throw LlmError(LlmError::Kind::malformed, fmt::format("{} answered {} with something that is not JSON", host, path));
        }
        return j;
      }
      const std::string detail = redact(error_detail(r.body), config_.api_key);
      last_problem = fmt::format("{} answered HTTP {}{}{}", host, r.status, detail.empty() ? "" : ": ", detail);
      last_status = r.status;
      if (!retryable(r.status)) throw LlmError(LlmError::Kind::http, last_problem, r.status);
      wait = r.retry_after;
    } catch (const TransportError& e) {
      switch (e.kind()) {
        case TransportError::Kind::cancelled:
          throw LlmError(LlmError::Kind::cancelled, "the request was cancelled");
        case TransportError::Kind::timeout:
          throw LlmError(LlmError::Kind::timeout, fmt::format("{} gave {}", host, e.what()));
        case TransportError::Kind::unavailable:
          throw LlmError(LlmError::Kind::unavailable, e.what());
        case TransportError::Kind::failed:
          last_problem = fmt::format("{}: {}", host, redact(e.what(), config_.api_key));
          last_status = 0;
          break;
      }
    }
    if (attempt == attempts) break;
    const double delay = std::min(30.0, wait.value_or(config_.retry_delay_seconds * std::pow(2.0, attempt - 1)));
    util::log::info("LLM provider: {}; trying again in {:.1f} s (attempt {} of {})", last_problem, delay, attempt + 1,
                    attempts);
    if (!pause(delay, cancelled)) throw LlmError(LlmError::Kind::cancelled, "the request was cancelled");
  }
  throw LlmError(last_status != 0 ? LlmError::Kind::http : LlmError::Kind::transport,
                 fmt::format("{} (after {} attempt{})", last_problem, attempts, attempts == 1 ? "" : "s"),
                 last_status);
}

std::string Client::chat(const json& messages, bool json_mode, const std::function<bool()>& cancelled) {
  json body = {{"model", config_.chat_model}, {"messages", messages}, {"stream", false}};
  if (config_.temperature) body["temperature"] = *config_.temperature;
  if (json_mode) body["response_format"] = {{"type", "json_object"}};
  json reply;
  try {
    reply = post("/chat/completions", body, config_.timeout_seconds, cancelled);
  } catch (const LlmError& e) {
    // Some servers refuse response_format; ask once more without it.
    if (!json_mode || e.http_status() != 400) {
      throw;
    }
    body.erase("response_format");
    reply = post("/chat/completions", body, config_.timeout_seconds, cancelled);
  }
  const auto choices = reply.find("choices");
  if (choices == reply.end() || !choices->is_array() || choices->empty() || !(*choices)[0].is_object()) {
    throw LlmError(LlmError::Kind::malformed, "the chat reply has no choices");
  }
  const auto& first = (*choices)[0];
  const auto message = first.find("message");
  if (message == first.end() || !message->is_object() || !message->contains("content") ||
      !(*message)["content"].is_string()) {
    throw LlmError(LlmError::Kind::malformed, "the chat reply has no message content");
  }
  return (*message)["content"].get<std::string>();
}

std::vector<std::vector<float>> Client::embed(const std::vector<std::string>& texts,
                                              const std::function<bool()>& cancelled) {
  if (texts.empty()) return {};
  const json body = {{"model", config_.embed_model}, {"input", texts}};
  const json reply = post("/embeddings", body, config_.embed_timeout_seconds, cancelled);
  const auto data = reply.find("data");
  if (data == reply.end() || !data->is_array() || data->size() != texts.size()) {
    throw LlmError(LlmError::Kind::malformed,
                   fmt::format("the embeddings reply does not hold {} vector{}", texts.size(), texts.size() == 1 ? "" : "s"));
  }
  std::vector<std::vector<float>> out(texts.size());
  std::vector<bool> seen(texts.size(), false);
  for (std::size_t i = 0; i < data->size(); ++i) {
    const auto& item = (*data)[i];
    if (!item.is_object()) throw LlmError(LlmError::Kind::malformed, "an embeddings item is not an object");
    std::size_t at = i;
    if (auto idx = item.find("index"); idx != item.end() && idx->is_number_unsigned()) at = idx->get<std::size_t>();
    if (at >= texts.size() || seen[at]) throw LlmError(LlmError::Kind::malformed, "the embeddings indices are not 0 to n-1");
    seen[at] = true;
    const auto e = item.find("embedding");
    if (e == item.end() || !e->is_array() || e->empty()) {
      throw LlmError(LlmError::Kind::malformed, "an embeddings item has no vector");
    }
    auto& v = out[at];
    v.reserve(e->size());
    for (const auto& x : *e) {
      if (!x.is_number()) throw LlmError(LlmError::Kind::malformed, "an embedding holds something other than numbers");
      const double d = x.get<double>();
      if (!std::isfinite(d)) throw LlmError(LlmError::Kind::malformed, "an embedding holds a non-finite number");
      v.push_back(static_cast<float>(d));
    }
  }
  for (const auto& v : out) {
    if (v.size() != out[0].size()) throw LlmError(LlmError::Kind::malformed, "the embeddings differ in length");
  }
  return out;
}

}  // namespace sq::llm
