// Embeddings from the provider: see embedder.hpp.
#include "llm/embedder.hpp"

#include <cmath>

#include <fmt/format.h>

#include "util/text.hpp"

namespace sq::llm {
namespace {

void normalise(std::vector<float>& v) {
  double n = 0;
  for (const float x : v) n += static_cast<double>(x) * x;
  if (n <= 0) return;
  const double inv = 1.0 / std::sqrt(n);
  for (float& x : v) x = static_cast<float>(x * inv);
}

}  // namespace

ApiEmbedder::ApiEmbedder(std::shared_ptr<Client> client, int dimension)
    : client_(std::move(client)), dimension_(dimension) {}

std::string api_embedder_identity(const std::string& model) { return "api:" + model; }

std::string ApiEmbedder::identity() const { return api_embedder_identity(client_->config().embed_model); }

std::vector<float> ApiEmbedder::embed(std::string_view text) const {
  return std::move(embed_many({std::string(text)}).front());
}

std::vector<std::vector<float>> ApiEmbedder::embed_many(const std::vector<std::string>& texts) const {
  // Blank text has no features: a zero vector, without asking the provider.
  std::vector<std::vector<float>> out(texts.size());
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (util::trim(texts[i]).empty()) out[i].assign(static_cast<std::size_t>(dimension_), 0.0f);
    else todo.push_back(i);
  }
  for (std::size_t i = 0; i < todo.size(); i += kEmbedBatch) {
    const std::size_t end = std::min(todo.size(), i + kEmbedBatch);
    std::vector<std::string> part;
    for (std::size_t k = i; k < end; ++k) part.push_back(texts[todo[k]]);
    auto vectors = client_->embed(part);
    for (std::size_t k = 0; k < vectors.size(); ++k) {
      auto& v = vectors[k];
      if (static_cast<int>(v.size()) != dimension_) {
        throw LlmError(LlmError::Kind::malformed,
                       fmt::format("the embedding model gave {} numbers instead of {}; "
                                   "run `sequential-questioning reindex` after changing models",
                                   v.size(), dimension_));
      }
      normalise(v);
      out[todo[i + k]] = std::move(v);
    }
  }
  return out;
}

int probe_dimension(Client& client) {
  const auto v = client.embed({"dimension probe"});
  if (v.empty() || v.front().empty() || v.front().size() > 65536) {
    throw LlmError(LlmError::Kind::malformed, "the embedding model gave an empty or oversized vector");
  }
  return static_cast<int>(v.front().size());
}

}  // namespace sq::llm
