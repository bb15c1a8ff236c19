// Tests for mcp/request_state and util/base64: sealed state round-trips and
// any change to it is detected.
#include <doctest/doctest.h>

#include "mcp/request_state.hpp"
#include "util/base64.hpp"

using namespace sq;
using json = nlohmann::json;

TEST_CASE("base64url round-trips all byte values and rejects junk") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n < 8; ++n) {
    const std::string s = all.substr(0, n);
    CHECK(util::base64url_decode(util::base64url_encode(s)) == s);
  }
  CHECK(util::base64url_decode(util::base64url_encode(all)) == all);
  CHECK(util::base64url_encode("f") == "Zg");
  CHECK(util::base64url_encode("foobar") == "Zm9vYmFy");
  CHECK_FALSE(util::base64url_decode("Zm9v!"));
  CHECK_FALSE(util::base64url_decode("Z"));
  CHECK_FALSE(util::base64url_decode("Zh"));  // non-zero leftover bits
}

TEST_CASE("sealed state opens with the right key only") {
  const json payload = {{"tool", "ask_user"}, {"conversation_id", "c1"}, {"numbers", {1, 2}}};
  const std::string token = mcp::seal_state(payload, "secret-key");
  CHECK(mcp::open_state(token, "secret-key") == payload);
  CHECK_FALSE(mcp::open_state(token, "other-key"));
}

TEST_CASE("any tampering is detected") {
  const json payload = {{"tool", "ask_user"}, {"conversation_id", "c1"}, {"numbers", {1, 2}}};
  const std::string token = mcp::seal_state(payload, "k");
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    if (bad == token) continue;
    CHECK_FALSE(mcp::open_state(bad, "k"));
  }
  // A forged payload with the old signature.
  const std::string forged_body = util::base64url_encode(json{{"tool", "ask_user"}, {"conversation_id", "c2"}}.dump());
  CHECK_FALSE(mcp::open_state(forged_body + token.substr(token.find('.')), "k"));
  CHECK_FALSE(mcp::open_state("", "k"));
  CHECK_FALSE(mcp::open_state("no-dot", "k"));
  CHECK_FALSE(mcp::open_state(std::string(100000, 'a') + ".x", "k"));
}
