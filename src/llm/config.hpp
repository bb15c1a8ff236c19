// Configuration of the optional LLM provider, read from the environment.
// Nothing here is required: with no variables set the provider is off and the
// built-in planner and hashing embedder are used.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace sq::llm {

// The environment could not be understood (a bad URL, an unreadable key
// file, a temperature that is not a number). The message names the variable.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Config {
  std::string base_url;      // e.g. http://127.0.0.1:11434/v1, without a trailing slash
  std::string chat_model;    // empty: questions come from the built-in planner
  std::string embed_model;   // empty: the built-in hashing embedder
  std::string api_key;       // may be empty (local servers); never printed
  std::string api_key_source;  // which variable the key came from (for messages)
  std::optional<double> temperature;
  double timeout_seconds = 30;        // one request, connection included
  double embed_timeout_seconds = 10;  // one embedding request
  int max_retries = 2;                // extra attempts after a 429 or 5xx
  double retry_delay_seconds = 0.5;   // first backoff; doubles each retry

  bool generation_enabled() const { return !chat_model.empty(); }
  bool embeddings_enabled() const { return !embed_model.empty(); }
  bool any_enabled() const { return generation_enabled() || embeddings_enabled(); }

  // One line for logs and `doctor`: URL, models and whether a key is set,
  // never the key itself.
  std::string describe() const;
};

// Reads SQ_LLM_BASE_URL, SQ_LLM_MODEL, SQ_EMBED_MODEL, SQ_LLM_API_KEY,
// SQ_LLM_API_KEY_FILE, SQ_LLM_TEMPERATURE, SQ_LLM_TIMEOUT, SQ_EMBED_TIMEOUT,
// SQ_LLM_MAX_RETRIES, SQ_LLM_RETRY_DELAY, and for compatibility with the
// earlier service OPENAI_API_KEY, OPENAI_MODEL_NAME, OPENAI_BASE_URL and
// LLM_TEMPERATURE (the SQ_ names win). With only OPENAI_API_KEY and a model
// set, the base URL is OpenAI's. Throws ConfigError naming the variable.
// `getenv` is injectable for tests.
Config config_from_environment(const std::function<const char*(const char*)>& getenv);
Config config_from_environment();

// True when this build can talk to a provider (it was built with libcurl).
bool provider_available();
// "libcurl 7.88.1" or "built without libcurl".
std::string provider_description();

// `text` with every occurrence of `secret` (and of long pieces of it, as some
// servers echo keys partly masked) replaced by "[redacted]".
std::string redact(std::string text, const std::string& secret);

}  // namespace sq::llm
