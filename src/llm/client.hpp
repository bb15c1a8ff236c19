// A client for the two OpenAI-compatible endpoints the program uses:
// /chat/completions and /embeddings. It retries a bounded number of times,
// with backoff, when the provider answers 429 or 5xx or cannot be reached,
// never after a timeout, and stops at once when the caller cancels.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "llm/config.hpp"

namespace sq::llm {

// The provider could not give a usable answer. what() is a short sentence fit
// to report as a fallback reason; it never contains the API key.
class LlmError : public std::runtime_error {
 public:
  enum class Kind { unavailable, timeout, cancelled, http, transport, malformed };
  LlmError(Kind kind, const std::string& message, long http_status = 0)
      : std::runtime_error(message), kind_(kind), http_status_(http_status) {}
  Kind kind() const { return kind_; }
  long http_status() const { return http_status_; }  // the last HTTP status, 0 when there was none

 private:
  Kind kind_;
  long http_status_;
};

class Client {
 public:
  explicit Client(Config config);

  const Config& config() const { return config_; }

  // The assistant's reply to `messages` ([{role, content}, ...]) from the
  // chat model. With `json_mode` the provider is asked for a JSON object
  // (and asked again without that if it refuses the option).
  std::string chat(const nlohmann::json& messages, bool json_mode, const std::function<bool()>& cancelled = {});

  // One vector per text, in order, from the embedding model.
  std::vector<std::vector<float>> embed(const std::vector<std::string>& texts,
                                        const std::function<bool()>& cancelled = {});

  // How many HTTP requests were sent (for tests and `doctor`).
  int requests_sent() const { return requests_sent_; }

 private:
  nlohmann::json post(const std::string& path, const nlohmann::json& body, double timeout_seconds,
                      const std::function<bool()>& cancelled);

  Config config_;
  int requests_sent_ = 0;
};

}  // namespace sq::llm
