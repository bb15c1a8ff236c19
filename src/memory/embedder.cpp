// The embedder interface's free functions: see embedder.hpp.
#include "memory/embedder.hpp"

#include <cmath>

#include "memory/hashing_embedder.hpp"

namespace sq::memory {

float cosine(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size() || a.empty()) return 0.0f;
  double dot = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    dot += static_cast<double>(a[i]) * b[i];
    na += static_cast<double>(a[i]) * a[i];
    nb += static_cast<double>(b[i]) * b[i];
  }
  if (na <= 0 || nb <= 0 || !std::isfinite(na) || !std::isfinite(nb)) return 0.0f;
  return static_cast<float>(dot / (std::sqrt(na) * std::sqrt(nb)));
}

std::vector<std::vector<float>> Embedder::embed_many(const std::vector<std::string>& texts) const {
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.push_back(embed(t));
  return out;
}

std::unique_ptr<Embedder> make_default_embedder(int dimension) {
  return std::make_unique<HashingEmbedder>(dimension);
}

}  // namespace sq::memory
