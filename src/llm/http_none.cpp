// post_json in a build without libcurl: every call says so. See http.hpp.
#include "llm/config.hpp"
#include "llm/http.hpp"

namespace sq::llm {

HttpResponse post_json(const HttpRequest&) {
  throw TransportError(TransportError::Kind::unavailable,
                       "this build has no LLM provider (it was built without libcurl)");
}

bool provider_available() { return false; }

std::string provider_description() { return "built without libcurl"; }

}  // namespace sq::llm
