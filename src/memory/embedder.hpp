// The embedder interface: turns text into a fixed-length, L2-normalised vector.
// Implementations identify themselves so vectors from different embedders are
// never mixed in one index.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sq::memory {

class Embedder {
 public:
  virtual ~Embedder() = default;
  // Stable identity, including everything that changes the vectors, e.g. "hash-v1".
  virtual std::string identity() const = 0;
  virtual int dimension() const = 0;
  // A unit vector (or all zeros for text with no features) of dimension().
  // Throws when the text cannot be embedded now (a remote embedder whose
  // provider is unreachable); the hashing embedder never throws.
  virtual std::vector<float> embed(std::string_view text) const = 0;
  // Several texts at once (a remote embedder sends them in few requests).
  virtual std::vector<std::vector<float>> embed_many(const std::vector<std::string>& texts) const;
};

// Cosine similarity of two vectors of equal length (0 when either is zero).
float cosine(const std::vector<float>& a, const std::vector<float>& b);

// The default: deterministic, model-free feature hashing.
std::unique_ptr<Embedder> make_default_embedder(int dimension = 256);

}  // namespace sq::memory
