// Provider configuration from the environment: see config.hpp.
#include "llm/config.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "util/text.hpp"

namespace sq::llm {
namespace {

std::optional<std::string> get(const std::function<const char*(const char*)>& getenv, const char* name) {
  const char* v = getenv(name);
  if (v == nullptr) return std::nullopt;
  std::string s(util::trim(v));
  if (s.empty()) return std::nullopt;
  return s;
}

double number(const std::string& text, const char* name, double lo, double hi) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || errno != 0 || !std::isfinite(v) || v < lo || v > hi) {
    throw ConfigError(fmt::format("{} must be a number from {} to {}, not '{}'.", name, lo, hi, text));
  }
  return v;
}

std::string read_key_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("SQ_LLM_API_KEY_FILE: cannot read '{}'.", path));
  std::ostringstream s;
  s << in.rdbuf();
  std::string key(util::trim(s.str()));
  if (key.empty()) throw ConfigError(fmt::format("SQ_LLM_API_KEY_FILE: '{}' is empty.", path));
  if (key.find_first_of("\r\n") != std::string::npos) {
    throw ConfigError(fmt::format("SQ_LLM_API_KEY_FILE: '{}' must hold the key on one line.", path));
  }
  return key;
}

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Config config_from_environment(const std::function<const char*(const char*)>& getenv) {
  Config c;
  const auto base = get(getenv, "SQ_LLM_BASE_URL");
  const auto openai_base = get(getenv, "OPENAI_BASE_URL");
  if (auto m = get(getenv, "SQ_LLM_MODEL")) c.chat_model = *m;
  else if (auto o = get(getenv, "OPENAI_MODEL_NAME")) c.chat_model = *o;
  if (auto e = get(getenv, "SQ_EMBED_MODEL")) c.embed_model = *e;

  if (auto k = get(getenv, "SQ_LLM_API_KEY")) {
    c.api_key = *k;
    c.api_key_source = "SQ_LLM_API_KEY";
  } else if (auto f = get(getenv, "SQ_LLM_API_KEY_FILE")) {
    c.api_key = read_key_file(*f);
    c.api_key_source = "SQ_LLM_API_KEY_FILE";
  } else if (auto o = get(getenv, "OPENAI_API_KEY")) {
    c.api_key = *o;
    c.api_key_source = "OPENAI_API_KEY";
  }

  if (base) c.base_url = *base;
  else if (openai_base) c.base_url = *openai_base;
  else if (!c.api_key.empty() && c.any_enabled()) c.base_url = "https://api.openai.com/v1";
  c.base_url = without_trailing_slashes(c.base_url);

  if (c.any_enabled() && c.base_url.empty()) {
    throw ConfigError(
        "SQ_LLM_BASE_URL is not set: give the provider's OpenAI-compatible address, "
        "e.g. http://127.0.0.1:11434/v1 for a local Ollama.");
  }
  if (!c.base_url.empty()) {
    const std::string lower = util::ascii_lower(c.base_url);
    if (lower.rfind("http://", 0) != 0 && lower.rfind("https://", 0) != 0) {
      throw ConfigError(fmt::format("SQ_LLM_BASE_URL must start with http:// or https://, not '{}'.",
                                    redact(c.base_url, c.api_key)));
    }
  }

  if (auto t = get(getenv, "SQ_LLM_TEMPERATURE")) c.temperature = number(*t, "SQ_LLM_TEMPERATURE", 0, 2);
  else if (auto l = get(getenv, "LLM_TEMPERATURE")) c.temperature = number(*l, "LLM_TEMPERATURE", 0, 2);
  if (auto t = get(getenv, "SQ_LLM_TIMEOUT")) c.timeout_seconds = number(*t, "SQ_LLM_TIMEOUT", 0.1, 3600);
  if (auto t = get(getenv, "SQ_EMBED_TIMEOUT")) c.embed_timeout_seconds = number(*t, "SQ_EMBED_TIMEOUT", 0.1, 3600);
  if (auto r = get(getenv, "SQ_LLM_MAX_RETRIES")) c.max_retries = static_cast<int>(number(*r, "SQ_LLM_MAX_RETRIES", 0, 10));
  if (auto d = get(getenv, "SQ_LLM_RETRY_DELAY")) c.retry_delay_seconds = number(*d, "SQ_LLM_RETRY_DELAY", 0, 60);
  return c;
}

Config config_from_environment() {
  return config_from_environment([](const char* name) { return std::getenv(name); });
}

std::string Config::describe() const {
  if (!any_enabled()) return "off (built-in planner and hashing embedder)";
  return fmt::format("{}; questions: {}; embeddings: {}; API key: {}", base_url,
                     chat_model.empty() ? "built-in planner" : chat_model,
                     embed_model.empty() ? "built-in hashing" : embed_model,
                     api_key.empty() ? "none" : "set (from " + api_key_source + ")");
}

std::string redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  const auto replace_all = [&text](const std::string& needle) {
    if (needle.empty()) return;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos)) {
      text.replace(pos, needle.size(), "[redacted]");
      pos += 10;
    }
  };
  replace_all(secret);
  // Servers often echo a key partly masked ("sk-abcd****wxyz"): also hide
  // any 8 consecutive characters of a long key, and its last 4.
  if (secret.size() >= 12) {
    for (std::size_t i = 0; i + 8 <= secret.size(); ++i) replace_all(secret.substr(i, 8));
    replace_all(secret.substr(secret.size() - 4));
  }
  return text;
}

}  // namespace sq::llm
