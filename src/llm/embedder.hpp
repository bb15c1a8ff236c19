// Embeddings from the provider's embedding model, behind the same interface
// as the hashing embedder. Its identity is "api:<model>", so vectors of
// different models are never mixed: switching models re-embeds stored text.
#pragma once

#include <memory>

#include "llm/client.hpp"
#include "memory/embedder.hpp"

namespace sq::llm {

class ApiEmbedder : public memory::Embedder {
 public:
  // `dimension` is the model's vector length (see probe_dimension).
  ApiEmbedder(std::shared_ptr<Client> client, int dimension);
  std::string identity() const override;
  int dimension() const override { return dimension_; }
  // Throws LlmError when the provider fails or answers with another length.
  std::vector<float> embed(std::string_view text) const override;
  std::vector<std::vector<float>> embed_many(const std::vector<std::string>& texts) const override;

 private:
  std::shared_ptr<Client> client_;
  int dimension_;
};

// The identity an ApiEmbedder for `model` has.
std::string api_embedder_identity(const std::string& model);

// Asks the model for one vector and returns its length (throws LlmError).
int probe_dimension(Client& client);

// Texts sent per embeddings request.
inline constexpr std::size_t kEmbedBatch = 64;

}  // namespace sq::llm
