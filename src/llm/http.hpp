// The one HTTP operation the provider needs: POST a JSON body, get the status
// and body back. Built on libcurl when the build has it; otherwise every call
// fails with "built without libcurl".
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace sq::llm {

struct HttpRequest {
  std::string url;
  std::string body;               // JSON
  std::string bearer;             // API key for "Authorization: Bearer"; empty: no header
  double timeout_seconds = 30;    // the whole exchange
  std::function<bool()> cancelled;  // polled while waiting; true aborts
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::optional<double> retry_after;  // seconds, from a Retry-After header
};

// The exchange did not complete. The message never contains the key.
class TransportError : public std::runtime_error {
 public:
  enum class Kind { timeout, cancelled, unavailable, failed };
  TransportError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Responses larger than this are refused (a provider answering with gigabytes
// must not exhaust memory).
inline constexpr std::size_t kMaxResponseBytes = 16u << 20;

HttpResponse post_json(const HttpRequest& request);

}  // namespace sq::llm
