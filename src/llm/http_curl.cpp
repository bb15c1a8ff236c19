// post_json on libcurl: see http.hpp.
#include <curl/curl.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <string_view>

#include <fmt/format.h>

#include "llm/config.hpp"
#include "llm/http.hpp"
#include "util/text.hpp"

namespace sq::llm {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Exchange {
  std::string body;
  bool too_large = false;
  std::optional<double> retry_after;
  const std::function<bool()>* cancelled = nullptr;
  bool was_cancelled = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const size_t n = size * count;
  if (ex->body.size() + n > kMaxResponseBytes) {
    ex->too_large = true;
    return 0;  // makes curl stop with a write error
  }
  ex->body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const size_t n = size * count;
  const std::string_view line(data, n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() && util::ascii_lower(line.substr(0, kName.size())) == kName) {
    const std::string value(line.substr(kName.size()));
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (end != value.c_str() && v >= 0) ex->retry_after = v;  // seconds; HTTP dates are ignored
  }
  return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* ex = static_cast<Exchange*>(user);
  if (ex->cancelled != nullptr && *ex->cancelled && (*ex->cancelled)()) {
    ex->was_cancelled = true;
    return 1;  // aborts the transfer
  }
  return 0;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

HttpResponse post_json(const HttpRequest& request) {
  global_init();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw TransportError(TransportError::Kind::failed, "could not start an HTTP client");
  Exchange ex;
  ex.cancelled = &request.cancelled;

  std::unique_ptr<curl_slist, ListDeleter> headers;
  const auto add = [&headers](const std::string& h) {
    curl_slist* l = curl_slist_append(headers.get(), h.c_str());
    if (l == nullptr) throw TransportError(TransportError::Kind::failed, "out of memory building a request");
    (void)headers.release();
    headers.reset(l);
  };
  add("Content-Type: application/json");
  add("Accept: application/json");
  if (!request.bearer.empty()) add("Authorization: Bearer " + request.bearer);

  CURL* c = curl.get();
  char errbuf[CURL_ERROR_SIZE] = {0};
  const long timeout_ms = static_cast<long>(request.timeout_seconds * 1000.0);
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(c, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &ex);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &ex);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &ex);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "sequential-questioning");

  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    if (ex.was_cancelled) throw TransportError(TransportError::Kind::cancelled, "the request was cancelled");
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      throw TransportError(TransportError::Kind::timeout,
                           fmt::format("no answer within {:g} s", request.timeout_seconds));
    }
    if (ex.too_large) {
      throw TransportError(TransportError::Kind::failed,
                           fmt::format("the answer was larger than {} MiB", kMaxResponseBytes >> 20));
    }
    const std::string detail = errbuf[0] != '\0' ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
    throw TransportError(TransportError::Kind::failed, redact(detail, request.bearer));
  }
  HttpResponse r;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  r.body = std::move(ex.body);
  r.retry_after = ex.retry_after;
  return r;
}

bool provider_available() { return true; }

std::string provider_description() {
  const curl_version_info_data* v = curl_version_info(CURLVERSION_NOW);
  return fmt::format("libcurl {}", v != nullptr && v->version != nullptr ? v->version : "?");
}

}  // namespace sq::llm
