// The default embedder: deterministic, model-free feature hashing. Words, word
// pairs and character trigrams are hashed (with a fixed 64-bit hash, never
// std::hash) into signed buckets, weighted sublinearly, with common English
// stop words down-weighted, then L2-normalised. Works offline, needs no model.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "memory/embedder.hpp"

namespace sq::memory {

class HashingEmbedder final : public Embedder {
 public:
  // Bump the version whenever a change alters any vector (hash, weights,
  // features, tokenisation): stored vectors are only comparable within one identity.
  static constexpr std::string_view kVersion = "hash-v1";
  static constexpr int kDefaultDimension = 256;
  static constexpr int kMinDimension = 8;
  static constexpr int kMaxDimension = 16384;
  // Text beyond this many bytes is ignored (cut on a UTF-8 boundary).
  static constexpr std::size_t kMaxInputBytes = 256 * 1024;

  // Throws std::invalid_argument outside [kMinDimension, kMaxDimension].
  explicit HashingEmbedder(int dimension = kDefaultDimension);

  // "hash-v1/<dimension>".
  std::string identity() const override;
  int dimension() const override { return dimension_; }
  std::vector<float> embed(std::string_view text) const override;

  // True for the common English function words that get a small weight.
  static bool is_stop_word(std::string_view word);

 private:
  int dimension_;
};

// The 64-bit feature hash: FNV-1a over `tag` and the bytes, then a final mix
// so that every output bit depends on every input bit. Stable across builds.
std::uint64_t feature_hash(char tag, std::string_view bytes);

}  // namespace sq::memory
